import { describe, expect, it } from 'vitest';
import { exclusiveSizes } from '../../src/cleanup/cleanup.js';
import { createOwnership, runFilter } from '../../src/cleanup/ownership.js';
import type { ImageInspect } from '../../src/engine/docker.js';
import { parsePushDigest } from '../../src/engine/docker.js';
import { formatBytes } from '../../src/common/format.js';
import { cleanupSummary } from '../../src/cleanup/report.js';
import { mainSummary } from '../../src/steps/summary.js';
import { loadState } from '../../src/steps/state.js';
import { testResult } from '../factories/test-spec.js';

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

describe('exclusiveSizes (shared layers)', () => {
  it('charges two removed images with identical layers once: the first in full, the second nothing', () => {
    const first = image('first', 5_000_000, ['l1', 'l2']);
    const second = image('second', 5_000_000, ['l1', 'l2']);
    const sizes = exclusiveSizes([first, second], []);
    expect(sizes.get('first')).toBe(5_000_000);
    expect(sizes.get('second')).toBe(0);
    expect([...sizes.values()].reduce((sum, bytes) => sum + bytes, 0)).toBe(5_000_000);
  });
  it('charges a removed child of a surviving parent its size minus the parent size', () => {
    const grandparent = image('grandparent', 1_000_000, ['l1']);
    const parent = image('parent', 4_000_000, ['l1', 'l2']);
    const child = image('child', 4_700_000, ['l1', 'l2', 'l3']);
    const unrelated = image('unrelated', 9_000_000, ['z1', 'z2', 'z3', 'z4']);
    expect(exclusiveSizes([child], [grandparent, parent, unrelated]).get('child')).toBe(700_000);
  });
  it('charges a child listed before its removed parent only the difference', () => {
    const parent = image('parent', 4_000_000, ['l1', 'l2']);
    const child = image('child', 4_700_000, ['l1', 'l2', 'l3']);
    const sizes = exclusiveSizes([child, parent], []);
    expect(sizes.get('child')).toBe(700_000);
    expect(sizes.get('parent')).toBe(4_000_000);
  });
});

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
      cleanup:
        '{"policy":"dangling","untilMs":1800000,"keepStorageBytes":0,"strict":true,"keepImages":false}',
      'created-images': '["sha256:a"]',
      'replaced-images': '["sha256:b"]',
      pushed: '{"imageId":"sha256:a","references":["app:v1"]}',
      'cache-save': '{"dir":"/tmp/c","key":"k1","budgetMs":42000}',
    };
    expect(loadState((key) => saved[key] ?? '')).toEqual({
      runKey: 'k',
      cleanup: {
        policy: 'dangling',
        untilMs: 1_800_000,
        keepStorageBytes: 0,
        strict: true,
        keepImages: false,
      },
      createdImages: ['sha256:a'],
      replacedImages: ['sha256:b'],
      pushed: { imageId: 'sha256:a', references: ['app:v1'] },
      buildahImages: [],
      buildahContainers: [],
      cacheSave: { dir: '/tmp/c', key: 'k1', budgetMs: 42000 },
      login: undefined,
    });
    // A damaged cleanup value falls back to the default policy, never to a wider one.
    saved.cleanup = '{"policy":"everything"}';
    expect(loadState((key) => saved[key] ?? '')?.cleanup.policy).toBe('run');
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
    expect(text).toContain("boom '''");
    expect(text).toContain('not pushed: 1 test(s) failed');
  });
  it('totals what cleanup removed', () => {
    const text = cleanupSummary(
      {
        removed: [
          { kind: 'container', id: 'c1', bytes: 10, owner: 'run' },
          { kind: 'image', id: 'i1', bytes: 1_500_000, owner: 'run' },
          { kind: 'image', id: 'i2', bytes: 2_000_000, owner: 'other' },
          { kind: 'volume', id: 'v1', bytes: 4000, owner: 'run' },
          { kind: 'build cache', id: 'build cache', bytes: 7_000_000, owner: 'other' },
        ],
        bytesFreed: 10_504_010,
        failures: [{ kind: 'image', id: 'sha256:deadbeef0000', reason: 'permission denied' }],
        kept: [
          { kind: 'image', id: 'sha256:cafe00000000', reason: 'image is being used by running container' },
        ],
      },
      {
        policy: 'aggressive',
        before: {
          path: '/var/lib/docker',
          freeBytes: 5_000_000_000,
          usage: [{ type: 'Images', count: 9, size: 900_000_000, reclaimable: 100_000_000 }],
        },
        after: {
          path: '/var/lib/docker',
          freeBytes: 5_010_000_000,
          usage: [{ type: 'Images', count: 7, size: 896_500_000, reclaimable: 96_500_000 }],
        },
      },
    );
    expect(text).toContain('Policy `aggressive`.');
    expect(text).toContain('| Containers | 1 | 1 | 10 B |');
    expect(text).toContain('| Images | 2 | 1 | 3.50 MB |');
    expect(text).toContain('| Volumes | 1 | 1 | 4.00 kB |');
    expect(text).toContain('| Build cache | pruned |  | 7.00 MB |');
    expect(text).toContain('(10504010 bytes)');
    expect(text).toContain('| Free at `/var/lib/docker` | 5.00 GB | 5.01 GB |');
    expect(text).toContain(
      '| Docker images | 900 MB in 9 (100 MB reclaimable) | 897 MB in 7 (96.5 MB reclaimable) |',
    );
    expect(text).toContain('`deadbeef0000`: permission denied');
    expect(text).toContain('`cafe00000000`: image is being used');
  });
});
