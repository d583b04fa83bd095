import { InputError, oneOf } from '../common/errors.js';
import { ImageReferenceError, parseReference, type ImageReference } from '../naming/reference.js';
import { lines, type InputReader } from './parse.js';
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
  const serviceAvailable = Boolean(env.ACTIONS_RESULTS_URL && env.ACTIONS_RUNTIME_TOKEN);
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
