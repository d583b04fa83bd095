import type { Buildah } from '../engine/buildah.js';
import type { CleanupResult } from './cleanup.js';
import type { CleanupOptions } from '../settings/cleanup.js';
import { time } from './policy.js';

/** What this run made in buildah's storage: told apart by listing the storage before and after its build. */
export interface BuildahFacts {
  images: string[];
  containers: string[];
}

/**
 * The buildah side of a policy: this run's working containers and images always (but `false`);
 * under `dangling`, untagged images older than `until`; under `aggressive`, also tagged images
 * no working container uses. buildah keeps no build cache apart from its images.
 */
export async function cleanBuildah(
  buildah: Buildah,
  facts: BuildahFacts,
  options: Pick<CleanupOptions, 'policy' | 'untilMs'>,
  now: number = Date.now(),
): Promise<CleanupResult> {
  const result: CleanupResult = { removed: [], bytesFreed: 0, failures: [], kept: [] };
  if (options.policy === 'false') return result;
  const containers = await buildah.remove('rm', facts.containers);
  for (const id of containers.removed) result.removed.push({ kind: 'container', id, bytes: 0, owner: 'run' });
  result.failures.push(...containers.failed.map((failure) => ({ kind: 'container' as const, ...failure })));

  const images = await buildah.listImages();
  const own = new Set(facts.images);
  const used = new Set((await buildah.listContainers()).map((container) => container.imageId));
  const old = (created: string) => now - Date.parse(created) >= options.untilMs;
  const chosen = images.filter((image) => {
    if (used.has(image.id) || used.has(image.id.replace(/^sha256:/, ''))) return false;
    if (own.has(image.id)) return true;
    if (options.policy === 'dangling') return image.names.length === 0 && old(image.created);
    return options.policy === 'aggressive' && old(image.created);
  });
  // Newest first: a layer image's children go before it.
  chosen.sort((a, b) => time(b.created) - time(a.created));
  const removal = await buildah.remove(
    'rmi',
    chosen.map((image) => [image.id, ...image.names]),
  );
  for (const id of removal.removed)
    result.removed.push({ kind: 'image', id, bytes: 0, owner: own.has(id) ? 'run' : 'other' });
  for (const failure of removal.failed) {
    if (own.has(failure.id)) result.failures.push({ kind: 'image', ...failure });
    else result.kept.push({ kind: 'image', ...failure });
  }
  return result;
}

/** Images and working containers in buildah's storage, to tell what a build added. */
export async function snapshotBuildah(
  buildah: Buildah,
): Promise<{ images: Set<string>; containers: Set<string> }> {
  const [images, containers] = await Promise.all([buildah.listImages(), buildah.listContainers()]);
  return { images: new Set(images.map((i) => i.id)), containers: new Set(containers.map((c) => c.id)) };
}

export async function buildahLeftovers(
  buildah: Buildah,
  before: { images: Set<string>; containers: Set<string> },
  built: string[] = [],
): Promise<{ buildahImages: string[]; buildahContainers: string[] }> {
  const now = await snapshotBuildah(buildah);
  return {
    buildahImages: [...new Set([...built, ...[...now.images].filter((id) => !before.images.has(id))])],
    buildahContainers: [...now.containers].filter((id) => !before.containers.has(id)),
  };
}
