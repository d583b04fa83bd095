import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { runLimited } from '../common/scheduler.js';
import type { Docker, ImageInspect } from '../engine/docker.js';
import type { LayerStore } from '../engine/layer-store.js';
import { Memo } from '../engine/memo.js';
import { platformOf, type ImageIndex, type RegistryClient } from '../registry/api.js';
import { readRegistryImage, type ImageConfig } from '../registry/images.js';
import {
  instructionsForLayers,
  sharedPrefix,
  totals,
  type HistoryEntry,
  type CompressedHow,
  type ImageSize,
  type LayerSize,
} from './layers.js';

/** `linux/amd64` of a local image. */
export function localPlatform(image: ImageInspect): string {
  return [image.Os ?? 'linux', image.Architecture ?? 'amd64', image.Variant].filter(Boolean).join('/');
}

/** What measuring the built image needs besides the engine and the registry. */
export interface BuiltImageInput {
  image: ImageInspect;
  reference: string;
  /** `name@digest` once pushed: every size is then the registry's, exact. */
  pushed?: string;
  baseLayers: string[];
  /** Exact compressed sizes already known by diff ID (the base image's manifest): never measured. */
  exactSizes: Map<string, number>;
  /** The engine's layer store when the daemon is local and readable. */
  store?: LayerStore;
  /**
   * Layer-store measurements already made on this runner, by `layerMemoKey` (a persistent runner
   * measures each layer once): the same gzip of the same bytes, remembered.
   */
  memo?: Memo<number>;
  warn: (message: string) => void;
}

/**
 * The built image's sizes: uncompressed per layer from the engine (`docker history`), compressed
 * per layer from the registry manifest once pushed (exact). Not pushed: a layer the registry
 * already holds (same diff ID in `exactSizes`) takes its exact size and is never read; only the
 * others are measured, concurrently, by gzip of their tar streamed from the engine's layer store,
 * else from a streamed `docker save`. A layer none of these can measure stays unknown, with a warning.
 */
export async function measureBuiltImage(
  docker: Docker,
  registry: RegistryClient,
  input: BuiltImageInput,
): Promise<ImageSize> {
  const { image } = input;
  const diffIds = image.RootFS.Layers ?? [];
  const platform = localPlatform(image);
  const history = await docker.history(image.Id);
  const measured = input.pushed ? await fromRegistry(registry, input.pushed, platform) : undefined;
  const { config, compressed } = measured ?? (await measureLocally(docker, input, diffIds));
  const sizes = layerSizesFromHistory(config.history ?? [], history, diffIds.length);
  const instructions = instructionsForLayers(config.history ?? [], diffIds.length);
  const shared = sharedPrefix(input.baseLayers, diffIds);
  const layers: LayerSize[] = diffIds.map((diffId, i) => ({
    diffId,
    instruction: instructions[i],
    size: sizes[i],
    compressedSize: compressed[i]?.bytes,
    compressedHow: compressed[i]?.how,
    origin: i < shared ? 'base' : 'added',
  }));
  const sum = totals(layers);
  return {
    reference: input.reference,
    platform,
    // The engine's own total is authoritative for the disk; layers may not add up if history lied.
    size: image.Size,
    compressedSize: sum.compressedSize,
    compressedSource: sourceOf(layers),
    layers,
  };
}

/** `registry` when every layer's size is exact, `estimated` when some were measured here, else `unknown`. */
export function sourceOf(layers: LayerSize[]): ImageSize['compressedSource'] {
  if (layers.some((layer) => layer.compressedSize === undefined)) return 'unknown';
  return layers.every((layer) => layer.compressedHow === 'registry') ? 'registry' : 'estimated';
}

interface Measured {
  config: ImageConfig;
  compressed: ({ bytes: number; how: CompressedHow } | undefined)[];
}

async function fromRegistry(
  registry: RegistryClient,
  pushed: string,
  platform: string,
): Promise<Measured | undefined> {
  const read = await readRegistryImage(registry, pushed, platform);
  if (!read) return undefined;
  return {
    config: read.config,
    compressed: read.manifest.layers.map((layer) => ({ bytes: layer.size, how: 'registry' as const })),
  };
}

/** Exact sizes where known; the rest measured from the layer store, then from `docker save`. */
async function measureLocally(docker: Docker, input: BuiltImageInput, diffIds: string[]): Promise<Measured> {
  const compressed: Measured['compressed'] = diffIds.map((diffId) => {
    const bytes = input.exactSizes.get(diffId);
    return bytes === undefined ? undefined : { bytes, how: 'registry' };
  });
  const stored = input.store ? await input.store.imageConfig(input.image.Id) : undefined;
  let config = stored ? (JSON.parse(stored.toString('utf8')) as ImageConfig) : undefined;
  const todo = diffIds.flatMap((_, i) => (compressed[i] ? [] : [i]));
  if (input.store && config) {
    const { store, memo } = input;
    const measure = async (i: number) => {
      const remembered = memo?.get(layerMemoKey(diffIds[i]));
      if (remembered !== undefined) {
        compressed[i] = { bytes: remembered, how: 'layer-store' };
        return;
      }
      try {
        const result = await gzipSize(store.layerTar(diffIds, i));
        // The tar's digest is the diff ID: the bytes measured are the layer's, so the size may be kept.
        if (result.digest !== diffIds[i]) return;
        compressed[i] = { bytes: result.gzipped, how: 'layer-store' };
        memo?.set(layerMemoKey(diffIds[i]), result.gzipped);
      } catch {
        // measured below from `docker save`
      }
    };
    await runLimited(
      todo.map((i) => () => measure(i)),
      MEASURE_CONCURRENCY,
    );
    await memo?.save();
  }
  const left = diffIds.flatMap((_, i) => (compressed[i] ? [] : [i]));
  if (left.length > 0 || !config) {
    try {
      const saved = await measureSaved(docker, input.image.Id);
      config ??= saved.config;
      for (const i of left) {
        const bytes = saved.compressed[i];
        if (bytes !== undefined) compressed[i] = { bytes, how: 'save' };
      }
    } catch (error) {
      input.warn(
        `Size report: docker save of ${input.image.Id.slice(7, 19)} failed: ${(error as Error).message}`,
      );
    }
  }
  diffIds.forEach((diffId, i) => {
    if (!compressed[i])
      input.warn(
        `Size report: the compressed size of layer ${i + 1} (${diffId.slice(7, 19)}) could not be measured; it is shown as unknown.`,
      );
  });
  return { config: config ?? {}, compressed };
}

/** The memo of layer-store measurements, in the runner's tool cache. */
export function openLayerMemo(env: NodeJS.ProcessEnv = process.env): Memo<number> {
  return Memo.open(
    'layer-gzip-sizes',
    (value): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
    {
      env,
    },
  );
}

/** A layer's gzip size depends on its bytes (the diff ID), the level and zlib's version. */
function layerMemoKey(diffId: string): string {
  return `${diffId} gzip-6 zlib-${process.versions.zlib}`;
}

/** Layers measured at once: gzip runs on libuv's threads, one per layer. */
const MEASURE_CONCURRENCY = 4;

/**
 * Streams a layer tar through sha256 (its diff ID, which proves the tar is the layer's) and gzip
 * level 6 (as registries commonly receive layers), counting bytes; holds at most a chunk or two.
 */
export async function gzipSize(
  chunks: AsyncIterable<Buffer>,
): Promise<{ digest: string; bytes: number; gzipped: number }> {
  const hash = createHash('sha256');
  const gzip = createGzip({ level: 6 });
  let gzipped = 0;
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => (gzipped += chunk.length));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  for await (const chunk of chunks) {
    hash.update(chunk);
    bytes += chunk.length;
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  }
  gzip.end();
  await ended;
  return { digest: `sha256:${hash.digest('hex')}`, bytes, gzipped };
}

/**
 * An image read from the registry alone (the base-branch image): compressed sizes from its
 * manifest, instructions from its configuration, uncompressed sizes only where a local image has
 * the same layer (`knownSizes`), never by downloading a layer.
 */
export async function measureRegistryImage(
  registry: RegistryClient,
  reference: string,
  platform: string,
  knownSizes: Map<string, number>,
  baseLayers: string[],
  docker?: Docker,
): Promise<ImageSize | undefined> {
  const read = await readRegistryImage(registry, reference, platform);
  if (!read) return undefined;
  const diffIds = read.config.rootfs?.diff_ids ?? [];
  const sizes = new Map(knownSizes);
  // The engine may have this very image (its ID is the configuration's digest): its sizes are exact.
  if (docker && (await docker.imageExists(read.manifest.config.digest))) {
    const history = await docker.history(read.manifest.config.digest);
    layerSizesFromHistory(read.config.history ?? [], history, diffIds.length).forEach((size, i) => {
      if (size !== undefined) sizes.set(diffIds[i], size);
    });
  }
  const instructions = instructionsForLayers(read.config.history ?? [], diffIds.length);
  const shared = sharedPrefix(baseLayers, diffIds);
  const layers: LayerSize[] = diffIds.map((diffId, i) => ({
    diffId,
    instruction: instructions[i],
    size: sizes.get(diffId),
    compressedSize: read.manifest.layers[i]?.size,
    compressedHow: read.manifest.layers[i] ? ('registry' as const) : undefined,
    origin: i < shared ? 'base' : 'added',
  }));
  const sum = totals(layers);
  return {
    reference,
    platform: read.platform,
    size: sum.size,
    compressedSize: sum.compressedSize,
    compressedSource: 'registry',
    layers,
  };
}

/**
 * Uncompressed bytes per layer: `docker history` lists every history entry (newest first) with the
 * size of the layer it made, 0 for an entry that made none; the configuration says which made one.
 */
export function layerSizesFromHistory(
  configHistory: HistoryEntry[],
  engineHistory: { size: number }[],
  layerCount: number,
): (number | undefined)[] {
  const oldestFirst = [...engineHistory].reverse();
  if (oldestFirst.length !== configHistory.length) return Array.from({ length: layerCount }, () => undefined);
  const sizes = configHistory.flatMap((entry, i) => (entry.empty_layer ? [] : [oldestFirst[i].size]));
  return sizes.length === layerCount ? sizes : Array.from({ length: layerCount }, () => undefined);
}

/**
 * `docker save` read as it streams from the client (nothing written to disk): the configuration,
 * and each layer's gzip size by position. Every layer is read: the fallback where the engine's
 * layer store cannot be (a remote or rootless daemon).
 */
async function measureSaved(
  docker: Docker,
  imageId: string,
): Promise<{ config: ImageConfig; compressed: (number | undefined)[] }> {
  const program = docker.saveStream(imageId);
  let read: { files: Map<string, Buffer>; gzipped: Map<string, number> };
  try {
    read = await readSavedImage(program.stdout);
  } catch (error) {
    program.kill();
    throw error;
  }
  const exit = await program.finished;
  if (exit.exitCode !== 0) throw new Error(exit.stderr.trim() || `exit code ${exit.exitCode}`);
  const { files, gzipped } = read;
  const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as {
    Config: string;
    Layers: string[];
  }[];
  const entry = manifest[0];
  if (!entry) throw new Error('docker save wrote no manifest.json');
  const config = JSON.parse(files.get(entry.Config)?.toString('utf8') ?? '{}') as ImageConfig;
  return { config, compressed: entry.Layers.map((layer) => gzipped.get(layer)) };
}

/**
 * Reads a `docker save` archive: small JSON files kept whole, every entry's gzip size counted (layer
 * tars, or OCI blobs, which may be layers). One pass; layers are never held in memory.
 */
async function readSavedImage(
  archive: NodeJS.ReadableStream,
): Promise<{ files: Map<string, Buffer>; gzipped: Map<string, number> }> {
  const files = new Map<string, Buffer>();
  const gzipped = new Map<string, number>();
  // Loaded when a saved image is read: most runs read none.
  const { extract } = await import('tar-stream');
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    archive.on('error', reject);
  });
  archive.pipe(reader);
  for await (const entry of reader) {
    const name = entry.header.name.replace(/^\.\//, '');
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const keep =
      name.endsWith('.json') || (name.startsWith('blobs/') && (entry.header.size ?? 0) < 4_000_000);
    const chunks: Buffer[] = [];
    const counted = await gzipSize(
      (async function* () {
        for await (const chunk of entry) {
          if (keep) chunks.push(chunk as Buffer);
          yield chunk as Buffer;
        }
      })(),
    );
    gzipped.set(name, counted.gzipped);
    if (keep) files.set(name, Buffer.concat(chunks));
  }
  await done;
  return { files, gzipped };
}

export interface PlatformSize {
  platform: string;
  compressedSize?: number;
  layers: number;
  /** The base's compressed size for the same platform, when it has one. */
  baseCompressedSize?: number;
}

/**
 * For a multi-platform image (a manifest list or index in the registry): each platform's compressed
 * size and layer count, beside the base's for the same platform. `undefined` for a single image.
 */
export async function platformSizes(
  registry: RegistryClient,
  reference: string,
  base: string | undefined,
): Promise<PlatformSize[] | undefined> {
  const found = await registry.manifest(reference);
  if (!found || !('manifests' in found.manifest)) return undefined;
  const platforms = (found.manifest as ImageIndex).manifests
    .filter((entry) => entry.platform && entry.platform.os !== 'unknown')
    .map((entry) => platformOf(entry.platform));
  const sizes: PlatformSize[] = [];
  for (const platform of platforms) {
    const image = await measureRegistryImage(registry, reference, platform, new Map(), []);
    let baseImage: ImageSize | undefined;
    try {
      baseImage = base ? await measureRegistryImage(registry, base, platform, new Map(), []) : undefined;
    } catch {
      baseImage = undefined;
    }
    sizes.push({
      platform,
      compressedSize: image?.compressedSize,
      layers: image?.layers.length ?? 0,
      // A base without this platform would be compared with another one: leave it out.
      baseCompressedSize: baseImage?.platform === platform ? baseImage.compressedSize : undefined,
    });
  }
  return sizes;
}
