// Layers and images for the size tests: sizes in the units the reports print.
import { totals, type ImageSize, type LayerSize } from '../../../src/size/layers.js';

export const HEX = 'ab12'.repeat(16);
export const MB = 1_000_000;

export function layer(
  diffId: string,
  instruction: string,
  compressedSize?: number,
  size?: number,
  origin: LayerSize['origin'] = 'added',
): LayerSize {
  // Sizes in these tests are the registry's, as for a pushed image or a base read from the registry.
  return {
    diffId,
    instruction,
    compressedSize,
    compressedHow: compressedSize === undefined ? undefined : 'registry',
    size,
    origin,
  };
}

export function image(layers: LayerSize[], extra: Partial<ImageSize> = {}): ImageSize {
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
