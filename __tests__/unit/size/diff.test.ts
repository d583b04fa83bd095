import { describe, expect, it } from 'vitest';
import { change, diffImages } from '../../../src/size/diff.js';
import { image, layer, MB } from './helpers.js';

describe('change', () => {
  it('gives the delta and the percent of before', () => {
    expect(change(200, 250)).toEqual({ before: 200, after: 250, delta: 50, percent: 25 });
    expect(change(200, 150)).toEqual({ before: 200, after: 150, delta: -50, percent: -25 });
  });
  it('leaves the percent unknown when before is 0, and both unknown when a side is', () => {
    expect(change(0, 10)).toEqual({ before: 0, after: 10, delta: 10, percent: undefined });
    expect(change(undefined, 10)).toMatchObject({ delta: undefined, percent: undefined });
    expect(change(10, undefined)).toMatchObject({ delta: undefined, percent: undefined });
  });
});

describe('diffImages', () => {
  it('matches layers by instruction, so a layer inserted in the middle shifts nothing', () => {
    const before = image([
      layer('sha256:base', 'ADD … /', 3 * MB, 8 * MB, 'base'),
      layer('sha256:apk1', 'RUN apk add curl', 2 * MB, 5 * MB),
      layer('sha256:app1', 'COPY app /app', 1 * MB, 2 * MB),
    ]);
    const after = image([
      layer('sha256:base', 'ADD … /', 3 * MB, 8 * MB, 'base'),
      layer('sha256:apk1', 'RUN apk add curl', 2 * MB, 5 * MB),
      layer('sha256:new', 'RUN pip install x', 4 * MB, 9 * MB),
      layer('sha256:app2', 'COPY app /app', 1.5 * MB, 3 * MB),
    ]);
    const diff = diffImages(before, after);
    const byInstruction = Object.fromEntries(diff.layers.map((row) => [row.instruction, row]));
    expect(byInstruction['RUN pip install x']).toMatchObject({
      change: 'added',
      afterIndex: 3,
      beforeIndex: undefined,
      compressedDelta: 4 * MB,
      sizeDelta: 9 * MB,
    });
    expect(byInstruction['COPY app /app']).toMatchObject({
      change: 'grown',
      beforeIndex: 3,
      afterIndex: 4,
      compressedDelta: 0.5 * MB,
      sizeDelta: 1 * MB,
    });
    expect(byInstruction['RUN apk add curl']).toMatchObject({
      change: 'unchanged',
      beforeIndex: 2,
      afterIndex: 2,
    });
    expect(byInstruction['ADD … /']).toMatchObject({ change: 'unchanged', beforeIndex: 1, afterIndex: 1 });
    expect(diff.layers).toHaveLength(4);
  });

  it('calls a pair with the same digest unchanged, even if the sizes given differ', () => {
    const diff = diffImages(
      image([layer('sha256:same', 'RUN x', 100, 200)]),
      image([layer('sha256:same', 'RUN x', 100, undefined)]),
    );
    expect(diff.layers.map((row) => row.change)).toEqual(['unchanged']);
  });

  it('judges grown and shrunk by the compressed size, falling back to the uncompressed', () => {
    const diff = diffImages(
      image([
        // compressed shrinks while uncompressed grows: compressed decides
        layer('sha256:a1', 'RUN a', 500, 1000),
        // compressed unknown on one side: uncompressed decides
        layer('sha256:b1', 'RUN b', undefined, 1000),
        layer('sha256:c1', 'RUN c', 300, 900),
      ]),
      image([
        layer('sha256:a2', 'RUN a', 400, 2000),
        layer('sha256:b2', 'RUN b', 50, 3000),
        layer('sha256:c2', 'RUN c', 600, 100),
      ]),
    );
    const changes = Object.fromEntries(diff.layers.map((row) => [row.instruction, row.change]));
    expect(changes).toEqual({ 'RUN a': 'shrunk', 'RUN b': 'grown', 'RUN c': 'grown' });
    const b = diff.layers.find((row) => row.instruction === 'RUN b');
    expect(b?.compressedDelta).toBeUndefined();
    expect(b?.sizeDelta).toBe(2000);
  });

  it('lists layers only the base has as removed, by their base position', () => {
    const diff = diffImages(
      image([layer('sha256:a', 'RUN a', 10, 10), layer('sha256:gone', 'RUN gone', 70, 90)]),
      image([layer('sha256:a', 'RUN a', 10, 10)]),
    );
    expect(diff.layers[0]).toMatchObject({
      instruction: 'RUN gone',
      change: 'removed',
      beforeIndex: 2,
      afterIndex: undefined,
      compressedDelta: -70,
      sizeDelta: -90,
    });
    expect(diff.compressedSize).toEqual({ before: 80, after: 10, delta: -70, percent: -87.5 });
  });

  it('orders the largest change first, either way, then the unchanged layers in order', () => {
    const before = image([
      layer('sha256:u1', 'RUN u1', 1, 1),
      layer('sha256:s1', 'RUN small', 100, 100),
      layer('sha256:u2', 'RUN u2', 1, 1),
      layer('sha256:big1', 'RUN big', 1000, 1000),
      layer('sha256:u3', 'RUN u3', 1, 1),
    ]);
    const after = image([
      layer('sha256:u1', 'RUN u1', 1, 1),
      layer('sha256:s2', 'RUN small', 110, 110),
      layer('sha256:u2', 'RUN u2', 1, 1),
      layer('sha256:big2', 'RUN big', 200, 200),
      layer('sha256:u3', 'RUN u3', 1, 1),
      layer('sha256:mid', 'RUN mid', 500, 500),
    ]);
    const diff = diffImages(before, after);
    expect(diff.layers.map((row) => `${row.instruction}:${row.change}`)).toEqual([
      'RUN big:shrunk',
      'RUN mid:added',
      'RUN small:grown',
      'RUN u1:unchanged',
      'RUN u2:unchanged',
      'RUN u3:unchanged',
    ]);
  });

  it('gives the totals with delta and percent, unknown percent from 0 or an unknown size', () => {
    const diff = diffImages(
      image([layer('a', 'RUN a', 100, undefined)]),
      image([layer('b', 'RUN a', 150, 400)]),
    );
    expect(diff.compressedSize).toEqual({ before: 100, after: 150, delta: 50, percent: 50 });
    expect(diff.size).toEqual({ before: undefined, after: 400, delta: undefined, percent: undefined });

    const fromEmpty = diffImages(image([]), image([layer('b', 'RUN a', 150, 400)]));
    expect(fromEmpty.compressedSize).toMatchObject({ before: 0, delta: 150, percent: undefined });
  });
});
