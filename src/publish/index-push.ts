import { rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../common/logger.js';
import type { Docker } from '../engine/docker.js';
import type { LayerStore } from '../engine/layer-store.js';
import type { ImageReference } from '../naming/reference.js';
import { RegistryApiError, type RegistryClient } from '../registry/api.js';
import {
  imageBlobs,
  imageIndex,
  imageManifest,
  openBlob,
  type ImageBlobs,
  type IndexEntry,
} from './image-blobs.js';

/**
 * A multi-platform image from the engine's builders: each platform's image pushed by digest (no
 * tag) to every repository of `images`, then one OCI image index per tag, written through the
 * registry API. The index is the same bytes everywhere, so `digest` is the same on every registry.
 */

export interface PlatformToPush {
  platform: string;
  image: { Id: string; RootFS: { Layers?: string[] } };
}

export interface IndexPushResult {
  /** The index digest, the same on every registry. */
  digest: string;
  /** Each platform's manifest digest. */
  platforms: { platform: string; digest: string }[];
}

export interface IndexPushContext {
  docker: Docker;
  registry: RegistryClient;
  /** Where the gzipped layers are written while they are pushed (removed after). */
  workDir: string;
  store: LayerStore | undefined;
  /** `index`-level annotations (and `index-descriptor` ones, on each entry). */
  indexAnnotations?: Record<string, string>;
  descriptorAnnotations?: Record<string, string>;
  log: Logger;
  /** Tries per request for network errors and 5xx answers (default 4), as the push does. */
  attempts?: number;
  baseDelayMs?: number;
}

export async function pushIndex(
  images: ImageReference[],
  tags: string[],
  platforms: PlatformToPush[],
  context: IndexPushContext,
): Promise<IndexPushResult> {
  const { log } = context;
  const read: { platform: string; blobs: ImageBlobs }[] = [];
  try {
    for (const { platform, image } of platforms) {
      read.push({ platform, blobs: await imageBlobs(context.docker, image, context.workDir, context.store) });
    }
    const manifests = read.map(({ platform, blobs }) => ({
      platform,
      blobs,
      manifest: imageManifest(blobs),
    }));
    const entries: IndexEntry[] = manifests.map(({ platform, manifest }) => ({
      platform,
      digest: manifest.digest,
      size: manifest.bytes.length,
      annotations: context.descriptorAnnotations,
    }));
    const index = imageIndex(entries, context.indexAnnotations);
    for (const repository of images) {
      await log.group(
        `Push ${repository.name} (${platforms.map((p) => p.platform).join(', ')})`,
        async () => {
          for (const { platform, blobs, manifest } of manifests) {
            const blobsToSend = [
              {
                digest: blobs.configDigest,
                size: blobs.config.length,
                open: () => bufferStream(blobs.config),
              },
              ...blobs.layers.map((layer) => ({ ...layer, open: () => openBlob(layer.file) })),
            ];
            let sent = 0;
            for (const blob of blobsToSend) {
              const outcome = await retried(context, `blob ${blob.digest}`, () =>
                context.registry.uploadBlob(repository, blob),
              );
              if (outcome === 'uploaded') sent++;
            }
            await retried(context, `manifest of ${platform}`, () =>
              context.registry.putManifest(repository, manifest.digest, manifest),
            );
            log.info(
              `${platform}: ${repository.name}@${manifest.digest} (${sent} of ${blobsToSend.length} blob(s) uploaded, the rest were there)`,
            );
          }
          for (const tag of tags) {
            await retried(context, `index ${tag}`, () =>
              context.registry.putManifest(repository, tag, index),
            );
            log.info(`${repository.name}:${tag} -> image index ${index.digest}`);
          }
        },
      );
    }
    return {
      digest: index.digest,
      platforms: manifests.map(({ platform, manifest }) => ({ platform, digest: manifest.digest })),
    };
  } finally {
    await Promise.all(
      read.flatMap(({ blobs }) => blobs.layers.map((layer) => rm(layer.file, { force: true }))),
    );
  }
}

function bufferStream(bytes: Buffer): NodeJS.ReadableStream {
  return (async function* () {
    yield bytes;
  })() as unknown as NodeJS.ReadableStream;
}

/** Network errors and 5xx answers are tried again with exponential backoff; others fail at once. */
export async function retried<T>(
  context: Pick<IndexPushContext, 'attempts' | 'baseDelayMs' | 'log'>,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const attempts = Math.max(1, context.attempts ?? 4);
  const base = context.baseDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const status = error instanceof RegistryApiError ? error.status : undefined;
      const transient = status === undefined ? error instanceof TypeError : status >= 500;
      if (!transient || attempt >= attempts) throw error;
      const wait = Math.round(base * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
      context.log.info(
        `Push of ${what} failed (attempt ${attempt} of ${attempts}): ${(error as Error).message}; retrying in ${(wait / 1000).toFixed(1)} s`,
      );
      await delay(wait);
    }
  }
}
