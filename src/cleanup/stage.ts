import type { Logger } from '../common/logger.js';
import type { Buildah } from '../engine/buildah.js';
import type { Docker } from '../engine/docker.js';
import type { CleanupOptions } from '../settings/cleanup.js';
import { cleanBuildah } from './buildah.js';
import { mergeResults, cleanDaemon, type CleanupResult } from './cleanup.js';
import { dataRoot, freeBytesAt, measureDisk, type DiskState } from './disk.js';
import { leaseName } from './ownership.js';
import type { RunFacts } from './policy.js';

/** What the main step recorded of the run's objects, beyond their labels. */
export interface RunRecord extends RunFacts {
  /** Image IDs this run's buildah builds made (their iidfiles); the rest are found by the run label. */
  buildahImages: string[];
  /** The run built with buildah: its storage is cleaned of what carries the run label. */
  usedBuildah?: boolean;
}

export interface CleanupStageResult {
  result: CleanupResult;
  before: DiskState;
  after: DiskState;
}

/**
 * The post step's cleanup: this run's objects under every policy, others' as the policy says, with
 * the disk measured before and after. `undefined` when the policy is `false` (only the lease goes).
 */
export async function cleanupStage(
  options: CleanupOptions,
  run: RunRecord,
  engine: { docker: Docker; buildah: Buildah; log: Logger },
): Promise<CleanupStageResult | undefined> {
  const { docker, log } = engine;
  if (options.policy === 'false') {
    // The lease is the action's own bookkeeping, not the user's: it goes even so.
    await docker.removeVolumes([leaseName(run.runKey)]);
    log.info("Cleanup is off (input 'cleanup' is false).");
    return undefined;
  }
  const usesBuildah = run.usedBuildah === true || run.buildahImages.length > 0;
  const buildah = usesBuildah ? engine.buildah : undefined;
  // The disk before is measured while the daemon's objects are listed: both only read.
  const measured = Promise.all([dataRoot(docker, buildah), docker.diskUsage()]).then(
    async ([path, usage]): Promise<DiskState> => ({ path, freeBytes: await freeBytesAt(path), usage }),
  );
  const results = [await cleanDaemon(docker, run, options, { beforeRemoving: measured })];
  const before = await measured;
  const { path } = before;
  if (buildah) {
    const facts = { images: run.buildahImages, runKey: run.runKey };
    results.push(await cleanBuildah(buildah, facts, options));
  }
  const result = mergeResults(results);
  const after = await measureDisk(docker, path);
  const mine = result.removed.filter((object) => object.owner === 'run').length;
  log.info(
    `Cleanup '${options.policy}': removed ${result.removed.length} object(s) (${mine} of this run), freeing ${result.bytesFreed} bytes.`,
  );
  for (const kept of result.kept) log.info(`Kept ${kept.kind} ${kept.id}: ${kept.reason}`);
  for (const failure of result.failures)
    log.warning(`Could not remove ${failure.kind} ${failure.id}: ${failure.reason}`);
  return { result, before, after };
}
