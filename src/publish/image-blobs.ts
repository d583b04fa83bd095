import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import type { Docker } from '../engine/docker.js';
import type { LayerStore } from '../engine/layer-store.js';

/**
 * An engine image as registry blobs: its configuration (the exact bytes whose digest is the image
 * ID) and each layer gzipped into a file of the run's scratch directory, with the digests an OCI
 * manifest names. Read from the engine's layer store where the daemon is local and readable, else
 * from `docker save` as it streams; every layer tar must hash to the image's diff ID.
 */

interface LayerBlob {
  /** The gzipped layer's digest and size: what the manifest and the registry know it by. */
  digest: string;
  size: number;
  /** The uncompressed tar's digest: the image configuration's diff ID. */
  diffId: string;
  file: string;
}

export interface ImageBlobs {
  config: Buffer;
  configDigest: string;
  layers: LayerBlob[];
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** A layer tar, gzipped (level 6) into `file` as it streams, hashed before and after. */
async function gzipToFile(
  chunks: AsyncIterable<Buffer> | Buffer[],
  file: string,
): Promise<Omit<LayerBlob, 'file'>> {
  const diff = createHash('sha256');
  const packed = createHash('sha256');
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(file, { mode: 0o600 });
  let size = 0;
  gzip.on('data', (chunk: Buffer) => {
    packed.update(chunk);
    size += chunk.length;
  });
  gzip.pipe(out);
  const written = once(out, 'finish');
  for await (const chunk of chunks) {
    diff.update(chunk);
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  }
  gzip.end();
  await written;
  return { digest: `sha256:${packed.digest('hex')}`, size, diffId: `sha256:${diff.digest('hex')}` };
}

/** The image's blobs, from the layer store when there is one, else from `docker save`. */
export async function imageBlobs(
  docker: Docker,
  image: { Id: string; RootFS: { Layers?: string[] } },
  dir: string,
  store: LayerStore | undefined,
): Promise<ImageBlobs> {
  const diffIds = image.RootFS.Layers ?? [];
  const config = store ? await store.imageConfig(image.Id) : undefined;
  if (store && config) {
    const layers: LayerBlob[] = [];
    for (let i = 0; i < diffIds.length; i++) {
      const file = join(dir, `${image.Id.replace(/^sha256:/, '').slice(0, 12)}-${i}.tar.gz`);
      layers.push({ ...(await gzipToFile(store.layerTar(diffIds, i), file)), file });
    }
    return checked({ config, configDigest: digestOf(config), layers }, image.Id, diffIds);
  }
  return checked(await savedBlobs(docker, image.Id, dir), image.Id, diffIds);
}

function checked(blobs: ImageBlobs, imageId: string, diffIds: string[]): ImageBlobs {
  if (blobs.configDigest !== imageId) {
    throw new Error(`the configuration read for ${imageId} has digest ${blobs.configDigest}`);
  }
  const read = blobs.layers.map((layer) => layer.diffId);
  if (read.join() !== diffIds.join()) {
    throw new Error(
      `the layers read for ${imageId} (${read.join(', ')}) are not its diff IDs (${diffIds.join(', ')})`,
    );
  }
  return blobs;
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * `docker save` read as it streams: small files kept in memory, every larger one (a layer tar)
 * gzipped to a file of its own as it passes; `manifest.json` (last in the archive) says which is which.
 */
async function savedBlobs(docker: Docker, imageId: string, dir: string): Promise<ImageBlobs> {
  const program = docker.saveStream(imageId);
  const files = new Map<string, Buffer>();
  const packed = new Map<string, LayerBlob>();
  // Loaded when a saved image is read: most runs read none.
  const { extract } = await import('tar-stream');
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    program.stdout.on('error', reject);
  });
  program.stdout.pipe(reader);
  try {
    let index = 0;
    for await (const entry of reader) {
      const name = entry.header.name.replace(/^\.\//, '');
      if (entry.header.type !== 'file') {
        entry.resume();
        continue;
      }
      if ((entry.header.size ?? 0) < 65_536) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        files.set(name, Buffer.concat(chunks));
        continue;
      }
      const file = join(dir, `saved-${process.pid}-${index++}.tar.gz`);
      packed.set(name, { ...(await gzipToFile(entry as AsyncIterable<Buffer>, file)), file });
    }
    await done;
  } catch (error) {
    program.kill();
    throw error;
  }
  const exit = await program.finished;
  if (exit.exitCode !== 0)
    throw new Error(`docker save: ${exit.stderr.trim() || `exit code ${exit.exitCode}`}`);
  const [entry] = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as {
    Config: string;
    Layers: string[];
  }[];
  if (!entry) throw new Error('docker save wrote no manifest.json');
  const config = files.get(entry.Config);
  if (!config) throw new Error(`docker save wrote no ${entry.Config}`);
  const layers: LayerBlob[] = [];
  for (const [i, name] of entry.Layers.entries()) {
    let layer = packed.get(name);
    const small = files.get(name);
    if (!layer && small) {
      const file = join(dir, `saved-${process.pid}-small-${i}.tar.gz`);
      layer = { ...(await gzipToFile([small], file)), file };
    }
    if (!layer) throw new Error(`docker save wrote no ${name}`);
    layers.push(layer);
  }
  return { config, configDigest: digestOf(config), layers };
}

/** The OCI image manifest of the blobs, and its bytes (what its digest is of). */
export function imageManifest(
  blobs: ImageBlobs,
  annotations: Record<string, string> = {},
): { mediaType: string; bytes: Buffer; digest: string } {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: blobs.configDigest, size: blobs.config.length },
    layers: blobs.layers.map((layer) => ({ mediaType: OCI_LAYER, digest: layer.digest, size: layer.size })),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { mediaType: OCI_MANIFEST, bytes, digest: digestOf(bytes) };
}

/** One entry of an image index: a platform's manifest. */
export interface IndexEntry {
  digest: string;
  size: number;
  platform: string;
  annotations?: Record<string, string>;
}

/** The OCI image index of the platforms' manifests, and its bytes. */
export function imageIndex(
  entries: IndexEntry[],
  annotations: Record<string, string> = {},
): { mediaType: string; bytes: Buffer; digest: string } {
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: entries.map((entry) => {
      const [os, architecture, variant] = entry.platform.split('/');
      return {
        mediaType: OCI_MANIFEST,
        digest: entry.digest,
        size: entry.size,
        platform: { architecture, os, ...(variant ? { variant } : {}) },
        ...(entry.annotations && Object.keys(entry.annotations).length > 0
          ? { annotations: entry.annotations }
          : {}),
      };
    }),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  const bytes = Buffer.from(JSON.stringify(index));
  return { mediaType: OCI_INDEX, bytes, digest: digestOf(bytes) };
}

/** A blob file, opened for an upload. */
export function openBlob(file: string): NodeJS.ReadableStream {
  return createReadStream(file, { highWaterMark: 1 << 20 });
}
