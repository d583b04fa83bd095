import { describe, expect, it } from 'vitest';
import { withKnownSizes } from '../../../src/size/report.js';
import { image, layer } from './helpers.js';

describe('withKnownSizes', () => {
  it("gives the base the engine's uncompressed size of every layer the built image shares, and totals them", () => {
    const built = image([layer('a', 'ADD', 5, 10), layer('b', 'RUN b', 6, 20), layer('c', 'RUN c', 7, 30)]);
    const base = image([layer('a', 'ADD', 5, undefined), layer('b', 'RUN b', 6, undefined)]);
    const filled = withKnownSizes(base, built);
    expect(filled.layers.map((l) => l.size)).toEqual([10, 20]);
    expect(filled.size).toBe(30);
    expect(base.layers[0].size).toBeUndefined(); // not modified in place
  });

  it('leaves the total unknown while one base layer has no known size', () => {
    const built = image([layer('a', 'ADD', 5, 10)]);
    const base = image([layer('a', 'ADD', 5, undefined), layer('z', 'RUN z', 6, undefined)]);
    const filled = withKnownSizes(base, built);
    expect(filled.layers.map((l) => l.size)).toEqual([10, undefined]);
    expect(filled.size).toBeUndefined();
  });
});
