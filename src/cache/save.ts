import { rm } from 'node:fs/promises';
import type { Logger } from '../common/logger.js';
import { saveDirectory } from './gha.js';

/** What the main step left for the post step to save: set only after a successful build. */
export interface CacheSave {
  /** The directory saved to the Actions cache (`<root>/layer-cache`). */
  dir: string;
  /** The run's own directory around it (`$RUNNER_TEMP/shipshape-cache-…`), removed after the save. */
  root: string;
  key: string;
  budgetMs: number;
  /** What the cache service answered when the restore failed: it is not asked again. */
  serviceFailure?: string;
}

/** The post step's cache stage: save the layer cache to the Actions cache, then remove its directory. */
export async function saveCacheStage(save: CacheSave, log: Logger): Promise<void> {
  if (await saveDirectory(save.dir, save.key, save.budgetMs, log, save.serviceFailure)) {
    log.info(`Layer cache saved under key ${save.key}`);
  }
  await rm(save.root, { recursive: true, force: true }).catch((error: Error) =>
    log.warning(`Could not remove the layer cache directory ${save.root}: ${error.message}`),
  );
}
