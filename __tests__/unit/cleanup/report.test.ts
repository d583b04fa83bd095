import { describe, expect, it } from 'vitest';
import { cleanupSummary } from '../../../src/cleanup/report.js';

describe('reports', () => {
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
