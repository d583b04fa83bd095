import { mkdirSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Budget, fromParent, saveDirectory, watchLibrary } from '../../../src/cache/gha.js';
import { recordingLogger } from '../../harness/recording-logger.js';

describe('the cache directory as the Actions cache sees it', () => {
  it("gives the library the directory's name alone, from its parent, whatever the run's directory", async () => {
    const seen: { path: string; cwd: string; workspace?: string }[] = [];
    const before = { cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE };
    for (const run of ['shipshape-cache-aaa', 'shipshape-cache-bbb']) {
      const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'root-'))), run, 'layer-cache');
      mkdirSync(dir, { recursive: true });
      await fromParent(dir, async (path) => {
        seen.push({ path, cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE });
      });
      expect(seen.at(-1)?.cwd).toBe(join(dir, '..'));
      expect(seen.at(-1)?.workspace).toBe(join(dir, '..'));
    }
    // One path, hence one cache version, for every run; both put back afterwards.
    expect(seen.map((s) => s.path)).toEqual(['layer-cache', 'layer-cache']);
    expect(process.cwd()).toBe(before.cwd);
    expect(process.env.GITHUB_WORKSPACE).toBe(before.workspace);
  });

  it('removes the directories the library made under RUNNER_TEMP during the call, and only those', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const earlier = join(temp, '0f2c1a2b-1111-4222-8333-444455556666');
    mkdirSync(earlier);
    const previous = process.env.RUNNER_TEMP;
    process.env.RUNNER_TEMP = temp;
    try {
      const dir = join(temp, 'shipshape-cache-x', 'layer-cache');
      mkdirSync(dir, { recursive: true });
      await fromParent(dir, async () => {
        mkdirSync(join(temp, '9a8b7c6d-aaaa-4bbb-8ccc-ddddeeeeffff'));
        mkdirSync(join(temp, 'someone-elses'));
      });
    } finally {
      if (previous === undefined) delete process.env.RUNNER_TEMP;
      else process.env.RUNNER_TEMP = previous;
    }
    expect(readdirSync(temp).sort()).toEqual([
      '0f2c1a2b-1111-4222-8333-444455556666',
      'shipshape-cache-x',
      'someone-elses',
    ]);
  });

  it('puts the working directory and the workspace back when the call fails', async () => {
    const before = { cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE };
    const dir = join(mkdtempSync(join(tmpdir(), 'root-')), 'layer-cache');
    await expect(
      fromParent(dir, async () => {
        throw new Error('service down');
      }),
    ).rejects.toThrow('service down');
    expect(process.cwd()).toBe(before.cwd);
    expect(process.env.GITHUB_WORKSPACE).toBe(before.workspace);
  });
});

describe("the library's failures", () => {
  it('are held back from the log and returned, decoded; every other line passes through', async () => {
    const written: string[] = [];
    const seen: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    let result;
    try {
      result = await watchLibrary(
        async () => {
          process.stdout.write('Cache hit for: key-1\n');
          process.stdout.write(
            '::error::Failed to restore: Failed request: (500) Internal Server Error%0Aretry later\n',
          );
          process.stdout.write('::warning::Failed to save: Unable to reserve cache\n::notice::kept\n');
          return 'value';
        },
        (line) => seen.push(line),
      );
    } finally {
      process.stdout.write = write;
    }
    expect(result.value).toBe('value');
    expect(result.failures).toEqual([
      'Failed to restore: Failed request: (500) Internal Server Error retry later',
      'Failed to save: Unable to reserve cache',
    ]);
    expect(written).toEqual(['Cache hit for: key-1\n', '::notice::kept\n']);
    expect(seen).toContain('Cache hit for: key-1');
    expect(process.stdout.write).toBe(write);
  });

  it('a save after a failed restore does not ask the service, and says what it answered', async () => {
    const { log, warnings } = recordingLogger();
    const saved = await saveDirectory(
      '/nonexistent/layer-cache',
      'k',
      30_000,
      log,
      'Failed to restore: (500)',
    );
    expect(saved).toBe(false);
    expect(warnings).toEqual([
      'The layer cache was not saved: the cache service failed when it was restored (Failed to restore: (500)), so it is not asked again in this job.',
    ]);
  });
});

describe('the time budget of the cache service', () => {
  const attempt = (n: number) =>
    `Attempt ${n} of 5 failed with error: Failed request: (503) Service Unavailable. Retrying request in 3000 ms...`;

  it("gives up at the library's second failed attempt, quoting the service", async () => {
    const budget = new Budget(60_000, 'restoring the layer cache');
    const never = new Promise<never>(() => {});
    const raced = budget.race(never);
    budget.watchAttempts('Cache not found');
    budget.watchAttempts(attempt(1));
    budget.watchAttempts(attempt(2));
    await expect(raced).rejects.toThrow(
      'restoring the layer cache: the cache service failed twice; it answered: Failed request: (503) Service Unavailable',
    );
  });

  it('says what the service last answered when the time is up', async () => {
    const budget = new Budget(20, 'saving the layer cache');
    const raced = budget.race(new Promise<never>(() => {}));
    budget.watchAttempts(attempt(1));
    await expect(raced).rejects.toThrow(
      'saving the layer cache took longer than 0 s; gave up; the cache service answered: Failed request: (503) Service Unavailable',
    );
  });

  it('lets a call that ends in time through', async () => {
    const budget = new Budget(1_000, 'restoring the layer cache');
    await expect(budget.race(Promise.resolve('key'))).resolves.toBe('key');
    budget.stop();
  });
});
