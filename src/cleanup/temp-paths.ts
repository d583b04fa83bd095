import { rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../common/logger.js';

/**
 * A path the post step may remove: one main made, named `shipshape-…`, directly in one of the run's
 * temporary roots (RUNNER_TEMP, the system's temporary directory). Anything else in the state is
 * not this run's to remove, whoever wrote it.
 */
export function ownedTempPath(path: string, roots: string[]): boolean {
  const full = resolve(path);
  return (
    basename(full).startsWith('shipshape-') && roots.some((root) => root && dirname(full) === resolve(root))
  );
}

/** Removes every temporary directory of the run that is still there; a failure is a warning. */
export async function removeTempPaths(paths: string[], roots: string[], log: Logger): Promise<number> {
  let removed = 0;
  for (const path of new Set(paths)) {
    if (!ownedTempPath(path, roots)) {
      log.warning(`Not removing ${path}: it is not a temporary directory of this run.`);
      continue;
    }
    try {
      await rm(path, { recursive: true, force: true });
      removed++;
    } catch (error) {
      log.warning(`Could not remove the temporary directory ${path}: ${(error as Error).message}`);
    }
  }
  return removed;
}
