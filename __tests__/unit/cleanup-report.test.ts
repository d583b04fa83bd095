import { describe, expect, it } from 'vitest';
import { exclusiveSizes } from '../../src/cleanup/cleanup.js';
import { createOwnership, runFilter } from '../../src/cleanup/ownership.js';
import type { ImageInspect } from '../../src/engine/docker.js';
import { parsePushDigest } from '../../src/engine/docker.js';
import { formatBytes } from '../../src/report/format.js';
import { cleanupSummary, mainSummary } from '../../src/report/summary.js';
import { loadState } from '../../src/state.js';

function image(id: string, size: number, layers: string[]): ImageInspect {
  return {
    Id: id,
    Size: size,
    RootFS: { Layers: layers },
    RepoTags: [],
    RepoDigests: [],
    Created: '',
    Config: null,
  };
}

describe('exclusiveSizes', () => {
  const base = image('base', 2_000_000, ['l1']);
  it('charges an image only for the layers above its surviving base', () => {
    const stage = image('stage', 3_500_000, ['l1', 'l2']);
    expect(exclusiveSizes([stage], [base]).get('stage')).toBe(1_500_000);
  });
  it('charges a removed chain once: the child only for its difference to the removed parent', () => {
    const parent = image('parent', 3_000_000, ['l1', 'l2']);
    const child = image('child', 3_200_000, ['l1', 'l2', 'l3']);
    const sizes = exclusiveSizes([parent, child], [base]);
    expect(sizes.get('parent')).toBe(1_000_000);
    expect(sizes.get('child')).toBe(200_000);
  });
  it('charges the whole size when nothing shares its layers', () => {
    expect(exclusiveSizes([image('solo', 42, ['x'])], [base]).get('solo')).toBe(42);
  });
});

describe('ownership', () => {
  it('labels this run with repository, run, attempt and job, unique per invocation', () => {
    const env = {
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '99',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_JOB: 'build',
    };
    const a = createOwnership(env, 'aaaa');
    expect(a.runKey).toBe('acme/app/99/2/build/aaaa');
    expect(a.labels).toMatchObject({ 'dev.shipshape.run': a.runKey, 'dev.shipshape.run-id': '99' });
    expect(createOwnership(env).runKey).not.toBe(createOwnership(env).runKey);
    expect(runFilter(a.runKey)).toBe('label=dev.shipshape.run=acme/app/99/2/build/aaaa');
  });
});

describe('state', () => {
  it('reads what main saved and tolerates a damaged value', () => {
    const saved: Record<string, string> = {
      'run-key': 'k',
      cleanup: 'false',
      'created-images': '["sha256:a"]',
      'cache-save': '{"dir":"/tmp/c","key":"k1","budgetMs":42000}',
    };
    expect(loadState((key) => saved[key] ?? '')).toEqual({
      runKey: 'k',
      cleanup: false,
      createdImages: ['sha256:a'],
      buildahImages: [],
      cacheSave: { dir: '/tmp/c', key: 'k1', budgetMs: 42000 },
    });
    saved['created-images'] = '{not json';
    expect(loadState((key) => saved[key] ?? '')?.createdImages).toEqual([]);
    expect(loadState(() => '')).toBeUndefined();
  });
});

describe('reports', () => {
  it('parses the digest docker push prints', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(parsePushDigest(`v1: digest: ${digest} size: 942\n`)).toBe(digest);
    expect(parsePushDigest('nothing')).toBe('');
  });
  it('formats sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_982_665)).toBe('1.98 MB');
    expect(formatBytes(12_300_000)).toBe('12.3 MB');
    expect(formatBytes(-4_100_000)).toBe('-4.10 MB');
  });
  it('shows failed tests with their output, and why nothing was pushed', () => {
    const text = mainSummary({
      image: 'acme/app:v1',
      imageId: `sha256:${'c'.repeat(64)}`,
      references: ['acme/app:v1'],
      size: 1000,
      builder: 'buildkit',
      buildMs: 1200,
      tests: [
        { kind: 'command', name: 'a | b', passed: true, durationMs: 10 },
        {
          kind: 'command',
          name: 'false',
          passed: false,
          durationMs: 20,
          expected: 'exit code 0',
          actual: 'exit code 1',
          output: 'boom ```',
        },
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
    expect(text).toContain("boom '''");
    expect(text).toContain('not pushed: 1 test(s) failed');
  });
  it('totals what cleanup removed', () => {
    const text = cleanupSummary({
      removed: [
        { kind: 'container', id: 'c1', bytes: 10 },
        { kind: 'image', id: 'i1', bytes: 1_500_000 },
      ],
      bytesFreed: 1_500_010,
      failures: [{ kind: 'image', id: 'sha256:deadbeef0000', reason: 'in use' }],
    });
    expect(text).toContain('| Containers | 1 | 10 B |');
    expect(text).toContain('| Dangling images | 1 | 1.50 MB |');
    expect(text).toContain('(1500010 bytes)');
    expect(text).toContain('`deadbeef0000`: in use');
  });
});
