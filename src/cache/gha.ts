import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';

export type CacheHit = 'true' | 'false' | 'partial';

/** Loaded on first use: the library and the Azure SDK behind it are most of the bundle's start-up time. */
const actionsCache = () => import('@actions/cache');

/** At most this long, restore and save together, is lost to a cache service that is down, slow or failing. */
export const CACHE_SERVICE_BUDGET_MS = 60_000;
/** A save with less time than this left is not started. */
const MIN_SAVE_MS = 5_000;

/**
 * Restores the cache directory from the GitHub Actions cache. Any failure is one warning and a
 * miss: the build goes on without the cache.
 */
export async function restoreDirectory(
  dir: string,
  primary: string,
  restoreKeys: string[],
  log: Logger,
): Promise<{ hit: CacheHit; elapsedMs: number }> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  try {
    const cache = await actionsCache();
    const matched = await withBudget(
      cache.restoreCache([dir], primary, restoreKeys, {
        // The library's own defaults allow minutes per download segment; a cache is never worth that.
        timeoutInMs: 30_000,
        segmentTimeoutInMs: CACHE_SERVICE_BUDGET_MS,
      }),
      CACHE_SERVICE_BUDGET_MS,
      'restoring the layer cache',
    );
    if (!matched) return { hit: 'false', elapsedMs: elapsed() };
    log.info(`Layer cache restored from key ${matched}`);
    return { hit: matched === primary ? 'true' : 'partial', elapsedMs: elapsed() };
  } catch (error) {
    log.warning(`The layer cache could not be restored; building without it. ${describe(error)}`);
    await rm(dir, { recursive: true, force: true });
    return { hit: 'false', elapsedMs: elapsed() };
  }
}

/** Saves the cache directory within what is left of the time budget; a failure is a warning, never a failed job. */
export async function saveDirectory(
  dir: string,
  key: string,
  budgetMs: number,
  log: Logger,
): Promise<boolean> {
  if (budgetMs < MIN_SAVE_MS) {
    log.warning(
      `The layer cache was not saved: the cache service already cost ${Math.round((CACHE_SERVICE_BUDGET_MS - budgetMs) / 1000)} s in this job.`,
    );
    return false;
  }
  try {
    const cache = await actionsCache();
    const id = await withBudget(cache.saveCache([dir], key), budgetMs, 'saving the layer cache');
    // -1: the library already said why (the service refused, failed, or another job holds the key).
    if (id === -1) {
      log.warning(
        `The layer cache was not saved under key ${key}; the next run restores an older entry or builds without one.`,
      );
      return false;
    }
    return true;
  } catch (error) {
    log.warning(`The layer cache was not saved. ${describe(error)}`);
    return false;
  }
}

/** What `@actions/cache` checks for the v2 service, without loading it. */
export function cacheServiceAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_RESULTS_URL && env.ACTIONS_RUNTIME_TOKEN);
}

/** Bytes of every file below `dir`. */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

async function withBudget<T>(work: Promise<T>, budgetMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${Math.round(budgetMs / 1000)} s; gave up`)),
      budgetMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
