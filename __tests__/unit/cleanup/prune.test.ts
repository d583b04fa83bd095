import { describe, expect, it } from 'vitest';
import { isPruneConflict, retryPruneConflict } from '../../../src/cleanup/prune.js';
import type { ExecResult } from '../../../src/engine/exec.js';

function execResult(stderr = '', exitCode = 0, stdout = ''): ExecResult {
  return { exitCode, stdout, stderr, timedOut: false };
}

const CONFLICT = 'Error response from daemon: a prune operation is already running';

describe('isPruneConflict', () => {
  it('recognises the daemon answering that a prune is already running', () => {
    expect(isPruneConflict(execResult(`${CONFLICT}\n`, 1))).toBe(true);
    expect(isPruneConflict(execResult('', 1, CONFLICT))).toBe(true);
    expect(isPruneConflict(execResult('ERROR: A PRUNE OPERATION IS ALREADY RUNNING', 1))).toBe(true);
    expect(
      isPruneConflict(execResult('Error response from daemon: 409 Conflict: prune in progress', 1)),
    ).toBe(true);
  });
  it('does not mistake other failures or a normal prune for a conflict', () => {
    expect(isPruneConflict(execResult())).toBe(false);
    expect(isPruneConflict(execResult('', 0, 'Total reclaimed space: 409MB\n'))).toBe(false);
    expect(
      isPruneConflict(
        execResult(
          'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
          1,
        ),
      ),
    ).toBe(false);
    expect(isPruneConflict(execResult('Error response from daemon: permission denied', 1))).toBe(false);
  });
});

describe('retryPruneConflict', () => {
  /** A prune that answers with a conflict `conflicts` times, then succeeds; and a sleep that records. */
  function fakes(conflicts: number) {
    const sleeps: number[] = [];
    let calls = 0;
    const prune = async () => {
      calls++;
      return calls <= conflicts
        ? { result: execResult(CONFLICT, 1), reclaimed: 0 }
        : { result: execResult('', 0, 'Total reclaimed space: 1.5GB'), reclaimed: 1_500_000_000 };
    };
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    return { prune, sleep, sleeps, calls: () => calls };
  }

  it('returns at once without a conflict', async () => {
    const f = fakes(0);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(outcome).toMatchObject({ gaveUp: false, attempts: 1, waitedMs: 0 });
    expect(outcome.gaveUp === false && outcome.value.reclaimed).toBe(1_500_000_000);
    expect(f.sleeps).toEqual([]);
    expect(f.calls()).toBe(1);
  });
  it('returns a failure that is not a conflict without retrying', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const outcome = await retryPruneConflict(
      async () => {
        calls++;
        return { result: execResult('Error response from daemon: permission denied', 1) };
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(outcome.gaveUp).toBe(false);
    expect(outcome.gaveUp === false && outcome.value.result.exitCode).toBe(1);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
  it('retries with doubling waits and succeeds on the third attempt', async () => {
    const f = fakes(2);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(outcome).toMatchObject({ gaveUp: false, attempts: 3, waitedMs: 3000 });
    expect(f.sleeps).toEqual([1000, 2000]);
    expect(f.calls()).toBe(3);
  });
  it('gives up within the budget, never sleeping past it', async () => {
    const f = fakes(Infinity);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep, budgetMs: 5000 });
    expect(outcome).toEqual({ gaveUp: true, attempts: 3, waitedMs: 3000 });
    expect(f.sleeps).toEqual([1000, 2000]);
  });
  it('caps each wait at maxDelay and the total at any budget', async () => {
    const f = fakes(Infinity);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(f.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
    expect(outcome).toEqual({ gaveUp: true, attempts: 9, waitedMs: 55_000 });
    for (const budgetMs of [0, 999, 1000, 2999, 3000, 7000, 12_345]) {
      const g = fakes(Infinity);
      const result = await retryPruneConflict(g.prune, { sleep: g.sleep, budgetMs, firstDelayMs: 500 });
      const slept = g.sleeps.reduce((sum, ms) => sum + ms, 0);
      expect(result.gaveUp).toBe(true);
      expect(slept).toBeLessThanOrEqual(budgetMs);
      expect(result.waitedMs).toBe(slept);
      expect(result.attempts).toBe(g.sleeps.length + 1);
    }
  });
});
