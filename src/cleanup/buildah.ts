import type { Buildah } from '../engine/buildah.js';
import type { CleanupResult } from './cleanup.js';
import type { CleanupOptions } from '../settings/cleanup.js';
import { RUN_LABEL, runFilter } from './ownership.js';
import { time } from './policy.js';

/**
 * What this run made in buildah's storage: the images its builds named (iidfiles), and everything
 * that carries its run label (every layer image of `buildah build --label`, and the working
 * containers of a build that was killed). Never "what appeared meanwhile": another job's concurrent
 * build on the same storage carries its own label.
 */
export interface BuildahFacts {
  images: string[];
  runKey: string;
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
  const mine = await runContainers(buildah, facts.runKey);
  const containers = await buildah.remove('rm', mine);
  for (const id of containers.removed) result.removed.push({ kind: 'container', id, bytes: 0, owner: 'run' });
  result.failures.push(...containers.failed.map((failure) => ({ kind: 'container' as const, ...failure })));

  const [images, labelled] = await Promise.all([
    buildah.listImages(),
    buildah.listImages([runFilter(facts.runKey)]),
  ]);
  const own = new Set([...facts.images, ...labelled.map((image) => image.id)]);
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

/** Working containers whose configuration carries the run label (a build's step containers). */
async function runContainers(buildah: Buildah, runKey: string): Promise<string[]> {
  const containers = await buildah.listContainers();
  const labelled = await Promise.all(
    containers.map(async ({ id }) => ((await buildah.containerLabels(id))[RUN_LABEL] === runKey ? id : '')),
  );
  return labelled.filter(Boolean);
}
