import * as core from '@actions/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildError, buildImage, detectBuilder } from './build/build.js';
import { cleanupRun } from './cleanup/cleanup.js';
import { createOwnership } from './cleanup/ownership.js';
import { Docker } from './engine/docker.js';
import { pushReferences } from './registry/push.js';
import { cleanupSummary, mainSummary, trimOutput } from './report/summary.js';
import { InputError } from './settings/errors.js';
import { describeSettings, readSettings } from './settings/inputs.js';
import { loadState, saveState } from './state.js';
import { runCommandTests } from './tests/run-commands.js';

/** The main step: settings, daemon check, build, tests, push, report. */
export async function runMain(): Promise<void> {
  try {
    await main();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const settings = readSettings((name) => core.getInput(name), workspace);
  core.startGroup('Settings');
  core.info(describeSettings(settings));
  core.endGroup();

  const docker = new Docker();
  const server = await docker.server();
  const ownership = createOwnership(process.env);
  saveState({ runKey: ownership.runKey, cleanup: settings.cleanup, createdImages: [] });

  const builder = await detectBuilder(server);
  core.info(`Builder: ${builder.kind} — ${builder.reason}`);
  const tempDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'shipshape-'));
  let build;
  try {
    build = await buildImage(
      builder,
      {
        context: settings.context,
        file: settings.file,
        references: settings.references,
        buildArgs: settings.buildArgs,
        // Ownership labels first, so a user's label of the same name wins.
        labels: { ...ownership.labels, ...settings.labels },
        target: settings.target,
      },
      tempDir,
    );
  } catch (error) {
    if (error instanceof BuildError) saveState({ createdImages: error.createdImages });
    throw error;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  saveState({ createdImages: build.createdImages });
  core.setOutput('imageid', build.imageId);
  core.setOutput('image', settings.references[0]);
  core.setOutput('tags', settings.references.join('\n'));

  const tests = await runCommandTests(docker, {
    image: build.imageId,
    commands: settings.testRun,
    timeoutSeconds: settings.testTimeoutSeconds,
    labels: ownership.labels,
    namePrefix: `shipshape-${ownership.runKey.split('/').pop()}-test`,
  });
  const failedTests = tests.filter((test) => !test.passed);

  let digest = '';
  let skippedReason: string | undefined;
  if (settings.push && failedTests.length === 0) {
    digest = (await pushReferences(docker, settings.references)).digest;
  } else if (settings.push) {
    skippedReason = `not pushed: ${failedTests.length} test(s) failed`;
  }
  core.setOutput('digest', digest);

  const [image] = await docker.inspectImages([build.imageId]);
  await core.summary
    .addRaw(
      mainSummary({
        image: settings.references[0],
        imageId: build.imageId,
        references: settings.references,
        size: image?.Size ?? 0,
        builder: `${builder.kind} (${builder.reason})`,
        buildMs: build.durationMs,
        tests,
        push: { requested: settings.push, digest, skippedReason },
      }),
    )
    .write();

  for (const test of failedTests) {
    const why = test.timedOut
      ? `timed out after ${settings.testTimeoutSeconds} s (input 'test-timeout')`
      : `exited with code ${test.exitCode}`;
    core.error(`Test command '${test.command}' ${why}. Output:\n${trimOutput(test.output)}`);
  }
  if (failedTests.length > 0) {
    throw new Error(
      `${failedTests.length} of ${tests.length} test command(s) failed${settings.push ? '; nothing was pushed' : ''}.`,
    );
  }
}

/** The post step: removes what this run created. Warns, never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const state = loadState();
    if (!state) {
      core.info('The main step stopped before it created anything; nothing to clean up.');
      return;
    }
    if (!state.cleanup) {
      core.info("Cleanup is off (input 'cleanup' is false).");
      return;
    }
    const result = await cleanupRun(new Docker(), state.runKey, state.createdImages);
    core.info(`Removed ${result.removed.length} object(s) of this run, freeing ${result.bytesFreed} bytes.`);
    for (const failure of result.failures)
      core.warning(`Could not remove ${failure.kind} ${failure.id}: ${failure.reason}`);
    await core.summary.addRaw(cleanupSummary(result)).write();
  } catch (error) {
    core.warning(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { InputError };
