import * as core from './runner-commands.js';
import { saveCacheStage } from '../cache/save.js';
import { cleanupSummary } from '../cleanup/report.js';
import { cleanupStage } from '../cleanup/stage.js';
import { removeTempPaths } from '../cleanup/temp-paths.js';
import { tmpdir } from 'node:os';
import { Buildah } from '../engine/buildah.js';
import { Docker } from '../engine/docker.js';
import { logout } from '../registry/login.js';
import { addSummary, runnerLog as log, tempRoot } from './runner.js';
import { loadState } from './state.js';
import { PhaseTimer, timingsTable } from './timings.js';

/** The post step: saves the layer cache, logs out, removes what this run created. Warns, never fails the job. */
export async function runPost(): Promise<void> {
  const timer = new PhaseTimer((message) => log.info(message));
  try {
    const state = loadState();
    if (!state) {
      log.info('The main step stopped before it created anything; nothing to save or clean up.');
      return;
    }
    const docker = Docker.connect();
    if (state.dockerRoot) docker.knowRootDir(state.dockerRoot);
    const { cacheSave, login } = state;
    if (cacheSave) await timer.time('cache-save', () => saveCacheStage(cacheSave, log));
    if (login?.keep) {
      log.info(
        `'logout' is false: the login to ${login.registries.join(', ')} stays for the job's later steps.`,
      );
    } else if (login) {
      for (const warning of await timer.time('logout', () => logout(docker, login))) log.warning(warning);
    }
    // Whatever happened in main (a full disk, a cancel, a failed step), no temporary directory stays.
    if (state.tempPaths?.length) await removeTempPaths(state.tempPaths, [tempRoot(), tmpdir()], log);
    const options = state.cleanup;
    const cleaned = await timer.time('cleanup', () =>
      cleanupStage(options, state, { docker, buildah: new Buildah(), log }),
    );
    if (!cleaned) return;
    await addSummary(cleanupSummary(cleaned.result, { policy: options.policy, ...cleaned }));
    if (options.strict && cleaned.result.failures.length > 0) {
      core.setFailed(
        `Cleanup left ${cleaned.result.failures.length} object(s) of this run behind (input 'cleanup-strict' is true); see the warnings above.`,
      );
    }
  } catch (error) {
    const message = `The post step failed: ${error instanceof Error ? error.message : String(error)}`;
    if (loadState()?.cleanup.strict) core.setFailed(message);
    else log.warning(message);
  } finally {
    await postTimings(timer);
  }
}

/** Post's own table: its outputs would reach no later step, so its phases are in the job summary only. */
async function postTimings(timer: PhaseTimer): Promise<void> {
  if (timer.empty) return;
  await addSummary(timingsTable(timer.finish(), 'Timings (post step)')).catch((error: Error) =>
    log.warning(`Could not add the post step's timings to the job summary: ${error.message}`),
  );
}
