import * as core from '@actions/core';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BuildError,
  buildImage,
  detectBuilder,
  type BuildInput,
  type BuildResult,
} from '../builder/build.js';
import type { BuilderChoice } from '../engine/builders.js';
import { abandonCache, finishCache, prepareCache } from '../cache/cache.js';
import { saveDirectory, type CacheHit } from '../cache/gha.js';
import { buildahLeftovers, cleanBuildah, snapshotBuildah } from '../cleanup/buildah.js';
import { cleanDaemon, mergeResults } from '../cleanup/cleanup.js';
import { dataRoot, freeBytesAt, measureDisk } from '../cleanup/disk.js';
import { ensureFreeSpace } from '../cleanup/guard.js';
import { createOwnership, leaseLabels, leaseName, type Ownership } from '../cleanup/ownership.js';
import { Buildah } from '../engine/buildah.js';
import { Docker, type ImageInspect, type ServerInfo } from '../engine/docker.js';
import { login, logout } from '../registry/login.js';
import { pushReferences } from '../registry/push.js';
import { cleanupSummary } from '../cleanup/report.js';
import { trimOutput } from '../common/format.js';
import { mainSummary } from './summary.js';
import { InputError } from '../common/errors.js';
import { describeSettings, readSettings, type Settings } from '../settings/inputs.js';
import { changedEnough } from '../size/budgets.js';
import { upsertComment } from '../size/comment.js';
import { commentMarker, renderSizeReport, type SizeReport } from '../size/render.js';
import { buildSizeReport } from '../size/report.js';
import { loadState, saveState } from './state.js';
import { toJUnit } from '../container-tests/junit.js';
import { checkServicesPresent, runTests } from '../container-tests/run-tests.js';

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
  if (settings.size.githubToken) core.setSecret(settings.size.githubToken);
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
  const buildah = settings.builder === 'buildah' ? new Buildah() : undefined;
  // Asked now, answered by the end: where the builder keeps its data, for `disk-free-bytes`.
  const dataPath = dataRoot(docker, buildah).catch(() => '');
  await Promise.all([
    checkServicesPresent(docker, settings.tests),
    // The lease tells other runs' cleanups on this daemon that this run is still going.
    docker
      .createVolume(leaseName(ownership.runKey), leaseLabels(ownership))
      .catch((error: Error) => core.warning(`Could not create this run's lease volume: ${error.message}`)),
  ]);
  if (settings.minFreeSpace > 0 && !settings.testOnly) {
    const guard = await ensureFreeSpace(
      docker,
      buildah,
      await dataPath,
      settings.minFreeSpace,
      settings.cleanup,
      ownership.runKey,
      (m) => core.info(m),
    );
    core.setOutput('reclaimed-bytes', String(guard.reclaimed));
    if (guard.results.length > 0)
      await core.summary
        .addRaw(
          cleanupSummary(mergeResults(guard.results), {
            title: 'Shipshape disk guard (before the build)',
            policy: 'dangling, then aggressive while short',
            before: { path: guard.path, freeBytes: guard.freeBefore, usage: [] },
            after: { path: guard.path, freeBytes: guard.freeAfter, usage: [] },
          }),
        )
        .write();
  } else {
    core.setOutput('reclaimed-bytes', '0');
  }

  if (settings.credentials.length > 0) {
    const session = await login(docker, settings.credentials, process.env.RUNNER_TEMP || tmpdir());
    saveState({ login: session });
    core.info(
      `Logged in to ${session.registries.join(', ')} (credentials in ${session.configDir} for this run only).`,
    );
  }

  const built = settings.testOnly
    ? await imageToTest(docker, settings.imageRef)
    : await buildStage(settings, docker, server, ownership, workspace);
  // What the tests ran on: the first built reference, or the image given to `test-only`.
  const subject = settings.references[0] ?? settings.imageRef;
  core.setOutput('imageid', built.imageId);
  core.setOutput('image', subject);
  core.setOutput('tags', settings.references.join('\n'));
  core.setOutput('cache-hit', built.cache.hit);
  core.setOutput('cache-size', String(built.cache.size));

  const tests = await runTests(docker, {
    image: built.imageId,
    spec: settings.tests,
    labels: ownership.labels,
    prefix: `shipshape-${ownership.runKey.split('/').pop()}-test`,
    parallelism: settings.testParallelism,
    defaultTimeoutSeconds: settings.testTimeoutSeconds,
  });
  const failedTests = tests.filter((test) => !test.passed);
  core.setOutput(
    'test-results',
    JSON.stringify({
      total: tests.length,
      passed: tests.length - failedTests.length,
      failed: failedTests.length,
    }),
  );
  if (settings.testReport) {
    await mkdir(dirname(settings.testReport), { recursive: true });
    await writeFile(settings.testReport, toJUnit(tests, subject, new Date()));
  }

  let digest = '';
  let skippedReason: string | undefined;
  if (settings.push && settings.testOnly) {
    skippedReason = "not pushed: 'test-only' builds nothing to push";
  } else if (settings.push && failedTests.length === 0) {
    digest = (await pushReferences(docker, settings.references)).digest;
  } else if (settings.push) {
    skippedReason = `not pushed: ${failedTests.length} test(s) failed`;
  }
  if (settings.push && !settings.testOnly && !settings.cleanup.keepImages) {
    // The registry has the image now; the runner's copy goes in the post step (`keep-images: false`).
    saveState({ pushed: { imageId: built.imageId, references: settings.references } });
  }
  const free = await freeBytesAt(await dataPath);
  core.setOutput('disk-free-bytes', free === undefined ? '' : String(free));
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
      imageid: built.imageId,
      digest,
    }),
  );

  const [image] = await docker.inspectImages([built.imageId]);
  await core.summary
    .addRaw(
      mainSummary({
        image: subject,
        imageId: built.imageId,
        references: settings.references.length > 0 ? settings.references : [subject],
        size: image?.Size ?? 0,
        builder: built.builder,
        buildMs: built.durationMs,
        tests,
        push: { requested: settings.push, digest, skippedReason },
        cache: built.cache,
      }),
    )
    .write();

  for (const test of failedTests) {
    const why = test.timedOut
      ? `timed out after ${settings.testTimeoutSeconds} s (input 'test-timeout')`
      : `failed: expected ${test.expected ?? '?'}, saw ${test.actual ?? '?'}`;
    core.error(`Test '${test.name}' ${why}.${test.output ? `\nOutput:\n${trimOutput(test.output)}` : ''}`);
  }
  if (failedTests.length > 0) {
    throw new Error(
      `${failedTests.length} of ${tests.length} test(s) failed${settings.push && !settings.testOnly ? '; nothing was pushed' : ''}.`,
    );
  }
  if (!settings.testOnly && image) await sizeStage(settings, docker, image, digest);
}

/**
 * The size report: job summary, outputs, the pull-request comment, then the budgets, which fail
 * the step only once the report is out. A report that cannot be made is a warning.
 */
async function sizeStage(
  settings: Settings,
  docker: Docker,
  image: ImageInspect,
  digest: string,
): Promise<void> {
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'shipshape-size-'));
  let report: SizeReport;
  try {
    report = await buildSizeReport({
      settings,
      docker,
      image,
      digest,
      workDir,
      warn: (m) => core.warning(m),
    });
  } catch (error) {
    core.warning(`The size report could not be made: ${(error as Error).message}`);
    return;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const name = settings.images[0].familiar;
  const markdown = renderSizeReport(report, name);
  core.setOutput('size', report.image.size === undefined ? '' : String(report.image.size));
  core.setOutput(
    'compressed-size',
    report.image.compressedSize === undefined ? '' : String(report.image.compressedSize),
  );
  const delta = report.diff?.compressedSize.delta;
  core.setOutput('size-diff', delta === undefined ? '' : String(delta));
  core.setOutput('size-report', JSON.stringify(report));
  await core.summary.addRaw(markdown).write();
  await commentOnPullRequest(settings, report, markdown, name);
  if (report.exceeded.length > 0) throw new Error(report.exceeded.join('\n'));
}

/** One comment per image on the pull request, updated in place; problems are warnings. */
async function commentOnPullRequest(
  settings: Settings,
  report: SizeReport,
  markdown: string,
  name: string,
): Promise<void> {
  const { git, size } = settings;
  if (git.prNumber === undefined || size.comment === 'never') return;
  const summaryNote = 'the full report is in the job summary';
  if (git.isFork) {
    core.warning(
      `Size comment skipped: this pull request comes from a fork, whose token cannot comment; ${summaryNote}.`,
    );
    return;
  }
  if (!size.githubToken) {
    core.warning(`Size comment skipped: input 'github-token' is empty; ${summaryNote}.`);
    return;
  }
  const create = size.comment === 'always' || changedEnough(size, report.diff);
  try {
    const result = await upsertComment({
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      token: size.githubToken,
      repository: git.repository,
      issue: git.prNumber,
      marker: commentMarker(name),
      body: markdown,
      create,
    });
    core.info(
      result.action === 'skipped'
        ? `Size comment not posted: the compressed size did not change by more than 'size-comment-threshold'.`
        : `Size comment ${result.action} on pull request #${git.prNumber}${result.url ? `: ${result.url}` : ''}.`,
    );
  } catch (error) {
    const status = (error as { status?: number }).status;
    const fix =
      status === 403 || status === 404
        ? " Give the job 'permissions: pull-requests: write' (the token cannot write to this pull request)."
        : '';
    core.warning(
      `Could not post the size comment on pull request #${git.prNumber}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}.${fix} ${summaryNote[0].toUpperCase()}${summaryNote.slice(1)}.`,
    );
  }
}

interface BuiltImage {
  imageId: string;
  builder: string;
  durationMs: number;
  cache: { mode: string; hit: CacheHit; size: number };
}

/** `test-only`: the image exists already; pull it only when the engine does not have it. */
async function imageToTest(docker: Docker, reference: string): Promise<BuiltImage> {
  let [image] = await docker.inspectImages([reference]);
  if (!image) {
    const pulled = await docker.pull(reference);
    if (pulled.exitCode !== 0) {
      throw new Error(
        `Input 'image-ref' has value '${reference}': the engine does not have it and it could not be pulled: ${pulled.stderr.trim()}`,
      );
    }
    [image] = await docker.inspectImages([reference]);
  }
  return {
    imageId: image.Id,
    builder: 'none (test-only)',
    durationMs: 0,
    cache: { mode: 'none', hit: 'false', size: 0 },
  };
}

/** Builder choice, layer cache, build, cache export: the image the tests run on. */
async function buildStage(
  settings: Settings,
  docker: Docker,
  server: ServerInfo,
  ownership: Ownership,
  workspace: string,
): Promise<BuiltImage> {
  const builder = await detectBuilder(server, settings.builder);
  core.info(`Builder: ${builder.kind} — ${builder.reason}`);
  checkBuilderSupports(settings, builder);
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'shipshape-'));
  try {
    // Tags this build moves leave their old images dangling: those are this run's doing.
    const previous = await docker.inspectImages(settings.references);
    const buildahBefore = builder.kind === 'buildah' ? await snapshotBuildah() : undefined;
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
    let build: BuildResult;
    try {
      build = await buildImage(builder, input, workDir);
    } catch (error) {
      if (error instanceof BuildError) saveState({ createdImages: error.createdImages });
      if (buildahBefore) saveState(await buildahLeftovers(buildahBefore));
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
    saveState({
      createdImages: created,
      replacedImages: previous.map((image) => image.Id).filter((id) => id !== build.imageId),
      cacheSave: finished.save,
      ...(buildahBefore
        ? await buildahLeftovers(buildahBefore, build.buildahImages)
        : { buildahImages: build.buildahImages }),
    });
    return {
      imageId: build.imageId,
      builder: `${builder.kind} (${builder.reason})`,
      durationMs: build.durationMs,
      cache: { mode: cache.mode, hit: cache.hit, size: finished.size },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
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
    const docker = new Docker();
    const options = state.cleanup;
    if (options.policy === 'false') {
      // The lease is the action's own bookkeeping, not the user's: it goes even so.
      await docker.removeVolumes([leaseName(state.runKey)]);
      core.info("Cleanup is off (input 'cleanup' is false).");
      return;
    }
    const usesBuildah = state.buildahImages.length + state.buildahContainers.length > 0;
    const buildah = usesBuildah ? new Buildah() : undefined;
    const [path, usage] = await Promise.all([dataRoot(docker, buildah), docker.diskUsage()]);
    const before = { path, freeBytes: await freeBytesAt(path), usage };
    const results = [await cleanDaemon(docker, state, options)];
    if (buildah) {
      const facts = { images: state.buildahImages, containers: state.buildahContainers };
      results.push(await cleanBuildah(buildah, facts, options));
    }
    const result = mergeResults(results);
    const after = await measureDisk(docker, path);
    const mine = result.removed.filter((object) => object.owner === 'run').length;
    core.info(
      `Cleanup '${options.policy}': removed ${result.removed.length} object(s) (${mine} of this run), freeing ${result.bytesFreed} bytes.`,
    );
    for (const kept of result.kept) core.info(`Kept ${kept.kind} ${kept.id}: ${kept.reason}`);
    for (const failure of result.failures)
      core.warning(`Could not remove ${failure.kind} ${failure.id}: ${failure.reason}`);
    core.setOutput('reclaimed-bytes', String(result.bytesFreed));
    core.setOutput('disk-free-bytes', after.freeBytes === undefined ? '' : String(after.freeBytes));
    await core.summary.addRaw(cleanupSummary(result, { policy: options.policy, before, after })).write();
    if (options.strict && result.failures.length > 0) {
      core.setFailed(
        `Cleanup left ${result.failures.length} object(s) of this run behind (input 'cleanup-strict' is true); see the warnings above.`,
      );
    }
  } catch (error) {
    const message = `The post step failed: ${error instanceof Error ? error.message : String(error)}`;
    if (loadState()?.cleanup.strict) core.setFailed(message);
    else core.warning(message);
  }
}

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
