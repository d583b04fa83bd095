import * as core from '@actions/core';
import { saveCacheStage } from '../cache/save.js';
import { cleanupSummary } from '../cleanup/report.js';
import { cleanupStage } from '../cleanup/stage.js';
import { Buildah } from '../engine/buildah.js';
import { Docker } from '../engine/docker.js';
import { logout } from '../registry/login.js';
import { addSummary, runnerLog as log } from './runner.js';
import { loadState } from './state.js';

/** The post step: saves the layer cache, logs out, removes what this run created. Warns, never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const state = loadState();
    if (!state) {
      log.info('The main step stopped before it created anything; nothing to save or clean up.');
      return;
    }
    const docker = new Docker();
    if (state.cacheSave) await saveCacheStage(state.cacheSave, log);
    if (state.login) {
      for (const warning of await logout(docker, state.login)) log.warning(warning);
    }
    const options = state.cleanup;
    const cleaned = await cleanupStage(options, state, { docker, buildah: new Buildah(), log });
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
  }
}
