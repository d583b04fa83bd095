import { readFile } from 'node:fs/promises';
import { finalBaseImage } from '../naming/dockerfile.js';
import type { Docker, ImageInspect } from '../engine/docker.js';
import type { RegistryClient } from '../registry/api.js';
import type { SizeGroup } from '../settings/size.js';
import { exceededBudgets } from './budgets.js';
import { diffImages } from './diff.js';
import { totals, type ImageSize } from './layers.js';
import { readRegistryImage } from '../registry/images.js';
import { measureBuiltImage, measureRegistryImage, platformSizes } from './measure.js';
import type { SizeReport } from './render.js';

export interface SizeStageInput {
  settings: SizeGroup;
  docker: Docker;
  /** The built image, as the engine described it. */
  image: ImageInspect;
  /** Manifest digest when the image was pushed; empty otherwise. */
  digest: string;
  workDir: string;
  warn: (message: string) => void;
}

/**
 * The size report of the built image: its sizes layer by layer, the base-branch image (or
 * `size-base`) read from the registry, their diff, and the budgets it exceeds.
 */
export async function buildSizeReport(input: SizeStageInput, registry: RegistryClient): Promise<SizeReport> {
  const { settings, docker } = input;
  const firstImage = settings.subject.image;
  if (!firstImage) throw new Error('no image to measure (input images is empty)');
  const baseLayers = await baseImageLayers(input, registry);
  const image = await measureBuiltImage(docker, registry, {
    image: input.image,
    reference: settings.subject.reference || firstImage.familiar,
    pushed: input.digest ? `${firstImage.name}@${input.digest}` : undefined,
    baseLayers,
    workDir: input.workDir,
  });
  const report: SizeReport = { image, exceeded: [] };
  const base = settings.base;
  if (base) {
    const known = new Map(
      image.layers.flatMap((layer) =>
        layer.size === undefined ? [] : [[layer.diffId, layer.size] as const],
      ),
    );
    let found: ImageSize | undefined;
    let reason: string | undefined;
    try {
      found = await measureRegistryImage(registry, base, image.platform, known, baseLayers, docker);
      if (!found) reason = `\`${base}\` is not in the registry yet`;
    } catch (error) {
      reason = `reading \`${base}\` from the registry failed: ${(error as Error).message}`;
      input.warn(`Size report: ${reason.replace(/`/g, '')}. Reporting sizes only.`);
    }
    report.base = { reference: base, found: Boolean(found), reason, image: found };
    if (found) {
      if (image.compressedSource === 'estimated') useRegistrySizes(image, found);
      report.diff = diffImages(found, image);
    }
  }
  if (input.digest) {
    // buildx pushes a multi-platform image as a list: each platform's size, read from the registry.
    report.platforms = await platformSizes(
      registry,
      `${firstImage.name}@${input.digest}`,
      base || undefined,
    ).catch(() => undefined);
  }
  report.exceeded = exceededBudgets(settings, image, report.diff, base);
  const growth = settings.limitKind === 'compressed' ? report.diff?.compressedSize : report.diff?.size;
  if (settings.increaseLimit && report.diff && growth?.delta === undefined) {
    input.warn(
      `Input 'size-increase-limit' was not checked: the ${settings.limitKind} size of ${base} is unknown (its layers are not on this runner and are never downloaded). Use 'size-limit-kind: compressed'.`,
    );
  }
  return report;
}

/**
 * The layers of the image the Dockerfile's final stage starts from: the engine's copy when it has
 * one, else the registry's configuration; none for `scratch` or when neither answers.
 */
async function baseImageLayers(input: SizeStageInput, registry: RegistryClient): Promise<string[]> {
  const { subject } = input.settings;
  const { docker } = input;
  let dockerfile = '';
  try {
    dockerfile = await readFile(subject.dockerfile, 'utf8');
  } catch {
    return [];
  }
  const baseImage = finalBaseImage(dockerfile, subject.target, subject.buildArgs);
  if (!baseImage) return [];
  const [local] = await docker.inspectImages([baseImage]);
  if (local) return local.RootFS.Layers ?? [];
  try {
    const read = await readRegistryImage(registry, baseImage, '');
    return read?.config.rootfs?.diff_ids ?? [];
  } catch {
    return [];
  }
}

/**
 * A layer the base has too is the very blob the registry already stores: its size there is exact,
 * where gzip on this runner only estimates it. Using it keeps unchanged layers from showing noise.
 */
export function useRegistrySizes(image: ImageSize, base: ImageSize): void {
  const exact = new Map(base.layers.map((layer) => [layer.diffId, layer.compressedSize]));
  for (const layer of image.layers) {
    const size = exact.get(layer.diffId);
    if (size !== undefined) layer.compressedSize = size;
  }
  image.compressedSize = totals(image.layers).compressedSize;
}
