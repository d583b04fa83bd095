import { InputError, oneOf } from '../common/errors.js';
import { ImageReferenceError, parseReference, type ImageReference } from '../naming/reference.js';
import { booleanInput, lines, type InputReader } from './parse.js';
import { workspaceGlobs, type PathRules } from './paths.js';

/** The cache group: where the layer cache lives and what its key depends on. */
export interface CacheSettings {
  mode: CacheMode;
  /** The registry cache image (`cache: registry`): `ghcr.io/acme/app:buildcache`. */
  ref: string;
  /** Globs of files whose contents change the cache key, besides the Dockerfile. */
  keyFiles: string[];
  /** What the key's scope is made of: the first image, the Dockerfile, its target and platforms. */
  image: string;
  dockerfile: string;
  target: string;
  platforms: string[];
  /** `no-cache: true` builds without reading the cache (it is still written). */
  importCache: boolean;
  /** `cache-write` (build-push-action's): `false` reads the cache and never writes it. */
  write: boolean;
  /** `cache-mode`: `max` (every stage, the default) or `min` (the final image's layers). */
  cacheMode: 'min' | 'max';
}

const CACHE_WRITE_MODES = ['min', 'max'] as const;

/**
 * The GitHub Actions cache service `@actions/cache` would talk to here, decided as it decides (its
 * `internal/config.ts`, `isFeatureAvailable`), without loading it: on GitHub Enterprise Server (a
 * `GITHUB_SERVER_URL` other than github.com, `*.ghe.com` or `*.localhost`) the legacy service at
 * `ACTIONS_CACHE_URL`; elsewhere the v2 service at `ACTIONS_RESULTS_URL` when
 * `ACTIONS_CACHE_SERVICE_V2` is set, else the legacy one. Either needs `ACTIONS_RUNTIME_TOKEN`.
 * `undefined` when there is none.
 */
export function actionsCacheService(
  env: NodeJS.ProcessEnv,
): { service: 'v2' | 'legacy'; url: string } | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN) return undefined;
  const v2 = !isGhes(env.GITHUB_SERVER_URL) && Boolean(env.ACTIONS_CACHE_SERVICE_V2);
  const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
  return url ? { service: v2 ? 'v2' : 'legacy', url } : undefined;
}

/** `@actions/cache`'s `isGhes()`: a server other than github.com, a `*.ghe.com` or a `*.localhost` one. */
function isGhes(serverUrl: string | undefined): boolean {
  let host: string;
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase();
  } catch {
    return false;
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}

const CACHE_MODES = ['gha', 'registry', 'none'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** `cache`, `cache-ref`, `cache-key-files`; `gha` is the default where the cache service is available. */
export function readCacheSettings(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  firstImage: ImageReference | undefined,
  build: { file: string; target: string; platforms: string[]; noCache: boolean },
  rules?: PathRules,
): CacheSettings {
  const serviceAvailable = actionsCacheService(env) !== undefined;
  return {
    mode: oneOf('cache', read('cache'), CACHE_MODES, serviceAvailable ? 'gha' : 'none'),
    ref: firstImage ? cacheReference(read('cache-ref'), firstImage) : '',
    keyFiles: rules
      ? workspaceGlobs('cache-key-files', lines(read('cache-key-files')), rules)
      : lines(read('cache-key-files')),
    image: firstImage?.name ?? '',
    dockerfile: build.file,
    target: build.target,
    platforms: build.platforms,
    importCache: !build.noCache,
    write: booleanInput('cache-write', read('cache-write'), true),
    cacheMode: oneOf('cache-mode', read('cache-mode'), CACHE_WRITE_MODES, 'max'),
  };
}

function cacheReference(raw: string, firstImage: ImageReference): string {
  const value = raw.trim();
  if (value === '') return `${firstImage.familiar}:buildcache`;
  try {
    const reference = parseReference(value);
    if (reference.digest)
      throw new InputError('cache-ref', value, 'a cache image is written to, so give a tag, not a digest.');
    return `${reference.familiar}:${reference.tag ?? 'buildcache'}`;
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('cache-ref', value, error.message);
    throw error;
  }
}
