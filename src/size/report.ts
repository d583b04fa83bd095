import { readFile } from 'node:fs/promises';
import { finalBaseImage } from '../naming/dockerfile.js';
import type { Docker, ImageInspect } from '../engine/docker.js';
import type { RegistryClient } from '../registry/api.js';
import type { SizeGroup } from '../settings/size.js';
import { exceededBudgets } from './budgets.js';
import { diffImages } from './diff.js';
import { totals, type ImageSize } from './layers.js';
import { readRegistryImage } from '../registry/images.js';
import {
  localPlatform,
  measureBuiltImage,
  openLayerMemo,
  measureRegistryImage,
  platformSizes,
} from './measure.js';
import { LayerStore } from '../engine/layer-store.js';
import type { SizeReport } from './render.js';

export interface SizeStageInput {
  settings: SizeGroup;
  docker: Docker;
  /** The built image, as the engine described it. */
  image: ImageInspect;
  /** Manifest digest when the image was pushed; empty otherwise. */
  digest: string;
  /** Where this image's layers may already be, with exact sizes: the cache's images. */
  hints?: SizeHints;
  warn: (message: string) => void;
}

/**
 * The size report of the built image: the base-branch image (or `size-base`) read from the
 * registry first, so that the built image's layers it already holds take their exact sizes and are
 * never read; then the built image's sizes layer by layer, their diff, and the budgets it exceeds.
 */
export async function buildSizeReport(input: SizeStageInput, registry: RegistryClient): Promise<SizeReport> {
  const { settings, docker } = input;
  const firstImage = settings.subject.image;
  if (!firstImage) throw new Error('no image to measure (input images is empty)');
  const from = await baseImageLayers(input, registry);
  const pushed = input.digest ? `${firstImage.name}@${input.digest}` : undefined;
  const base = settings.base;
  const baseRead = base ? await readBase(input, registry, from.layers) : undefined;
  const exactSizes = new Map([...(input.hints?.sizes ?? []), ...from.exact]);
  if (!pushed) {
    for (const [diffId, size] of await sizesAt(
      registry,
      input.hints?.references ?? [],
      localPlatform(input.image),
    )) {
      exactSizes.set(diffId, size);
    }
  }
  for (const layer of baseRead?.image?.layers ?? []) {
    if (layer.compressedSize !== undefined) exactSizes.set(layer.diffId, layer.compressedSize);
  }
  const image = await measureBuiltImage(docker, registry, {
    image: input.image,
    reference: settings.subject.reference || firstImage.familiar,
    pushed,
    baseLayers: from.layers,
    exactSizes,
    store: pushed ? undefined : await LayerStore.open(await docker.rootDir().catch(() => '')),
    memo: pushed ? undefined : openLayerMemo(),
    warn: input.warn,
  });
  const report: SizeReport = { image, exceeded: [] };
  if (base && baseRead) {
    const found = baseRead.image && withKnownSizes(baseRead.image, image);
    report.base = { reference: base, found: Boolean(found), ...baseRead, image: found };
    if (found) report.diff = diffImages(found, image);
  }
  if (pushed) {
    // buildx pushes a multi-platform image as a list: each platform's size, read from the registry.
    report.platforms = await platformSizes(registry, pushed, base || undefined).catch(() => undefined);
  }
  report.exceeded = exceededBudgets(settings, image, report.diff, base, report.base);
  return report;
}

/** Exact compressed sizes by diff ID that other images already in a registry give for free. */
export interface SizeHints {
  /** Known from the cache's own registry storage (gha). */
  sizes?: Map<string, number>;
  /** References to read (manifest and configuration only); a missing or unreadable one gives nothing. */
  references?: string[];
}

/** The layers of each reference that exists, with the registry's size of each, read concurrently. */
async function sizesAt(
  registry: RegistryClient,
  references: string[],
  platform: string,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const reads = await Promise.all(
    [...new Set(references)].map((reference) =>
      readRegistryImage(registry, reference, platform).catch(() => undefined),
    ),
  );
  for (const read of reads) for (const [diffId, size] of sizesByDiffId(read)) sizes.set(diffId, size);
  return sizes;
}

/** A registry image's compressed layer sizes by diff ID; none when its manifest and configuration disagree. */
function sizesByDiffId(read: Awaited<ReturnType<typeof readRegistryImage>>): Map<string, number> {
  const diffIds = read?.config.rootfs?.diff_ids ?? [];
  const layers = read?.manifest.layers ?? [];
  return new Map(
    diffIds.length === layers.length ? diffIds.map((id, i) => [id, layers[i].size] as const) : [],
  );
}

/** The base-branch image from the registry; a reason (and a warning when it is an error) when it cannot be read. */
async function readBase(
  input: SizeStageInput,
  registry: RegistryClient,
  fromLayers: string[],
): Promise<{ image?: ImageSize; reason?: string; error?: boolean }> {
  const base = input.settings.base;
  const platform = localPlatform(input.image);
  try {
    const found = await measureRegistryImage(registry, base, platform, new Map(), fromLayers, input.docker);
    return found ? { image: found } : { reason: `\`${base}\` is not in the registry yet` };
  } catch (error) {
    const reason = `reading \`${base}\` from the registry failed: ${(error as Error).message}`;
    input.warn(`Size report: ${reason.replace(/`/g, '')}. Its sizes are unknown.`);
    return { reason, error: true };
  }
}

/** The base's uncompressed sizes where the built image has the same layer (the engine measured it). */
export function withKnownSizes(base: ImageSize, image: ImageSize): ImageSize {
  const known = new Map(image.layers.map((layer) => [layer.diffId, layer.size]));
  const layers = base.layers.map((layer) => ({ ...layer, size: layer.size ?? known.get(layer.diffId) }));
  return { ...base, layers, size: totals(layers).size };
}

/**
 * The layers of the image the Dockerfile's final stage starts from: the engine's copy when it has
 * one, else the registry's configuration (whose manifest also gives their exact compressed sizes);
 * none for `scratch` or when neither answers.
 */
async function baseImageLayers(
  input: SizeStageInput,
  registry: RegistryClient,
): Promise<{ layers: string[]; exact: Map<string, number> }> {
  const { subject } = input.settings;
  const { docker } = input;
  const none = { layers: [], exact: new Map<string, number>() };
  let dockerfile = '';
  try {
    dockerfile = await readFile(subject.dockerfile, 'utf8');
  } catch {
    return none;
  }
  const baseImage = finalBaseImage(dockerfile, subject.target, subject.buildArgs);
  if (!baseImage) return none;
  const [local] = await docker.inspectImages([baseImage]);
  if (local) return { layers: local.RootFS.Layers ?? [], exact: new Map() };
  try {
    const read = await readRegistryImage(registry, baseImage, localPlatform(input.image));
    return { layers: read?.config.rootfs?.diff_ids ?? [], exact: sizesByDiffId(read) };
  } catch {
    return none;
  }
}
