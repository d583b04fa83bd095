import { describe, expect, it } from 'vitest';
import { describeFromStore, exclusiveSizes } from '../../../src/cleanup/cleanup.js';
import type { Docker, ImageInspect } from '../../../src/engine/docker.js';

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

describe('describeFromStore', () => {
  const config = (created: string, layers: string[]) =>
    Buffer.from(JSON.stringify({ created, rootfs: { type: 'layers', diff_ids: layers } }));

  it('describes listed images from their stored configuration, inspecting only those the store lacks', async () => {
    const inspected: string[][] = [];
    const docker = {
      inspectImages: async (ids: string[]) => {
        inspected.push(ids);
        return ids.map((id) => ({
          Id: id,
          RepoTags: [],
          RepoDigests: [],
          Size: 9,
          Created: 'inspected',
          RootFS: { Layers: ['sha256:z'] },
          Config: { Labels: null },
        }));
      },
    } as unknown as Docker;
    const store = {
      imageConfig: async (id: string) =>
        id === 'sha256:a'
          ? config('2026-01-01T00:00:00Z', ['sha256:l1'])
          : id === 'sha256:b'
            ? Buffer.from('{')
            : undefined,
    };
    const listed = [
      { Id: 'sha256:a', RepoTags: ['app:1'], RepoDigests: ['<none>@<none>'], Size: 5, Labels: { x: 'y' } },
      { Id: 'sha256:b', RepoTags: ['<none>:<none>'], RepoDigests: null, Size: 6, Labels: null },
      { Id: 'sha256:a', RepoTags: ['app:1'], RepoDigests: [], Size: 5, Labels: { x: 'y' } },
    ];
    const described = await describeFromStore(docker, listed, store);
    expect(described).toEqual([
      {
        Id: 'sha256:a',
        RepoTags: ['app:1'],
        RepoDigests: [],
        Size: 5,
        Created: '2026-01-01T00:00:00Z',
        RootFS: { Layers: ['sha256:l1'] },
        Config: { Labels: { x: 'y' } },
      },
      expect.objectContaining({ Id: 'sha256:b', Created: 'inspected' }),
    ]);
    expect(inspected).toEqual([['sha256:b']]);
  });
});
