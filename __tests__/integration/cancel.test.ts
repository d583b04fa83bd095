// Cancelling the main step as the runner does (issue #13): its programs stop with it, and the post
// step removes what the run created.
import { describe, expect, it } from 'vitest';
import { docker, removeImages, writeContext } from '../harness/fixtures.js';
import { containersOf, useIntegrationFixtures } from '../harness/integration.js';
import { runAction } from '../harness/run-action.js';

const fx = useIntegrationFixtures();

/** Processes whose command line mentions `text` (our docker clients carry the context path). */
async function processesWith(text: string): Promise<string[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text) && !cmdline.includes('vitest')) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('a cancelled main step', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during the build stops the build client at once; post leaves nothing of the run',
    async (signal) => {
      const context = writeContext({ Dockerfile: `FROM ${fx.base}\nRUN sleep 120\n` });
      const result = await runAction({
        inputs: { context, images: `cancel-it/${signal.toLowerCase()}`, 'test-run': 'true' },
        cancelMain: { when: /RUN sleep 120/, signal },
        timeoutMs: 120_000,
      });
      expect(result.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(result.mainExitedAfterSignalMs).toBeLessThan(5_000);
      expect(result.log).toContain(`The main step was cancelled (${signal})`);
      // No docker client of this run's build is left running (its context path is on its command line).
      expect(await processesWith(context)).toEqual([]);
      expect(await containersOf(result.state['run-key'] ?? '')).toEqual([]);
      const lease = await docker([
        'volume',
        'ls',
        '-q',
        '--filter',
        `label=dev.shipshape.run=${result.state['run-key']}`,
      ]);
      expect(lease.stdout.trim()).toBe('');
      await removeImages([`cancel-it/${signal.toLowerCase()}:latest`]);
    },
    180_000,
  );

  it('SIGTERM during a test removes the running test container in the post step', async () => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'cancel-it/test', 'test-run': 'sleep 120' },
      // Logged while the tests run (the size report of an unpushed image is measured beside them).
      cancelMain: { when: /Phase size-report:/, signal: 'SIGTERM' },
      timeoutMs: 120_000,
    });
    expect(result.exitCode).toBe(143);
    expect(result.mainExitedAfterSignalMs).toBeLessThan(5_000);
    expect(await containersOf(result.state['run-key'] ?? '')).toEqual([]);
    await removeImages(['cancel-it/test:latest']);
  }, 180_000);
});
