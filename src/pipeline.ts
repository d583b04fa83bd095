import * as core from '@actions/core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildError, buildImage, detectBuilder, type BuildInput, type BuildResult } from './build/build.js';
import type { BuilderChoice } from './build/builder.js';
import { abandonCache, finishCache, prepareCache } from './cache/cache.js';
import { saveDirectory, type CacheHit } from './cache/gha.js';
import { cleanupRun } from './cleanup/cleanup.js';
import { createOwnership } from './cleanup/ownership.js';
import { Buildah } from './engine/buildah.js';
import { Docker } from './engine/docker.js';
import { login, logout } from './registry/login.js';
import { pushReferences } from './registry/push.js';
import { cleanupSummary, mainSummary, trimOutput } from './report/summary.js';
import { InputError } from './settings/errors.js';
import { describeSettings, readSettings, type Settings } from './settings/inputs.js';
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
  const settings = readSettings((name) => core.getInput(name), workspace, process.env, await readEvent());
  for (const secret of settings.secrets) core.setSecret(secret.value);
  for (const credential of settings.credentials) core.setSecret(credential.password);
  if (settings.git.isFork && (settings.push || settings.credentials.length > 0)) {
    // A fork's pull request runs without the repository's secrets: a login would fail, a push is not wanted.
    core.notice(
      'This pull request comes from a fork, which gets no secrets: skipping registry login and push.',
    );
    settings.credentials = [];
    settings.push = false;
  }
  core.startGroup('Settings');
  core.info(describeSettings(settings));
  core.endGroup();

  const docker = new Docker();
  const server = await docker.server();
  const ownership = createOwnership(process.env);
  saveState({ runKey: ownership.runKey, cleanup: settings.cleanup, createdImages: [] });

  if (settings.credentials.length > 0) {
    const session = await login(docker, settings.credentials, process.env.RUNNER_TEMP || tmpdir());
    saveState({ login: session });
    core.info(
      `Logged in to ${session.registries.join(', ')} (credentials in ${session.configDir} for this run only).`,
    );
  }

  const builder = await detectBuilder(server, settings.builder);
  core.info(`Builder: ${builder.kind} — ${builder.reason}`);
  checkBuilderSupports(settings, builder);
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'shipshape-'));
  let build: BuildResult;
  let cacheHit: CacheHit;
  let cacheSize: number;
  let cacheMode: string;
  try {
    const cache = await prepareCache(settings, {
      builder,
      docker,
      workDir,
      workspace,
      labels: ownership.labels,
      defaultBranch: settings.git.defaultBranch,
    });
    const input: BuildInput = {
      context: settings.context,
      file: settings.file,
      references: settings.references,
      buildArgs: settings.buildArgs,
      // Ownership labels first, so a user's label of the same name wins.
      labels: { ...ownership.labels, ...settings.labels },
      target: settings.target,
      platforms: settings.platforms,
      pull: settings.pull,
      noCache: settings.noCache,
      secrets: settings.secrets,
      cache: cache.plan,
    };
    try {
      build = await buildImage(builder, input, workDir);
    } catch (error) {
      if (error instanceof BuildError) saveState({ createdImages: error.createdImages });
      await abandonCache(cache, docker);
      throw error;
    }
    const created = [...build.createdImages];
    // A cache image is built again, with or without the imported cache: see planCache.
    const rebuildForCache = async (stage: string | undefined, reference: string, importCache: boolean) => {
      const again = await buildImage(
        builder,
        {
          ...input,
          target: stage ?? input.target,
          references: [reference],
          cache: importCache ? cache.plan : { ...cache.plan, from: [] },
        },
        workDir,
        `Cache image ${reference}${importCache ? '' : ' (local cache only)'}`,
      );
      created.push(...again.createdImages);
    };
    const finished = await finishCache(cache, build, rebuildForCache, docker, workDir);
    cacheHit = cache.hit;
    cacheMode = cache.mode;
    cacheSize = finished.size;
    saveState({ createdImages: created, buildahImages: build.buildahImages, cacheSave: finished.save });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  core.setOutput('imageid', build.imageId);
  core.setOutput('image', settings.references[0]);
  core.setOutput('tags', settings.references.join('\n'));
  core.setOutput('cache-hit', cacheHit);
  core.setOutput('cache-size', String(cacheSize));

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
  core.setOutput('version', settings.version);
  core.setOutput(
    'labels',
    Object.entries(settings.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  );
  core.setOutput(
    'metadata',
    JSON.stringify({
      tags: settings.references,
      labels: settings.labels,
      version: settings.version,
      imageid: build.imageId,
      digest,
    }),
  );

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
        cache: { mode: cacheMode, hit: cacheHit, size: cacheSize },
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

/** The post step: saves the layer cache, removes what this run created. Warns, never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const state = loadState();
    if (!state) {
      core.info('The main step stopped before it created anything; nothing to save or clean up.');
      return;
    }
    if (state.cacheSave) {
      if (await saveDirectory(state.cacheSave.dir, state.cacheSave.key, state.cacheSave.budgetMs)) {
        core.info(`Layer cache saved under key ${state.cacheSave.key}`);
      }
      await rm(state.cacheSave.dir, { recursive: true, force: true }).catch((error: Error) =>
        core.warning(`Could not remove the layer cache directory ${state.cacheSave?.dir}: ${error.message}`),
      );
    }
    if (state.login) {
      for (const warning of await logout(new Docker(), state.login)) core.warning(warning);
    }
    if (!state.cleanup) {
      core.info("Cleanup is off (input 'cleanup' is false).");
      return;
    }
    const result = await cleanupRun(new Docker(), state.runKey, state.createdImages);
    await new Buildah().removeImages(state.buildahImages);
    core.info(`Removed ${result.removed.length} object(s) of this run, freeing ${result.bytesFreed} bytes.`);
    for (const failure of result.failures)
      core.warning(`Could not remove ${failure.kind} ${failure.id}: ${failure.reason}`);
    await core.summary.addRaw(cleanupSummary(result)).write();
  } catch (error) {
    core.warning(`The post step failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { InputError };

/** Inputs the chosen builder cannot honour fail before the build, naming the input. */
export function checkBuilderSupports(settings: Settings, builder: BuilderChoice): void {
  if (settings.secrets.length > 0 && builder.kind === 'legacy') {
    throw new InputError(
      'secrets',
      settings.secrets.map((secret) => secret.id).join(', '),
      `the legacy builder has no build secrets (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`,
    );
  }
  if (settings.platforms.length > 1 && builder.kind !== 'buildx' && builder.kind !== 'buildah') {
    throw new InputError(
      'platforms',
      settings.platforms.join(','),
      `several platforms need buildx or buildah; the ${builder.kind} builder builds one. Set up buildx or give one platform.`,
    );
  }
}

/** The event payload the runner wrote, `{}` when there is none. */
async function readEvent(): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(process.env.GITHUB_EVENT_PATH ?? '', 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
