import type { ContainerDetails, Docker, ImageInspect, ImageSummary } from '../engine/docker.js';
import { LayerStore } from '../engine/layer-store.js';
import { LEASE_LABEL, leaseName, RUN_LABEL, runFilter } from './ownership.js';
import { planRemovals, type ImageFacts, type RemovalPlan, type RunFacts, type Snapshot } from './policy.js';
import type { CleanupOptions } from '../settings/cleanup.js';
import { retryPruneConflict, type RetryOptions } from './prune.js';

export type ObjectKind = 'container' | 'image' | 'network' | 'volume' | 'build cache';

interface RemovedObject {
  kind: ObjectKind;
  id: string;
  /** Bytes this object alone held on disk (a container's writable layer, an image's own layers). */
  bytes: number;
  /** Removed because it was this run's, or by the policy's daemon-wide rule. */
  owner: 'run' | 'other';
}

export interface CleanupResult {
  removed: RemovedObject[];
  bytesFreed: number;
  /** This run's objects that could not be removed, and errors; warnings (failures with `cleanup-strict`). */
  failures: { kind: ObjectKind; id: string; reason: string }[];
  /** Others' objects the policy chose but the engine kept (in use, got a child meanwhile): not errors. */
  kept: { kind: ObjectKind; id: string; reason: string }[];
}

/** What blocks a removal for a good reason: the object is in use, or has a child; not an error. */
const IN_USE = /being used by|is using its referenced image|dependent child images|in use|must be forced/i;

/**
 * Applies a cleanup policy to the Docker daemon: gathers what the policy looks at, plans with
 * `planRemovals`, removes by ID (never a daemon-wide prune that could reach other runs' objects;
 * the build cache is the exception, and only under `aggressive`), and counts the bytes.
 */
export async function cleanDaemon(
  docker: Docker,
  given: RunFacts,
  options: CleanupOptions,
  more: {
    retry?: Partial<RetryOptions>;
    now?: number;
    /** Read-only work the caller started (the disk measured before): nothing is removed until it is done. */
    beforeRemoving?: Promise<unknown>;
  } = {},
): Promise<CleanupResult> {
  const { retry = {}, now = Date.now() } = more;
  const result = emptyResult();
  if (options.policy === 'false') return result;
  const wide = options.policy !== 'run';
  const daemon = await gather(docker, given, wide);
  await more.beforeRemoving?.catch(() => undefined);
  const { run } = daemon;
  const plan = planRemovals(daemon, run, options, now);
  const owner = (labels: Record<string, string> | undefined): 'run' | 'other' =>
    labels?.[RUN_LABEL] === run.runKey ? 'run' : 'other';

  const anonymous = plan.containers.flatMap(
    (id) => daemon.containers.find((c) => c.id === id)?.anonymousVolumes ?? [],
  );
  // The engine measures volumes only in its verbose report: asked for only when there is one to
  // measure beyond the lease, which holds nothing.
  const measured = [...plan.volumes.filter((name) => name !== leaseName(run.runKey)), ...anonymous];
  const volumeSizes = measured.length > 0 ? await docker.volumeSizes() : new Map<string, number>();

  // Containers first: they hold images and volumes. Then networks, images and volumes side by side
  // (none holds another), reported in that order.
  await removeContainers(docker, plan.containers, { ...daemon, wide, volumeSizes, owner }, result);
  const parts = [emptyResult(), emptyResult(), emptyResult()];
  await Promise.all([
    removeNetworks(docker, plan.networks, parts[0]),
    removeImages(docker, plan, daemon.before, run, parts[1]),
    removeVolumes(docker, plan.volumes, { runKey: run.runKey, volumeSizes }, parts[2]),
  ]);
  for (const part of parts) {
    result.removed.push(...part.removed);
    result.failures.push(...part.failures);
    result.kept.push(...part.kept);
  }
  if (plan.pruneBuildCache) await pruneBuildCache(docker, options.keepStorageBytes, retry, result);
  result.bytesFreed = result.removed.reduce((sum, object) => sum + object.bytes, 0);
  return result;
}

function emptyResult(): CleanupResult {
  return { removed: [], bytesFreed: 0, failures: [], kept: [] };
}

/** What the policy looks at: containers, networks, volumes and images, and the run's facts made whole. */
async function gather(
  docker: Docker,
  given: RunFacts,
  wide: boolean,
): Promise<
  Omit<Snapshot, 'containers'> & { containers: ContainerDetails[]; before: ImageInspect[]; run: RunFacts }
> {
  const [containers, networks, volumes, listed, topImageIds, danglingIds, store] = await Promise.all([
    // Under `run` every listed container is this run's and goes: measure them in the same call.
    docker
      .listContainerIds(wide ? [] : [runFilter(given.runKey)])
      .then((containerIds) => docker.inspectContainers(containerIds, !wide)),
    docker.listNetworks([runFilter(given.runKey)]),
    // This run's volumes, and every lease: who is still running.
    Promise.all([
      docker.listVolumes([runFilter(given.runKey)]),
      wide ? docker.listVolumes([`label=${LEASE_LABEL}=true`]) : Promise.resolve([]),
    ]).then(([mine, leases]) => [...mine, ...leases]),
    docker.listImageSummaries(),
    docker.listImageIds([]),
    docker.listImageIds(['dangling=true']),
    wide ? undefined : docker.rootDir().then(LayerStore.open, () => undefined),
  ]);
  const allImageIds = listed
    ? [...new Set(listed.map((image) => image.Id))]
    : await docker.listImageIds([], true);
  // Under `run` nothing needs an image's tag time (`docker inspect` only): the listing and the
  // image's own configuration in the engine's store say the rest, without a request per image.
  const before =
    listed && store
      ? await describeFromStore(docker, listed, store)
      : await docker.inspectImages(allImageIds);
  // The legacy builder's log names intermediate images by 12-digit IDs: match them to full ones.
  const run: RunFacts = {
    ...given,
    createdImages: fullIds(given.createdImages, allImageIds),
    replacedImages: fullIds(given.replacedImages, allImageIds),
  };
  const top = new Set(topImageIds);
  const dangling = new Set(danglingIds);
  const images: ImageFacts[] = before
    .filter((image) => top.has(image.Id) || run.createdImages.includes(image.Id))
    .map((image) => ({
      id: image.Id,
      created: image.Created,
      lastTagged: image.Metadata?.LastTagTime,
      repoTags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      repoDigests: image.RepoDigests ?? [],
      labels: image.Config?.Labels ?? {},
      dangling: dangling.has(image.Id),
    }));
  return { containers, images, volumes, networks, before, run };
}

/**
 * The images as `inspectImages` describes them, for what cleanup under `run` reads (tags, digests,
 * size, labels, creation time, layers; no tag time): from the listing, and each image's configuration
 * read from the engine's store. An image whose configuration is not there is inspected.
 */
export async function describeFromStore(
  docker: Docker,
  listed: ImageSummary[],
  store: Pick<LayerStore, 'imageConfig'>,
): Promise<ImageInspect[]> {
  const unique = [...new Map(listed.map((image) => [image.Id, image])).values()];
  const described = await Promise.all(
    unique.map(async (image): Promise<ImageInspect | string> => {
      const config = parseConfig(await store.imageConfig(image.Id));
      if (!config) return image.Id;
      return {
        Id: image.Id,
        RepoTags: image.RepoTags,
        RepoDigests: (image.RepoDigests ?? []).filter((digest) => digest !== '<none>@<none>'),
        Size: image.Size,
        Created: config.created ?? '',
        RootFS: { Layers: config.rootfs?.diff_ids ?? [] },
        Config: { Labels: image.Labels },
      };
    }),
  );
  const missing = described.filter((item): item is string => typeof item === 'string');
  const inspected = new Map((await docker.inspectImages(missing)).map((image) => [image.Id, image]));
  return described.flatMap((item) => {
    if (typeof item !== 'string') return [item];
    const image = inspected.get(item);
    return image ? [image] : [];
  });
}

function parseConfig(
  bytes: Buffer | undefined,
): { created?: string; rootfs?: { diff_ids?: string[] } } | undefined {
  if (!bytes) return undefined;
  try {
    const config = JSON.parse(bytes.toString('utf8')) as {
      created?: unknown;
      rootfs?: { diff_ids?: unknown };
    };
    const diffIds = config.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || !diffIds.every((id) => typeof id === 'string')) return undefined;
    return {
      created: typeof config.created === 'string' ? config.created : undefined,
      rootfs: { diff_ids: diffIds },
    };
  } catch {
    return undefined;
  }
}

/** Removes the planned containers with their anonymous volumes, counting each one's writable layer. */
async function removeContainers(
  docker: Docker,
  ids: string[],
  context: {
    containers: ContainerDetails[];
    wide: boolean;
    volumeSizes: Map<string, number>;
    owner: (labels: Record<string, string> | undefined) => 'run' | 'other';
  },
  result: CleanupResult,
): Promise<void> {
  const { containers, volumeSizes, owner } = context;
  const byId = new Map(containers.map((container) => [container.id, container]));
  const sized = new Map(
    (context.wide ? await docker.inspectContainers(ids, true) : containers).map((container) => [
      container.id,
      container.sizeRw,
    ]),
  );
  const removal = await docker.removeContainers(ids);
  for (const id of removal.removed) {
    const container = byId.get(id);
    result.removed.push({
      kind: 'container',
      id,
      bytes: sized.get(id) ?? 0,
      owner: owner(container?.labels),
    });
    for (const volume of container?.anonymousVolumes ?? [])
      result.removed.push({
        kind: 'volume',
        id: volume,
        bytes: volumeSizes.get(volume) ?? 0,
        owner: owner(container?.labels),
      });
  }
  for (const failure of removal.failed)
    sortFailure(result, 'container', failure, owner(byId.get(failure.id)?.labels));
}

async function removeNetworks(docker: Docker, ids: string[], result: CleanupResult): Promise<void> {
  for (const id of ids) {
    try {
      await docker.removeNetwork(id);
      result.removed.push({ kind: 'network', id, bytes: 0, owner: 'run' });
    } catch (error) {
      result.failures.push({ kind: 'network', id, reason: (error as Error).message });
    }
  }
}

async function removeVolumes(
  docker: Docker,
  names: string[],
  context: { runKey: string; volumeSizes: Map<string, number> },
  result: CleanupResult,
): Promise<void> {
  if (names.length === 0) return;
  const removal = await docker.removeVolumes(names);
  for (const name of removal.removed) {
    // The lease is the action's bookkeeping, not something the run left on the disk.
    if (name !== leaseName(context.runKey))
      result.removed.push({
        kind: 'volume',
        id: name,
        bytes: context.volumeSizes.get(name) ?? 0,
        owner: 'run',
      });
  }
  for (const failure of removal.failed) result.failures.push({ kind: 'volume', ...failure });
}

/** `aggressive`: the build cache down to `keep-storage`, waiting out another job's prune. */
async function pruneBuildCache(
  docker: Docker,
  keepStorageBytes: number,
  retry: Partial<RetryOptions>,
  result: CleanupResult,
): Promise<void> {
  const pruned = await retryPruneConflict(() => docker.pruneBuildCache(keepStorageBytes), retry);
  const id = 'builder prune';
  if (pruned.gaveUp) {
    result.failures.push({
      kind: 'build cache',
      id,
      reason: `another prune was still running after ${Math.round(pruned.waitedMs / 1000)} s of retries; the build cache was not pruned`,
    });
  } else if (pruned.value.result.exitCode !== 0) {
    result.failures.push({ kind: 'build cache', id, reason: pruned.value.result.stderr.trim() });
  } else if (pruned.value.reclaimed > 0) {
    result.removed.push({
      kind: 'build cache',
      id: 'build cache',
      bytes: pruned.value.reclaimed,
      owner: 'other',
    });
  }
}

async function removeImages(
  docker: Docker,
  plan: RemovalPlan,
  before: ImageInspect[],
  run: RunFacts,
  result: CleanupResult,
): Promise<void> {
  if (plan.images.length + plan.untag.length === 0) return;
  const byId = new Map(before.map((image) => [image.Id, image]));
  // A tagged image goes by its tags (an ID with several tags needs force, which would also take an image in use).
  const refsOf = (id: string) => {
    const tags = (byId.get(id)?.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
    return tags.length > 0 ? tags : [id];
  };
  // Dangling images have no children, so chunks can go side by side; each chunk keeps newest-first order.
  const chunks = splitInterleaved(plan.images, plan.images.length > 40 ? 4 : 1);
  const outcomes = await Promise.all([
    ...chunks.map((ids) => docker.removeImages(ids.flatMap(refsOf))),
    docker.removeImages(plan.untag),
  ]);
  const after = new Set(await docker.listImageIds([], true));
  const gone = before.filter((image) => !after.has(image.Id));
  const survivors = before.filter((image) => after.has(image.Id));
  const sizes = exclusiveSizes(gone, survivors);
  // This run's: labelled with it, made by its builds, or the image it pushed.
  const ownerOf = (id: string): 'run' | 'other' =>
    byId.get(id)?.Config?.Labels?.[RUN_LABEL] === run.runKey ||
    run.createdImages.includes(id) ||
    id === run.pushed?.imageId
      ? 'run'
      : 'other';
  for (const image of gone) {
    result.removed.push({
      kind: 'image',
      id: image.Id,
      bytes: sizes.get(image.Id) ?? 0,
      owner: ownerOf(image.Id),
    });
  }
  const reasons = new Map(
    outcomes.flatMap((outcome) => outcome.failed.map((f) => [f.id, f.reason] as const)),
  );
  for (const id of plan.images) {
    if (!after.has(id)) continue;
    const reason =
      refsOf(id)
        .map((ref) => reasons.get(ref))
        .find(Boolean) ?? 'still present after removal';
    sortFailure(result, 'image', { id, reason }, ownerOf(id));
  }
}

/** Others' objects that stay for a good reason are noted, not warned about; this run's are failures. */
function sortFailure(
  result: CleanupResult,
  kind: ObjectKind,
  failure: { id: string; reason: string },
  owner: 'run' | 'other',
): void {
  if (owner === 'other' || IN_USE.test(failure.reason)) result.kept.push({ kind, ...failure });
  else result.failures.push({ kind, ...failure });
}

/** `sha256:…` IDs for the given IDs, short ones matched by prefix; ones no image has are dropped. */
function fullIds(ids: string[], known: string[]): string[] {
  return ids.flatMap((id) => {
    const hex = id.replace(/^sha256:/, '');
    const match = known.find((full) => full.replace(/^sha256:/, '').startsWith(hex));
    return match ? [match] : [];
  });
}

function splitInterleaved<T>(items: T[], count: number): T[][] {
  const chunks: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => chunks[i % count].push(item));
  return chunks.filter((chunk) => chunk.length > 0);
}

/**
 * Bytes the removed images held beyond what survives: each removed image is charged its size minus
 * the largest surviving image whose layers are a prefix of its own (its base or parent). Images
 * share layers, so summing whole image sizes would overcount. A removed image whose removed parent
 * is also listed is charged only the difference to that parent.
 */
export function exclusiveSizes(removed: ImageInspect[], survivors: ImageInspect[]): Map<string, number> {
  const sizes = new Map<string, number>();
  const candidates = [
    ...survivors.map((image) => ({ image, survives: true, index: -1 })),
    ...removed.map((image, index) => ({ image, survives: false, index })),
  ];
  removed.forEach((image, index) => {
    const layers = image.RootFS.Layers ?? [];
    let shared = 0;
    for (const other of candidates) {
      if (other.image.Id === image.Id) continue;
      const otherLayers = other.image.RootFS.Layers ?? [];
      // Among removed images a strict ancestor counts, and of several with the same layers only the
      // first is charged for them: the layers are freed once.
      const counts = other.survives || otherLayers.length < layers.length || other.index < index;
      if (!counts || other.image.Size <= shared || otherLayers.length > layers.length) continue;
      if (otherLayers.every((layer, i) => layers[i] === layer)) shared = other.image.Size;
    }
    sizes.set(image.Id, Math.max(0, image.Size - shared));
  });
  return sizes;
}

/** Several cleanups (the disk guard's policies, one after the other) as one result. */
export function mergeResults(results: CleanupResult[]): CleanupResult {
  return {
    removed: results.flatMap((r) => r.removed),
    bytesFreed: results.reduce((sum, r) => sum + r.bytesFreed, 0),
    failures: results.flatMap((r) => r.failures),
    kept: results.flatMap((r) => r.kept),
  };
}
