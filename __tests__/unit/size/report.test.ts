import { describe, expect, it } from 'vitest';
import { useRegistrySizes } from '../../../src/size/report.js';

describe('useRegistrySizes', () => {
  it('takes the exact compressed size of every layer the base has, and keeps estimates for the rest', () => {
    const layer = (diffId: string, compressedSize: number) => ({
      diffId,
      instruction: `RUN ${diffId}`,
      size: 10,
      compressedSize,
      origin: 'added' as const,
    });
    const image = {
      reference: 'app:pr',
      platform: 'linux/amd64',
      size: 30,
      compressedSize: 306,
      compressedSource: 'estimated' as const,
      layers: [layer('a', 101), layer('b', 102), layer('c', 103)],
    };
    const base = {
      ...image,
      compressedSource: 'registry' as const,
      layers: [layer('a', 90), layer('b', 95)],
    };
    useRegistrySizes(image, base);
    expect(image.layers.map((l) => l.compressedSize)).toEqual([90, 95, 103]);
    expect(image.compressedSize).toBe(288);
  });
});
