import type { ImageSize, LayerSize } from './layers.js';

/** `changed`: other content of the same size; `unchanged`: the very same layer (digest). */
type LayerChange = 'added' | 'removed' | 'grown' | 'shrunk' | 'changed' | 'unchanged';

export interface LayerDiff {
  instruction: string;
  change: LayerChange;
  /** 1-based positions in each image; absent on the side that lacks the layer. */
  beforeIndex?: number;
  afterIndex?: number;
  before?: LayerSize;
  after?: LayerSize;
  /** Bytes after minus before (missing side counts 0); `undefined` when either side is unknown. */
  sizeDelta?: number;
  compressedDelta?: number;
}

export interface Change {
  before?: number;
  after?: number;
  /** `after - before`; `undefined` when either is unknown. */
  delta?: number;
  /** Percent of `before`; `undefined` when unknown or `before` is 0. */
  percent?: number;
}

export interface SizeDiff {
  size: Change;
  compressedSize: Change;
  /** Changed layers, largest change first, then the unchanged ones in order. */
  layers: LayerDiff[];
}

export function change(before: number | undefined, after: number | undefined): Change {
  const delta = before === undefined || after === undefined ? undefined : after - before;
  const percent = delta === undefined || !before ? undefined : (delta / before) * 100;
  return { before, after, delta, percent };
}

/**
 * Layers matched by instruction and order (longest common subsequence of the instructions, so a
 * layer inserted in the middle does not shift every match after it); a pair with the same digest is
 * unchanged, else grown or shrunk by its compressed size (the uncompressed when that is unknown).
 */
export function diffImages(before: ImageSize, after: ImageSize): SizeDiff {
  const a = before.layers;
  const b = after.layers;
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i].instruction === b[j].instruction
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows: LayerDiff[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i].instruction === b[j].instruction) {
      rows.push(pair(a[i], i + 1, b[j], j + 1));
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      rows.push(pair(undefined, undefined, b[j], j + 1));
      j++;
    } else {
      rows.push(pair(a[i], i + 1, undefined, undefined));
      i++;
    }
  }
  const weight = (row: LayerDiff) => Math.abs(row.compressedDelta ?? row.sizeDelta ?? 0);
  const changed = rows.filter((row) => row.change !== 'unchanged').sort((x, y) => weight(y) - weight(x));
  return {
    size: change(before.size, after.size),
    compressedSize: change(before.compressedSize, after.compressedSize),
    layers: [...changed, ...rows.filter((row) => row.change === 'unchanged')],
  };
}

function pair(
  before: LayerSize | undefined,
  beforeIndex: number | undefined,
  after: LayerSize | undefined,
  afterIndex: number | undefined,
): LayerDiff {
  const delta = (pick: (layer: LayerSize) => number | undefined) => {
    const x = before ? pick(before) : 0;
    const y = after ? pick(after) : 0;
    return x === undefined || y === undefined ? undefined : y - x;
  };
  const sizeDelta = delta((layer) => layer.size);
  const compressedDelta = delta((layer) => layer.compressedSize);
  let kind: LayerChange;
  if (!before) kind = 'added';
  else if (!after) kind = 'removed';
  else if (before.diffId === after.diffId) kind = 'unchanged';
  else {
    const by = compressedDelta ?? sizeDelta ?? 0;
    kind = by > 0 ? 'grown' : by < 0 ? 'shrunk' : 'changed';
  }
  return {
    instruction: (after ?? before)?.instruction ?? '',
    change: kind,
    beforeIndex,
    afterIndex,
    before,
    after,
    sizeDelta,
    compressedDelta,
  };
}
