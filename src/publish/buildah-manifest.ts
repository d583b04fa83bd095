import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { Buildah } from '../engine/buildah.js';
import type { ExecResult } from '../engine/exec.js';
import type { ImageReference } from '../naming/reference.js';
import {
  isLoopback,
  platformOf,
  type ImageIndex,
  type ImageManifest,
  type RegistryClient,
} from '../registry/api.js';
import { retried, type IndexPushResult } from './index-push.js';

/**
 * buildah's road for several platforms: its own manifest list of the tested images, pushed with all
 * its images (`buildah manifest push --all`, OCI) to the first repository of `images`. The other
 * tags and repositories get the very bytes buildah pushed, copied through the registry API (blobs
 * streamed, never compressed again), so `digest` is the same on every registry.
 */

export interface BuildahPlatformImage {
  platform: string;
  /** The image's ID in buildah's storage. */
  buildahImage: string;
}

export interface BuildahManifestContext {
  buildah: Buildah;
  registry: RegistryClient;
  /** The run-scoped name of the manifest list in buildah's storage (removed after the push). */
  listName: string;
  workDir: string;
  /** `index`-level annotations: buildah 1.28 cannot write them, so Shipshape adds them to its index. */
  indexAnnotations?: Record<string, string>;
  /** `index-descriptor` annotations: `buildah manifest annotate` on each entry. */
  descriptorAnnotations?: Record<string, string>;
  log: Logger;
  attempts?: number;
  baseDelayMs?: number;
}

/** `buildah manifest add --os linux --arch arm64 [--variant v8] <list> containers-storage:<id>` */
export function manifestAddArgs(list: string, image: string, platform: string): string[] {
  const [os, arch, variant] = platform.split('/');
  return [
    'add',
    '--os',
    os,
    '--arch',
    arch,
    ...(variant ? ['--variant', variant] : []),
    list,
    `containers-storage:${image.replace(/^sha256:/, '')}`,
  ];
}

/** `buildah manifest annotate --annotation k=v … <list> <instance digest>` */
export function manifestAnnotateArgs(
  list: string,
  instance: string,
  annotations: Record<string, string>,
): string[] {
  const flags = Object.entries(annotations).flatMap(([key, value]) => ['--annotation', `${key}=${value}`]);
  return ['annotate', ...flags, list, instance];
}

/**
 * `buildah manifest push --all --format oci --digestfile F <list> docker://<name>:<tag>`, without TLS
 * only for a loopback registry (Docker's rule; buildah alone would ask for TLS there too).
 */
export function manifestPushArgs(
  list: string,
  destination: string,
  digestFile: string,
  registry: string,
): string[] {
  return [
    'push',
    '--all',
    '--quiet',
    '--format',
    'oci',
    '--digestfile',
    digestFile,
    ...(isLoopback(registry) ? ['--tls-verify=false'] : []),
    list,
    `docker://${destination}`,
  ];
}

/** The instance digest `buildah manifest add` prints (`<list id>: sha256:…`). */
export function addedInstance(stdout: string): string | undefined {
  return /(sha256:[0-9a-f]{64})\s*$/.exec(stdout.trim())?.[1];
}

/** An index with `index`-level annotations added: new bytes, new digest. */
export function annotateIndex(
  bytes: Buffer,
  annotations: Record<string, string>,
): { bytes: Buffer; digest: string } {
  const index = JSON.parse(bytes.toString('utf8')) as ImageIndex & { annotations?: Record<string, string> };
  const annotated = Buffer.from(
    JSON.stringify({ ...index, annotations: { ...index.annotations, ...annotations } }),
  );
  return { bytes: annotated, digest: `sha256:${createHash('sha256').update(annotated).digest('hex')}` };
}

export async function pushBuildahManifest(
  images: ImageReference[],
  tags: string[],
  platforms: BuildahPlatformImage[],
  context: BuildahManifestContext,
): Promise<IndexPushResult> {
  const { buildah, registry, listName: list, log } = context;
  const run = async (args: string[], what: string): Promise<ExecResult> => {
    const result = await buildah.manifest(args);
    if (result.exitCode !== 0) {
      throw new Error(
        `buildah manifest ${what} failed (exit code ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join('\n')}`,
      );
    }
    return result;
  };
  const [first, ...otherRepositories] = images;
  const [firstTag, ...otherTags] = tags;
  // A list of that name left by a stopped run of the same ID is not this one's.
  await buildah.manifest(['rm', list]);
  await run(['create', list], 'create');
  const digestFile = join(context.workDir, 'buildah-index-digest');
  try {
    for (const { platform, buildahImage } of platforms) {
      const added = await run(manifestAddArgs(list, buildahImage, platform), `add (${platform})`);
      const instance = addedInstance(added.stdout);
      const annotations = context.descriptorAnnotations ?? {};
      if (instance && Object.keys(annotations).length > 0) {
        await run(manifestAnnotateArgs(list, instance, annotations), `annotate (${platform})`);
      }
    }
    const names = platforms.map((p) => p.platform).join(', ');
    await log.group(`Push ${first.name}:${firstTag} (${names}) with buildah`, async () => {
      await run(manifestPushArgs(list, `${first.name}:${firstTag}`, digestFile, first.registry), 'push');
      log.info(`buildah pushed its manifest list and every image of it to ${first.name}:${firstTag}.`);
    });
    const pushedDigest = (await readFile(digestFile, 'utf8')).trim();
    const pushed = await registry.manifestBytes(first, pushedDigest);
    if (!pushed)
      throw new Error(`${first.name}@${pushedDigest}: the index buildah pushed is not in the registry.`);
    let index = { mediaType: pushed.mediaType, bytes: pushed.bytes, digest: pushedDigest };
    const indexAnnotations = context.indexAnnotations ?? {};
    const annotate = Object.keys(indexAnnotations).length > 0;
    if (annotate) index = { ...index, ...annotateIndex(pushed.bytes, indexAnnotations) };
    const entries = (JSON.parse(index.bytes.toString('utf8')) as ImageIndex).manifests;
    // The same bytes under every tag of the first repository…
    for (const tag of annotate ? tags : otherTags) {
      await retried(context, `index ${tag}`, () => registry.putManifest(first, tag, index));
      log.info(`${first.name}:${tag} -> image index ${index.digest}`);
    }
    // …and in every other repository: each image's blobs and manifest, then the index.
    for (const repository of otherRepositories) {
      await log.group(`Copy ${first.name} to ${repository.name} (${names})`, async () => {
        for (const entry of entries) {
          const manifest = await registry.manifestBytes(first, entry.digest);
          if (!manifest) throw new Error(`${first.name}@${entry.digest}: missing after buildah's push.`);
          const parsed = JSON.parse(manifest.bytes.toString('utf8')) as ImageManifest;
          let sent = 0;
          for (const blob of [parsed.config, ...parsed.layers]) {
            const outcome = await retried(context, `blob ${blob.digest}`, () =>
              registry.uploadBlob(repository, {
                digest: blob.digest,
                size: blob.size,
                open: () => registry.blobStream(first, blob.digest),
              }),
            );
            if (outcome === 'uploaded') sent++;
          }
          await retried(context, `manifest ${entry.digest}`, () =>
            registry.putManifest(repository, entry.digest, manifest),
          );
          log.info(
            `${platformOf(entry.platform)}: ${repository.name}@${entry.digest} (${sent} of ${parsed.layers.length + 1} blob(s) copied, the rest were there)`,
          );
        }
        for (const tag of tags) {
          await retried(context, `index ${tag}`, () => registry.putManifest(repository, tag, index));
          log.info(`${repository.name}:${tag} -> image index ${index.digest}`);
        }
      });
    }
    return {
      digest: index.digest,
      platforms: entries.map((entry) => ({ platform: platformOf(entry.platform), digest: entry.digest })),
    };
  } finally {
    await buildah.manifest(['rm', list]);
    await rm(digestFile, { force: true });
  }
}
