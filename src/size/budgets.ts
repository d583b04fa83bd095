import { formatBytes } from '../common/format.js';
import type { SizeSettings } from '../settings/size.js';
import type { SizeDiff } from './diff.js';
import type { ImageSize } from './layers.js';
import { formatChange } from './render.js';

/** Each budget the image is over, as a message giving the figures; empty when within budget. */
export function exceededBudgets(
  size: SizeSettings,
  image: ImageSize,
  diff: SizeDiff | undefined,
  base: string,
): string[] {
  const messages: string[] = [];
  const kind = size.limitKind;
  const value = kind === 'compressed' ? image.compressedSize : image.size;
  if (size.limit > 0 && value !== undefined && value > size.limit) {
    messages.push(
      `Input 'size-limit' is ${formatBytes(size.limit)} (${kind}), but the image is ${formatBytes(value)} (${value} bytes), ${formatBytes(value - size.limit)} over.`,
    );
  }
  const growth = diff ? (kind === 'compressed' ? diff.compressedSize : diff.size) : undefined;
  if (size.increaseLimit && growth?.delta !== undefined) {
    const over =
      size.increaseLimit.kind === 'percent'
        ? growth.percent !== undefined && growth.percent > size.increaseLimit.value
        : growth.delta > size.increaseLimit.value;
    if (over) {
      const limit =
        size.increaseLimit.kind === 'percent'
          ? `${size.increaseLimit.value}%`
          : formatBytes(size.increaseLimit.value);
      messages.push(
        `Input 'size-increase-limit' is ${limit} (${kind}), but the image grew by ${formatChange(growth)} against ${base} (${growth.before} → ${growth.after} bytes).`,
      );
    }
  }
  return messages;
}

/** Whether `on-change` asks for a new comment: the compressed size moved by more than the threshold. */
export function changedEnough(size: SizeSettings, diff: SizeDiff | undefined): boolean {
  const change = diff?.compressedSize;
  if (!change || change.delta === undefined) return false;
  if (size.commentThreshold.kind === 'bytes') return Math.abs(change.delta) > size.commentThreshold.value;
  return change.percent !== undefined && Math.abs(change.percent) > size.commentThreshold.value;
}
