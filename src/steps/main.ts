import * as core from './runner-commands.js';
import { InputError } from '../common/errors.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stagesOf } from '../naming/dockerfile.js';
import { engineNames } from '../naming/reference.js';
import {
  buildStage,
  buildxPusher,
  cacheRebuilder,
  platformReference,
  checkBuilderSupports,
  checkStage,
  type PlatformImage,
} from '../builder/stage.js';
import { BuildError, detectBuilder, type BuildPrograms } from '../builder/build.js';
import { abandonCache, finishCache, prepareCache } from '../cache/cache.js';
import type { CacheHit } from '../cache/gha.js';
import { mergeResults } from '../cleanup/cleanup.js';
import { dataRoot, freeBytesAt } from '../cleanup/disk.js';
import { ensureFreeSpace } from '../cleanup/guard.js';
import { createOwnership, leaseLabels, leaseName, type Ownership } from '../cleanup/ownership.js';
import { cleanupSummary } from '../cleanup/report.js';
import { checkServicesPresent } from '../container-tests/run-tests.js';
import { planTestPlatforms, type TestPlatformPlan } from '../container-tests/platforms.js';
import { hostPlatform } from '../settings/platforms.js';
import { imageToTest, testStage, type TestStageResult } from '../container-tests/stage.js';
import { testLabel } from '../container-tests/results.js';
import { trimOutput } from '../common/format.js';
import { Buildah } from '../engine/buildah.js';
import { probeDockerClients, type DockerClient } from '../engine/clients.js';
import type { EarlyStart } from './early.js';
import { loadYaml, YAML_INPUTS } from '../settings/yaml.js';
import { Docker, type ImageInspect, type ServerInfo } from '../engine/docker.js';
import { canExecute, readBinfmtHandlers } from '../engine/emulation.js';
import { stopAllPrograms } from '../engine/exec.js';
import { LayerStore } from '../engine/layer-store.js';
import { publishStage, type PlatformsToPublish } from '../publish/publish.js';
import { RegistryClient } from '../registry/api.js';
import { holdsLayers } from '../registry/images.js';
import { login } from '../registry/login.js';
import { describeSettings, rawSecrets, readSettings, secretsOf, type Settings } from '../settings/inputs.js';
import type { SizeHints } from '../size/report.js';
import type { SizeReport } from '../size/render.js';
import { measureSize, sizeStage, type SizeContext } from '../size/stage.js';
import { mainOutputs, writeOutputs, type MainResults } from './outputs.js';
import { addSummary, readEvent, runnerLog as log, tempRoot } from './runner.js';
import { saveState } from './state.js';
import { mainSummary } from './summary.js';
import { PhaseTimer, timingsTable } from './timings.js';

/** The engine's programs, made once here and handed to the stages. */
interface Engine {
  docker: Docker;
  buildah: Buildah;
  server: ServerInfo;
  ownership: Ownership;
  /** Where the builder keeps its data, asked once: for the guard and `disk-free-bytes`. */
  dataPath: Promise<string>;
  /** The docker clients on PATH, probed from the start for the builder choice (none for `test-only`). */
  clients?: Promise<DockerClient[]>;
}

/** The main step: settings, guard, login, build, tests, publish, size report; outputs once at the end. */
export async function runMain(early?: EarlyStart): Promise<void> {
  const timer = new PhaseTimer((message) => log.info(message));
  stopOnCancel();
  let results: MainResults | undefined;
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    // Masked before anything is parsed: an input error must not print a secret's text.
    for (const secret of rawSecrets((name) => core.getInput(name))) core.setSecret(secret);
    const settings = await timer.time('settings', async () => {
      if (YAML_INPUTS.some((name) => core.getInput(name).trim())) await loadYaml();
      return readSettings((name) => core.getInput(name), workspace, process.env, await readEvent());
    });
    results = { settings };
    await mainStep(settings, results, workspace, timer, early);
  } catch (error) {
    if (results) await finishMain(results, timer);
    core.setFailed(error instanceof Error ? error.message : String(error));
    return;
  }
  await finishMain(results, timer);
}

/**
 * A cancelled job (the runner sends SIGINT, then SIGTERM): stop every program this step started
 * (a `docker build` client would go on building, a test's client waiting), then exit. What the run
 * created so far is in the state and carries its labels: the post step, which runs anyway, removes it.
 */
function stopOnCancel(): void {
  const stop = (signal: NodeJS.Signals) => {
    log.warning(
      `The main step was cancelled (${signal}): stopping the programs it started; the post step removes what this run created.`,
    );
    void stopAllPrograms().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The timings (logged, a job-summary table, an output), then every output, once. */
async function finishMain(results: MainResults, timer: PhaseTimer): Promise<void> {
  results.timings = timer.finish();
  await addSummary(timingsTable(results.timings, 'Timings')).catch((error: Error) =>
    log.warning(`Could not add the timings to the job summary: ${error.message}`),
  );
  writeOutputs(mainOutputs(results));
}

async function mainStep(
  settings: Settings,
  results: MainResults,
  workspace: string,
  timer: PhaseTimer,
  early: EarlyStart | undefined,
): Promise<void> {
  for (const secret of secretsOf(settings)) core.setSecret(secret);
  for (const notice of settings.publish.notices) log.notice(notice);
  for (const warning of settings.publish.warnings) log.warning(warning);
  if (settings.forkRestricted) {
    log.notice(
      'This pull request comes from a fork, which gets no secrets: skipping registry login and push.',
    );
  }
  await log.group('Settings', async () => log.info(describeSettings(settings)));
  const engine = await timer.time('guard', async () => {
    const started = await startRun(settings, early);
    results.reclaimed = await guardStage(settings, started);
    return started;
  });
  const { credentials } = settings.publish;
  await timer.timeIf(credentials.length > 0, 'login', () => loginStage(settings, engine));
  if (settings.build.call === 'check') {
    await timer.time('build', () => buildChecks(settings, engine, workspace));
    return;
  }
  const { tests: testSettings } = settings;
  // Which platforms the tests run on is known before the build: a listed one the runner cannot
  // execute fails here, naming 'test-platforms'.
  const testPlan = await platformPlan(settings, engine);
  const built = testSettings.testOnly
    ? await testOnlyImage(engine, testSettings.imageRef)
    : await buildAndCache(settings, engine, workspace, timer);
  try {
    await testAndPublish(settings, results, engine, built, testPlan, timer);
  } finally {
    // The per-platform images' temporary names: removed with the images they alone name.
    const temporary = built.platforms.map((image) => image.reference);
    if (temporary.length > 0) await engine.docker.removeImages(temporary);
  }
}

/** The builder the settings and the machine choose, checked against the inputs, with its programs. */
async function builderPrograms(settings: Settings, engine: Engine): Promise<BuildPrograms> {
  const { docker, buildah } = engine;
  const builder = await detectBuilder(engine.server, settings.build.builder, buildah, engine.clients);
  log.info(`Builder: ${builder.kind} — ${builder.reason}`);
  checkBuilderSupports(settings.build, builder);
  return { builder, client: new Docker(builder.client), docker, buildah, log };
}

/**
 * `call: check`: buildx's build checks, each finding an annotation on its Dockerfile line; the step
 * fails when there is one, as build-push-action's does. Nothing is built, tested or pushed.
 */
async function buildChecks(settings: Settings, engine: Engine, workspace: string): Promise<void> {
  const programs = await builderPrograms(settings, engine);
  const buildxVersion = (await engine.clients)?.find(
    (client) => client.path === programs.builder.client,
  )?.buildxVersion;
  const checked = await checkStage(settings.build, programs, { buildxVersion, workspace });
  for (const finding of checked.warnings) core.warning(finding.message, finding);
  if (checked.error) {
    core.error(checked.error.message, checked.error);
    throw new Error(`The build checks could not run: ${checked.error.message}`);
  }
  const count = checked.warnings.length;
  if (count > 0) {
    throw new Error(
      `Check complete, ${count} warning(s) found in ${checked.warnings[0].file ?? 'the Dockerfile'}: see the annotations.`,
    );
  }
  log.info('Check complete, no warnings found.');
}

/** The runner's architecture and binfmt handlers against `platforms` and `test-platforms`. */
async function platformPlan(settings: Settings, engine: Engine): Promise<TestPlatformPlan> {
  const built = settings.build.platforms;
  if (settings.tests.testOnly || built.length === 0) return { tested: [], notTested: [] };
  const local = (await engine.docker.rootDir().catch(() => '')) !== '';
  const host = { arch: engine.server.arch, handlers: local ? await readBinfmtHandlers() : undefined };
  const plan = planTestPlatforms(built, settings.tests.platforms, (platform) => canExecute(platform, host));
  for (const { platform, why } of plan.notTested) log.warning(`Platform ${platform} is not tested: ${why}.`);
  return plan;
}

async function testAndPublish(
  settings: Settings,
  results: MainResults,
  engine: Engine,
  built: BuiltImage,
  testPlan: TestPlatformPlan,
  timer: PhaseTimer,
): Promise<void> {
  const { tests: testSettings } = settings;
  // What the tests ran on: the first built reference, or the image given to `test-only`.
  const subject = settings.publish.references[0] ?? testSettings.imageRef;
  results.built = { ...built, subject };
  // An image that is not pushed is measured beside the tests: nothing they do changes what it reads.
  const early =
    settings.publish.push || testSettings.testOnly
      ? undefined
      : await earlySize(settings, engine, built, timer);
  // Several platforms: each tested platform's image, one after the other; one platform: its image.
  const byPlatform = new Map(built.platforms.map((image) => [image.platform, image.imageId]));
  const platforms =
    settings.build.platforms.length === 0 || testSettings.testOnly
      ? undefined
      : testPlan.tested.map((platform) => ({ platform, image: byPlatform.get(platform) ?? built.imageId }));
  const tests = await timer.time('tests', () =>
    testStage(testSettings, {
      docker: engine.docker,
      image: built.imageId,
      platforms,
      subject,
      labels: engine.ownership.labels,
      prefix: `shipshape-${engine.ownership.runKey.split('/').pop()}-test`,
      log,
    }),
  );
  results.tests = tests.results;
  await built.cacheExport;
  const published = await timer.timeIf(settings.publish.push, 'push', async () => {
    const platforms = await platformsToPublish(settings, engine, built);
    try {
      return await publishStage(settings.publish, {
        docker: engine.docker,
        testOnly: testSettings.testOnly,
        failedTests: tests.failed.length,
        log,
        platforms,
      });
    } finally {
      if (platforms) await rm(platforms.workDir, { recursive: true, force: true });
    }
  });
  // One rule (README, "Disk hygiene"): the runner's tags go in the post step only when the registry
  // has the image (`keep-images: false`); an image not pushed (push: false, a failed test, a failed
  // push) stays tagged on the runner, whichever way it was not pushed.
  if (published.digest && !testSettings.testOnly && !settings.cleanup.keepImages) {
    saveState({ pushed: { imageId: built.imageId, references: settings.publish.references } });
  }
  results.published = { ...published, diskFree: await freeBytesAt(await engine.dataPath) };
  const [image] = early ? [early.image] : await engine.docker.inspectImages([built.imageId]);
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
      platforms: { built: settings.build.platforms, notTested: testPlan.notTested },
    }),
  );
  failOnTests(settings, tests);
  if (!testSettings.testOnly && image) {
    const size = await timer.time('size-report', () =>
      sizeStage(
        settings.size,
        sizeContext(settings, engine, image, published.digest, built.sizeHints),
        early?.measured,
      ),
    );
    if (!size) return;
    results.size = size.report;
    await addSummary(size.markdown);
    if (size.report.exceeded.length > 0) throw new Error(size.report.exceeded.join('\n'));
  }
}

/** Every temporary directory this run made, in the state as soon as it exists: post removes what is left. */
const tempPaths: string[] = [];

function trackTempPath(path: string): void {
  tempPaths.push(path);
  saveState({ tempPaths: [...tempPaths] });
}

/** A directory of the run's own under RUNNER_TEMP, recorded for the post step. */
async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tempRoot(), prefix));
  trackTempPath(dir);
  return dir;
}

/** Each platform's image and where the index push writes, when several platforms were built. */
async function platformsToPublish(
  settings: Settings,
  engine: Engine,
  built: BuiltImage,
): Promise<PlatformsToPublish | undefined> {
  if (!settings.publish.push || settings.tests.testOnly) return undefined;
  if (built.platforms.length <= 1 && !built.pushWithBuildx) return undefined;
  // One platform pushed by BuildKit (attestations asked for): the built image is that platform's.
  const [single] = built.platforms.length > 0 ? [] : await engine.docker.inspectImages([built.imageId]);
  const platformImages = single
    ? [{ platform: `${single.Os ?? 'linux'}/${single.Architecture ?? 'amd64'}`, imageId: single.Id }]
    : built.platforms;
  const inspected = await engine.docker.inspectImages(platformImages.map((image) => image.imageId));
  const byId = new Map(inspected.map((image) => [image.Id, image]));
  const images = platformImages.map(({ platform, imageId }) => {
    const image = byId.get(imageId);
    if (!image) throw new Error(`The engine no longer has the ${platform} image ${imageId}.`);
    return { platform, image };
  });
  return {
    images,
    registry: registryClient(settings),
    workDir: await makeTempDir('shipshape-push-'),
    store: await LayerStore.open(await engine.docker.rootDir().catch(() => '')),
    annotations: settings.build.annotations,
    pushWithBuildx: built.pushWithBuildx,
    // buildah: its own manifest list of the tested images, under a run-scoped name.
    buildah:
      built.platforms.length > 1 && built.platforms.every((image) => image.buildahImage)
        ? {
            client: engine.buildah,
            listName: platformReference(engine.ownership.runKey.split('/').pop() ?? '', 'index'),
            images: built.platforms.map(({ platform, buildahImage }) => ({
              platform,
              buildahImage: buildahImage!,
            })),
          }
        : undefined,
  };
}

/** The registry API with the run's credentials; every token it is given is masked at once. */
function registryClient(settings: Settings): RegistryClient {
  return new RegistryClient(settings.publish.credentials, fetch, (secret) => core.setSecret(secret));
}

/** What the size report reads: the built image, where it was pushed, the registries that may hold its layers. */
function sizeContext(
  settings: Settings,
  engine: Engine,
  image: ImageInspect,
  digest: string,
  hints: SizeHints | undefined,
): SizeContext {
  return {
    docker: engine.docker,
    registry: registryClient(settings),
    image,
    digest,
    hints,
    git: settings.git,
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    log,
  };
}

/** The size report of an image that is not pushed, started now and timed as `size-report`. */
async function earlySize(
  settings: Settings,
  engine: Engine,
  built: Pick<BuiltImage, 'imageId' | 'sizeHints' | 'cacheExport'>,
  timer: PhaseTimer,
): Promise<{ image: ImageInspect; measured: Promise<SizeReport | Error> } | undefined> {
  const [image] = await engine.docker.inspectImages([built.imageId]);
  if (!image) return undefined;
  const context = sizeContext(settings, engine, image, '', built.sizeHints);
  // After the cache export: the layer sizes it knows (and the cache images it wrote) are hints.
  const measured = built.cacheExport.then(() =>
    timer.time('size-report', () => measureSize(settings.size, context)),
  );
  return { image, measured };
}

/** The daemon answers, the run has its ownership labels and its lease, the service images exist. */
async function startRun(settings: Settings, early?: EarlyStart): Promise<Engine> {
  // The client probes (a process or two each) and the daemon's version and root dir are asked by the
  // entry (src/main.ts, steps/early.ts) before it loads the rest of the action.
  const clients = settings.tests.testOnly ? undefined : (early?.probes ?? probeDockerClients());
  clients?.catch(() => undefined); // awaited by the builder choice; unhandled only if the run stops first
  // Reads go to the daemon's socket when it is certainly the CLI's daemon (README: "The engine").
  const docker = early?.docker ?? Docker.connect();
  const buildah = new Buildah();
  // The builder choice needs the engine's version and OS, which `/_ping` says at once; the daemon's
  // architecture (from the slower `/version`) only a build for several platforms needs.
  const server = settings.build.platforms.length > 0 ? await docker.server() : await docker.serverBrief();
  const ownership = createOwnership(process.env);
  saveState({ runKey: ownership.runKey, cleanup: settings.cleanup, createdImages: [] });
  // Asked now, answered by the end: where the builder keeps its data, for `disk-free-bytes`.
  const dataPath = dataRoot(docker, settings.build.builder === 'buildah' ? buildah : undefined).catch(
    () => '',
  );
  // The post step's cleanup measures the same disk: it is told where, rather than asking again.
  void docker.rootDir().then(
    (dockerRoot) => dockerRoot && saveState({ dockerRoot }),
    () => undefined,
  );
  const uses = await imagesUsed(settings);
  await Promise.all([
    checkServicesPresent(docker, settings.tests.spec),
    // The lease tells other runs' cleanups on this daemon that this run is still going.
    docker
      .createVolume(leaseName(ownership.runKey), leaseLabels(ownership, uses))
      .catch((error: Error) => log.warning(`Could not create this run's lease volume: ${error.message}`)),
  ]);
  return { docker, buildah, server, ownership, dataPath, clients };
}

/**
 * The images the run uses without making them, named on its lease so that other runs' cleanups keep
 * them while it runs: the Dockerfile's bases, the service images, the image `test-only` tests.
 */
async function imagesUsed(settings: Settings): Promise<string[]> {
  const dockerfile = settings.tests.testOnly
    ? ''
    : await readFile(settings.build.file, 'utf8').catch(() => '');
  const stages = stagesOf(dockerfile);
  const names = new Set(stages.map((stage) => stage.name).filter(Boolean));
  const bases = stages
    .map((stage) => stage.from)
    .filter((from) => from !== 'scratch' && !names.has(from.toLowerCase()) && !from.includes('$'));
  const services = settings.tests.spec.services.map((service) => service.image);
  const tested = settings.tests.testOnly ? [settings.tests.imageRef] : [];
  return [...bases, ...services, ...tested].flatMap(engineNames);
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
  if (!settings.publish.logout) {
    // docker/login-action's `logout: false`: the job's later steps use this login. The directory is
    // under RUNNER_TEMP, which the runner empties after the job.
    saveState({ login: { ...session, keep: true } });
    core.exportVariable('DOCKER_CONFIG', session.configDir);
    core.exportVariable('REGISTRY_AUTH_FILE', join(session.configDir, 'config.json'));
    log.info(
      `Logged in to ${session.registries.join(', ')}; 'logout' is false: the job's later steps use this login (DOCKER_CONFIG=${session.configDir}).`,
    );
    return;
  }
  saveState({ login: session });
  log.info(
    `Logged in to ${session.registries.join(', ')} (credentials in ${session.configDir} for this run only).`,
  );
}

interface BuiltImage {
  imageId: string;
  /** Each platform's image when several were built (`imageId` is the runner's own platform's). */
  platforms: PlatformImage[];
  /** buildx with a builder that can push: BuildKit pushes every platform itself (`buildx build --push`). */
  pushWithBuildx?: (dir: string) => Promise<string>;
  builder: string;
  durationMs: number;
  /** `size` is known once `cacheExport` is done. */
  cache: { mode: string; hit: CacheHit; size: number };
  /** The cache export, running beside the tests (it does not need them); awaited before the push. */
  cacheExport: Promise<void>;
  /** Where the size report finds this image's layers already measured (complete once `cacheExport` is). */
  sizeHints: SizeHints;
}

async function testOnlyImage(engine: Engine, reference: string): Promise<BuiltImage> {
  const imageId = await imageToTest(engine.docker, reference);
  return {
    imageId,
    builder: 'none (test-only)',
    platforms: [],
    durationMs: 0,
    cache: { mode: 'none', hit: 'false', size: 0 },
    cacheExport: Promise.resolve(),
    sizeHints: {},
  };
}

/** Builder choice, cache restore, build, cache export: the image the tests run on. */
async function buildAndCache(
  settings: Settings,
  engine: Engine,
  workspace: string,
  timer: PhaseTimer,
): Promise<BuiltImage> {
  const { docker, ownership } = engine;
  const programs = await builderPrograms(settings, engine);
  const { builder } = programs;
  const { provenance, sbom } = settings.build;
  if (
    builder.kind === 'buildx' &&
    (provenance || sbom) &&
    (await programs.client.buildxDriver()) === 'docker'
  ) {
    throw new InputError(
      provenance ? 'provenance' : 'sbom',
      provenance ? `mode=${provenance.mode}` : 'true',
      "buildx's docker driver cannot push attestations; create a builder that can (docker/setup-buildx-action's default docker-container driver), or set it to false.",
    );
  }
  const workDir = await makeTempDir('shipshape-');
  let exporting = false;
  try {
    // buildah's images carry the run label: the post step finds them (and a killed build's working
    // containers) by it, whatever the build got to.
    if (builder.kind === 'buildah') saveState({ usedBuildah: true });
    const registry = registryClient(settings);
    const cacheContext = {
      builder,
      docker,
      builderDocker: programs.client,
      workDir,
      workspace,
      labels: ownership.labels,
      defaultBranch: settings.git.defaultBranch,
      log,
      holdsImage: async (ref: string, local: string) => {
        const [image] = await docker.inspectImages([local]);
        return holdsLayers(registry, ref, image?.RootFS.Layers ?? []);
      },
      tempRoot: tempRoot(),
      track: trackTempPath,
      // Several platforms: one cache per platform; the runner's own keeps the cache's own name.
      platforms:
        settings.build.platforms.length > 1
          ? {
              all: settings.build.platforms,
              primary: hostPlatform(settings.build.platforms, engine.server.arch) ?? '',
            }
          : undefined,
    };
    const prepared = await timer.timeIf(settings.cache.mode !== 'none', 'cache-restore', () =>
      prepareCache(settings.cache, cacheContext),
    );
    const context = {
      programs,
      cache: prepared.plan,
      ownershipLabels: ownership.labels,
      workDir,
      runId: ownership.runKey.split('/').pop(),
      hostArch: engine.server.arch,
      cacheFor: (platform: string) => prepared.platformPlans.get(platform) ?? prepared.plan,
    };
    let build;
    try {
      build = await timer.time('build', () => buildStage(settings.build, context));
    } catch (error) {
      if (error instanceof BuildError) saveState({ createdImages: error.createdImages });
      await abandonCache(prepared, docker);
      throw error;
    }
    const created = [...build.createdImages];
    saveState({
      createdImages: created,
      temporary: build.platforms.map((image) => image.reference),
      replacedImages: build.replacedImages,
      buildahImages: build.buildahImages,
    });
    const cache = { mode: prepared.mode, hit: prepared.hit, size: 0 };
    // The registry cache's images hold this image's unchanged layers, measured by the registry.
    const sizeHints: SizeHints = {
      references: prepared.mode === 'registry' ? prepared.plan.exports.map((e) => e.ref) : [],
    };
    const rebuild = cacheRebuilder(settings.build, context, created);
    // Off the critical path: the cache images are written while the tests run.
    const cacheExport = timer
      .timeIf(prepared.mode !== 'none', 'cache-export', () =>
        finishCache(prepared, build, rebuild, cacheContext),
      )
      .then(async (finished) => {
        cache.size = finished.size;
        sizeHints.sizes = finished.layerSizes;
        // Images a cache rebuild made join the run's own (`created` grew); the save goes to post.
        saveState({ createdImages: created, cacheSave: finished.save });
      })
      .catch((error: Error) => log.warning(`The layer cache was not written: ${error.message}`))
      .finally(() => rm(workDir, { recursive: true, force: true }));
    exporting = true;
    // buildx's `docker` driver cannot push an index: the engine's road (each image by digest, then the index).
    // One platform stays a single image pushed by the engine, unless attestations are asked for.
    const attestations = Boolean(settings.build.provenance) || settings.build.sbom;
    const buildxPushes =
      builder.kind === 'buildx' &&
      (build.platforms.length > 1 || attestations) &&
      settings.publish.push &&
      (await programs.client.buildxDriver()) !== 'docker';
    return {
      imageId: build.imageId,
      platforms: build.platforms,
      pushWithBuildx: buildxPushes ? buildxPusher(settings.build, context) : undefined,
      builder: `${builder.kind} (${builder.reason})`,
      durationMs: build.durationMs,
      cache,
      cacheExport,
      sizeHints,
    };
  } finally {
    if (!exporting) await rm(workDir, { recursive: true, force: true });
  }
}

/** Each failed test as an error annotation, then the step fails: nothing was pushed. */
function failOnTests(settings: Settings, tests: TestStageResult): void {
  const { testOnly, timeoutSeconds } = settings.tests;
  for (const test of tests.failed) {
    const why = test.timedOut
      ? `timed out after ${timeoutSeconds} s (input 'test-timeout'; stopped at ${(test.durationMs / 1000).toFixed(1)} s)`
      : `failed: expected ${test.expected ?? '?'}, saw ${test.actual ?? '?'}`;
    core.error(
      `Test '${testLabel(test)}' ${why}.${test.output ? `\nOutput:\n${trimOutput(test.output)}` : ''}`,
    );
  }
  if (tests.failed.length > 0) {
    throw new Error(
      `${tests.failed.length} of ${tests.results.length} test(s) failed${settings.publish.push && !testOnly ? '; nothing was pushed' : ''}.`,
    );
  }
}
