import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { Docker, ImageInspect } from '../engine/docker.js';
import { platformOf, type ImageIndex, type RegistryClient } from '../registry/api.js';
import { readRegistryImage, type ImageConfig } from '../registry/images.js';
import {
  instructionsForLayers,
  sharedPrefix,
  totals,
  type HistoryEntry,
  type ImageSize,
  type LayerSize,
} from './layers.js';

/** `linux/amd64` of a local image. */
function localPlatform(image: ImageInspect): string {
  return [image.Os ?? 'linux', image.Architecture ?? 'amd64', image.Variant].filter(Boolean).join('/');
}

/**
 * The built image's sizes: uncompressed per layer from the engine (`docker history`), compressed
 * per layer from the registry manifest once pushed (exact), else from gzip of each layer of
 * `docker save` (an estimate: registries store what the pusher compressed); instructions from the
 * image configuration; each layer marked as the base image's or this Dockerfile's.
 */
export async function measureBuiltImage(
  docker: Docker,
  registry: RegistryClient,
  options: { image: ImageInspect; reference: string; pushed?: string; baseLayers: string[]; workDir: string },
): Promise<ImageSize> {
  const { image } = options;
  const diffIds = image.RootFS.Layers ?? [];
  const platform = localPlatform(image);
  const history = await docker.history(image.Id);

  let config: ImageConfig | undefined;
  let compressed: (number | undefined)[] = diffIds.map(() => undefined);
  let source: ImageSize['compressedSource'] = 'unknown';
  if (options.pushed) {
    const read = await readRegistryImage(registry, options.pushed, platform);
    if (read) {
      config = read.config;
      compressed = read.manifest.layers.map((layer) => layer.size);
      source = 'registry';
    }
  }
  if (!config) {
    const saved = await saveAndCompress(docker, image.Id, options.workDir);
    config = saved.config;
    compressed = saved.compressed;
    source = 'estimated';
  }
  const sizes = layerSizesFromHistory(config.history ?? [], history, diffIds.length);
  const instructions = instructionsForLayers(config.history ?? [], diffIds.length);
  const shared = sharedPrefix(options.baseLayers, diffIds);
  const layers: LayerSize[] = diffIds.map((diffId, i) => ({
    diffId,
    instruction: instructions[i],
    size: sizes[i],
    compressedSize: compressed[i],
    origin: i < shared ? 'base' : 'added',
  }));
  const sum = totals(layers);
  return {
    reference: options.reference,
    platform,
    // The engine's own total is authoritative for the disk; layers may not add up if history lied.
    size: image.Size,
    compressedSize: sum.compressedSize,
    compressedSource: sum.compressedSize === undefined ? 'unknown' : source,
    layers,
  };
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
 * `docker save`, then each layer gzipped (level 6, as registries commonly receive them) to count
 * its compressed bytes; the configuration comes from the same archive.
 */
async function saveAndCompress(
  docker: Docker,
  imageId: string,
  workDir: string,
): Promise<{ config: ImageConfig; compressed: (number | undefined)[] }> {
  const dir = await mkdtemp(join(workDir, 'size-'));
  try {
    const archive = join(dir, 'image.tar');
    await docker.save(imageId, archive);
    const { files, gzipped } = await readSavedImage(archive);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as {
      Config: string;
      Layers: string[];
    }[];
    const entry = manifest[0];
    if (!entry) throw new Error('docker save wrote no manifest.json');
    const config = JSON.parse(files.get(entry.Config)?.toString('utf8') ?? '{}') as ImageConfig;
    return { config, compressed: entry.Layers.map((layer) => gzipped.get(layer)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a `docker save` archive: small JSON files kept whole, every entry's gzip size counted (layer
 * tars, or OCI blobs, which may be layers). One pass; layers are never held in memory.
 */
async function readSavedImage(
  archive: string,
): Promise<{ files: Map<string, Buffer>; gzipped: Map<string, number> }> {
  const files = new Map<string, Buffer>();
  const gzipped = new Map<string, number>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '');
    if (header.type !== 'file') {
      stream.on('end', next);
      stream.resume();
      return;
    }
    const keep =
      name.endsWith('.json') ||
      (name.startsWith('blobs/') && header.size !== undefined && header.size < 4_000_000);
    const chunks: Buffer[] = [];
    let bytes = 0;
    const gzip = createGzip({ level: 6 });
    gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
    gzip.on('end', () => {
      gzipped.set(name, bytes);
      if (keep) files.set(name, Buffer.concat(chunks));
      next();
    });
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      if (keep) chunks.push(chunk);
      // Backpressure: gzip is slower than reading; hold the tar stream while it catches up.
      if (!gzip.write(chunk)) {
        stream.pause();
        gzip.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => gzip.end());
    stream.on('error', (error: Error) => gzip.destroy(error));
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    const input = createReadStream(archive);
    input.on('error', reject);
    input.pipe(reader);
  });
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
