import type { BuilderKind } from '../engine/builders.js';
import { stagesOf } from '../naming/dockerfile.js';

/** Where the layer cache lives for one build. */
export type CacheBackend =
  /** An OCI registry: the user's (`cache: registry`) or the local one that backs `cache: gha`. */
  | { type: 'registry'; name: string; tag: string; insecure: boolean }
  /** buildx's own local cache format, in a directory (`cache: gha` with a buildx container builder). */
  | { type: 'local'; src: string; dest: string };

/** The cache arguments of one build and the work around it. */
export interface CachePlan {
  /** Cache images to pull before a legacy build (missing ones are fine). */
  pull: string[];
  /** `--cache-from` values. */
  from: string[];
  /** `--cache-to` values (buildx, buildah). */
  to: string[];
  /** Ask BuildKit to write its cache into the image config (`BUILDKIT_INLINE_CACHE=1`). */
  inline: boolean;
  /** buildah: talk to the cache registry without TLS (the local one). */
  insecure: boolean;
  /**
   * After the build: images to push as cache, each made by `make`: `tag` the image just built, or
   * build again (`stage` as target, else the build's own) with `import` (the imported cache, as the
   * build had), `local` (the local cache alone), or `import-then-local` (both, one after the other).
   */
  exports: { ref: string; stage?: string; make: CacheImageRecipe }[];
}

type CacheImageRecipe = 'tag' | 'import' | 'local' | 'import-then-local';

const NO_CACHE: CachePlan = { pull: [], from: [], to: [], inline: false, insecure: false, exports: [] };

/**
 * How each builder reads and writes the cache. buildx's registry and local exporters keep every stage
 * (`mode=max`). The engine's BuildKit and the legacy builder have no cache exporter: the built image
 * (inline cache for BuildKit) and one image per intermediate stage are pushed as cache images, so
 * every stage stays cached. buildah pushes each layer to a cache repository itself.
 */
export function planCache(
  kind: BuilderKind,
  backend: CacheBackend | undefined,
  stages: string[],
  options: {
    buildxDriver?: string;
    importCache: boolean;
    /** `cache-write: false`: read the cache, never write it (no `--cache-to`, no cache images). */
    write?: boolean;
    /** `cache-mode`: `max` caches every stage (the default), `min` the final image's layers only. */
    cacheMode?: 'min' | 'max';
  },
): CachePlan {
  const plan = planFullCache(kind, backend, options.cacheMode === 'min' ? [] : stages, options);
  if (options.write === false) return { ...plan, to: [], exports: [] };
  return plan;
}

function planFullCache(
  kind: BuilderKind,
  backend: CacheBackend | undefined,
  stages: string[],
  options: { buildxDriver?: string; importCache: boolean; cacheMode?: 'min' | 'max' },
): CachePlan {
  if (!backend) return NO_CACHE;
  const mode = options.cacheMode ?? 'max';
  const plan: CachePlan = { ...NO_CACHE, pull: [], from: [], to: [], exports: [] };
  if (backend.type === 'local') {
    if (options.importCache) plan.from.push(`type=local,src=${backend.src}`);
    plan.to.push(`type=local,dest=${backend.dest},mode=${mode}`);
    return plan;
  }
  const finalRef = `${backend.name}:${backend.tag}`;
  if (kind === 'buildah') {
    // buildah tags each cached layer by its cache key, so it gets a repository of its own.
    const repository = `${backend.name}-${backend.tag}`;
    if (options.importCache) plan.from.push(repository);
    plan.to.push(repository);
    plan.insecure = backend.insecure;
    return plan;
  }
  if (kind === 'buildx' && options.buildxDriver !== 'docker') {
    const insecure = backend.insecure ? ',registry.insecure=true' : '';
    if (options.importCache) plan.from.push(`type=registry,ref=${finalRef}${insecure}`);
    plan.to.push(`type=registry,ref=${finalRef},mode=${mode}${insecure}`);
    return plan;
  }
  // BuildKit's inline cache leaves out the steps it took from an imported cache, so an image built
  // with --cache-from makes a cache that misses on every second build (moby/buildkit#1981). The same
  // build run again from the local cache alone writes complete cache metadata. The final image's
  // layers are local after the build; a stage's may not be, so a stage is first built with the
  // imported cache (which fetches its layers, never re-running its steps). The legacy builder's
  // cache images carry their history and need none of this.
  const inline = kind !== 'legacy';
  const refs = [
    {
      ref: finalRef,
      stage: undefined as string | undefined,
      make: (inline ? 'local' : 'tag') as CacheImageRecipe,
    },
    ...stages.map((stage) => ({
      ref: `${backend.name}:${stageTag(backend.tag, stage)}`,
      stage,
      make: (inline ? 'import-then-local' : 'import') as CacheImageRecipe,
    })),
  ];
  if (options.importCache) {
    plan.from.push(...refs.map((r) => r.ref));
    if (kind === 'legacy') plan.pull.push(...refs.map((r) => r.ref));
  }
  plan.inline = inline;
  plan.exports = refs;
  return plan;
}

/**
 * Several platforms: each platform's layers go to a cache of its own, so a fresh runner rebuilds
 * none of them. The runner's own platform keeps the cache's name (the one a one-platform build of
 * the same image uses); another platform's ends in its platform: `buildcache-linux-arm64`.
 */
export function platformBackend(backend: CacheBackend, platform: string, primary: boolean): CacheBackend {
  if (primary) return backend;
  const suffix = platform.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  if (backend.type === 'local') {
    return { type: 'local', src: `${backend.src}-${suffix}`, dest: `${backend.dest}-${suffix}` };
  }
  return { ...backend, tag: `${backend.tag.slice(0, 128 - suffix.length - 1)}-${suffix}` };
}

/** `buildcache` + stage `deps` -> `buildcache-stage-deps`, always a valid tag. */
export function stageTag(tag: string, stage: string): string {
  const clean = stage.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  return `${tag}-stage-${clean}`.slice(0, 128);
}

/**
 * The named stages a build goes through before its last one: `FROM … AS name` lines up to the target
 * (or the end). Unnamed intermediate stages are returned in `unnamed` (they cannot be targeted).
 */
export function intermediateStages(dockerfile: string, target: string): { named: string[]; unnamed: number } {
  const stages = stagesOf(dockerfile).map((stage) => stage.name);
  const last = target ? stages.indexOf(target.toLowerCase()) : stages.length - 1;
  const before = stages.slice(0, last < 0 ? stages.length - 1 : last);
  return {
    named: before.filter((name): name is string => Boolean(name)),
    unnamed: before.filter((name) => !name).length,
  };
}
