import { InputError } from '../common/errors.js';
import { gitContext, type GitContext } from '../naming/git-context.js';
import { metadataList, ociLabels } from '../naming/labels.js';
import { expandText } from '../naming/tag-templates.js';
import {
  readBuildOptions,
  readBuildPaths,
  readSecrets,
  readUserLabels,
  type BuildSettings,
} from './build.js';
import { readCacheSettings, type CacheSettings } from './cache.js';
import { OUTSIDE_INPUT, type PathRules } from './paths.js';
import {
  readCleanupSettings,
  readGuardSettings,
  type CleanupOptions,
  type GuardSettings,
} from './cleanup.js';
import { booleanInput, lines, type InputReader } from './parse.js';
import { readPublishSettings, type PublishSettings } from './publish.js';
import { readSizeSettings, type SizeGroup } from './size.js';
import { readTestOnly, readTestSettings, type TestSettings } from './tests.js';

/**
 * Everything the action was asked to do, parsed and validated before anything is created, grouped
 * by the stage that uses it: each stage is handed its group only.
 */
export interface Settings {
  git: GitContext;
  /** A fork's pull request asked to log in or push: both were turned off (it gets no secrets). */
  forkRestricted: boolean;
  build: BuildSettings;
  cache: CacheSettings;
  publish: PublishSettings;
  tests: TestSettings;
  cleanup: CleanupOptions;
  guard: GuardSettings;
  size: SizeGroup;
  /** metadata-action's `labels` and `annotations` outputs, and the separators of the list outputs. */
  metadata: MetadataOutputs;
}

interface MetadataOutputs {
  /** `key=value`, sorted by key. */
  labels: string[];
  /** `level:key=value`: the OCI set and the level-less `annotations` lines at each level, then the rest. */
  annotations: string[];
  /** `sep-tags`, `sep-labels`, `sep-annotations` (metadata-action's); a line break by default. */
  separators: { tags: string; labels: string; annotations: string };
}

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
  const only = readTestOnly(read);
  const rules: PathRules = {
    workspace,
    runnerTemp: env.RUNNER_TEMP ?? '',
    allowOutside: booleanInput(OUTSIDE_INPUT, read(OUTSIDE_INPUT), false),
  };
  const paths = readBuildPaths(read, workspace, only.testOnly, rules);
  const { forkRestricted, ...publish } = readPublishSettings(read, git, only.testOnly, now);
  const templates = { ctx: git, now };
  const userLabels = Object.fromEntries(
    Object.entries(readUserLabels(read)).map(([key, value]) => [key, expandText(value, templates, 'labels')]),
  );
  const options = readBuildOptions(read, env, workspace, rules);
  options.annotations = options.annotations.map((annotation) => ({
    ...annotation,
    value: expandText(annotation.value, templates, 'annotations'),
  }));
  const oci = ociLabels(git, publish.version, now);
  if (only.testOnly && options.call === 'check') {
    throw new InputError(
      'call',
      'check',
      "'test-only' builds nothing, so there is no build to check; drop 'test-only', or leave 'call' at 'build'.",
    );
  }
  const tests = readTestSettings(read, workspace, only, options.platforms, rules);
  const secrets = readSecrets(read, env, workspace);
  const cleanup = readCleanupSettings(read);
  const build: BuildSettings = {
    ...paths,
    ...options,
    references: publish.references,
    labels: { ...oci, ...userLabels },
    ...secrets,
  };
  const [firstImage] = publish.images;
  const subject = {
    image: firstImage,
    reference: publish.references[0] ?? '',
    dockerfile: build.file,
    target: build.target,
    buildArgs: build.buildArgs,
  };
  return {
    git,
    forkRestricted,
    build,
    cache: readCacheSettings(read, env, firstImage, build, rules),
    publish,
    tests,
    cleanup,
    guard: readGuardSettings(read),
    size: { ...readSizeSettings(read, git, firstImage, publish.tagRules, now), subject },
    metadata: metadataOutputs(read, env, oci, userLabels, build),
  };
}

/**
 * metadata-action's `labels` and `annotations` outputs. The annotation levels come from
 * `DOCKER_METADATA_ANNOTATIONS_LEVELS` (`manifest` by default), as in metadata-action; an `annotations`
 * line that names its own levels is listed as written.
 */
function metadataOutputs(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  oci: Record<string, string>,
  userLabels: Record<string, string>,
  build: BuildSettings,
): MetadataOutputs {
  const plain = build.annotations.filter((annotation) => annotation.levels.length === 0);
  const leveled = build.annotations.filter((annotation) => annotation.levels.length > 0);
  const custom = Object.fromEntries(plain.map((annotation) => [annotation.key, annotation.value]));
  const levels = (env.DOCKER_METADATA_ANNOTATIONS_LEVELS || 'manifest')
    .split(',')
    .map((level) => level.trim());
  const list = metadataList(oci, custom);
  return {
    labels: metadataList(oci, userLabels),
    annotations: [
      ...levels.flatMap((level) => list.map((entry) => `${level}:${entry}`)),
      ...leveled.map((annotation) => `${annotation.levels.join(',')}:${annotation.key}=${annotation.value}`),
    ],
    separators: {
      tags: separator(read, env, 'sep-tags'),
      labels: separator(read, env, 'sep-labels'),
      annotations: separator(read, env, 'sep-annotations'),
    },
  };
}

/** A separator input, read untrimmed (metadata-action's), a line break when empty. */
function separator(read: InputReader, env: NodeJS.ProcessEnv, name: string): string {
  return env[`INPUT_${name.toUpperCase()}`] || read(name) || '\n';
}

/**
 * What to mask before any input is parsed (a parse error must not print a secret): every line of
 * `password`, each `secrets` line and its value, and every line of `registry-auth` with the value of
 * its `password` keys. Also each credential's Basic string (`base64(user:password)`), which the
 * run's config.json and the registry API carry.
 */
export function rawSecrets(read: InputReader): string[] {
  const found: string[] = [];
  found.push(read('password'), ...lines(read('password')));
  for (const line of lines(read('secrets'))) {
    found.push(line);
    const at = line.indexOf('=');
    if (at >= 0) found.push(line.slice(at + 1));
  }
  for (const line of lines(read('registry-auth'))) {
    found.push(line);
    const value = /^(?:-\s*)?password\s*:\s*(.*)$/.exec(line)?.[1]?.trim();
    if (value) found.push(value, value.replace(/^(['"])(.*)\1$/, '$2'));
    // A line that is not `key: value` (a block scalar's, a broken quote's) may be a password's part.
    else if (!/^(?:-\s*)?[A-Za-z_-]+\s*:/.test(line)) found.push(line);
  }
  return [...new Set(found.map((text) => text.trim()).filter((text) => text.length >= 3))];
}

/** Every secret the settings hold, to be masked in the log before anything can print them. */
export function secretsOf(settings: Settings): string[] {
  return [
    // A value that spans lines (from `secret-envs`) is masked whole and line by line.
    ...settings.build.secrets.flatMap((secret) => [
      secret.value,
      ...secret.value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length >= 3 && line !== secret.value),
    ]),
    ...settings.publish.credentials.flatMap((credential) => [
      credential.password,
      // The Basic string: what config.json's `auth` and an Authorization header carry.
      Buffer.from(`${credential.username}:${credential.password}`).toString('base64'),
    ]),
    settings.size.githubToken,
  ].filter(Boolean);
}

/** The settings for the log: secret values never appear, only their ids. */
export function describeSettings(settings: Settings): string {
  const { build, publish, size } = settings;
  return JSON.stringify(
    {
      ...settings,
      build: { ...build, secrets: build.secrets.map((secret) => `${secret.id}=***`) },
      publish: {
        ...publish,
        images: publish.images.map((image) => image.name),
        credentials: publish.credentials.map((c) => ({
          registry: c.registry || 'docker.io',
          username: c.username,
          password: '***',
        })),
      },
      size: { ...size, githubToken: size.githubToken ? '***' : '', subject: undefined },
      git: undefined,
    },
    null,
    2,
  );
}
