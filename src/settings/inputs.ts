import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ImageReferenceError,
  parseImageName,
  parseReference,
  validateTag,
  withTag,
  type ImageReference,
} from '../naming/reference.js';
import { InputError } from './errors.js';

/** Everything the action was asked to do, parsed and validated before anything is created. */
export interface Settings {
  /** Absolute path of the build context. */
  context: string;
  /** Absolute path of the Dockerfile. */
  file: string;
  images: ImageReference[];
  tags: string[];
  /** Every image with every tag, in input order: `registry/path:tag`. */
  references: string[];
  buildArgs: string[];
  labels: Record<string, string>;
  target: string;
  push: boolean;
  testRun: string[];
  testTimeoutSeconds: number;
  cleanup: boolean;
  builder: BuilderInput;
  /** `linux/amd64`, `linux/arm64/v8`; empty for the builder's own platform. */
  platforms: string[];
  pull: boolean;
  noCache: boolean;
  /** Build secrets: each value is masked in the log and reaches the builder as a file, never an argument. */
  secrets: { id: string; value: string }[];
  cache: CacheMode;
  /** The registry cache image (`cache: registry`): `ghcr.io/acme/app:buildcache`. */
  cacheRef: string;
  /** Globs of files whose contents change the cache key, besides the Dockerfile. */
  cacheKeyFiles: string[];
}

export const BUILDER_INPUTS = ['auto', 'buildx', 'docker', 'buildah'] as const;
export type BuilderInput = (typeof BUILDER_INPUTS)[number];
export const CACHE_MODES = ['gha', 'registry', 'none'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export type InputReader = (name: string) => string;

/**
 * Reads and validates every input. Throws an InputError for the first mistake, before the action
 * creates anything. Only reads the file system (does the context exist?), never writes.
 */
export function readSettings(read: InputReader, workspace: string, env: NodeJS.ProcessEnv = {}): Settings {
  const context = resolve(workspace, read('context').trim() || '.');
  if (!isDirectory(context)) {
    throw new InputError(
      'context',
      read('context'),
      `no directory ${context}. Give a directory in the repository.`,
    );
  }
  const fileInput = read('file').trim();
  const file = fileInput
    ? isAbsolute(fileInput)
      ? fileInput
      : resolve(workspace, fileInput)
    : join(context, 'Dockerfile');
  if (!isFile(file)) {
    throw new InputError(
      'file',
      fileInput,
      `no Dockerfile at ${file}. Set 'file' to the Dockerfile's path relative to the repository root.`,
    );
  }

  const images = list(read('images')).map((name) => parseImage(name));
  if (images.length === 0) {
    throw new InputError('images', '', "name at least one image, e.g. 'ghcr.io/acme/app'.");
  }
  const tags = unique(list(read('tags')));
  if (tags.length === 0) tags.push('latest');
  for (const tag of tags) {
    try {
      validateTag(tag);
    } catch (error) {
      throw new InputError('tags', tag, (error as Error).message);
    }
  }

  const secrets = keyValueLines(read('secrets'), 'secrets', 'id=value').map(([id, value]) => ({ id, value }));
  for (const { id } of secrets) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
      throw new InputError('secrets', id, "a secret id may contain only letters, digits, '_', '.' and '-'.");
    }
  }
  const cacheServiceAvailable = Boolean(env.ACTIONS_RESULTS_URL && env.ACTIONS_RUNTIME_TOKEN);

  return {
    context,
    file,
    images,
    tags,
    references: unique(images.flatMap((image) => tags.map((tag) => withTag(image, tag)))),
    buildArgs: keyValueLines(read('build-args'), 'build-args', 'NAME=value').map(([k, v]) => `${k}=${v}`),
    labels: Object.fromEntries(keyValueLines(read('labels'), 'labels', 'key=value')),
    target: read('target').trim(),
    push: booleanInput('push', read('push'), false),
    testRun: lines(read('test-run')),
    testTimeoutSeconds: positiveSeconds('test-timeout', read('test-timeout'), 300),
    cleanup: booleanInput('cleanup', read('cleanup'), true),
    builder: oneOf('builder', read('builder'), BUILDER_INPUTS, 'auto'),
    platforms: unique(list(read('platforms')).map((platform) => parsePlatform(platform))),
    pull: booleanInput('pull', read('pull'), false),
    noCache: booleanInput('no-cache', read('no-cache'), false),
    secrets,
    cache: oneOf('cache', read('cache'), CACHE_MODES, cacheServiceAvailable ? 'gha' : 'none'),
    cacheRef: cacheReference(read('cache-ref'), images[0]),
    cacheKeyFiles: lines(read('cache-key-files')),
  };
}

function oneOf<T extends string>(input: string, raw: string, values: readonly T[], fallback: T): T {
  const value = raw.trim();
  if (value === '') return fallback;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, value, `use one of ${values.map((v) => `'${v}'`).join(', ')}.`);
}

/** `linux/arm64/v8`: os/architecture[/variant], as `--platform` takes them. */
function parsePlatform(platform: string): string {
  if (!/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(platform)) {
    throw new InputError(
      'platforms',
      platform,
      "give os/architecture[/variant], e.g. 'linux/amd64' or 'linux/arm64/v8'.",
    );
  }
  return platform;
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

/** The settings for the log: secret values never appear, only their ids. */
export function describeSettings(settings: Settings): string {
  return JSON.stringify(
    {
      ...settings,
      images: settings.images.map((image) => image.name),
      secrets: settings.secrets.map((secret) => `${secret.id}=***`),
    },
    null,
    2,
  );
}

function parseImage(name: string): ImageReference {
  let image: ImageReference;
  try {
    image = parseImageName(name);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('images', name, error.message);
    throw error;
  }
  // Docker reads `ACME/app` as registry host `ACME` only because of the upper case: in a workflow
  // that is a mistyped namespace far more often than a host, so ask for the fix.
  const [first] = name.split('/');
  if (name.includes('/') && first === image.registry && !/[.:]/.test(first) && first !== 'localhost') {
    throw new InputError(
      'images',
      name,
      `image names must be lower case; '${first}' would be read as a registry host (try '${name.toLowerCase()}').`,
    );
  }
  return image;
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Lists accept one item per line or comma-separated items, as the docker/* actions do. */
function list(value: string): string[] {
  return lines(value)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function keyValueLines(value: string, input: string, form: string): [string, string][] {
  return lines(value).map((line) => {
    const at = line.indexOf('=');
    if (at < 0) throw new InputError(input, line, `each line must be ${form}; this line has no '='.`);
    if (at === 0)
      throw new InputError(input, line, `each line must be ${form}; the name before '=' is empty.`);
    return [line.slice(0, at).trim(), line.slice(at + 1)];
  });
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function booleanInput(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim();
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InputError(input, value, "use 'true' or 'false'.");
}

function positiveSeconds(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(input, value, "give a positive number of seconds, e.g. '300'.");
  }
  return seconds;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
