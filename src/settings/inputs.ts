import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ImageReferenceError,
  parseImageName,
  parseReference,
  validateTag,
  withTag,
  type ImageReference,
} from '../naming/reference.js';
import { parse as parseYaml } from 'yaml';
import { gitContext, type GitContext } from '../naming/git-context.js';
import { ociLabels } from '../naming/labels.js';
import { computeTags } from '../naming/tag-rules.js';
import { parseTestRunLines, parseTestSpec } from './test-spec.js';
import type { TestSpec } from './test-types.js';
import { CLEANUP_POLICIES, DEFAULT_CLEANUP, type CleanupOptions } from './cleanup.js';
import { InputError, oneOf } from '../common/errors.js';
import { readSizeSettings, type SizeSettings } from './size.js';
import { parseDuration, parseSize } from '../common/units.js';

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
  /** OCI labels from the repository and commit, overridden by the user's `labels`. */
  labels: Record<string, string>;
  /** The highest-priority tag. */
  version: string;
  git: GitContext;
  target: string;
  /** Whether to push, with `auto` resolved for this event. */
  push: boolean;
  pushInput: PushInput;
  /** Registry logins; passwords are secrets. */
  credentials: RegistryCredential[];
  /** `test-run` lines (as shell command tests) and the `tests`/`tests-file` spec, together. */
  tests: TestSpec;
  testTimeoutSeconds: number;
  testParallelism: number;
  /** Absolute path of the JUnit report, or empty. */
  testReport: string;
  /** Test `imageRef` without building or pushing. */
  testOnly: boolean;
  imageRef: string;
  /** What the post step removes, how old others' objects must be, what build cache stays. */
  cleanup: CleanupOptions;
  /** Free bytes the engine's disk must have before the build; 0 is off. */
  minFreeSpace: number;
  /** The size report: what to compare with, the pull-request comment, the budgets. */
  size: SizeSettings;
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

export interface RegistryCredential {
  /** Empty for Docker Hub. */
  registry: string;
  username: string;
  password: string;
}

export const PUSH_INPUTS = ['true', 'false', 'auto'] as const;
export type PushInput = (typeof PUSH_INPUTS)[number];
/** `push: auto` pushes on these events, never on pull requests. */
const PUSH_EVENTS = ['push', 'release', 'schedule', 'workflow_dispatch'];

export const BUILDER_INPUTS = ['auto', 'buildx', 'docker', 'buildah'] as const;
export type BuilderInput = (typeof BUILDER_INPUTS)[number];
export const CACHE_MODES = ['gha', 'registry', 'none'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export type InputReader = (name: string) => string;

/**
 * Reads and validates every input. Throws an InputError for the first mistake, before the action
 * creates anything. Only reads the file system (does the context exist?), never writes.
 */
export function readSettings(
  read: InputReader,
  workspace: string,
  env: NodeJS.ProcessEnv = {},
  event: Record<string, unknown> = {},
  now: Date = new Date(),
): Settings {
  const git = gitContext(env, event);
  // `test-only` builds nothing: no context or Dockerfile is needed.
  const testOnly = booleanInput('test-only', read('test-only'), false);
  const context = resolve(workspace, read('context').trim() || '.');
  if (!testOnly && !isDirectory(context)) {
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
  if (!testOnly && !isFile(file)) {
    throw new InputError(
      'file',
      fileInput,
      `no Dockerfile at ${file}. Set 'file' to the Dockerfile's path relative to the repository root.`,
    );
  }

  const imageRef = testOnly ? imageToTest(read('image-ref')) : '';
  const images = list(read('images')).map((name) => parseImage(name));
  if (images.length === 0 && !testOnly) {
    throw new InputError('images', '', "name at least one image, e.g. 'ghcr.io/acme/app'.");
  }
  // Plain tags may still be comma-separated; rule lines use commas between attributes.
  const tagLines = lines(read('tags'))
    .flatMap((line) => (line.includes('=') ? [line] : line.split(',').map((tag) => tag.trim())))
    .filter(Boolean);
  const { tags, version } =
    images.length > 0
      ? computeTags(tagLines.join('\n'), read('flavor'), git, now)
      : { tags: [], version: '' };
  for (const tag of tags) {
    try {
      validateTag(tag);
    } catch (error) {
      throw new InputError('tags', tag, (error as Error).message);
    }
  }
  if (tags.length === 0 && images.length > 0) {
    throw new InputError(
      'tags',
      read('tags'),
      `no rule gives a tag for this ${git.eventName || 'event'} on ${git.ref || 'no ref'}. Add one that does, e.g. 'type=sha' or a plain tag.`,
    );
  }
  const userLabels = Object.fromEntries(keyValueLines(read('labels'), 'labels', 'key=value'));
  const credentials = readCredentials(read);
  const pushInput = oneOf('push', read('push'), PUSH_INPUTS, 'false');
  const testTimeoutSeconds = positiveSeconds('test-timeout', read('test-timeout'), 300);
  const tests = readTests(read, workspace, testTimeoutSeconds);
  if (testOnly && tests.commandTests.length + tests.fileTests.length === 0 && !tests.metadataTest) {
    throw new InputError(
      'test-only',
      'true',
      "there are no tests to run: set 'test-run', 'tests' or 'tests-file'.",
    );
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
    labels: { ...ociLabels(git, version, now), ...userLabels },
    version,
    git,
    target: read('target').trim(),
    push: pushInput === 'auto' ? PUSH_EVENTS.includes(git.eventName) : pushInput === 'true',
    pushInput,
    credentials,
    tests,
    testTimeoutSeconds,
    testParallelism: positiveInteger('test-parallelism', read('test-parallelism'), availableParallelism()),
    testReport: read('test-report').trim() ? resolve(workspace, read('test-report').trim()) : '',
    testOnly,
    imageRef,
    cleanup: {
      policy: oneOf('cleanup', read('cleanup'), CLEANUP_POLICIES, DEFAULT_CLEANUP.policy),
      untilMs: durationInput('cleanup-until', read('cleanup-until'), DEFAULT_CLEANUP.untilMs),
      keepStorageBytes: sizeInput('keep-storage', read('keep-storage'), DEFAULT_CLEANUP.keepStorageBytes),
      strict: booleanInput('cleanup-strict', read('cleanup-strict'), DEFAULT_CLEANUP.strict),
      keepImages: booleanInput('keep-images', read('keep-images'), DEFAULT_CLEANUP.keepImages),
    },
    minFreeSpace: sizeInput('min-free-space', read('min-free-space'), 0),
    size: readSizeSettings(read, git, images[0], { tags: tagLines.join('\n'), flavor: read('flavor') }, now),
    builder: oneOf('builder', read('builder'), BUILDER_INPUTS, 'auto'),
    platforms: unique(list(read('platforms')).map((platform) => parsePlatform(platform))),
    pull: booleanInput('pull', read('pull'), false),
    noCache: booleanInput('no-cache', read('no-cache'), false),
    secrets,
    cache: oneOf('cache', read('cache'), CACHE_MODES, cacheServiceAvailable ? 'gha' : 'none'),
    cacheRef: images.length > 0 ? cacheReference(read('cache-ref'), images[0]) : '',
    cacheKeyFiles: lines(read('cache-key-files')),
  };
}

/** `registry`/`username`/`password`, and `registry-auth` (a YAML list of the same) for several registries. */
function readCredentials(read: InputReader): RegistryCredential[] {
  const credentials: RegistryCredential[] = [];
  const username = read('username').trim();
  const password = read('password');
  const registry = read('registry').trim();
  if (password && !username) {
    throw new InputError(
      'username',
      '',
      "'password' is set but 'username' is not: give the user the password belongs to.",
    );
  }
  if (username && !password) {
    throw new InputError(
      'password',
      '',
      `'username' is '${username}' but no password is set: pass a secret, e.g. \${{ secrets.REGISTRY_TOKEN }}.`,
    );
  }
  if (username) credentials.push({ registry, username, password });
  const text = read('registry-auth');
  if (text.trim()) {
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new InputError(
        'registry-auth',
        '(hidden)',
        `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    const entries = Array.isArray(parsed) ? parsed : undefined;
    if (!entries) {
      throw new InputError(
        'registry-auth',
        '(hidden)',
        'give a YAML list of {registry, username, password} objects, one per registry.',
      );
    }
    entries.forEach((entry: unknown, index) => {
      const item = entry as Record<string, unknown> | null;
      const valid =
        item !== null &&
        typeof item === 'object' &&
        !Array.isArray(item) &&
        typeof item.username === 'string' &&
        typeof item.password === 'string' &&
        (item.registry === undefined || typeof item.registry === 'string');
      if (!valid) {
        throw new InputError(
          'registry-auth',
          '(hidden)',
          `item ${index + 1} is not an object with string 'registry', 'username' and 'password'.`,
        );
      }
      credentials.push({
        registry: String(item.registry ?? '').trim(),
        username: String(item.username),
        password: String(item.password),
      });
    });
  }
  return credentials;
}

/** `test-run` lines first, then the YAML of `tests`, then `tests-file`; each validated before anything runs. */
function readTests(read: InputReader, workspace: string, timeoutSeconds: number): TestSpec {
  const spec: TestSpec = {
    commandTests: parseTestRunLines(lines(read('test-run'))),
    fileTests: [],
    services: [],
  };
  const add = (text: string, source: string) => {
    const parsed = parseTestSpec(text, source, { timeoutSeconds });
    spec.commandTests.push(...parsed.commandTests);
    spec.fileTests.push(...parsed.fileTests);
    spec.services.push(...parsed.services);
    if (parsed.metadataTest) spec.metadataTest = parsed.metadataTest;
  };
  if (read('tests').trim()) add(read('tests'), "input 'tests'");
  const file = read('tests-file').trim();
  if (file) {
    let text: string;
    try {
      text = readFileSync(resolve(workspace, file), 'utf8');
    } catch {
      throw new InputError(
        'tests-file',
        file,
        `no file at ${resolve(workspace, file)}. Give a path in the repository.`,
      );
    }
    add(text, file);
  }
  const names = new Set<string>();
  for (const test of [...spec.commandTests, ...spec.fileTests]) {
    if (names.has(test.name))
      throw new InputError('tests', test.name, 'two tests have this name; give each a name of its own.');
    names.add(test.name);
  }
  return spec;
}

function imageToTest(raw: string): string {
  const value = raw.trim();
  if (!value)
    throw new InputError(
      'image-ref',
      '',
      "'test-only' is true: name the image to test, e.g. 'ghcr.io/acme/app:v1'.",
    );
  try {
    parseReference(value);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('image-ref', value, error.message);
    throw error;
  }
  return value;
}

function positiveInteger(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(input, value, "give a whole number of at least 1, e.g. '4'.");
  }
  return Number(value);
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
      size: { ...settings.size, githubToken: settings.size.githubToken ? '***' : '' },
      credentials: settings.credentials.map((c) => ({
        registry: c.registry || 'docker.io',
        username: c.username,
        password: '***',
      })),
      git: undefined,
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

/** A size (`500MB`, `10GB`, `1.5GiB`, or bytes); `0` is allowed and means none. */
export function sizeInput(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const bytes = parseSize(value);
  if (bytes === undefined) {
    throw new InputError(
      input,
      value,
      "give a size: a number with a unit, e.g. '500MB', '10GB' or '1.5GiB' (kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), or bytes.",
    );
  }
  return bytes;
}

function durationInput(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new InputError(
      input,
      value,
      "give a duration: a number with a unit s, m, h, d or w, e.g. '30m', '24h' or '7d'.",
    );
  }
  return ms;
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
