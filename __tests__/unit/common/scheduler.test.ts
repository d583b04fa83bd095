import { describe, expect, it } from 'vitest';
import { runLimited } from '../../../src/common/scheduler.js';

/** Tasks that finish in the given order of delays, recording how many ran at once. */
function tasks(delays: number[]) {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const list = delays.map((ms, index) => async () => {
    started.push(index);
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    return `task ${index}`;
  });
  return { list, started, most: () => most };
}

describe('runLimited', () => {
  it('keeps the input order of the results, whatever order the tasks finish in', async () => {
    const { list } = tasks([40, 5, 20, 1]);
    expect(await runLimited(list, 4)).toEqual(['task 0', 'task 1', 'task 2', 'task 3']);
  });

  it('never runs more than parallelism tasks at once, and starts them in order', async () => {
    const t = tasks([15, 5, 10, 5, 1, 5, 10]);
    await runLimited(t.list, 2);
    expect(t.most()).toBe(2);
    expect(t.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs them one at a time for parallelism 1, 0, a fraction or NaN', async () => {
    for (const parallelism of [1, 0, 0.5, Number.NaN]) {
      const t = tasks([5, 1, 3]);
      expect(await runLimited(t.list, parallelism)).toEqual(['task 0', 'task 1', 'task 2']);
      expect(t.most()).toBe(1);
    }
  });

  it('uses every slot it is given', async () => {
    const t = tasks([20, 20, 20, 20, 20]);
    await runLimited(t.list, 3);
    expect(t.most()).toBe(3);
  });

  it('returns an empty list for no tasks', async () => {
    expect(await runLimited([], 4)).toEqual([]);
  });

  it('rejects when a task rejects', async () => {
    const failing = [async () => 1, async () => Promise.reject(new Error('boom')), async () => 3];
    await expect(runLimited(failing, 2)).rejects.toThrow('boom');
  });
});
