import type { Buildah } from '../engine/buildah.js';
import type { Docker } from '../engine/docker.js';
import { formatBytes } from '../common/format.js';
import { cleanBuildah } from './buildah.js';
import { cleanDaemon, type CleanupResult } from './cleanup.js';
import { freeBytesAt } from './disk.js';
import type { CleanupOptions } from '../settings/cleanup.js';

export interface GuardResult {
  path: string;
  /** Free bytes before and after; `undefined` when the engine's disk is not on this machine. */
  freeBefore?: number;
  freeAfter?: number;
  /** What the guard's cleanups removed (nothing when there was room). */
  results: CleanupResult[];
  reclaimed: number;
}

/**
 * The disk guard, before a build: when the builder's data directory has less than `required` bytes
 * free, apply `dangling`, then `aggressive` if still short (with the run's `cleanup-until` and
 * `keep-storage`); when still short, fail before building, giving the figures.
 */
export async function ensureFreeSpace(
  docker: Docker,
  buildah: Buildah | undefined,
  /** Where the builder keeps its data (`dataRoot`). */
  path: string,
  required: number,
  options: CleanupOptions,
  runKey: string,
  log: (message: string) => void,
): Promise<GuardResult> {
  const freeBefore = await freeBytesAt(path);
  const guard: GuardResult = { path, freeBefore, freeAfter: freeBefore, results: [], reclaimed: 0 };
  if (freeBefore === undefined) {
    log(
      `min-free-space: the engine's data directory ${path ? `(${path}) ` : ''}is not on this machine; free space is not checked.`,
    );
    return guard;
  }
  if (freeBefore >= required) {
    log(`Disk: ${formatBytes(freeBefore)} free at ${path}, ${formatBytes(required)} required.`);
    return guard;
  }
  for (const policy of ['dangling', 'aggressive'] as const) {
    log(
      `Disk: ${formatBytes(guard.freeAfter ?? 0)} free at ${path}, below min-free-space ${formatBytes(required)}: applying the '${policy}' cleanup policy.`,
    );
    const run = { runKey, createdImages: [], replacedImages: [] };
    guard.results.push(await cleanDaemon(docker, run, { ...options, policy }));
    if (buildah)
      guard.results.push(await cleanBuildah(buildah, { images: [], runKey }, { ...options, policy }));
    guard.freeAfter = (await freeBytesAt(path)) ?? guard.freeAfter;
    if ((guard.freeAfter ?? 0) >= required) break;
  }
  guard.reclaimed = Math.max(0, (guard.freeAfter ?? 0) - freeBefore);
  if ((guard.freeAfter ?? 0) < required) {
    throw new Error(
      `Input 'min-free-space' is ${formatBytes(required)}, but only ${formatBytes(guard.freeAfter ?? 0)} is free at ${path} ` +
        `after the 'dangling' and 'aggressive' cleanups freed ${formatBytes(guard.reclaimed)} ` +
        `(${formatBytes(required - (guard.freeAfter ?? 0))} short). Free space on the runner, shorten 'cleanup-until', or lower 'min-free-space'.`,
    );
  }
  log(`Disk: ${formatBytes(guard.freeAfter ?? 0)} free after freeing ${formatBytes(guard.reclaimed)}.`);
  return guard;
}
