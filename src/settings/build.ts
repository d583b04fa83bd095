import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { readablePath, type PathRules } from './paths.js';
import { InputError, oneOf } from '../common/errors.js';
import {
  booleanInput,
  isDirectory,
  isFile,
  isSocket,
  keyValueLines,
  lines,
  list,
  type InputReader,
} from './parse.js';
import {
  parseAnnotations,
  parsePlatforms,
  parseProvenance,
  parseSbom,
  type Annotation,
  type Provenance,
} from './platforms.js';

/** The build group: what to build, with which builder, and how. */
export interface BuildSettings {
  builder: BuilderInput;
  /** Absolute path of the build context. */
  context: string;
  /** Absolute path of the Dockerfile. */
  file: string;
  /** The references the built image is tagged with (the publish group's). */
  references: string[];
  buildArgs: string[];
  /** OCI labels from the repository and commit, overridden by the user's `labels`. */
  labels: Record<string, string>;
  target: string;
  /** `linux/amd64`, `linux/arm64/v8`; empty for the builder's own platform. */
  platforms: string[];
  /** `provenance`: `undefined` leaves the default (mode=min when BuildKit pushes), `false` none. */
  provenance: Provenance | false | undefined;
  sbom: boolean;
  annotations: Annotation[];
  pull: boolean;
  noCache: boolean;
  /**
   * Build secrets (`secrets`, and `secret-envs` read from the environment, whose values may span
   * lines): each value is masked in the log and reaches the builder as a file, never an argument.
   */
  secrets: { id: string; value: string }[];
  /** `secret-files`: files handed to the builder as they are (`id=x,src=path`), never read by the action. */
  secretFiles: { id: string; path: string }[];
  /** `add-hosts` (build-push-action's): `host:ip` entries for the build's `/etc/hosts`. */
  addHosts: string[];
  /** `shm-size`: the size of the build's `/dev/shm` (`2g`); empty: the builder's default. */
  shmSize: string;
  /** `ulimit`: `name=soft[:hard]` entries for the build's `RUN` steps. */
  ulimits: string[];
  /** `network`: the network of the build's `RUN` steps. */
  network: BuildNetwork;
  /**
   * `ssh` (build-push-action's): SSH agent sockets or keys for `RUN --mount=type=ssh`, as the
   * builder's `--ssh` takes them (`default`, `id`, `id=socket-or-key[,key]`).
   */
  ssh: string[];
  /** `build-contexts`: `name=value` extra contexts (a local directory made absolute, or an image, URL, stage). */
  buildContexts: string[];
  /** `no-cache-filters`: stages built without the cache (buildx). */
  noCacheFilters: string[];
  /** `cache-from` / `cache-to`: raw BuildKit cache specs (buildx), added to what `cache` sets up. */
  cacheFrom: string[];
  cacheTo: string[];
  /** `call` (build-push-action's): `build`, or `check` (buildx's build checks, no image). */
  call: BuildCall;
}

/** The cache backends BuildKit knows (`type=` of `--cache-from`/`--cache-to`). */
const CACHE_TYPES = ['registry', 'local', 'gha', 'inline', 's3', 'azblob'];

const BUILD_NETWORKS = ['default', 'none', 'host'] as const;
const BUILD_CALLS = ['build', 'check'] as const;
type BuildCall = (typeof BUILD_CALLS)[number];
type BuildNetwork = (typeof BUILD_NETWORKS)[number];
/** The limits `--ulimit` knows (docker/go-units). */
const ULIMITS = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
];

const BUILDER_INPUTS = ['auto', 'buildx', 'docker', 'buildah'] as const;
type BuilderInput = (typeof BUILDER_INPUTS)[number];

/** `context` and `file`, checked before anything else: `test-only` builds nothing and needs neither. */
export function readBuildPaths(
  read: InputReader,
  workspace: string,
  testOnly: boolean,
  rules: PathRules = { workspace, runnerTemp: '', allowOutside: true },
): Pick<BuildSettings, 'context' | 'file'> {
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
  // What the builder reads stays in the repository: `context: /` would send the whole machine.
  if (!testOnly) {
    readablePath('context', read('context'), context, rules);
    readablePath('file', fileInput, file, rules);
  }
  return { context, file };
}

/** The user's `labels`, which override the OCI labels of the same name. */
export function readUserLabels(read: InputReader): Record<string, string> {
  const labels = keyValueLines(read('labels'), 'labels', 'key=value');
  const reserved = labels.find(([key]) => key.startsWith('dev.shipshape.'));
  if (reserved) {
    throw new InputError(
      'labels',
      reserved[0],
      "labels under 'dev.shipshape.' are the run's ownership labels, which cleanup relies on; choose another name.",
    );
  }
  return Object.fromEntries(labels);
}

/**
 * Build secrets: `id=value` lines, ids as BuildKit accepts them. A line that is not `id=value` (a
 * value broken over lines, whose second line would otherwise be echoed or read as another secret)
 * is refused by its line number, never by its text: a value with line breaks belongs in a file.
 */
export function readSecrets(
  read: InputReader,
  env: NodeJS.ProcessEnv = {},
  workspace = '.',
): Pick<BuildSettings, 'secrets' | 'secretFiles'> {
  const secrets = readSecretLines(read);
  // build-push-action's `secret-envs` and `secret-files`: `id=ENV_NAME`, `id=path`. A value that
  // spans lines comes only from these (never from a `secrets` line, where it would be ambiguous).
  for (const [id, name] of keyValueLines(read('secret-envs'), 'secret-envs', 'id=ENV_NAME')) {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new InputError(
        'secret-envs',
        `${id}=${name}`,
        `the environment variable ${name} is not set (or empty) in this step; set it with 'env:' on the step.`,
      );
    }
    secrets.push({ id: secretId('secret-envs', id), value });
  }
  const secretFiles = keyValueLines(read('secret-files'), 'secret-files', 'id=path').map(([id, raw]) => {
    const path = resolve(workspace, raw.trim());
    if (!isFile(path)) {
      throw new InputError(
        'secret-files',
        `${id}=${raw}`,
        `no file at ${path}; give the path of the secret's file.`,
      );
    }
    return { id: secretId('secret-files', id), path };
  });
  const ids = [...secrets.map((s) => s.id), ...secretFiles.map((s) => s.id)];
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) {
    throw new InputError(
      'secrets',
      twice,
      "this secret id is given twice (across 'secrets', 'secret-envs' and 'secret-files'); give each once.",
    );
  }
  return { secrets, secretFiles };
}

function secretId(input: string, id: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id)) {
    throw new InputError(input, id, "a secret id is made of letters, digits, '_', '.' and '-'.");
  }
  return id;
}

function readSecretLines(read: InputReader): BuildSettings['secrets'] {
  return lines(read('secrets')).map((line, index) => {
    const at = line.indexOf('=');
    const id = at > 0 ? line.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id)) {
      throw new InputError(
        'secrets',
        `line ${index + 1} (hidden)`,
        "each line must be id=value, the id made of letters, digits, '_', '.' and '-'; a value cannot span lines here: give a multi-line secret through 'secret-envs' (id=ENV_NAME) or 'secret-files' (id=path).",
      );
    }
    return { id, value: line.slice(at + 1) };
  });
}

/** The rest of the build group, once paths, references, labels and secrets are known. */
export function readBuildOptions(
  read: InputReader,
  env: NodeJS.ProcessEnv = {},
  workspace = process.cwd(),
  rules?: PathRules,
): Pick<
  BuildSettings,
  | 'builder'
  | 'buildArgs'
  | 'target'
  | 'platforms'
  | 'pull'
  | 'noCache'
  | 'provenance'
  | 'sbom'
  | 'annotations'
  | 'addHosts'
  | 'shmSize'
  | 'ulimits'
  | 'network'
  | 'ssh'
  | 'buildContexts'
  | 'noCacheFilters'
  | 'cacheFrom'
  | 'cacheTo'
  | 'call'
> {
  return {
    builder: oneOf('builder', read('builder'), BUILDER_INPUTS, 'auto'),
    buildArgs: keyValueLines(read('build-args'), 'build-args', 'NAME=value').map(([k, v]) => `${k}=${v}`),
    target: stageName(read('target').trim()),
    platforms: parsePlatforms('platforms', read('platforms')),
    provenance: parseProvenance(read('provenance')),
    sbom: parseSbom(read('sbom')),
    annotations: parseAnnotations(read('annotations')),
    pull: booleanInput('pull', read('pull'), false),
    noCache: booleanInput('no-cache', read('no-cache'), false),
    addHosts: list(read('add-hosts')).map(addHost),
    shmSize: shmSize(read('shm-size').trim()),
    ulimits: list(read('ulimit')).map(ulimit),
    network: oneOf('network', read('network'), BUILD_NETWORKS, 'default'),
    ssh: lines(read('ssh')).map((line) => sshEntry(line.trim(), env, workspace)),
    buildContexts: lines(read('build-contexts')).map((line) => buildContext(line.trim(), workspace, rules)),
    noCacheFilters: list(read('no-cache-filters')).map((stage) => stageName(stage, 'no-cache-filters')),
    cacheFrom: lines(read('cache-from')).map((line) => cacheSpec('cache-from', line.trim())),
    cacheTo: lines(read('cache-to')).map((line) => cacheSpec('cache-to', line.trim())),
    call: oneOf('call', read('call'), BUILD_CALLS, 'build'),
  };
}

/**
 * `build-contexts`: `name=value`, the value a local directory (made absolute, relative to the
 * workspace, and it must exist), or `docker-image://`, `oci-layout://`, `target:`, a URL.
 */
function buildContext(entry: string, workspace: string, rules?: PathRules): string {
  const match = /^([A-Za-z0-9][A-Za-z0-9_./:@-]*)=(.+)$/.exec(entry);
  if (!match) {
    throw new InputError(
      'build-contexts',
      entry,
      "each line is name=value, e.g. 'alpine=docker-image://alpine:3.20' or 'assets=./assets' (a directory in the workspace).",
    );
  }
  const [, name, value] = match;
  if (/^(docker-image|oci-layout|https?|git):\/\/|^target:/.test(value) || /^git@/.test(value)) return entry;
  const dir = resolve(workspace, value);
  if (!isDirectory(dir)) {
    throw new InputError(
      'build-contexts',
      entry,
      `no directory ${dir}; give a directory in the workspace, or an image (docker-image://…).`,
    );
  }
  // What the builder reads stays in the repository, as for `context` (issue #13).
  if (rules) readablePath('build-contexts', entry, dir, rules);
  return `${name}=${dir}`;
}

/** `cache-from`/`cache-to`: a BuildKit cache spec of a known type (`type=registry,ref=…`, or a bare reference for cache-from). */
function cacheSpec(input: 'cache-from' | 'cache-to', spec: string): string {
  const type = /(?:^|,)type=([^,]*)/.exec(spec)?.[1];
  const bareReference = input === 'cache-from' && !spec.includes('=') && /^[a-z0-9][^\s,]*$/.test(spec);
  if ((type === undefined && !bareReference) || (type !== undefined && !CACHE_TYPES.includes(type))) {
    throw new InputError(
      input,
      spec,
      `give a BuildKit cache spec whose type is one of ${CACHE_TYPES.join(', ')}, e.g. 'type=registry,ref=ghcr.io/acme/app:cache'.`,
    );
  }
  return spec;
}

/**
 * `ssh`: `default` or `id` (the agent at SSH_AUTH_SOCK, which must be there), or `id=path[,path]`
 * (agent sockets or private key files, each of which must exist; relative to the workspace).
 */
function sshEntry(entry: string, env: NodeJS.ProcessEnv, workspace: string): string {
  const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=(.+))?$/.exec(entry);
  const fix =
    "give 'default' (the agent at SSH_AUTH_SOCK, e.g. from webfactory/ssh-agent), an id, or id=path to an agent socket or a private key file, one per line.";
  if (!match) throw new InputError('ssh', entry, fix);
  const [, id, given] = match;
  if (given === undefined) {
    const socket = env.SSH_AUTH_SOCK ?? '';
    if (!socket || !isSocket(socket)) {
      throw new InputError(
        'ssh',
        entry,
        `no SSH agent: SSH_AUTH_SOCK ${socket ? `names ${socket}, which is not a socket` : 'is not set'}. Start an agent first (webfactory/ssh-agent, or ssh-agent and ssh-add), or give id=path to a key file.`,
      );
    }
    return id;
  }
  const paths = given.split(',').map((path) => resolve(workspace, path.trim()));
  const missing = paths.find((path) => !isSocket(path) && !isFile(path));
  if (missing) throw new InputError('ssh', entry, `no agent socket or key file at ${missing}; ${fix}`);
  return `${id}=${paths.join(',')}`;
}

/** `add-hosts`: `host:ip` (the address may be IPv6: everything after the first `:`). */
function addHost(entry: string): string {
  const at = entry.indexOf(':');
  const host = entry.slice(0, at);
  const ip = entry.slice(at + 1);
  if (at <= 0 || !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || isIP(ip) === 0) {
    throw new InputError(
      'add-hosts',
      entry,
      "each entry is host:ip with a valid IP address, e.g. 'docker:10.180.0.1' or 'db:::1', separated by commas or lines.",
    );
  }
  return `${host}:${ip}`;
}

/** `shm-size`: a size as Docker reads one (`2g`, `512m`, `67108864`). */
function shmSize(value: string): string {
  if (value === '') return '';
  if (!/^\d+(\.\d+)?\s*([kmgtp]i?)?b?$/i.test(value)) {
    throw new InputError('shm-size', value, "give a size such as '2g', '512m' or a number of bytes.");
  }
  return value.replace(/\s+/g, '');
}

/** `ulimit`: `name=soft[:hard]`, numbers of -1 (unlimited) and up, soft no more than hard. */
function ulimit(entry: string): string {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(entry);
  const [soft, hard] = match ? [Number(match[2]), Number(match[3] ?? match[2])] : [NaN, NaN];
  const unlimited = (n: number) => n === -1;
  if (
    !match ||
    !ULIMITS.includes(match[1]) ||
    soft < -1 ||
    hard < -1 ||
    (!unlimited(hard) && (unlimited(soft) || soft > hard))
  ) {
    throw new InputError(
      'ulimit',
      entry,
      `each entry is name=soft[:hard] (e.g. 'nofile=1024:1024'), the name one of ${ULIMITS.join(', ')}, the soft limit no more than the hard one (-1: unlimited).`,
    );
  }
  return entry;
}

/** `target`: a Dockerfile stage name (letters, digits, `_`, `.`, `-`), never a flag for the builder. */
function stageName(target: string, input = 'target'): string {
  if (target !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target)) {
    throw new InputError(
      input,
      target,
      "give the name of a stage of the Dockerfile ('FROM … AS <name>'): letters, digits, '_', '.' and '-'.",
    );
  }
  return target;
}
