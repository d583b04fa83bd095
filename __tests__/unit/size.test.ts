import { useRegistrySizes } from '../../src/size/report.js';
import { describe, expect, it } from 'vitest';
import { finalBaseImage, stagesOf } from '../../src/naming/dockerfile.js';
import type { GitContext } from '../../src/naming/git-context.js';
import { parseImageName } from '../../src/naming/reference.js';
import {
  apiHost,
  platformOf,
  RegistryApiError,
  RegistryClient,
  scheme,
  type Descriptor,
} from '../../src/registry/api.js';
import { InputError } from '../../src/common/errors.js';
import { readSizeSettings, type SizeSettings } from '../../src/settings/size.js';
import { changedEnough, exceededBudgets } from '../../src/size/budgets.js';
import { change, diffImages, type SizeDiff } from '../../src/size/diff.js';
import {
  instructionsForLayers,
  normaliseInstruction,
  sharedPrefix,
  totals,
  type ImageSize,
  type LayerSize,
} from '../../src/size/layers.js';
import { pickPlatform } from '../../src/registry/images.js';
import { layerSizesFromHistory, platformSizes } from '../../src/size/measure.js';
import { commentMarker, formatChange, renderSizeReport } from '../../src/size/render.js';

const HEX = 'ab12'.repeat(16);
const MB = 1_000_000;

function layer(
  diffId: string,
  instruction: string,
  compressedSize?: number,
  size?: number,
  origin: LayerSize['origin'] = 'added',
): LayerSize {
  return { diffId, instruction, compressedSize, size, origin };
}

function image(layers: LayerSize[], extra: Partial<ImageSize> = {}): ImageSize {
  const sum = totals(layers);
  return {
    reference: 'ghcr.io/acme/app:pr-1',
    platform: 'linux/amd64',
    size: sum.size,
    compressedSize: sum.compressedSize,
    compressedSource: 'registry',
    layers,
    ...extra,
  };
}

describe('normaliseInstruction', () => {
  it('reads a legacy #(nop) metadata instruction as the instruction itself', () => {
    expect(normaliseInstruction('/bin/sh -c #(nop)  CMD ["hello"]')).toBe('CMD ["hello"]');
    expect(normaliseInstruction('/bin/sh -c #(nop)  ENV PATH=/usr/bin')).toBe('ENV PATH=/usr/bin');
  });

  it('drops the content hash of a legacy COPY, keeping the destination', () => {
    expect(normaliseInstruction(`/bin/sh -c #(nop) COPY file:${HEX} in /usr/local/bin/ `)).toBe(
      'COPY … /usr/local/bin/',
    );
    expect(normaliseInstruction(`/bin/sh -c #(nop) ADD dir:${HEX} in / `)).toBe('ADD … /');
    // Two builds of different content say the same instruction.
    expect(normaliseInstruction(`/bin/sh -c #(nop) COPY file:${'0'.repeat(64)} in /app/ `)).toBe(
      normaliseInstruction(`/bin/sh -c #(nop) COPY file:${'f'.repeat(64)} in /app/ `),
    );
  });

  it('reads a legacy shell command as a RUN', () => {
    expect(normaliseInstruction('/bin/sh -c dd if=/dev/zero of=/x')).toBe('RUN dd if=/dev/zero of=/x');
  });

  it('reads a legacy RUN with a build-argument prefix as the RUN without it', () => {
    expect(normaliseInstruction('|1 VERSION=2 /bin/sh -c make')).toBe('RUN make');
    expect(normaliseInstruction('|2 A=1 B= /bin/sh -c make install')).toBe('RUN make install');
  });

  it('reads BuildKit history, with and without build arguments', () => {
    expect(normaliseInstruction('RUN /bin/sh -c echo hi > /x # buildkit')).toBe('RUN echo hi > /x');
    expect(normaliseInstruction('COPY hello /usr/local/bin/ # buildkit')).toBe('COPY hello /usr/local/bin/');
    expect(normaliseInstruction('RUN |1 VERSION=2 /bin/sh -c make # buildkit')).toBe('RUN make');
    expect(normaliseInstruction('WORKDIR /app')).toBe('WORKDIR /app');
  });

  it('says the legacy and BuildKit forms of one RUN the same way', () => {
    expect(normaliseInstruction('/bin/sh -c echo hi > /x')).toBe(
      normaliseInstruction('RUN /bin/sh -c echo hi > /x # buildkit'),
    );
    expect(normaliseInstruction('/bin/sh -c apk add  --no-cache\n curl')).toBe(
      normaliseInstruction('RUN /bin/sh -c apk add --no-cache curl # buildkit'),
    );
  });

  it('collapses whitespace and names an empty instruction as unknown', () => {
    expect(normaliseInstruction('RUN   a \t b')).toBe('RUN a b');
    expect(normaliseInstruction('')).toBe('(unknown instruction)');
    expect(normaliseInstruction('   ')).toBe('(unknown instruction)');
  });
});

describe('instructionsForLayers', () => {
  const history = [
    { created_by: '/bin/sh -c #(nop) ADD file:' + HEX + ' in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', empty_layer: true },
    { created_by: 'ENV A=1', empty_layer: true, comment: 'buildkit.dockerfile.v0' },
    { created_by: 'RUN /bin/sh -c apk add curl # buildkit' },
    { created_by: 'COPY app /app # buildkit' },
  ];

  it('pairs the history entries that made a layer with the layers, in order', () => {
    expect(instructionsForLayers(history, 3)).toEqual(['ADD … /', 'RUN apk add curl', 'COPY app /app']);
  });

  it('says every instruction is unknown when the counts disagree', () => {
    expect(instructionsForLayers(history, 2)).toEqual(['(unknown instruction)', '(unknown instruction)']);
    expect(instructionsForLayers(history, 4)).toEqual(Array(4).fill('(unknown instruction)'));
    expect(instructionsForLayers([], 1)).toEqual(['(unknown instruction)']);
  });

  it('names an entry without created_by as unknown', () => {
    expect(instructionsForLayers([{}, { created_by: 'RUN /bin/sh -c x # buildkit' }], 2)).toEqual([
      '(unknown instruction)',
      'RUN x',
    ]);
  });
});

describe('sharedPrefix', () => {
  it('counts the leading layers two lists share', () => {
    expect(sharedPrefix(['a', 'b', 'c'], ['a', 'b', 'x', 'c'])).toBe(2);
    expect(sharedPrefix(['a', 'b'], ['a', 'b', 'c'])).toBe(2);
    expect(sharedPrefix(['x'], ['a'])).toBe(0);
    expect(sharedPrefix([], ['a'])).toBe(0);
    // A later match after a difference does not count.
    expect(sharedPrefix(['a', 'x', 'c'], ['a', 'y', 'c'])).toBe(1);
  });
});

describe('totals', () => {
  it('sums each size, and is unknown when any layer is unknown', () => {
    expect(totals([layer('a', 'RUN a', 10, 30), layer('b', 'RUN b', 5, 20)])).toEqual({
      size: 50,
      compressedSize: 15,
    });
    expect(totals([layer('a', 'RUN a', 10, undefined), layer('b', 'RUN b', 5, 20)])).toEqual({
      size: undefined,
      compressedSize: 15,
    });
    expect(totals([])).toEqual({ size: 0, compressedSize: 0 });
  });
});

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

describe('formatChange', () => {
  it('signs the change and gives the percent', () => {
    expect(formatChange(change(128_125_000, 132_225_000))).toBe('+4.10 MB (+3.2%)');
    expect(formatChange(change(512_000, 511_488))).toBe('-512 B (-0.1%)');
  });
  it('writes no change as ±0 B, and an unknown one as unknown', () => {
    expect(formatChange(change(10, 10))).toBe('±0 B');
    expect(formatChange(change(undefined, 10))).toBe('unknown');
    expect(formatChange(change(10, undefined))).toBe('unknown');
  });
  it('leaves out the percent when it is unknown', () => {
    expect(formatChange(change(0, 2_000_000))).toBe('+2.00 MB');
  });
});

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the image, distinct per image', () => {
    expect(commentMarker('ghcr.io/acme/app')).toBe('<!-- shipshape-size-report: ghcr.io/acme/app -->');
    expect(commentMarker('a')).not.toBe(commentMarker('b'));
  });
});

describe('renderSizeReport', () => {
  const baseImage = image(
    [
      layer('sha256:base', 'ADD … /', 3 * MB, 8 * MB, 'base'),
      layer('sha256:old', 'RUN make | tee log', 2 * MB, 5 * MB),
      layer('sha256:gone', 'RUN rm -rf /tmp', 1 * MB, 1 * MB),
    ],
    { reference: 'ghcr.io/acme/app:main' },
  );
  const thisImage = image([
    layer('sha256:base', 'ADD … /', 3 * MB, 8 * MB, 'base'),
    layer('sha256:new', 'RUN make | tee log', 6 * MB, 12 * MB),
  ]);

  function withBase() {
    const diff = diffImages(baseImage, thisImage);
    return renderSizeReport(
      {
        image: thisImage,
        base: { reference: 'ghcr.io/acme/app:main', found: true, image: baseImage },
        diff,
        exceeded: [],
      },
      'ghcr.io/acme/app',
    );
  }

  it('starts with the marker and names the image and platform', () => {
    const text = withBase();
    expect(text.startsWith(`${commentMarker('ghcr.io/acme/app')}\n`)).toBe(true);
    expect(text).toContain('### Image size: `ghcr.io/acme/app` (linux/amd64)');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('with a base, tabulates base, this image and the change', () => {
    const lines = withBase().split('\n');
    expect(lines).toContain('| | Base `ghcr.io/acme/app:main` | This image | Change |');
    expect(lines).toContain('| Compressed (download) | 6.00 MB | 9.00 MB | **+3.00 MB (+50.0%)** |');
    expect(lines).toContain('| Uncompressed (disk) | 14.0 MB | 20.0 MB | +6.00 MB (+42.9%) |');
    expect(lines).toContain('| Layers | 3 | 2 | |');
    expect(lines).toContain('#### Layers, largest change first');
    expect(lines).not.toContain('No base to compare with');
  });

  it('with a base, lists the layer diff with escaped pipes and removed layers by base position', () => {
    const lines = withBase().split('\n');
    expect(lines).toContain(
      '| 2 | `RUN make \\| tee log` | grown | 2.00 MB → 6.00 MB (+4.00 MB) | 5.00 MB → 12.0 MB (+7.00 MB) | this Dockerfile |',
    );
    expect(lines).toContain(
      '| (3) | `RUN rm -rf /tmp` | removed | ~~1.00 MB~~ | ~~1.00 MB~~ | this Dockerfile |',
    );
    expect(lines).toContain('| 1 | `ADD … /` | unchanged | 3.00 MB | 8.00 MB | base image |');
    // No unescaped pipe inside an instruction cell: every layer row has exactly 7 column separators.
    const rows = lines.filter((line) => /^\| (\d+|\(\d+\)) \|/.test(line));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });

  it('with a base, draws a mermaid xychart with a bar and a line series of equal length', () => {
    const text = withBase();
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(text);
    expect(block).not.toBeNull();
    const chart = block![1];
    expect(chart.split('\n')[0]).toBe('xychart-beta');
    expect(chart).toContain('compressed MB');
    const series = (kind: string) => {
      const match = new RegExp(`^\\s*${kind} \\[(.*)\\]$`, 'm').exec(chart);
      expect(match, kind).not.toBeNull();
      return match![1].split(', ');
    };
    const bar = series('bar');
    const line = series('line');
    const axis = series('x-axis');
    expect(bar).toEqual(['3', '6', '0']);
    expect(line).toEqual(['3', '2', '1']);
    expect(axis).toEqual(['"1"', '"2"', '"3"']);
    expect(bar.length).toBe(line.length);
  });

  it('charts uncompressed sizes when a compressed size is unknown', () => {
    const local = image([layer('sha256:x', 'RUN x', undefined, 2 * MB)]);
    const text = renderSizeReport(
      {
        image: local,
        base: { reference: 'app:main', found: true, image: baseImage },
        diff: diffImages(baseImage, local),
        exceeded: [],
      },
      'app',
    );
    expect(text).toContain('uncompressed MB');
    expect(text).toMatch(/^\s*bar \[2, 0, 0\]$/m);
  });

  it('without a base, gives this image’s sizes and layers only', () => {
    const text = renderSizeReport({ image: thisImage, exceeded: [] }, 'ghcr.io/acme/app');
    const lines = text.split('\n');
    expect(lines).toContain('| | This image |');
    expect(lines).toContain('| Compressed (download) | 9.00 MB |');
    expect(lines).toContain('| Uncompressed (disk) | 20.0 MB |');
    expect(lines).toContain('| Layers | 2 |');
    expect(lines).toContain('#### Layers');
    expect(lines).toContain('| 1 | `ADD … /` | 3.00 MB | 8.00 MB | base image |');
    expect(lines).toContain('| 2 | `RUN make \\| tee log` | 6.00 MB | 12.0 MB | this Dockerfile |');
    expect(text).not.toContain('Change');
    expect(text).not.toContain('```mermaid');
    expect(text).not.toContain('No base to compare with');
  });

  it('says why there is no comparison when the base was not found', () => {
    const missing = renderSizeReport(
      { image: thisImage, base: { reference: 'ghcr.io/acme/app:main', found: false }, exceeded: [] },
      'ghcr.io/acme/app',
    );
    expect(missing).toContain('No base to compare with: `ghcr.io/acme/app:main` was not found.');
    expect(missing).toContain('| | This image |');

    const reasoned = renderSizeReport(
      {
        image: thisImage,
        base: { reference: 'ghcr.io/acme/app:main', found: false, reason: 'the registry refused access' },
        exceeded: [],
      },
      'ghcr.io/acme/app',
    );
    expect(reasoned).toContain('No base to compare with: the registry refused access.');
  });

  it('labels an estimated compressed size, and writes unknown sizes as unknown', () => {
    const estimated = image([layer('sha256:x', 'RUN x', 1 * MB, undefined)], {
      compressedSource: 'estimated',
    });
    const text = renderSizeReport({ image: estimated, exceeded: [] }, 'app');
    expect(text).toContain('| Compressed (download) (estimated: not pushed) | 1.00 MB |');
    expect(text).toContain('| Uncompressed (disk) | unknown |');

    const exact = renderSizeReport({ image: thisImage, exceeded: [] }, 'app');
    expect(exact).not.toContain('estimated');
  });

  it('renders each exceeded budget as a CAUTION block', () => {
    const text = renderSizeReport(
      { image: thisImage, exceeded: ['first budget message', 'second budget message'] },
      'app',
    );
    expect(text).toContain('> [!CAUTION]\n> first budget message\n');
    expect(text).toContain('> [!CAUTION]\n> second budget message\n');
    expect(text.match(/\[!CAUTION\]/g)).toHaveLength(2);
    expect(renderSizeReport({ image: thisImage, exceeded: [] }, 'app')).not.toContain('CAUTION');
  });
});

function sizeSettings(extra: Partial<SizeSettings> = {}): SizeSettings {
  return {
    base: '',
    baseSource: 'none',
    comment: 'on-change',
    commentThreshold: { kind: 'percent', value: 1 },
    limit: 0,
    limitKind: 'compressed',
    githubToken: '',
    ...extra,
  };
}

function sizeDiff(compressed: [number?, number?], uncompressed: [number?, number?] = [1, 1]): SizeDiff {
  return {
    compressedSize: change(...compressed),
    size: change(...uncompressed),
    layers: [],
  };
}

describe('exceededBudgets', () => {
  const img = image([layer('sha256:x', 'RUN x', 120 * MB, 300 * MB)]);

  it('reports a compressed size over size-limit with the figures', () => {
    const messages = exceededBudgets(sizeSettings({ limit: 100 * MB }), img, undefined, 'app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-limit'");
    expect(messages[0]).toContain('100 MB (compressed)');
    expect(messages[0]).toContain('120 MB (120000000 bytes)');
    expect(messages[0]).toContain('20.0 MB over');
  });

  it('allows a size under or equal to the limit, and no limit at all', () => {
    expect(exceededBudgets(sizeSettings({ limit: 200 * MB }), img, undefined, '')).toEqual([]);
    expect(exceededBudgets(sizeSettings({ limit: 120 * MB }), img, undefined, '')).toEqual([]);
    expect(exceededBudgets(sizeSettings({ limit: 0 }), img, undefined, '')).toEqual([]);
  });

  it('measures the uncompressed size when size-limit-kind says so', () => {
    const over = exceededBudgets(
      sizeSettings({ limit: 200 * MB, limitKind: 'uncompressed' }),
      img,
      undefined,
      '',
    );
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('200 MB (uncompressed)');
    expect(over[0]).toContain('300 MB (300000000 bytes), 100 MB over');
    expect(
      exceededBudgets(sizeSettings({ limit: 300 * MB, limitKind: 'uncompressed' }), img, undefined, ''),
    ).toEqual([]);
  });

  it('checks nothing when the measured size is unknown', () => {
    const unknown = image([layer('sha256:x', 'RUN x', undefined, undefined)]);
    expect(exceededBudgets(sizeSettings({ limit: 1 }), unknown, undefined, '')).toEqual([]);
  });

  it('reports growth over a percent increase limit, naming the base and the bytes', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'percent', value: 5 } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 110 * MB]), 'ghcr.io/acme/app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-increase-limit' is 5% (compressed)");
    expect(messages[0]).toContain('grew by +10.0 MB (+10.0%) against ghcr.io/acme/app:main');
    expect(messages[0]).toContain('(100000000 → 110000000 bytes)');
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 105 * MB]), 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 104 * MB]), 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 50 * MB]), 'b')).toEqual([]);
  });

  it('reports growth over a bytes increase limit', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'bytes', value: 5 * MB } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 106 * MB]), 'app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-increase-limit' is 5.00 MB (compressed)");
    expect(messages[0]).toContain('+6.00 MB (+6.0%) against app:main');
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 105 * MB]), 'b')).toEqual([]);
  });

  it('compares the uncompressed growth when the limit kind is uncompressed', () => {
    const settings = sizeSettings({
      limitKind: 'uncompressed',
      increaseLimit: { kind: 'bytes', value: 5 * MB },
    });
    // compressed grew a lot, uncompressed did not
    expect(exceededBudgets(settings, img, sizeDiff([1 * MB, 90 * MB], [100 * MB, 101 * MB]), 'b')).toEqual(
      [],
    );
    const over = exceededBudgets(settings, img, sizeDiff([1 * MB, 1 * MB], [100 * MB, 110 * MB]), 'b');
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('(uncompressed)');
  });

  it('gives no increase message without a diff or with an unknown growth', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'bytes', value: 0 } });
    expect(exceededBudgets(settings, img, undefined, 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, sizeDiff([undefined, 110 * MB]), 'b')).toEqual([]);
  });

  it('can report both budgets at once', () => {
    const settings = sizeSettings({ limit: 100 * MB, increaseLimit: { kind: 'percent', value: 1 } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 120 * MB]), 'b');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("'size-limit'");
    expect(messages[1]).toContain("'size-increase-limit'");
  });
});

describe('changedEnough', () => {
  it('compares the compressed change with a percent threshold, both ways', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'percent', value: 1 } });
    expect(changedEnough(settings, sizeDiff([1000, 1011]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 989]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 1010]))).toBe(false);
    expect(changedEnough(settings, sizeDiff([1000, 1000]))).toBe(false);
  });

  it('compares with a bytes threshold', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'bytes', value: 100 } });
    expect(changedEnough(settings, sizeDiff([1000, 1101]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 899]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 1100]))).toBe(false);
  });

  it('ignores the uncompressed size', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'percent', value: 1 } });
    expect(changedEnough(settings, sizeDiff([1000, 1000], [1000, 5000]))).toBe(false);
  });

  it('is false without a base or with an unknown change', () => {
    const settings = sizeSettings();
    expect(changedEnough(settings, undefined)).toBe(false);
    expect(changedEnough(settings, sizeDiff([undefined, 1000]))).toBe(false);
    // From 0 the percent is unknown.
    expect(changedEnough(settings, sizeDiff([0, 1000]))).toBe(false);
  });
});

describe('stagesOf', () => {
  it('lists each FROM with its stage name, lower case, skipping flags', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS Build',
      'RUN go build',
      'from alpine:3.19 as runtime',
      'FROM scratch',
    ].join('\n');
    expect(stagesOf(dockerfile)).toEqual([
      { from: 'golang:1.22', name: 'build' },
      { from: 'alpine:3.19', name: 'runtime' },
      { from: 'scratch', name: undefined },
    ]);
  });

  it('joins continuations and ignores commented-out FROMs', () => {
    const dockerfile = ['# FROM ubuntu', 'FROM \\', '  debian:12 \\', '  AS base', 'RUN true'].join('\n');
    expect(stagesOf(dockerfile)).toEqual([{ from: 'debian:12', name: 'base' }]);
  });
});

describe('finalBaseImage', () => {
  it('is the image of a simple FROM', () => {
    expect(finalBaseImage('FROM alpine:3.19\nRUN true\n', '', [])).toBe('alpine:3.19');
  });

  it('follows the final FROM back through earlier stages to an image', () => {
    const dockerfile = [
      'FROM golang:1.22 AS build',
      'FROM debian:12-slim AS os',
      'FROM os AS runtime',
      'COPY --from=build /app /app',
      'FROM runtime',
    ].join('\n');
    expect(finalBaseImage(dockerfile, '', [])).toBe('debian:12-slim');
    expect(finalBaseImage('FROM node:20 AS Deps\nFROM deps\n', '', [])).toBe('node:20');
  });

  it('skips --platform and is undefined for scratch', () => {
    expect(finalBaseImage('FROM --platform=linux/amd64 alpine:3.19 AS a\n', '', [])).toBe('alpine:3.19');
    expect(finalBaseImage('FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /a /a\n', '', [])).toBe(
      undefined,
    );
    expect(finalBaseImage('FROM scratch AS empty\nFROM empty\n', '', [])).toBeUndefined();
  });

  it('substitutes ARG defaults declared before the first FROM, overridden by build args', () => {
    const dockerfile = 'ARG TAG=1.2\nFROM img:${TAG}\n';
    expect(finalBaseImage(dockerfile, '', [])).toBe('img:1.2');
    expect(finalBaseImage(dockerfile, '', ['TAG=2.0'])).toBe('img:2.0');
    expect(finalBaseImage('ARG TAG="3.1"\nFROM img:$TAG\n', '', [])).toBe('img:3.1');
    expect(finalBaseImage('ARG REG=ghcr.io\nARG TAG=1\nFROM ${REG}/acme/x:${TAG}\n', '', [])).toBe(
      'ghcr.io/acme/x:1',
    );
  });

  it('ignores an ARG after the first FROM for the base', () => {
    expect(finalBaseImage('ARG TAG=1\nFROM a:${TAG} AS one\nARG TAG=9\nFROM b:${TAG}\n', '', [])).toBe('b:1');
  });

  it('builds the target stage when given one', () => {
    const dockerfile = [
      'FROM node:20 AS deps',
      'FROM python:3.12 AS test',
      'FROM deps AS release',
      'FROM nginx:1.27',
    ].join('\n');
    expect(finalBaseImage(dockerfile, 'test', [])).toBe('python:3.12');
    expect(finalBaseImage(dockerfile, 'Release', [])).toBe('node:20');
    expect(finalBaseImage(dockerfile, '', [])).toBe('nginx:1.27');
  });

  it('reads FROM lines with continuations and around comments', () => {
    const dockerfile = [
      '# the base',
      'ARG V=3.19',
      '# FROM ubuntu:22.04',
      'FROM \\',
      '    alpine:${V} \\',
      '    AS runtime',
      '  # indented comment',
      'RUN echo hi',
    ].join('\n');
    expect(finalBaseImage(dockerfile, '', [])).toBe('alpine:3.19');
  });

  it('is undefined when an ARG has no value', () => {
    expect(finalBaseImage('ARG TAG\nFROM img:${TAG}\n', '', [])).toBeUndefined();
    expect(finalBaseImage('ARG IMAGE\nFROM ${IMAGE}\n', '', [])).toBeUndefined();
  });

  it('does not let a comment ending in a backslash swallow the next FROM', () => {
    const dockerfile = '# RUN apt-get install \\\nFROM alpine:3.19\n';
    expect(stagesOf(dockerfile)).toEqual([{ from: 'alpine:3.19', name: undefined }]);
    expect(finalBaseImage(dockerfile, '', [])).toBe('alpine:3.19');
  });

  it('substitutes ${VAR:-default} as Dockerfiles allow in FROM', () => {
    expect(finalBaseImage('ARG V=22\nFROM node:${V:-20}\n', '', [])).toBe('node:22');
    expect(finalBaseImage('ARG V\nFROM node:${V:-20}\n', '', [])).toBe('node:20');
  });
});

describe('registry API helpers', () => {
  it('uses plain HTTP only for a registry on this machine', () => {
    expect(scheme('127.0.0.1:5000')).toBe('http');
    expect(scheme('localhost:5000')).toBe('http');
    expect(scheme('localhost')).toBe('http');
    expect(scheme('[::1]:5000')).toBe('http');
    expect(scheme('ghcr.io')).toBe('https');
    expect(scheme('docker.io')).toBe('https');
    expect(scheme('registry.local:5000')).toBe('https');
  });

  it('sends Docker Hub requests to registry-1.docker.io', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });

  it('writes a platform as os/architecture[/variant]', () => {
    expect(platformOf({ os: 'linux', architecture: 'amd64' })).toBe('linux/amd64');
    expect(platformOf({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe('linux/arm64/v8');
    expect(platformOf(undefined)).toBe('');
  });
});

interface Call {
  url: string;
  headers: Record<string, string>;
}

/** A fetch that answers from `routes` in order of calls and records what it was asked. */
function fakeFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const next = responses[calls.length - 1];
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () => {
    const text = JSON.stringify(body);
    return new Response(text, {
      status,
      headers: { 'content-type': 'application/json', 'content-length': String(text.length), ...headers },
    });
  };

const MANIFEST = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: `sha256:${'c'.repeat(64)}`,
    size: 10,
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${'1'.repeat(64)}`,
      size: 99,
    },
  ],
};
const DIGEST = `sha256:${'d'.repeat(64)}`;
const REGISTRY_ERROR = { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] };

describe('RegistryClient', () => {
  it('reads a manifest with its digest, asking for indexes, lists and manifests', async () => {
    const { impl, calls } = fakeFetch([json(MANIFEST, 200, { 'docker-content-digest': DIGEST })]);
    const client = new RegistryClient([], impl);
    const found = await client.manifest('127.0.0.1:5000/acme/app:v1');
    expect(found).toEqual({ digest: DIGEST, manifest: MANIFEST });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://127.0.0.1:5000/v2/acme/app/manifests/v1');
    const accept = calls[0].headers.accept.split(/,\s*/);
    expect(accept).toEqual(
      expect.arrayContaining([
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ]),
    );
    expect(calls[0].headers.authorization).toBeUndefined();
  });

  it('asks Docker Hub at registry-1.docker.io over HTTPS, tag latest by default', async () => {
    const { impl, calls } = fakeFetch([json(MANIFEST, 200, { 'docker-content-digest': DIGEST })]);
    await new RegistryClient([], impl).manifest('alpine');
    expect(calls[0].url).toBe('https://registry-1.docker.io/v2/library/alpine/manifests/latest');
  });

  it('is undefined for a manifest the registry does not have', async () => {
    const { impl } = fakeFetch([json({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }, 404)]);
    await expect(new RegistryClient([], impl).manifest('ghcr.io/acme/app:gone')).resolves.toBeUndefined();
  });

  it('answers a Bearer challenge with a token fetched with the registry’s credentials', async () => {
    const challenge = 'Bearer realm="http://auth.test/token",service="reg",scope="repository:acme/app:pull"';
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 'T0K3N' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    const client = new RegistryClient(
      [
        { registry: 'ghcr.io', username: 'other', password: 'nope' },
        { registry: 'reg.test', username: 'u', password: 'p' },
      ],
      impl,
    );
    const found = await client.manifest('reg.test/acme/app:v1');
    expect(found?.digest).toBe(DIGEST);

    const token = new URL(calls[1].url);
    expect(`${token.origin}${token.pathname}`).toBe('http://auth.test/token');
    expect(token.searchParams.get('service')).toBe('reg');
    expect(token.searchParams.get('scope')).toBe('repository:acme/app:pull');
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);

    expect(calls[2].url).toBe('https://reg.test/v2/acme/app/manifests/v1');
    expect(calls[2].headers.authorization).toBe('Bearer T0K3N');
    expect(calls[2].headers.accept).toContain('application/vnd.oci.image.index.v1+json');

    // The token is kept for the repository: the next request sends it at once.
    await client.manifest('reg.test/acme/app:v2');
    expect(calls).toHaveLength(4);
    expect(calls[3].headers.authorization).toBe('Bearer T0K3N');
  });

  it('fetches an anonymous token when it has no credentials for the registry', async () => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, {
        'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      }),
      json({ access_token: 'anon' }),
      json(MANIFEST, 200),
    ]);
    const client = new RegistryClient([{ registry: 'ghcr.io', username: 'u', password: 'p' }], impl);
    await client.manifest('alpine:3.19');
    expect(calls[1].headers.authorization).toBeUndefined();
    expect(new URL(calls[1].url).searchParams.get('scope')).toBe('repository:library/alpine:pull');
    expect(calls[2].headers.authorization).toBe('Bearer anon');
  });

  it('answers a Basic challenge with the credentials', async () => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Basic realm="Registry"' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    const client = new RegistryClient(
      [{ registry: 'localhost:5000', username: 'me', password: 's3cret' }],
      impl,
    );
    const found = await client.manifest('localhost:5000/acme/app:v1');
    expect(found?.manifest).toEqual(MANIFEST);
    expect(calls).toHaveLength(2);
    expect(calls[1].url).toBe('http://localhost:5000/v2/acme/app/manifests/v1');
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('me:s3cret').toString('base64')}`);
  });

  it('throws a RegistryApiError naming the registry when access is forbidden', async () => {
    const { impl } = fakeFetch([json({ errors: [{ code: 'DENIED' }] }, 403)]);
    const error = await new RegistryClient([], impl).manifest('ghcr.io/acme/app:v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as RegistryApiError).status).toBe(403);
    expect((error as Error).message).toContain('ghcr.io/acme/app');
    expect((error as Error).message).toContain('not allowed');
  });

  it('throws a RegistryApiError when a 401 cannot be answered', async () => {
    const { impl } = fakeFetch([json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Basic realm="Registry"' })]);
    const error = await new RegistryClient([], impl).manifest('ghcr.io/acme/app:v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as Error).message).toMatch(/ghcr\.io\/acme\/app: not allowed \(HTTP 401\)/);
  });

  it('throws a RegistryApiError when the token it got is still refused', async () => {
    const challenge = 'Bearer realm="http://auth.test/token",service="reg"';
    const { impl } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 'weak' }),
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
    ]);
    const error = await new RegistryClient([], impl)
      .manifest('reg.test/acme/app:v1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as RegistryApiError).status).toBe(401);
    expect((error as Error).message).toContain('reg.test/acme/app');
  });

  it('reads a configuration blob', async () => {
    const config = { architecture: 'amd64', os: 'linux', rootfs: { diff_ids: ['sha256:x'] } };
    const { impl, calls } = fakeFetch([json(config)]);
    const client = new RegistryClient([], impl);
    const ref = parseImageName('ghcr.io/acme/app');
    await expect(client.config(ref, MANIFEST.config)).resolves.toEqual(config);
    expect(calls[0].url).toBe(`https://ghcr.io/v2/acme/app/blobs/${MANIFEST.config.digest}`);
  });

  it('refuses to read a layer blob, without a request', async () => {
    const { impl, calls } = fakeFetch([]);
    const client = new RegistryClient([], impl);
    const layerDescriptor: Descriptor = {
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest: `sha256:${'1'.repeat(64)}`,
      size: 50 * MB,
    };
    await expect(client.config(parseImageName('ghcr.io/acme/app'), layerDescriptor)).rejects.toThrow(
      RegistryApiError,
    );
    await expect(client.config(parseImageName('ghcr.io/acme/app'), layerDescriptor)).rejects.toThrow(
      /not a configuration/,
    );
    expect(calls).toHaveLength(0);
    expect(client.requests).toHaveLength(0);
  });

  it('logs every request with its status and size', async () => {
    const challenge = 'Bearer realm="http://auth.test/token",service="reg"';
    const { impl } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 't' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
      json({ errors: [] }, 404),
    ]);
    const client = new RegistryClient([], impl);
    await client.manifest('reg.test/acme/app:v1');
    await client.manifest('reg.test/acme/app:v2');
    expect(client.requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 401],
      ['GET', 200],
      ['GET', 200],
      ['GET', 404],
    ]);
    expect(client.requests[0].url).toBe('https://reg.test/v2/acme/app/manifests/v1');
    expect(client.requests[1].url).toMatch(/^http:\/\/auth\.test\/token\?/);
    expect(client.requests[2].bytes).toBe(JSON.stringify(MANIFEST).length);
    expect(client.requests[3].url).toBe('https://reg.test/v2/acme/app/manifests/v2');
  });
});

describe('layerSizesFromHistory', () => {
  const config = [
    { created_by: 'ADD rootfs /' },
    { created_by: 'CMD ["sh"]', empty_layer: true },
    { created_by: 'RUN a' },
    { created_by: 'ENV X=1', empty_layer: true },
    { created_by: 'RUN b' },
  ];

  it('pairs the newest-first engine history with the configuration, skipping empty layers', () => {
    const engine = [{ size: 300 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 3)).toEqual([100, 200, 300]);
  });

  it('gives a layer of 0 bytes as 0, not unknown', () => {
    const engine = [{ size: 0 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 3)).toEqual([100, 200, 0]);
  });

  it('is all unknown when the counts disagree', () => {
    expect(layerSizesFromHistory(config, [{ size: 1 }, { size: 2 }], 3)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const engine = [{ size: 300 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 4)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('pickPlatform', () => {
  const entry = (digest: string, os: string, architecture: string, variant?: string): Descriptor => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest,
    size: 1,
    platform: variant ? { os, architecture, variant } : { os, architecture },
  });
  const attestation = entry('att', 'unknown', 'unknown');

  it('picks the exact platform', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('arm', 'linux', 'arm64', 'v8')];
    expect(pickPlatform(manifests, 'linux/arm64/v8')?.digest).toBe('arm');
    expect(pickPlatform(manifests, 'linux/amd64')?.digest).toBe('amd');
  });

  it('matches os/architecture when the variant differs or is missing', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('arm', 'linux', 'arm64', 'v8')];
    expect(pickPlatform(manifests, 'linux/arm64')?.digest).toBe('arm');
  });

  it('skips attestation entries, even as the fallback', () => {
    const manifests = [attestation, entry('s390', 'linux', 's390x'), entry('amd', 'linux', 'amd64')];
    expect(pickPlatform(manifests, 'linux/amd64')?.digest).toBe('amd');
    expect(pickPlatform(manifests, 'linux/riscv64')?.digest).toBe('s390');
    expect(pickPlatform([attestation], 'linux/amd64')).toBeUndefined();
    expect(pickPlatform([{ ...attestation, platform: undefined }], 'linux/amd64')).toBeUndefined();
  });

  it('falls back to the first real entry', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('ppc', 'linux', 'ppc64le')];
    expect(pickPlatform(manifests, 'windows/amd64')?.digest).toBe('amd');
  });

  it('does not take another architecture whose name starts the same for the variant-less match', () => {
    const manifests = [entry('arm64', 'linux', 'arm64', 'v8'), entry('armv6', 'linux', 'arm', 'v6')];
    expect(pickPlatform(manifests, 'linux/arm/v7')?.digest).toBe('armv6');
  });
});

describe('readSizeSettings', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const push: GitContext = {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    repository: 'acme/app',
    defaultBranch: 'main',
    isFork: false,
    repo: {},
  };
  const pullRequest: GitContext = {
    ...push,
    eventName: 'pull_request',
    ref: 'refs/pull/42/merge',
    prNumber: 42,
    prHeadSha: 'b'.repeat(40),
    prBaseRef: 'main',
  };
  const firstImage = parseImageName('ghcr.io/acme/app');
  const noRules = { tags: '', flavor: '' };

  const settings = (
    inputs: Record<string, string>,
    git: GitContext = push,
    rules: { tags: string; flavor: string } = noRules,
  ) => readSizeSettings((name) => inputs[name] ?? '', git, firstImage, rules, now);

  it('has defaults: comment on change of 1%, compressed, no limit, no base on a push', () => {
    expect(settings({})).toEqual({
      base: '',
      baseSource: 'none',
      comment: 'on-change',
      commentThreshold: { kind: 'percent', value: 1 },
      limit: 0,
      limitKind: 'compressed',
      increaseLimit: undefined,
      githubToken: '',
    });
  });

  it('reads every input', () => {
    expect(
      settings({
        'size-comment': 'always',
        'size-limit': '150MB',
        'size-limit-kind': 'uncompressed',
        'size-increase-limit': '5%',
        'size-comment-threshold': '10kB',
        'github-token': ' ghs_x ',
      }),
    ).toMatchObject({
      comment: 'always',
      limit: 150 * MB,
      limitKind: 'uncompressed',
      increaseLimit: { kind: 'percent', value: 5 },
      commentThreshold: { kind: 'bytes', value: 10_000 },
      githubToken: 'ghs_x',
    });
    expect(settings({ 'size-increase-limit': '1.5GiB' }).increaseLimit).toEqual({
      kind: 'bytes',
      value: 1.5 * 1024 ** 3,
    });
  });

  it('compares a pull request with the image the tag rules give its base branch', () => {
    expect(settings({}, pullRequest)).toMatchObject({
      base: 'ghcr.io/acme/app:main',
      baseSource: 'base-branch',
    });
    expect(settings({}, pullRequest, { tags: 'type=ref,event=branch', flavor: '' })).toMatchObject({
      base: 'ghcr.io/acme/app:main',
      baseSource: 'base-branch',
    });
    expect(settings({}, { ...pullRequest, prBaseRef: 'release/1.x' })).toMatchObject({
      base: 'ghcr.io/acme/app:release-1.x',
      baseSource: 'base-branch',
    });
  });

  it('has no base when the tag rules give the base branch no tag, or outside a pull request', () => {
    // latest=auto tags a push to the default branch `latest`: that is where main's image is.
    expect(settings({}, pullRequest, { tags: 'type=ref,event=pr', flavor: '' })).toMatchObject({
      base: 'ghcr.io/acme/app:latest',
      baseSource: 'base-branch',
    });
    expect(settings({}, pullRequest, { tags: 'type=ref,event=pr', flavor: 'latest=false' })).toMatchObject({
      base: '',
      baseSource: 'none',
    });
    expect(
      settings({}, { ...pullRequest, prBaseRef: 'develop' }, { tags: 'type=ref,event=pr', flavor: '' }),
    ).toMatchObject({ base: '', baseSource: 'none' });
    expect(settings({}, { ...pullRequest, prBaseRef: undefined }).baseSource).toBe('none');
    expect(readSizeSettings(() => '', pullRequest, undefined, noRules, now).baseSource).toBe('none');
  });

  it('lets size-base win, written the way Docker shows it', () => {
    expect(settings({ 'size-base': 'ghcr.io/acme/app:stable' }, pullRequest)).toMatchObject({
      base: 'ghcr.io/acme/app:stable',
      baseSource: 'input',
    });
    expect(settings({ 'size-base': ' docker.io/library/alpine ' })).toMatchObject({
      base: 'alpine:latest',
      baseSource: 'input',
    });
    expect(settings({ 'size-base': `ghcr.io/acme/app@${DIGEST}` }).base).toBe(`ghcr.io/acme/app@${DIGEST}`);
  });

  const bad: [string, string][] = [
    ['size-comment', 'sometimes'],
    ['size-limit', '10%'],
    ['size-limit', 'big'],
    ['size-increase-limit', 'lots'],
    ['size-comment-threshold', 'x'],
    ['size-limit-kind', 'zipped'],
    ['size-base', 'Bad/Name:tag'],
    ['size-base', 'https://x/y'],
  ];
  it.each(bad)('refuses %s %j with an InputError naming the input', (input, value) => {
    let error: unknown;
    try {
      settings({ [input]: value }, pullRequest);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toContain(`Input '${input}'`);
    expect((error as Error).message).toContain(value);
  });

  it('points a percentage in size-limit to size-increase-limit', () => {
    expect(() => settings({ 'size-limit': '10%' })).toThrow(/size-increase-limit/);
  });
});

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

describe('instructions of imported layers', () => {
  it('shows the history comment when no instruction was recorded', () => {
    expect(instructionsForLayers([{ created_by: '', comment: 'Imported from -' }], 1)).toEqual([
      '(Imported from -)',
    ]);
  });
});

describe('platformSizes', () => {
  const index = (entries: [string, string][]) => ({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map(([digest, architecture]) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: 100,
      platform: { os: architecture === 'attestation' ? 'unknown' : 'linux', architecture },
    })),
  });
  const manifest = (config: string, sizes: number[]) => ({
    ...MANIFEST,
    config: { ...MANIFEST.config, digest: config },
    layers: sizes.map((size, i) => ({
      ...MANIFEST.layers[0],
      digest: `sha256:${String(i).repeat(64)}`,
      size,
    })),
  });
  const config = (layers: number, architecture = 'amd64') => ({
    os: 'linux',
    architecture,
    rootfs: {
      type: 'layers',
      diff_ids: Array.from({ length: layers }, (_, i) => `sha256:${'e'.repeat(63)}${i}`),
    },
    history: Array.from({ length: layers }, (_, i) => ({ created_by: `RUN step ${i}` })),
  });
  const hex = (c: string) => `sha256:${c.repeat(64)}`;
  /** The registry by path: the image (amd64, arm64 and an attestation) and the base (amd64 only). */
  const routes: Record<string, unknown> = {
    [`/v2/acme/app/manifests/${hex('a')}`]: index([
      [hex('1'), 'amd64'],
      [hex('2'), 'arm64'],
      [hex('3'), 'attestation'],
    ]),
    [`/v2/acme/app/manifests/${hex('1')}`]: manifest(hex('4'), [100, 50]),
    [`/v2/acme/app/manifests/${hex('2')}`]: manifest(hex('5'), [90, 40, 10]),
    [`/v2/acme/app/blobs/${hex('4')}`]: config(2),
    [`/v2/acme/app/blobs/${hex('5')}`]: config(3, 'arm64'),
    '/v2/acme/app/manifests/main': manifest(hex('6'), [100, 20]),
    [`/v2/acme/app/blobs/${hex('6')}`]: config(2),
  };
  const routed = (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname;
    const body = routes[path];
    return body === undefined
      ? new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  it('gives each platform of a list its compressed size, beside the base for the same platform', async () => {
    const client = new RegistryClient([], routed);
    const sizes = await platformSizes(
      client,
      `127.0.0.1:5000/acme/app@${hex('a')}`,
      '127.0.0.1:5000/acme/app:main',
    );
    expect(sizes).toEqual([
      { platform: 'linux/amd64', compressedSize: 150, layers: 2, baseCompressedSize: 120 },
      // The base has no arm64 image: it is not compared with its amd64 one.
      { platform: 'linux/arm64', compressedSize: 140, layers: 3, baseCompressedSize: undefined },
    ]);
    // Manifests and configurations only: no layer blob was asked for.
    expect(client.requests.every((r) => !r.url.includes(`/blobs/sha256:${'0'.repeat(64)}`))).toBe(true);
  });

  it('is undefined for a single image', async () => {
    const client = new RegistryClient([], routed);
    expect(await platformSizes(client, '127.0.0.1:5000/acme/app:main', undefined)).toBeUndefined();
  });
});
