import { actionsCacheService } from '../settings/cache.js';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../common/logger.js';

export type CacheHit = 'true' | 'false' | 'partial';

/** Loaded on first use: the library and the Azure SDK behind it are most of the bundle's start-up time. */
const actionsCache = () => import('@actions/cache');

/**
 * At most this long, restore and save together, is lost to a cache service that is down, slow or
 * failing. Once the service has answered a restore with an entry, its download runs under the
 * library's own timeouts instead: a large entry is not a failing service.
 */
export const CACHE_SERVICE_BUDGET_MS = 30_000;
/** A save with less time than this left is not started. */
const MIN_SAVE_MS = 5_000;

export interface RestoreOutcome {
  hit: CacheHit;
  /** Time spent on the service, counted against the budget (the download of a found entry is not). */
  elapsedMs: number;
  /** What the service answered when it failed (a server fault, a timeout): it is not asked again. */
  failure?: string;
}

/**
 * Restores the cache directory from the GitHub Actions cache. Any failure is one warning and a
 * miss: the build goes on without the cache.
 */
export async function restoreDirectory(
  dir: string,
  primary: string,
  restoreKeys: string[],
  log: Logger,
): Promise<RestoreOutcome> {
  const started = Date.now();
  let answeredAt: number | undefined;
  const elapsed = () => (answeredAt ?? Date.now()) - started;
  // The restore leaves at least a save's minimum of the budget.
  const budget = new Budget(CACHE_SERVICE_BUDGET_MS - MIN_SAVE_MS, 'restoring the layer cache');
  try {
    const cache = await actionsCache();
    // The watch stays on until the library is done, even once the restore was given up.
    const call = watchLibrary(
      () =>
        fromParent(dir, (path) =>
          cache.restoreCache([path], primary, restoreKeys, {
            // The library's own defaults allow minutes per download segment; a cache is never worth that.
            timeoutInMs: 30_000,
            segmentTimeoutInMs: 60_000,
          }),
        ),
      (line) => {
        // The service found an entry: from here on it is a download, not a failing service.
        if (/^Cache hit for/.test(line)) {
          answeredAt = Date.now();
          budget.stop();
        }
        budget.watchAttempts(line);
      },
    );
    const { value: matched, failures } = await budget.race(call);
    if (failures.length > 0) {
      const failure = failures.join('; ');
      log.warning(
        `The layer cache could not be restored; building without it, and not saving it in this job. The cache service answered: ${failure}`,
      );
      await rm(dir, { recursive: true, force: true });
      return { hit: 'false', elapsedMs: elapsed(), failure };
    }
    if (!matched) return { hit: 'false', elapsedMs: elapsed() };
    log.info(`Layer cache restored from key ${matched}`);
    return { hit: matched === primary ? 'true' : 'partial', elapsedMs: elapsed() };
  } catch (error) {
    const failure = describe(error);
    log.warning(
      `The layer cache could not be restored; building without it, and not saving it in this job. ${failure}`,
    );
    await rm(dir, { recursive: true, force: true });
    return { hit: 'false', elapsedMs: elapsed(), failure };
  } finally {
    budget.stop();
  }
}

/** Saves the cache directory within what is left of the time budget; a failure is a warning, never a failed job. */
export async function saveDirectory(
  dir: string,
  key: string,
  budgetMs: number,
  log: Logger,
  /** Why the service is not asked again (what it answered the restore). */
  serviceFailure?: string,
): Promise<boolean> {
  if (serviceFailure) {
    log.warning(
      `The layer cache was not saved: the cache service failed when it was restored (${serviceFailure}), so it is not asked again in this job.`,
    );
    return false;
  }
  if (budgetMs < MIN_SAVE_MS) {
    log.warning(
      `The layer cache was not saved: the cache service already cost ${Math.round((CACHE_SERVICE_BUDGET_MS - budgetMs) / 1000)} s in this job.`,
    );
    return false;
  }
  const budget = new Budget(budgetMs, 'saving the layer cache');
  try {
    const cache = await actionsCache();
    const call = watchLibrary(
      () => fromParent(dir, (path) => cache.saveCache([path], key)),
      (line) => budget.watchAttempts(line),
    );
    const { value: id, failures } = await budget.race(call);
    // -1: the service refused or failed, or another job holds the key.
    if (id === -1) {
      log.warning(
        `The layer cache was not saved under key ${key}${failures.length > 0 ? `: the cache service answered: ${failures.join('; ')}` : ' (another job may be saving the same key)'}; the next run restores an older entry or builds without one.`,
      );
      return false;
    }
    return true;
  } catch (error) {
    log.warning(`The layer cache was not saved. ${describe(error)}`);
    return false;
  } finally {
    budget.stop();
  }
}

/**
 * Runs a call of `@actions/cache` and holds back the `::error::`/`::warning::` lines it prints about
 * its own failures ("Failed to restore: …"): the library turns every failure into a miss, and its
 * 5xx `::error::` would show a failed step on a job that succeeds. They are returned, decoded, for
 * one warning of ours that says what the service answered. Every other line passes through;
 * `onLine` sees each plain line as it is written.
 */
export async function watchLibrary<T>(
  work: () => Promise<T>,
  onLine: (line: string) => void = () => {},
): Promise<{ value: T; failures: string[] }> {
  const failures: string[] = [];
  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const kept = text
      .split(/(?<=\n)/)
      .filter((line) => {
        const failure = /^::(?:error|warning)(?: [^:]*)?::(Failed to (?:restore|save)[^\r\n]*)/.exec(line);
        if (failure) failures.push(decodeCommandText(failure[1]));
        else onLine(line.trimEnd());
        return !failure;
      })
      .join('');
    if (kept === '') return true;
    return (write as (...args: unknown[]) => boolean).call(this, kept, ...rest);
  } as typeof stdout.write;
  try {
    return { value: await work(), failures };
  } finally {
    stdout.write = write;
  }
}

/** A workflow command's message as written (`%25`, `%0D`, `%0A` escaped), back to text. */
function decodeCommandText(text: string): string {
  return text.replace(/%0D/g, '').replace(/%0A/g, ' ').replace(/%25/g, '%');
}

/**
 * A time budget that a call of the library races against; `stop` ends it (the rest is not
 * counted). The library retries a failing request five times over about 25 s: the second failed
 * attempt gives up at once, quoting what the service answered.
 */
export class Budget {
  private timer: NodeJS.Timeout | undefined;
  private giveUp: (error: Error) => void = () => {};
  private readonly expired: Promise<never>;
  /** What the service answered the last failed attempt (`Failed request: (503) Service Unavailable`). */
  private lastAnswer: string | undefined;

  constructor(
    readonly ms: number,
    private readonly what: string,
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.giveUp = reject;
      this.timer = setTimeout(() => {
        const answered = this.lastAnswer ? `; the cache service answered: ${this.lastAnswer}` : '';
        reject(new Error(`${this.what} took longer than ${Math.round(ms / 1000)} s; gave up${answered}`));
      }, ms);
    });
    this.expired.catch(() => undefined);
  }

  race<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    return Promise.race([work, this.expired]);
  }

  /** Reads the library's `Attempt N of M failed with error: …` lines. */
  watchAttempts(line: string): void {
    const attempt = /^Attempt (\d+) of \d+ failed with error: (.*?)\. Retrying request/.exec(line);
    if (!attempt) return;
    this.lastAnswer = attempt[2];
    if (Number(attempt[1]) >= 2) {
      clearTimeout(this.timer);
      this.giveUp(new Error(`${this.what}: the cache service failed twice; it answered: ${attempt[2]}`));
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Whether `@actions/cache` has a service here (v2, or GHES's legacy one), without loading it. */
export function cacheServiceAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return actionsCacheService(env) !== undefined;
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

/**
 * `@actions/cache` makes the paths it is given part of an entry's version, and reads and writes them
 * relative to GITHUB_WORKSPACE (the working directory for globbing). Each run's directory is its
 * own (`$RUNNER_TEMP/shipshape-cache-…/layer-cache`), so the library is given the name alone, with
 * the workspace and working directory set to its parent for the call: every run has one version.
 * The library reads both when a call starts; they are put back when it ends.
 */
export async function fromParent<T>(dir: string, work: (path: string) => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  const workspace = process.env.GITHUB_WORKSPACE;
  const libraryTemp = await libraryTempDirs();
  process.env.GITHUB_WORKSPACE = dirname(dir);
  process.chdir(dirname(dir));
  try {
    return await work(basename(dir));
  } finally {
    process.chdir(cwd);
    if (workspace === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = workspace;
    await libraryTemp.removeNew();
  }
}

/**
 * The library downloads and packs its archive in a directory of its own under RUNNER_TEMP (a UUID)
 * and removes only the archive: the directories it made during a call are removed after it.
 */
async function libraryTempDirs(): Promise<{ removeNew: () => Promise<void> }> {
  const root = process.env.RUNNER_TEMP;
  const list = async () => (root ? await readdir(root).catch(() => [] as string[]) : []);
  const before = new Set(await list());
  return {
    removeNew: async () => {
      for (const name of await list()) {
        if (before.has(name) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name))
          continue;
        await rm(join(root!, name), { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
