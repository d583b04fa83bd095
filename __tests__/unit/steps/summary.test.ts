import { describe, expect, it } from 'vitest';
import { mainSummary } from '../../../src/steps/summary.js';
import { testResult } from '../../factories/test-spec.js';

describe('reports', () => {
  it('shows failed tests with their output, and why nothing was pushed', () => {
    const text = mainSummary({
      image: 'acme/app:v1',
      imageId: `sha256:${'c'.repeat(64)}`,
      references: ['acme/app:v1'],
      size: 1000,
      builder: 'buildkit',
      buildMs: 1200,
      tests: [
        testResult({ name: 'a | b', durationMs: 10 }),
        testResult({
          name: 'false',
          passed: false,
          durationMs: 20,
          expected: 'exit code 0',
          actual: 'exit code 1',
          output: 'boom ```',
        }),
      ],
      push: { requested: true, digest: '', skippedReason: 'not pushed: 1 test(s) failed' },
      cache: { mode: 'gha', hit: 'partial', size: 2_500_000 },
    });
    expect(text).toContain(
      '| Layer cache | `gha`: restored from a restore key, 2.50 MB saved for the next run |',
    );
    expect(text).toContain('`cccccccccccc`');
    expect(text).toContain('| `a \\| b` | passed |');
    expect(text).toContain('| `false` | failed | 20 ms | exit code 0 | exit code 1 |');
    // The output keeps its fence; the block's own fence is longer (issue #13).
    expect(text).toContain('````\nboom ```\n````');
    expect(text).toContain('not pushed: 1 test(s) failed');
  });
});
