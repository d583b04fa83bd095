import type { ExecResult } from '../engine/exec.js';

export interface RetryOptions {
  /** Give up after waiting this long in all (the 60 s). */
  budgetMs: number;
  /** First wait; doubles each time, capped at `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

const DEFAULTS: RetryOptions = {
  budgetMs: 60_000,
  firstDelayMs: 1000,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The daemon's answer (HTTP 409) while another prune of the same kind runs. */
export function isPruneConflict(result: ExecResult): boolean {
  return /a prune operation is already running|\b409\b.*prune/i.test(`${result.stderr}\n${result.stdout}`);
}

/**
 * Runs a prune, and while the daemon answers that another prune is running (another job on the
 * same daemon), waits with exponential backoff and tries again, up to the budget.
 */
export async function retryPruneConflict<T extends { result: ExecResult }>(
  prune: () => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<
  | { gaveUp: false; value: T; attempts: number; waitedMs: number }
  | { gaveUp: true; attempts: number; waitedMs: number }
> {
  const { budgetMs, firstDelayMs, maxDelayMs, sleep } = { ...DEFAULTS, ...options };
  let waitedMs = 0;
  let delay = firstDelayMs;
  for (let attempts = 1; ; attempts++) {
    const value = await prune();
    if (!isPruneConflict(value.result)) return { gaveUp: false, value, attempts, waitedMs };
    if (waitedMs + delay > budgetMs) return { gaveUp: true, attempts, waitedMs };
    await sleep(delay);
    waitedMs += delay;
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
