import { rm } from 'node:fs/promises';
import type { Logger } from '../common/logger.js';
import { saveDirectory } from './gha.js';

/** What the main step left for the post step to save: set only after a successful build. */
export interface CacheSave {
  dir: string;
  key: string;
  budgetMs: number;
}

/** The post step's cache stage: save the layer cache to the Actions cache, then remove its directory. */
export async function saveCacheStage(save: CacheSave, log: Logger): Promise<void> {
  if (await saveDirectory(save.dir, save.key, save.budgetMs, log)) {
    log.info(`Layer cache saved under key ${save.key}`);
  }
  await rm(save.dir, { recursive: true, force: true }).catch((error: Error) =>
    log.warning(`Could not remove the layer cache directory ${save.dir}: ${error.message}`),
  );
}
