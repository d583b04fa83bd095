import { InputError } from '../common/errors.js';
import { mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { BuilderChoice } from '../engine/builders.js';
import type { Docker } from '../engine/docker.js';
import { collectGarbage, startLocalRegistry, type LocalRegistry } from '../engine/registry-server.js';
import type { CacheMode, CacheSettings } from '../settings/cache.js';
import { buildahCacheTags } from './buildah-tags.js';
import type { CacheSave } from './save.js';
import {
  CACHE_SERVICE_BUDGET_MS,
  cacheServiceAvailable,
  directorySize,
  restoreDirectory,
  type CacheHit,
} from './gha.js';
import { cacheKeys, currentBranch, sha256 } from './keys.js';
import { intermediateStages, planCache, platformBackend, type CacheBackend, type CachePlan } from './plan.js';
import { pruneTags, storageFingerprint, storedLayerSizes } from './registry-store.js';

/** The repository and tag of the build cache inside the local registry that backs `cache: gha`. */
const GHA_REPOSITORY = 'cache';
const GHA_TAG = 'final';
/** The name the Actions cache knows the cache directory by, in every run (its path is the run's own). */
const CACHE_DIRECTORY = 'layer-cache';

export interface PreparedCache {
  mode: CacheMode;
  /** The plan of the build (several platforms: of the primary platform's build). */
  plan: CachePlan;
  /** Several platforms: the plan of each other platform's build, with a cache of its own. */
  platformPlans: Map<string, CachePlan>;
  hit: CacheHit;
  /** `cache-write: false`: the cache is read, never written (no cache images, no save). */
  readOnly?: boolean;
  /** `cache: gha`: the directory saved to the Actions cache, and its key. */
  store?: {
    /** `<root>/layer-cache`: what the Actions cache holds. */
    dir: string;
    /** The run's own directory (`$RUNNER_TEMP/shipshape-cache-…`): removed with everything in it. */
    root: string;
    key: string;
    /** What is left of the cache service's time budget for the save. */
    budgetMs: number;
    /** What the service answered when the restore failed: the save does not ask it again. */
    serviceFailure?: string;
    registry?: LocalRegistry;
    /** buildx's local caches (one per platform): each `dest` replaces its `src` once written. */
    buildx?: { src: string; dest: string }[];
    /** The registry storage as restored (`storageFingerprint`): unchanged after the build, it is not saved again. */
    restored?: string;
  };
}

export interface CacheContext {
  builder: BuilderChoice;
  /** The engine's client, which pulls and pushes cache images. */
  docker: Docker;
  /** The builder's own docker client (buildx asks it for its driver). */
  builderDocker: Docker;
  workDir: string;
  workspace: string;
  labels: Record<string, string>;
  /** `repository.default_branch` of the event payload. */
  defaultBranch: string;
  log: Logger;
  /** Whether the registry holds `ref` with exactly the layers of the local `image`: it is not written again. */
  holdsImage?: (ref: string, image: string) => Promise<boolean>;
  /** Several platforms: every platform built, and the one whose cache keeps the cache's own name. */
  platforms?: { all: string[]; primary: string };
  /** Where the run's temporary directories go (RUNNER_TEMP). */
  tempRoot: string;
  /** Told of each temporary directory as soon as it exists (the post step removes what is left). */
  track?: (path: string) => void;
}

/** Before the build: restore (gha), start the local cache registry, plan the builder's cache arguments. */
export async function prepareCache(settings: CacheSettings, context: CacheContext): Promise<PreparedCache> {
  const none = noCache(context.builder);
  if (settings.mode === 'none') return none;
  if (settings.mode === 'gha' && !cacheServiceAvailable()) {
    context.log.warning(
      "Input 'cache' is 'gha' but the GitHub Actions cache service is not available here (neither the v2 service, ACTIONS_CACHE_SERVICE_V2 with ACTIONS_RESULTS_URL, nor the legacy one of GitHub Enterprise Server, ACTIONS_CACHE_URL, each with ACTIONS_RUNTIME_TOKEN); building without a layer cache.",
    );
    return none;
  }
  const { builder } = context;
  const dockerfile = await readFile(settings.dockerfile);
  const stages = intermediateStages(dockerfile.toString('utf8'), settings.target);
  if (stages.unnamed > 0 && (builder.kind === 'buildkit' || builder.kind === 'legacy')) {
    context.log.notice(
      `${stages.unnamed} stage(s) of ${relative(context.workspace, settings.dockerfile)} have no name; with the ${builder.kind} builder only named stages (FROM … AS name) are cached.`,
    );
  }
  if (builder.kind === 'buildah' && settings.cacheMode === 'min') {
    throw new InputError(
      'cache-mode',
      'min',
      "buildah caches every layer it builds, in every stage (its own 'max'). Use 'cache-mode: max' with buildah, or a BuildKit builder for 'min'.",
    );
  }
  const buildxDriver = builder.kind === 'buildx' ? await context.builderDocker.buildxDriver() : undefined;
  const options = {
    buildxDriver,
    importCache: settings.importCache,
    stages: stages.named,
    write: settings.write,
    cacheMode: settings.cacheMode,
  };
  const prepared =
    settings.mode === 'registry'
      ? await registryCache(settings, context, options)
      : await ghaCache(settings, context, dockerfile, options);
  return settings.write ? prepared : { ...prepared, readOnly: true };
}

interface PlanOptions {
  buildxDriver?: string;
  importCache: boolean;
  write?: boolean;
  cacheMode?: 'min' | 'max';
  /** Named intermediate stages, cached as images of their own by the engine's builders. */
  stages: string[];
}

function noCache(builder: BuilderChoice): PreparedCache {
  return {
    mode: 'none',
    plan: planCache(builder.kind, undefined, [], { importCache: false }),
    platformPlans: new Map(),
    hit: 'false',
  };
}

/** Several platforms: a plan for each platform but the primary one, each with a cache of its own. */
async function otherPlatformPlans(
  context: CacheContext,
  backend: CacheBackend,
  options: PlanOptions,
  /** Whether a platform's own cache can be read (buildx's local cache: its directory exists). */
  canImport: (backend: CacheBackend) => Promise<boolean> = async () => options.importCache,
): Promise<Map<string, CachePlan>> {
  const plans = new Map<string, CachePlan>();
  const { all = [], primary = '' } = context.platforms ?? {};
  for (const platform of all.filter((p) => p !== primary)) {
    const own = platformBackend(backend, platform, false);
    const importCache = await canImport(own);
    plans.set(platform, planCache(context.builder.kind, own, options.stages, { ...options, importCache }));
  }
  return plans;
}

/** Every plan of a prepared cache: the primary build's, then each other platform's. */
function allPlans(prepared: Pick<PreparedCache, 'plan' | 'platformPlans'>): CachePlan[] {
  return [prepared.plan, ...prepared.platformPlans.values()];
}

/** `cache: registry`: the user's cache image, pulled first where the builder needs that. */
async function registryCache(
  settings: CacheSettings,
  context: CacheContext,
  options: PlanOptions,
): Promise<PreparedCache> {
  const at = settings.ref.lastIndexOf(':');
  const name = settings.ref.slice(0, at);
  const backend: CacheBackend = {
    type: 'registry',
    name,
    tag: settings.ref.slice(at + 1),
    insecure: isLoopback(name),
  };
  const plan = planCache(context.builder.kind, backend, options.stages, options);
  const platformPlans = await otherPlatformPlans(context, backend, options);
  await pullCacheImages(
    context.docker,
    allPlans({ plan, platformPlans }).flatMap((p) => p.pull),
    context.log,
  );
  return { mode: 'registry', plan, platformPlans, hit: 'false' };
}

/**
 * `cache: gha`: restore the directory from the Actions cache, then read it as buildx's local cache
 * (buildx container builders) or serve it from a local registry (every other builder).
 */
async function ghaCache(
  settings: CacheSettings,
  context: CacheContext,
  dockerfile: Buffer,
  options: PlanOptions,
): Promise<PreparedCache> {
  const { builder, log } = context;
  const scope = {
    ...settings,
    builder: builder.kind,
    dockerfile: relative(context.workspace, settings.dockerfile),
  };
  const content = await contentHash(dockerfile, settings.keyFiles, context.workspace);
  const keys = cacheKeys(scope, currentBranch(process.env), context.defaultBranch, content);
  log.info(`Layer cache key: ${keys.primary} (restore keys: ${keys.restoreKeys.join(', ')})`);
  // A directory of this run's own: concurrent runs of one scope on a host never share it. The
  // Actions cache sees it by its name alone (`layer-cache`), the same in every run (gha.ts).
  let root: string;
  try {
    root = await mkdtemp(join(context.tempRoot, 'shipshape-cache-'));
  } catch (error) {
    log.warning(`Building without a layer cache: ${(error as Error).message}`);
    return noCache(builder);
  }
  context.track?.(root);
  const dir = join(root, CACHE_DIRECTORY);
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  const restored = options.importCache
    ? await restoreDirectory(dir, keys.primary, keys.restoreKeys, log)
    : { hit: 'false' as const, elapsedMs: 0 };
  const store = {
    dir,
    root,
    key: keys.primary,
    budgetMs: CACHE_SERVICE_BUDGET_MS - restored.elapsedMs,
    serviceFailure: restored.failure,
  };
  if (builder.kind === 'buildx' && options.buildxDriver !== 'docker') {
    // buildx's local exporter writes a fresh directory, which then replaces the old one: bounded.
    const buildx = { src: join(dir, 'buildx'), dest: join(dir, 'buildx-new') };
    const importCache = options.importCache && (await exists(buildx.src));
    const backend: CacheBackend = { type: 'local', ...buildx };
    const plan = planCache(builder.kind, backend, options.stages, { ...options, importCache });
    const platformPlans = await otherPlatformPlans(
      context,
      backend,
      options,
      async (own) => options.importCache && own.type === 'local' && (await exists(own.src)),
    );
    const others = [...platformPlans.keys()].map((platform) => platformBackend(backend, platform, false));
    const dirs = [backend, ...others].flatMap((own) =>
      own.type === 'local' ? [{ src: own.src, dest: own.dest }] : [],
    );
    return { mode: 'gha', plan, platformPlans, hit: restored.hit, store: { ...store, buildx: dirs } };
  }
  let registry: LocalRegistry;
  try {
    await mkdir(join(dir, 'registry'), { recursive: true });
    registry = await startLocalRegistry(
      join(dir, 'registry'),
      context.workDir,
      context.docker,
      context.labels,
    );
  } catch (error) {
    log.warning(`Building without a layer cache: ${(error as Error).message}`);
    await rm(root, { recursive: true, force: true }).catch(() => undefined);
    return noCache(builder);
  }
  const backend: CacheBackend = {
    type: 'registry',
    name: `${registry.host}/${GHA_REPOSITORY}`,
    tag: GHA_TAG,
    insecure: true,
  };
  const plan = planCache(builder.kind, backend, options.stages, options);
  const platformPlans = await otherPlatformPlans(context, backend, options);
  await pullCacheImages(
    context.docker,
    allPlans({ plan, platformPlans }).flatMap((p) => p.pull),
    log,
  );
  const fingerprint = restored.hit === 'false' ? undefined : await storageFingerprint(join(dir, 'registry'));
  return {
    mode: 'gha',
    plan,
    platformPlans,
    hit: restored.hit,
    store: { ...store, registry, restored: fingerprint },
  };
}

/**
 * Builds a cache image again (a stage, or the final image) and tags it `reference`; see planCache.
 * Several platforms: for `platform.name`, with that platform's own cache plan.
 */
export type RebuildForCache = (
  stage: string | undefined,
  reference: string,
  importCache: boolean,
  platform?: { name: string; cache: CachePlan },
) => Promise<void>;

export interface FinishedCache {
  size: number;
  /** Exact compressed layer sizes the cache's registry holds, by diff ID (for the size report). */
  layerSizes?: Map<string, number>;
  /** What the post step saves: only set when there is something new to save. */
  save?: CacheSave;
}

/**
 * After a successful build: write the cache images, then (gha) stop the local registry and keep only
 * what this build used, so the saved cache holds the latest build and nothing older.
 */
export async function finishCache(
  prepared: PreparedCache,
  built: { imageId: string; log: string[]; platforms: { platform: string; imageId: string }[] },
  rebuildForCache: RebuildForCache,
  context: Pick<CacheContext, 'docker' | 'workDir' | 'log' | 'holdsImage'>,
): Promise<FinishedCache> {
  const { docker, workDir, log } = context;
  if (prepared.mode === 'none') return { size: 0 };
  const store = prepared.store;
  if (prepared.readOnly) {
    // `cache-write: false` (a pull request's build, say): what was read stays as it was.
    log.info("'cache-write' is false: the layer cache was read, and is not written.");
    const size = store ? await directorySize(store.dir) : 0;
    const layerSizes = store?.registry ? await storedLayerSizes(join(store.dir, 'registry')) : undefined;
    await abandonCache(prepared, docker);
    return { size, layerSizes };
  }
  if (store && prepared.hit === 'true') {
    // The entry under this exact key exists and keys are immutable: writing a new cache would be
    // thrown away, so skip the cache export and the save.
    const size = await directorySize(store.dir);
    const layerSizes = await storedLayerSizes(join(store.dir, 'registry'));
    await abandonCache(prepared, docker);
    return { size, layerSizes };
  }
  const written = new Set<string>();
  // Several platforms: each platform's image goes to its own cache (the primary one's plan is `plan`).
  const primary = built.platforms.find((image) => image.imageId === built.imageId)?.platform;
  const targets = [
    { plan: prepared.plan, imageId: built.imageId, platform: primary },
    ...[...prepared.platformPlans].flatMap(([platform, plan]) => {
      const image = built.platforms.find((p) => p.platform === platform);
      return image ? [{ plan, imageId: image.imageId, platform }] : [];
    }),
  ];
  const exports = targets.flatMap((target) => target.plan.exports.map((item) => ({ ...item, target })));
  for (const { ref, stage, make, target } of exports) {
    // The final stage's cache image has the built image's layers: when the registry has them
    // already, neither the push nor the rebuild that makes it is needed.
    if (!stage && (await context.holdsImage?.(ref, target.imageId))) {
      log.info(`Layer cache ${ref} already has this image's layers: not written again.`);
      written.add(ref);
      continue;
    }
    const platform = target.platform ? { name: target.platform, cache: target.plan } : undefined;
    try {
      if (make === 'tag') await docker.tag(target.imageId, ref);
      if (make === 'import' || make === 'import-then-local')
        await rebuildForCache(stage, ref, true, platform);
      if (make === 'local' || make === 'import-then-local')
        await rebuildForCache(stage, ref, false, platform);
      if (stage && (await context.holdsImage?.(ref, ref))) {
        // The cache image there has these very layers: it serves the next build as well as this one.
        log.info(`Layer cache ${ref} already has this image's layers: not pushed again.`);
        written.add(ref);
        continue;
      }
      await docker.push(ref);
      written.add(ref);
    } catch (error) {
      log.warning(`The layer cache was not written to ${ref}: ${(error as Error).message}`);
    } finally {
      // The cache image's tag is not the user's image: leave the engine as it was.
      await docker.removeImages([ref]);
    }
  }
  if (!store) return { size: 0 };
  try {
    for (const { src, dest } of store.buildx ?? []) {
      // A platform whose export failed keeps the cache it had.
      if (!(await exists(dest))) continue;
      await rm(src, { recursive: true, force: true });
      await rename(dest, src);
    }
    if (store.registry) {
      await store.registry.stop();
      const keep = new Set([...written].map((ref) => ref.split('/').slice(1).join('/')));
      for (const tag of buildahCacheTags(built.log)) keep.add(tag);
      const deleted = await pruneTags(join(store.dir, 'registry'), keep);
      if (deleted.length > 0) log.info(`Dropped ${deleted.length} cache tag(s) this build did not use.`);
      await collectGarbage(join(store.dir, 'registry'), workDir, docker);
      if (store.restored && store.restored === (await storageFingerprint(join(store.dir, 'registry')))) {
        // Every blob and tag is what was restored: another entry would upload the same bytes again.
        log.info('The layer cache is unchanged since it was restored: not saved again.');
        const size = await directorySize(store.dir);
        const layerSizes = await storedLayerSizes(join(store.dir, 'registry'));
        await rm(store.root, { recursive: true, force: true });
        return { size, layerSizes };
      }
    }
  } catch (error) {
    log.warning(`The layer cache could not be prepared for saving: ${(error as Error).message}`);
    await rm(store.root, { recursive: true, force: true }).catch(() => undefined);
    return { size: 0 };
  }
  const size = await directorySize(store.dir);
  const layerSizes = store.registry ? await storedLayerSizes(join(store.dir, 'registry')) : undefined;
  return {
    size,
    layerSizes,
    save: {
      dir: store.dir,
      root: store.root,
      key: store.key,
      budgetMs: store.budgetMs,
      ...(store.serviceFailure ? { serviceFailure: store.serviceFailure } : {}),
    },
  };
}

/** Undoes what `prepareCache` started when nothing will be saved: pulled cache images, the registry, the directory. */
export async function abandonCache(prepared: PreparedCache, docker: Docker): Promise<void> {
  // Pulled cache images are not the user's: untag them (their layers go with the image if unused).
  for (const reference of allPlans(prepared).flatMap((plan) => plan.pull)) {
    await docker.removeImages([reference]);
  }
  await prepared.store?.registry?.stop();
  if (prepared.store) await rm(prepared.store.root, { recursive: true, force: true });
}

async function pullCacheImages(docker: Docker, references: string[], log: Logger): Promise<void> {
  for (const reference of references) {
    const result = await docker.pull(reference);
    if (result.exitCode === 0) continue;
    const reason = result.stderr.trim().split('\n').pop() ?? '';
    // A missing cache image is the normal first run; anything else deserves a warning.
    if (/not found|manifest unknown|does not exist/i.test(reason))
      log.info(`No cache image ${reference} yet.`);
    else log.warning(`The cache image ${reference} could not be pulled; building without it. ${reason}`);
  }
}

/** The Dockerfile and every file the user names in `cache-key-files`: a change to any makes a new key. */
async function contentHash(dockerfile: Buffer, keyFiles: string[], workspace: string): Promise<string> {
  const files =
    keyFiles.length > 0
      ? await (await import('@actions/glob')).hashFiles(keyFiles.join('\n'), workspace)
      : '';
  return sha256(Buffer.concat([dockerfile, Buffer.from(`\n${files}`)]));
}

function isLoopback(name: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?\//.test(name);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
