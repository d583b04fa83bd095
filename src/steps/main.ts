import * as core from '@actions/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildStage, cacheRebuilder, checkBuilderSupports } from '../builder/stage.js';
import { BuildError, detectBuilder, type BuildPrograms } from '../builder/build.js';
import { abandonCache, finishCache, prepareCache } from '../cache/cache.js';
import type { CacheHit } from '../cache/gha.js';
import { buildahLeftovers, snapshotBuildah } from '../cleanup/buildah.js';
import { mergeResults } from '../cleanup/cleanup.js';
import { dataRoot, freeBytesAt } from '../cleanup/disk.js';
import { ensureFreeSpace } from '../cleanup/guard.js';
import { createOwnership, leaseLabels, leaseName, type Ownership } from '../cleanup/ownership.js';
import { cleanupSummary } from '../cleanup/report.js';
import { checkServicesPresent } from '../container-tests/run-tests.js';
import { imageToTest, testStage, type TestStageResult } from '../container-tests/stage.js';
import { trimOutput } from '../common/format.js';
import { Buildah } from '../engine/buildah.js';
import { Docker, type ServerInfo } from '../engine/docker.js';
import { publishStage } from '../publish/publish.js';
import { RegistryClient } from '../registry/api.js';
import { login } from '../registry/login.js';
import { describeSettings, readSettings, secretsOf, type Settings } from '../settings/inputs.js';
import { sizeStage } from '../size/stage.js';
import { mainOutputs, writeOutputs, type MainResults } from './outputs.js';
import { addSummary, readEvent, runnerLog as log, tempRoot } from './runner.js';
import { saveState } from './state.js';
import { mainSummary } from './summary.js';

/** The engine's programs, made once here and handed to the stages. */
interface Engine {
  docker: Docker;
  buildah: Buildah;
  server: ServerInfo;
  ownership: Ownership;
  /** Where the builder keeps its data, asked once: for the guard and `disk-free-bytes`. */
  dataPath: Promise<string>;
}

/** The main step: settings, guard, login, build, tests, publish, size report; outputs once at the end. */
export async function runMain(): Promise<void> {
  let results: MainResults | undefined;
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const settings = readSettings((name) => core.getInput(name), workspace, process.env, await readEvent());
    results = { settings };
    await mainStep(settings, results, workspace);
  } catch (error) {
    if (results) writeOutputs(mainOutputs(results));
    core.setFailed(error instanceof Error ? error.message : String(error));
    return;
  }
  writeOutputs(mainOutputs(results));
}

async function mainStep(settings: Settings, results: MainResults, workspace: string): Promise<void> {
  for (const secret of secretsOf(settings)) core.setSecret(secret);
  if (settings.forkRestricted) {
    log.notice(
      'This pull request comes from a fork, which gets no secrets: skipping registry login and push.',
    );
  }
  await log.group('Settings', async () => log.info(describeSettings(settings)));
  const engine = await startRun(settings);
  results.reclaimed = await guardStage(settings, engine);
  await loginStage(settings, engine);
  const { tests: testSettings } = settings;
  const built = testSettings.testOnly
    ? await testOnlyImage(engine, testSettings.imageRef)
    : await buildAndCache(settings, engine, workspace);
  // What the tests ran on: the first built reference, or the image given to `test-only`.
  const subject = settings.publish.references[0] ?? testSettings.imageRef;
  results.built = { ...built, subject };
  const tests = await testStage(testSettings, {
    docker: engine.docker,
    image: built.imageId,
    subject,
    labels: engine.ownership.labels,
    prefix: `shipshape-${engine.ownership.runKey.split('/').pop()}-test`,
    log,
  });
  results.tests = tests.results;
  const published = await publishStage(settings.publish, {
    docker: engine.docker,
    testOnly: testSettings.testOnly,
    failedTests: tests.failed.length,
    log,
  });
  if (settings.publish.push && !testSettings.testOnly && !settings.cleanup.keepImages) {
    // The registry has the image now; the runner's copy goes in the post step (`keep-images: false`).
    saveState({ pushed: { imageId: built.imageId, references: settings.publish.references } });
  }
  results.published = { ...published, diskFree: await freeBytesAt(await engine.dataPath) };
  const [image] = await engine.docker.inspectImages([built.imageId]);
  await addSummary(
    mainSummary({
      image: subject,
      imageId: built.imageId,
      references: settings.publish.references.length > 0 ? settings.publish.references : [subject],
      size: image?.Size ?? 0,
      builder: built.builder,
      buildMs: built.durationMs,
      tests: tests.results,
      push: published,
      cache: built.cache,
    }),
  );
  failOnTests(settings, tests);
  if (!testSettings.testOnly && image) {
    const size = await sizeStage(settings.size, {
      docker: engine.docker,
      registry: new RegistryClient(settings.publish.credentials),
      image,
      digest: published.digest,
      git: settings.git,
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      tempRoot: tempRoot(),
      log,
    });
    if (!size) return;
    results.size = size.report;
    await addSummary(size.markdown);
    if (size.report.exceeded.length > 0) throw new Error(size.report.exceeded.join('\n'));
  }
}

/** The daemon answers, the run has its ownership labels and its lease, the service images exist. */
async function startRun(settings: Settings): Promise<Engine> {
  const docker = new Docker();
  const buildah = new Buildah();
  const server = await docker.server();
  const ownership = createOwnership(process.env);
  saveState({ runKey: ownership.runKey, cleanup: settings.cleanup, createdImages: [] });
  // Asked now, answered by the end: where the builder keeps its data, for `disk-free-bytes`.
  const dataPath = dataRoot(docker, settings.build.builder === 'buildah' ? buildah : undefined).catch(
    () => '',
  );
  await Promise.all([
    checkServicesPresent(docker, settings.tests.spec),
    // The lease tells other runs' cleanups on this daemon that this run is still going.
    docker
      .createVolume(leaseName(ownership.runKey), leaseLabels(ownership))
      .catch((error: Error) => log.warning(`Could not create this run's lease volume: ${error.message}`)),
  ]);
  return { docker, buildah, server, ownership, dataPath };
}

/** `min-free-space`: clean until the disk has room, or fail before building. Returns the bytes freed. */
async function guardStage(settings: Settings, engine: Engine): Promise<number> {
  if (settings.guard.minFreeSpace <= 0 || settings.tests.testOnly) return 0;
  const buildah = settings.build.builder === 'buildah' ? engine.buildah : undefined;
  const guard = await ensureFreeSpace(
    engine.docker,
    buildah,
    await engine.dataPath,
    settings.guard.minFreeSpace,
    settings.cleanup,
    engine.ownership.runKey,
    (m) => log.info(m),
  );
  if (guard.results.length > 0) {
    await addSummary(
      cleanupSummary(mergeResults(guard.results), {
        title: 'Shipshape disk guard (before the build)',
        policy: 'dangling, then aggressive while short',
        before: { path: guard.path, freeBytes: guard.freeBefore, usage: [] },
        after: { path: guard.path, freeBytes: guard.freeAfter, usage: [] },
      }),
    );
  }
  return guard.reclaimed;
}

/** One DOCKER_CONFIG for this run with every login; the post step logs out and removes it. */
async function loginStage(settings: Settings, engine: Engine): Promise<void> {
  if (settings.publish.credentials.length === 0) return;
  const session = await login(engine.docker, settings.publish.credentials, tempRoot(), log);
  saveState({ login: session });
  log.info(
    `Logged in to ${session.registries.join(', ')} (credentials in ${session.configDir} for this run only).`,
  );
}

interface BuiltImage {
  imageId: string;
  builder: string;
  durationMs: number;
  cache: { mode: string; hit: CacheHit; size: number };
}

async function testOnlyImage(engine: Engine, reference: string): Promise<BuiltImage> {
  const imageId = await imageToTest(engine.docker, reference);
  return {
    imageId,
    builder: 'none (test-only)',
    durationMs: 0,
    cache: { mode: 'none', hit: 'false', size: 0 },
  };
}

/** Builder choice, cache restore, build, cache export: the image the tests run on. */
async function buildAndCache(settings: Settings, engine: Engine, workspace: string): Promise<BuiltImage> {
  const { docker, buildah, ownership } = engine;
  const builder = await detectBuilder(engine.server, settings.build.builder, buildah);
  log.info(`Builder: ${builder.kind} — ${builder.reason}`);
  checkBuilderSupports(settings.build, builder);
  const programs: BuildPrograms = { builder, client: new Docker(builder.client), docker, buildah, log };
  const workDir = await mkdtemp(join(tempRoot(), 'shipshape-'));
  try {
    const buildahBefore = builder.kind === 'buildah' ? await snapshotBuildah(buildah) : undefined;
    const cacheContext = {
      builder,
      docker,
      builderDocker: programs.client,
      workDir,
      workspace,
      labels: ownership.labels,
      defaultBranch: settings.git.defaultBranch,
      log,
    };
    const cache = await prepareCache(settings.cache, cacheContext);
    const context = { programs, cache: cache.plan, ownershipLabels: ownership.labels, workDir };
    let build;
    try {
      build = await buildStage(settings.build, context);
    } catch (error) {
      if (error instanceof BuildError) saveState({ createdImages: error.createdImages });
      if (buildahBefore) saveState(await buildahLeftovers(buildah, buildahBefore));
      await abandonCache(cache, docker);
      throw error;
    }
    const created = [...build.createdImages];
    const finished = await finishCache(
      cache,
      build,
      cacheRebuilder(settings.build, context, created),
      cacheContext,
    );
    saveState({
      createdImages: created,
      replacedImages: build.replacedImages,
      cacheSave: finished.save,
      ...(buildahBefore
        ? await buildahLeftovers(buildah, buildahBefore, build.buildahImages)
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

/** Each failed test as an error annotation, then the step fails: nothing was pushed. */
function failOnTests(settings: Settings, tests: TestStageResult): void {
  const { testOnly, timeoutSeconds } = settings.tests;
  for (const test of tests.failed) {
    const why = test.timedOut
      ? `timed out after ${timeoutSeconds} s (input 'test-timeout')`
      : `failed: expected ${test.expected ?? '?'}, saw ${test.actual ?? '?'}`;
    core.error(`Test '${test.name}' ${why}.${test.output ? `\nOutput:\n${trimOutput(test.output)}` : ''}`);
  }
  if (tests.failed.length > 0) {
    throw new Error(
      `${tests.failed.length} of ${tests.results.length} test(s) failed${settings.publish.push && !testOnly ? '; nothing was pushed' : ''}.`,
    );
  }
}
