import { describe, expect, it } from 'vitest';
import { change, diffImages } from '../../../src/size/diff.js';
import { commentMarker, formatChange, renderSizeReport } from '../../../src/size/render.js';
import { image, layer, MB } from './helpers.js';

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
      '| 2 | `RUN make \\| tee log` | grown | 2.00 MB → 6.00 MB (+4.00 MB) | 5.00 MB → 12.0 MB (+7.00 MB) | this Dockerfile | exact (registry) |',
    );
    expect(lines).toContain(
      '| (3) | `RUN rm -rf /tmp` | removed | ~~1.00 MB~~ | ~~1.00 MB~~ | this Dockerfile | exact (registry) |',
    );
    expect(lines).toContain(
      '| 1 | `ADD … /` | unchanged | 3.00 MB | 8.00 MB | base image | exact (registry) |',
    );
    // No unescaped pipe inside an instruction cell: every layer row has exactly 8 column separators.
    const rows = lines.filter((line) => /^\| (\d+|\(\d+\)) \|/.test(line));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
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
    expect(lines).toContain('| 1 | `ADD … /` | 3.00 MB | 8.00 MB | base image | exact (registry) |');
    expect(lines).toContain(
      '| 2 | `RUN make \\| tee log` | 6.00 MB | 12.0 MB | this Dockerfile | exact (registry) |',
    );
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
    const estimated = image(
      [
        { ...layer('sha256:b', 'ADD … /', 3 * MB, undefined, 'base') },
        { ...layer('sha256:x', 'RUN x', 1 * MB, undefined), compressedHow: 'layer-store' },
        { ...layer('sha256:y', 'RUN y', 2 * MB, undefined), compressedHow: 'save' },
        { ...layer('sha256:z', 'RUN z', undefined, undefined), compressedHow: undefined },
      ],
      { compressedSource: 'estimated' },
    );
    const text = renderSizeReport({ image: estimated, exceeded: [] }, 'app');
    expect(text).toContain('| Compressed (download) (not pushed: 2 of 4 layers estimated) |');
    expect(text).toContain('| Uncompressed (disk) | unknown |');
    expect(text).toContain(
      "| 2 | `RUN x` | 1.00 MB | unknown | this Dockerfile | estimated (gzip of the engine's layer) |",
    );
    expect(text).toContain(
      '| 3 | `RUN y` | 2.00 MB | unknown | this Dockerfile | estimated (gzip of docker save) |',
    );
    expect(text).toContain('| 4 | `RUN z` | unknown | unknown | this Dockerfile | unknown |');
    expect(text).toContain('| 1 | `ADD … /` | 3.00 MB | unknown | base image | exact (registry) |');

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
