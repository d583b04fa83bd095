import { formatBytes } from '../common/format.js';
import type { SizeSettings } from '../settings/size.js';
import type { SizeDiff } from './diff.js';
import type { ImageSize } from './layers.js';
import { formatChange, type SizeReport } from './render.js';

/**
 * Each budget the image is over, or could not be checked, as a message giving the figures; empty
 * when within budget. A budget never passes on an unknown size: the message names what is missing.
 * The one exception is growth against a base that does not exist yet (nothing to grow from).
 */
export function exceededBudgets(
  size: SizeSettings,
  image: ImageSize,
  diff: SizeDiff | undefined,
  base: string,
  baseRead?: SizeReport['base'],
): string[] {
  const messages: string[] = [];
  const kind = size.limitKind;
  const value = kind === 'compressed' ? image.compressedSize : image.size;
  if (size.limit > 0 && value === undefined) {
    messages.push(
      `Input 'size-limit' could not be checked: the image's ${kind} size is unknown (${missingFigures(image, kind)}). A budget never passes on an unknown size; see the warnings above, or set 'size-limit-kind' to the size that can be measured.`,
    );
  } else if (size.limit > 0 && value !== undefined && value > size.limit) {
    messages.push(
      `Input 'size-limit' is ${formatBytes(size.limit)} (${kind}), but the image is ${formatBytes(value)} (${value} bytes), ${formatBytes(value - size.limit)} over.`,
    );
  }
  if (size.increaseLimit) messages.push(...increaseBudget(size, { image, diff, base: baseRead }, base));
  return messages;
}

function increaseBudget(
  size: SizeSettings,
  { image, diff, base: read }: Pick<SizeReport, 'image' | 'diff' | 'base'>,
  base: string,
): string[] {
  const limit = size.increaseLimit;
  if (!limit || (!read && !diff)) return []; // no base to compare with
  if (read && !read.found && !read.error) return []; // no base yet: warned by the caller
  const kind = size.limitKind;
  const growth = diff ? (kind === 'compressed' ? diff.compressedSize : diff.size) : undefined;
  if (growth?.delta === undefined) {
    const missing =
      read && (!read.found || !read.image)
        ? `${base} could not be read: ${read.reason ?? 'unknown error'}`
        : growth?.before === undefined
          ? `the ${kind} size of ${base} is unknown${read?.image ? ` (${missingFigures(read.image, kind)})` : ''}`
          : `the ${kind} size of this image is unknown (${missingFigures(image, kind)})`;
    return [
      `Input 'size-increase-limit' could not be checked: ${missing}. A budget never passes on an unknown size.${kind === 'uncompressed' ? " Use 'size-limit-kind: compressed' (the base's uncompressed layers are never downloaded)." : ''}`,
    ];
  }
  const over =
    limit.kind === 'percent'
      ? growth.percent !== undefined && growth.percent > limit.value
      : growth.delta > limit.value;
  if (!over) return [];
  const text = limit.kind === 'percent' ? `${limit.value}%` : formatBytes(limit.value);
  return [
    `Input 'size-increase-limit' is ${text} (${kind}), but the image grew by ${formatChange(growth)} against ${base} (${growth.before} → ${growth.after} bytes).`,
  ];
}

/** `layer 3 (RUN make) could not be measured`: the layers whose figure is missing. */
function missingFigures(image: ImageSize, kind: 'compressed' | 'uncompressed'): string {
  const missing = image.layers.flatMap((layer, i) =>
    (kind === 'compressed' ? layer.compressedSize : layer.size) === undefined
      ? [`layer ${i + 1} (${layer.instruction})`]
      : [],
  );
  if (missing.length === 0) return 'its total was not reported';
  const shown =
    missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
  return `no ${kind === 'compressed' ? 'compressed' : 'uncompressed'} size for ${shown}`;
}

/** Whether `on-change` asks for a new comment: the compressed size moved by more than the threshold. */
export function changedEnough(size: SizeSettings, diff: SizeDiff | undefined): boolean {
  const change = diff?.compressedSize;
  if (!change || change.delta === undefined) return false;
  if (size.commentThreshold.kind === 'bytes') return Math.abs(change.delta) > size.commentThreshold.value;
  return change.percent !== undefined && Math.abs(change.percent) > size.commentThreshold.value;
}
