import type { CleanupOptions } from '../settings/cleanup.js';
import { LEASE_LABEL, LEASE_USES_PREFIX, RUN_LABEL } from './ownership.js';

/** A lease older than this belongs to a runner that died: no job runs longer (self-hosted limit, 5 days). */
export const LEASE_TTL_MS = 5 * 86_400_000;

/** What this run knows of its own objects beyond its labels. */
export interface RunFacts {
  runKey: string;
  /** Image IDs this run's builds created (final and intermediate). */
  createdImages: string[];
  /** Image IDs the run's tags pointed to before it re-tagged them. */
  replacedImages: string[];
  /** References to untag after a push (`push: true`, `keep-images: false`), with the image they must point to. */
  pushed?: { imageId: string; references: string[] };
  /** The per-platform images' run-scoped temporary names (`shipshape-<run>/linux-arm64:build`). */
  temporary?: string[];
}

export interface ContainerFacts {
  id: string;
  created: string;
  status: string;
  image: string;
  labels: Record<string, string>;
}

export interface ImageFacts {
  id: string;
  created: string;
  /**
   * When a tag last reached it on this daemon (`Metadata.LastTagTime`): an old base image another job
   * pulled a moment ago arrived now, whatever its `Created` says.
   */
  lastTagged?: string;
  repoTags: string[];
  /** `name@sha256:…`, as a lease may name an image by digest. */
  repoDigests?: string[];
  labels: Record<string, string>;
  /** Untagged with no child image: what `docker image ls -f dangling=true` lists. */
  dangling: boolean;
}

export interface VolumeFacts {
  name: string;
  created: string;
  labels: Record<string, string>;
}

/** What the daemon holds that a policy looks at. Under `run` only this run's containers are listed. */
export interface Snapshot {
  containers: ContainerFacts[];
  images: ImageFacts[];
  volumes: VolumeFacts[];
  /** IDs of the networks labelled with this run. */
  networks: string[];
}

export interface RemovalPlan {
  containers: string[];
  /** Image IDs, newest first (a child before its parent). */
  images: string[];
  /** References to untag (pushed images this run no longer needs on the runner). */
  untag: string[];
  volumes: string[];
  networks: string[];
  pruneBuildCache: boolean;
}

const STOPPED = ['exited', 'created', 'dead'];

/** Run keys with a lease younger than the TTL, other than this run's: their objects are never touched. */
export function liveRuns(volumes: VolumeFacts[], ownKey: string, now: number): Set<string> {
  return new Set(liveLeases(volumes, ownKey, now).map((volume) => volume.labels[RUN_LABEL]));
}

/** The images live runs' leases name (`dev.shipshape.uses.<n>`): bases, services, tested images. */
function usedByLiveRuns(volumes: VolumeFacts[], ownKey: string, now: number): Set<string> {
  return new Set(
    liveLeases(volumes, ownKey, now).flatMap((volume) =>
      Object.entries(volume.labels)
        .filter(([key]) => key.startsWith(LEASE_USES_PREFIX))
        .map(([, reference]) => reference),
    ),
  );
}

function liveLeases(volumes: VolumeFacts[], ownKey: string, now: number): VolumeFacts[] {
  return volumes.filter((volume) => {
    const key = volume.labels[RUN_LABEL];
    if (volume.labels[LEASE_LABEL] !== 'true' || !key || key === ownKey) return false;
    const created = Date.parse(volume.created);
    // A lease we cannot date protects: never remove what might belong to a running job.
    return !Number.isFinite(created) || now - created < LEASE_TTL_MS;
  });
}

/**
 * Decides what a policy removes, from a snapshot of the daemon; pure, so every rule is unit-tested.
 * This run's objects go under every policy but `false`; others' only under `dangling`/`aggressive`,
 * only when older than `until`, never a running container, an image any kept container uses, or
 * anything labelled as a live run's.
 */
export function planRemovals(
  snapshot: Snapshot,
  run: RunFacts,
  options: Pick<CleanupOptions, 'policy' | 'untilMs'>,
  now: number,
): RemovalPlan {
  const plan: RemovalPlan = {
    containers: [],
    images: [],
    untag: [],
    volumes: [],
    networks: [],
    pruneBuildCache: false,
  };
  if (options.policy === 'false') return plan;
  const wide = options.policy === 'dangling' || options.policy === 'aggressive';
  const live = liveRuns(snapshot.volumes, run.runKey, now);
  const used = usedByLiveRuns(snapshot.volumes, run.runKey, now);
  const own = (labels: Record<string, string>) => labels[RUN_LABEL] === run.runKey;
  const ofLiveRun = (labels: Record<string, string>) => live.has(labels[RUN_LABEL] ?? '');
  // An image a live run's lease names (by a tag, a digest or its ID) is that run's to keep.
  const usedByLiveRun = (image: ImageFacts) =>
    used.has(image.id) || [...image.repoTags, ...(image.repoDigests ?? [])].some((ref) => used.has(ref));
  const old = (created: string) => {
    const time = Date.parse(created);
    // An unreadable time is treated as new: never remove what we cannot date.
    return Number.isFinite(time) && now - time >= options.untilMs;
  };

  for (const container of snapshot.containers) {
    // This run's containers go even when running: a cancelled run leaves its tests running.
    if (own(container.labels)) plan.containers.push(container.id);
    else if (
      wide &&
      STOPPED.includes(container.status) &&
      old(container.created) &&
      !ofLiveRun(container.labels)
    )
      plan.containers.push(container.id);
  }
  const removedContainers = new Set(plan.containers);
  const inUse = new Set(snapshot.containers.filter((c) => !removedContainers.has(c.id)).map((c) => c.image));

  const created = new Set(run.createdImages);
  const replaced = new Set(run.replacedImages);
  const images: ImageFacts[] = [];
  for (const image of snapshot.images) {
    if (inUse.has(image.id) || usedByLiveRun(image)) continue;
    // What the build recorded as created goes only when no live run owns it (the record can be wrong).
    const mine = (created.has(image.id) && !ofLiveRun(image.labels)) || own(image.labels);
    if (image.dangling && mine) images.push(image);
    // A tag this run moved to its new image: the old image is this run's doing, unless a live run owns it.
    else if (image.dangling && replaced.has(image.id) && !ofLiveRun(image.labels)) images.push(image);
    else if (wide && image.dangling && old(arrival(image)) && !ofLiveRun(image.labels)) images.push(image);
    else if (
      options.policy === 'aggressive' &&
      !image.dangling &&
      !mine &&
      old(arrival(image)) &&
      !ofLiveRun(image.labels)
    )
      images.push(image);
  }
  plan.images = images.sort((a, b) => time(b.created) - time(a.created)).map((image) => image.id);

  if (run.pushed) {
    const pushedId = run.pushed.imageId;
    const tags = new Set(snapshot.images.find((image) => image.id === pushedId)?.repoTags ?? []);
    // Only tags that still point at the pushed image: another run may have moved one since.
    plan.untag = run.pushed.references.filter((reference) => tags.has(reference));
  }
  // Names only this run made: whatever they still name goes with them (never the user's tags).
  const allTags = new Set(snapshot.images.flatMap((image) => image.repoTags));
  plan.untag.push(...(run.temporary ?? []).filter((reference) => allTags.has(reference)));
  plan.volumes = snapshot.volumes.filter((volume) => own(volume.labels)).map((volume) => volume.name);
  plan.networks = [...snapshot.networks];
  plan.pruneBuildCache = options.policy === 'aggressive';
  return plan;
}

/** When an image arrived on this daemon: the later of its creation and its last tagging. */
function arrival(image: ImageFacts): string {
  const tagged = image.lastTagged ? time(image.lastTagged) : 0;
  return tagged > time(image.created) ? (image.lastTagged as string) : image.created;
}

/** Milliseconds since the epoch; the engine prints times with and without fractions and offsets. */
export function time(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}
