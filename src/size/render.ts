import { cell, formatBytes } from '../common/format.js';
import { change, type Change, type LayerDiff, type SizeDiff } from './diff.js';
import type { ImageSize, LayerSize } from './layers.js';
import type { PlatformSize } from './measure.js';

/** What the size report says of one image: its sizes, its base-branch counterpart, their diff. */
export interface SizeReport {
  image: ImageSize;
  /** The image compared against; `found: false` when the registry does not have it. */
  /** `error` when it could not be read (5xx, malformed), as opposed to not existing yet. */
  base?: { reference: string; found: boolean; reason?: string; error?: boolean; image?: ImageSize };
  diff?: SizeDiff;
  /** Every platform of a multi-platform image (the layers above are the runner's platform). */
  platforms?: PlatformSize[];
  /** Budgets exceeded, as messages with the figures. */
  exceeded: string[];
}

/** The hidden marker that identifies an image's comment on a pull request, so it is updated in place. */
export function commentMarker(image: string): string {
  return `<!-- shipshape-size-report: ${image} -->`;
}

const CHART_LAYERS = 40;

/** `+4.10 MB (+3.2%)`, `-512 B (-0.1%)`, `±0 B`. */
export function formatChange(value: Change): string {
  if (value.delta === undefined) return 'unknown';
  if (value.delta === 0) return '±0 B';
  const sign = value.delta > 0 ? '+' : '';
  const percent = value.percent === undefined ? '' : ` (${sign}${value.percent.toFixed(1)}%)`;
  return `${sign}${formatBytes(value.delta)}${percent}`;
}

const bytesOrUnknown = (bytes: number | undefined) => (bytes === undefined ? 'unknown' : formatBytes(bytes));

export function renderSizeReport(report: SizeReport, name: string): string {
  const { image, base, diff } = report;
  const estimated = image.layers.filter((layer) => layer.compressedHow && layer.compressedHow !== 'registry');
  const estimate =
    image.compressedSource === 'estimated'
      ? ` (not pushed: ${estimated.length} of ${image.layers.length} layers estimated)`
      : '';
  const out = [commentMarker(name), `### Image size: \`${name}\` (${image.platform})`, ''];
  if (base && diff && base.image) {
    out.push(
      `| | Base \`${cell(base.reference)}\` | This image | Change |`,
      '|---|---|---|---|',
      `| Compressed (download)${estimate} | ${bytesOrUnknown(diff.compressedSize.before)} | ${bytesOrUnknown(diff.compressedSize.after)} | **${formatChange(diff.compressedSize)}** |`,
      `| Uncompressed (disk) | ${bytesOrUnknown(diff.size.before)} | ${bytesOrUnknown(diff.size.after)} | ${formatChange(diff.size)} |`,
      `| Layers | ${base.image.layers.length} | ${image.layers.length} | |`,
      '',
    );
  } else {
    out.push(
      '| | This image |',
      '|---|---|',
      `| Compressed (download)${estimate} | ${bytesOrUnknown(image.compressedSize)} |`,
      `| Uncompressed (disk) | ${bytesOrUnknown(image.size)} |`,
      `| Layers | ${image.layers.length} |`,
      '',
    );
    if (base && !base.found)
      out.push(
        `No base to compare with: ${(base.reason ?? `\`${base.reference}\` was not found`).replace(/\.$/, '')}.`,
        '',
      );
  }
  for (const message of report.exceeded) out.push(`> [!CAUTION]`, `> ${message}`, '');
  if (report.platforms && report.platforms.length > 0) {
    out.push(
      '#### Platforms (compressed)',
      '',
      '| Platform | Base | This image | Change | Layers |',
      '|---|---|---|---|---|',
    );
    for (const platform of report.platforms) {
      const growth = formatChange(change(platform.baseCompressedSize, platform.compressedSize));
      out.push(
        `| ${platform.platform} | ${bytesOrUnknown(platform.baseCompressedSize)} | ${bytesOrUnknown(platform.compressedSize)} | ${growth} | ${platform.layers} |`,
      );
    }
    out.push('');
  }

  if (diff && base?.image) {
    out.push(
      '#### Layers, largest change first',
      '',
      '| # | Instruction | Change | Compressed | Uncompressed | From | Compressed size |',
      '|---|---|---|---|---|---|---|',
    );
    for (const row of diff.layers) out.push(diffRow(row));
    out.push('', ...chart(base.image, image));
  } else {
    out.push(
      '#### Layers',
      '',
      '| # | Instruction | Compressed | Uncompressed | From | Compressed size |',
      '|---|---|---|---|---|---|',
    );
    image.layers.forEach((layer, index) =>
      out.push(
        `| ${index + 1} | \`${instructionCell(layer.instruction)}\` | ${bytesOrUnknown(layer.compressedSize)} | ${bytesOrUnknown(layer.size)} | ${layer.origin === 'base' ? 'base image' : 'this Dockerfile'} | ${howMeasured(layer)} |`,
      ),
    );
  }
  // Marker-like text from the image (an instruction, a reference) must not read as another image's
  // marker: every `<!--` after ours gets a zero-width space.
  const [marker, ...rest] = out;
  return `${[marker, ...rest.map((line) => line.replace(/<!--/g, '<!\u200b--'))].join('\n')}\n`;
}

function diffRow(row: LayerDiff): string {
  const position = row.afterIndex ?? `(${row.beforeIndex})`;
  const sizes = (pick: 'compressedSize' | 'size', delta: number | undefined) => {
    const before = row.before?.[pick];
    const after = row.after?.[pick];
    if (row.change === 'added') return `${bytesOrUnknown(after)}`;
    if (row.change === 'removed') return `~~${bytesOrUnknown(before)}~~`;
    if (delta === undefined) return `${bytesOrUnknown(before)} → ${bytesOrUnknown(after)}`;
    if (delta === 0) return bytesOrUnknown(after);
    return `${bytesOrUnknown(before)} → ${bytesOrUnknown(after)} (${delta > 0 ? '+' : ''}${formatBytes(delta)})`;
  };
  const origin = (row.after ?? row.before)?.origin === 'base' ? 'base image' : 'this Dockerfile';
  return `| ${position} | \`${instructionCell(row.instruction)}\` | ${row.change} | ${sizes('compressedSize', row.compressedDelta)} | ${sizes('size', row.sizeDelta)} | ${origin} | ${howMeasured(row.after ?? row.before)} |`;
}

/** Whether a layer's compressed size is exact or estimated, and how it was found. */
function howMeasured(layer: Pick<LayerSize, 'compressedSize' | 'compressedHow'> | undefined): string {
  if (layer?.compressedSize === undefined) return 'unknown';
  switch (layer.compressedHow) {
    case 'registry':
      return 'exact (registry)';
    case 'layer-store':
      return "estimated (gzip of the engine's layer)";
    case 'save':
      return 'estimated (gzip of docker save)';
    default:
      return 'unknown';
  }
}

function instructionCell(instruction: string): string {
  const short = instruction.length > 80 ? `${instruction.slice(0, 79)}…` : instruction;
  return cell(short).replace(/`/g, "'");
}

/**
 * A mermaid bar chart GitHub renders: this image's layers as bars, the base's as a line, in MB,
 * compressed when both are known, else uncompressed.
 */
function chart(base: ImageSize, image: ImageSize): string[] {
  const compressed = [...base.layers, ...image.layers].every((layer) => layer.compressedSize !== undefined);
  const pick = (layer: { compressedSize?: number; size?: number } | undefined) =>
    layer ? ((compressed ? layer.compressedSize : layer.size) ?? 0) / 1e6 : 0;
  const count = Math.min(CHART_LAYERS, Math.max(base.layers.length, image.layers.length));
  const labels = Array.from({ length: count }, (_, i) => `"${i + 1}"`);
  const round = (value: number) => Number(value.toFixed(3));
  const series = (layers: ImageSize['layers']) =>
    Array.from({ length: count }, (_, i) => round(pick(layers[i]))).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Layer sizes by position, ${compressed ? 'compressed' : 'uncompressed'} MB: bars this image, line the base"`,
    `  x-axis [${labels.join(', ')}]`,
    '  y-axis "MB"',
    `  bar [${series(image.layers)}]`,
    `  line [${series(base.layers)}]`,
    '```',
  ];
}
