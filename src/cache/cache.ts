import * as core from '@actions/core';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BuilderChoice } from '../engine/builders.js';
import { buildahCacheTags } from './buildah-tags.js';
import { Docker } from '../engine/docker.js';
import { collectGarbage, startLocalRegistry, type LocalRegistry } from '../engine/registry-server.js';
import type { Settings } from '../settings/inputs.js';
import {
  CACHE_SERVICE_BUDGET_MS,
  cacheServiceAvailable,
  directorySize,
  restoreDirectory,
  type CacheHit,
} from './gha.js';
import { cacheKeys, currentBranch, sha256 } from './keys.js';
import { intermediateStages, planCache, type CacheBackend, type CachePlan } from './plan.js';
import { pruneTags } from './registry-store.js';

/** The repository and tag of the build cache inside the local registry that backs `cache: gha`. */
const GHA_REPOSITORY = 'cache';
const GHA_TAG = 'final';

export interface PreparedCache {
  mode: Settings['cache'];
  plan: CachePlan;
  hit: CacheHit;
  /** `cache: gha`: the directory saved to the Actions cache, and its key. */
  store?: {
    dir: string;
    key: string;
    /** What is left of the cache service's time budget for the save. */
    budgetMs: number;
    registry?: LocalRegistry;
    buildx?: { src: string; dest: string };
  };
}

export interface CacheContext {
  builder: BuilderChoice;
  docker: Docker;
  workDir: string;
  workspace: string;
  labels: Record<string, string>;
  /** `repository.default_branch` of the event payload. */
  defaultBranch: string;
}

/** Before the build: restore (gha), start the local cache registry, plan the builder's cache arguments. */
export async function prepareCache(settings: Settings, context: CacheContext): Promise<PreparedCache> {
  const none: PreparedCache = {
    mode: 'none',
    plan: planCache(context.builder.kind, undefined, [], { importCache: false }),
    hit: 'false',
  };
  if (settings.cache === 'none') return none;
  if (settings.cache === 'gha' && !cacheServiceAvailable()) {
    core.warning(
      "Input 'cache' is 'gha' but the GitHub Actions cache service is not available here (ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN are not set); building without a layer cache.",
    );
    return none;
  }
  const { builder, docker } = context;
  const dockerfile = await readFile(settings.file);
  const stages = intermediateStages(dockerfile.toString('utf8'), settings.target);
  if (stages.unnamed > 0 && (builder.kind === 'buildkit' || builder.kind === 'legacy')) {
    core.notice(
      `${stages.unnamed} stage(s) of ${relative(context.workspace, settings.file)} have no name; with the ${builder.kind} builder only named stages (FROM … AS name) are cached.`,
    );
  }
  const buildxDriver =
    builder.kind === 'buildx' ? await new Docker(builder.client).buildxDriver() : undefined;
  const importCache = !settings.noCache;

  if (settings.cache === 'registry') {
    const at = settings.cacheRef.lastIndexOf(':');
    const name = settings.cacheRef.slice(0, at);
    const backend: CacheBackend = {
      type: 'registry',
      name,
      tag: settings.cacheRef.slice(at + 1),
      insecure: isLoopback(name),
    };
    const plan = planCache(builder.kind, backend, stages.named, { buildxDriver, importCache });
    await pullCacheImages(docker, plan.pull);
    return { mode: 'registry', plan, hit: 'false' };
  }

  const keys = cacheKeys(
    {
      builder: builder.kind,
      image: settings.images[0].name,
      dockerfile: relative(context.workspace, settings.file),
      target: settings.target,
      platforms: settings.platforms,
    },
    currentBranch(process.env),
    context.defaultBranch,
    await contentHash(dockerfile, settings.cacheKeyFiles, context.workspace),
  );
  core.info(`Layer cache key: ${keys.primary} (restore keys: ${keys.restoreKeys.join(', ')})`);
  // A path that is the same on every runner: @actions/cache makes the path part of the entry's version.
  const dir = join(tmpdir(), 'shipshape-cache', keys.scopeId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const restored = importCache
    ? await restoreDirectory(dir, keys.primary, keys.restoreKeys)
    : { hit: 'false' as const, elapsedMs: 0 };
  const hit = restored.hit;
  const budgetMs = CACHE_SERVICE_BUDGET_MS - restored.elapsedMs;

  if (builder.kind === 'buildx' && buildxDriver !== 'docker') {
    // buildx's local exporter writes a fresh directory, which then replaces the old one: bounded.
    const buildx = { src: join(dir, 'buildx'), dest: join(dir, 'buildx-new') };
    const hasCache = await exists(buildx.src);
    const plan = planCache(builder.kind, { type: 'local', ...buildx }, stages.named, {
      buildxDriver,
      importCache: importCache && hasCache,
    });
    return { mode: 'gha', plan, hit, store: { dir, key: keys.primary, budgetMs, buildx } };
  }
  let registry: LocalRegistry;
  try {
    await mkdir(join(dir, 'registry'), { recursive: true });
    registry = await startLocalRegistry(join(dir, 'registry'), context.workDir, docker, context.labels);
  } catch (error) {
    core.warning(`Building without a layer cache: ${(error as Error).message}`);
    return none;
  }
  const backend: CacheBackend = {
    type: 'registry',
    name: `${registry.host}/${GHA_REPOSITORY}`,
    tag: GHA_TAG,
    insecure: true,
  };
  const plan = planCache(builder.kind, backend, stages.named, { buildxDriver, importCache });
  await pullCacheImages(docker, plan.pull);
  return { mode: 'gha', plan, hit, store: { dir, key: keys.primary, budgetMs, registry } };
}

export interface FinishedCache {
  size: number;
  /** What the post step saves: only set when there is something new to save. */
  save?: { dir: string; key: string; budgetMs: number };
}

/**
 * After a successful build: write the cache images, then (gha) stop the local registry and keep only
 * what this build used, so the saved cache holds the latest build and nothing older.
 */
export async function finishCache(
  prepared: PreparedCache,
  built: { imageId: string; log: string[] },
  rebuildForCache: (stage: string | undefined, reference: string, importCache: boolean) => Promise<void>,
  docker: Docker,
  workDir: string,
): Promise<FinishedCache> {
  if (prepared.mode === 'none') return { size: 0 };
  const store = prepared.store;
  if (store && prepared.hit === 'true') {
    // The entry under this exact key exists and keys are immutable: writing a new cache would be
    // thrown away, so skip the cache export and the save.
    const size = await directorySize(store.dir);
    await abandonCache(prepared, docker);
    return { size };
  }
  const written = new Set<string>();
  for (const { ref, stage, make } of prepared.plan.exports) {
    try {
      if (make === 'tag') await docker.tag(built.imageId, ref);
      if (make === 'import' || make === 'import-then-local') await rebuildForCache(stage, ref, true);
      if (make === 'local' || make === 'import-then-local') await rebuildForCache(stage, ref, false);
      await docker.push(ref);
      written.add(ref);
    } catch (error) {
      core.warning(`The layer cache was not written to ${ref}: ${(error as Error).message}`);
    } finally {
      // The cache image's tag is not the user's image: leave the engine as it was.
      await docker.exec(['image', 'rm', ref]);
    }
  }
  if (!store) return { size: 0 };
  try {
    if (store.buildx) {
      await rm(store.buildx.src, { recursive: true, force: true });
      await rename(store.buildx.dest, store.buildx.src);
    }
    if (store.registry) {
      await store.registry.stop();
      const keep = new Set([...written].map((ref) => ref.split('/').slice(1).join('/')));
      for (const tag of buildahCacheTags(built.log)) keep.add(tag);
      const deleted = await pruneTags(join(store.dir, 'registry'), keep);
      if (deleted.length > 0) core.info(`Dropped ${deleted.length} cache tag(s) this build did not use.`);
      await collectGarbage(join(store.dir, 'registry'), workDir, docker);
    }
  } catch (error) {
    core.warning(`The layer cache could not be prepared for saving: ${(error as Error).message}`);
    return { size: 0 };
  }
  const size = await directorySize(store.dir);
  return { size, save: { dir: store.dir, key: store.key, budgetMs: store.budgetMs } };
}

/** Undoes what `prepareCache` started when nothing will be saved: pulled cache images, the registry, the directory. */
export async function abandonCache(prepared: PreparedCache, docker: Docker): Promise<void> {
  // Pulled cache images are not the user's: untag them (their layers go with the image if unused).
  for (const reference of prepared.plan.pull) await docker.exec(['image', 'rm', reference]);
  await prepared.store?.registry?.stop();
  if (prepared.store) await rm(prepared.store.dir, { recursive: true, force: true });
}

async function pullCacheImages(docker: Docker, references: string[]): Promise<void> {
  for (const reference of references) {
    const result = await docker.pull(reference);
    if (result.exitCode === 0) continue;
    const reason = result.stderr.trim().split('\n').pop() ?? '';
    // A missing cache image is the normal first run; anything else deserves a warning.
    if (/not found|manifest unknown|does not exist/i.test(reason))
      core.info(`No cache image ${reference} yet.`);
    else core.warning(`The cache image ${reference} could not be pulled; building without it. ${reason}`);
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
