import { labelArgs } from '../engine/labels.js';
import type { CachePlan } from '../cache/plan.js';
import type { BuilderKind } from '../engine/builders.js';

export interface BuildRequest {
  context: string;
  file: string;
  references: string[];
  buildArgs: string[];
  labels: Record<string, string>;
  target: string;
  iidFile: string;
  platforms?: string[];
  pull?: boolean;
  noCache?: boolean;
  /** Build secrets as files (id and path): never as arguments or build args. */
  secretFiles?: { id: string; path: string }[];
  /** `host:ip` entries (`--add-host`). */
  addHosts?: string[];
  /** `--shm-size`; empty: the builder's default. */
  shmSize?: string;
  /** `name=soft:hard` entries (`--ulimit`). */
  ulimits?: string[];
  /** `--network` of the RUN steps; `default` (or unset) leaves the builder's own. */
  network?: 'default' | 'none' | 'host';
  /** `--ssh` values: `default`, `id`, `id=path[,path]`. */
  ssh?: string[];
  /** `--build-context name=value` entries. */
  buildContexts?: string[];
  /** `--no-cache-filter` stages (buildx). */
  noCacheFilters?: string[];
  /** The user's own `--cache-from`/`--cache-to` specs (buildx), after the ones `cache` sets up. */
  userCache?: { from: string[]; to: string[] };
  cache?: Pick<CachePlan, 'from' | 'to' | 'inline' | 'insecure'>;
}

/** The builder's arguments and environment for one build, for each kind of builder. */
export function buildCommand(
  kind: BuilderKind,
  request: BuildRequest,
): { args: string[]; env: Record<string, string> } {
  const args =
    kind === 'buildx'
      ? ['buildx', 'build', '--load', '--progress', 'plain']
      : kind === 'buildkit'
        ? ['build', '--progress', 'plain']
        : kind === 'buildah'
          ? // --layers: keep a layer per instruction, which is what makes a layer cache possible.
            // --force-rm: a failed build must not leave its working container behind.
            ['build', '--layers', '--format', 'docker', '--force-rm']
          : // --force-rm: a failed legacy build must not leave its intermediate container behind.
            ['build', '--rm', '--force-rm'];
  args.push('--file', request.file, '--iidfile', request.iidFile);
  for (const reference of request.references) args.push('--tag', reference);
  for (const arg of request.buildArgs) args.push('--build-arg', arg);
  args.push(...labelArgs(request.labels));
  if (request.target) args.push('--target', request.target);
  if (request.platforms?.length) args.push('--platform', request.platforms.join(','));
  // buildah's default pull policy looks for newer base images; Docker's (and ours) only pulls missing ones.
  if (kind === 'buildah') args.push(`--pull=${request.pull ? 'always' : 'false'}`);
  else if (request.pull) args.push('--pull');
  if (request.noCache) args.push('--no-cache');
  for (const secret of request.secretFiles ?? []) args.push('--secret', `id=${secret.id},src=${secret.path}`);
  for (const host of request.addHosts ?? []) args.push('--add-host', host);
  if (request.shmSize) args.push('--shm-size', request.shmSize);
  for (const limit of request.ulimits ?? []) args.push('--ulimit', limit);
  if (request.network && request.network !== 'default') args.push('--network', request.network);
  for (const ssh of request.ssh ?? []) args.push('--ssh', ssh);
  for (const context of request.buildContexts ?? []) args.push('--build-context', context);
  for (const stage of request.noCacheFilters ?? []) args.push('--no-cache-filter', stage);
  const cache = request.cache;
  if (cache) {
    for (const from of cache.from) args.push('--cache-from', from);
    for (const to of cache.to) args.push('--cache-to', to);
    if (cache.inline) args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
    if (kind === 'buildah' && cache.insecure) args.push('--tls-verify=false');
  }
  for (const from of request.userCache?.from ?? []) args.push('--cache-from', from);
  for (const to of request.userCache?.to ?? []) args.push('--cache-to', to);
  args.push(request.context);
  return { args, env: kind === 'buildah' ? {} : { DOCKER_BUILDKIT: kind === 'legacy' ? '0' : '1' } };
}

/**
 * `call: check`: buildx's build checks on the Dockerfile as this build would read it (its build args,
 * target, platforms and named contexts), with BuildKit's lint result as JSON on standard output. No
 * image is built, so no tags, labels, secrets or cache.
 */
export function checkCommand(
  request: Pick<BuildRequest, 'context' | 'file' | 'buildArgs' | 'target' | 'platforms' | 'buildContexts'>,
): string[] {
  const args = [
    'buildx',
    'build',
    '--call',
    'check,format=json',
    '--progress',
    'plain',
    '--file',
    request.file,
  ];
  for (const arg of request.buildArgs) args.push('--build-arg', arg);
  if (request.target) args.push('--target', request.target);
  if (request.platforms?.length) args.push('--platform', request.platforms.join(','));
  for (const context of request.buildContexts ?? []) args.push('--build-context', context);
  args.push(request.context);
  return args;
}

/**
 * Image IDs the legacy builder may have created, read from its log: each step ends with
 * ` ---> <id>`. Not this build's: the image a `FROM` step names, and a step answered from the cache,
 * which prints ` ---> Using cache` first. A `RUN` step can print such a line too, so these are only
 * candidates: `createdDuring` keeps those the engine's own records say were made by this build.
 */
export function legacyCreatedImages(log: string[]): string[] {
  const created: string[] = [];
  let notOurs = false;
  for (const line of log) {
    const text = line.trim();
    if (/^Step \d+\/\d+ : /.test(text)) {
      notOurs = /^Step \d+\/\d+ : FROM\s/i.test(text);
    } else if (text === '---> Using cache') {
      notOurs = true;
    } else {
      const id = /^---> ([a-f0-9]{12})$/.exec(text)?.[1];
      if (id && !notOurs) created.push(id);
    }
  }
  return created;
}

/**
 * The candidates the engine says were created while the build ran (`Created` no earlier than its
 * start): an ID a build step printed for an image that already existed (someone else's, a base) is
 * never taken for this build's.
 */
export function createdDuring(
  images: { Id: string; Created: string }[],
  candidates: string[],
  startedMs: number,
): string[] {
  const made = images.filter((image) => {
    const created = Date.parse(image.Created);
    // One clock on one host: an image this build made was committed after the build started. A
    // remote daemon with a clock behind makes this drop the build's own intermediates (left for
    // the dangling policies), never take someone else's.
    return Number.isFinite(created) && created >= startedMs;
  });
  return candidates.filter((id) => made.some((image) => image.Id.replace(/^sha256:/, '').startsWith(id)));
}

/** The builder's last lines, where both BuildKit and the legacy builder say what went wrong. */
export function buildErrorSummary(log: string[], count = 15): string {
  return log
    .map((line) => line.trimEnd())
    .filter(Boolean)
    .slice(-count)
    .join('\n');
}

/**
 * One `LABEL "k"="v" …` instruction for every label, for the legacy builder, which turns each
 * `--label` into a step of its own (eleven labels, eleven steps: 1.6 s on a cached build).
 * `undefined` where one instruction cannot say it exactly: a value with a line break, or a
 * Dockerfile that changes its escape character.
 */
export function legacyLabelInstruction(
  labels: Record<string, string>,
  dockerfile: string,
): string | undefined {
  const entries = Object.entries(labels);
  if (entries.length === 0) return undefined;
  if (/^#\s*escape\s*=/im.test(dockerfile.split('\n').slice(0, 5).join('\n'))) return undefined;
  if (entries.some(([key, value]) => /[\r\n]/.test(key + value))) return undefined;
  // Inside double quotes a backslash escapes `"`, `\` and `$` (which would expand a variable).
  const quote = (text: string) => `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
  return `LABEL ${entries.map(([key, value]) => `${quote(key)}=${quote(value)}`).join(' ')}`;
}

/** What `buildx build --push` adds to a build's arguments: attestations, annotations, the metadata file. */
export interface BuildxPushOptions {
  metadataFile: string;
  /** `undefined`: build-push-action's default when BuildKit pushes, `mode=min`. */
  provenance: { mode: 'min' | 'max'; attributes: [string, string][] } | false | undefined;
  sbom: boolean;
  /** `[levels:]key=value` as buildx's `--annotation` takes them. */
  annotations: { levels: string[]; key: string; value: string }[];
}

/**
 * `buildx build --push` for every platform at once, with the arguments of the per-platform `--load`
 * builds (so BuildKit answers every step from their cache), BuildKit writing the index, the
 * attestations and the annotations.
 */
export function buildxPushCommand(
  request: BuildRequest,
  options: BuildxPushOptions,
): { args: string[]; env: Record<string, string> } {
  const { args, env } = buildCommand('buildx', request);
  const load = args.indexOf('--load');
  args.splice(load, 1, '--push', '--metadata-file', options.metadataFile);
  const context = args.pop() as string;
  const provenance = options.provenance;
  args.push(
    `--provenance=${
      provenance === false
        ? 'false'
        : [
            `mode=${provenance?.mode ?? 'min'}`,
            ...(provenance?.attributes ?? []).map(([k, v]) => `${k}=${v}`),
          ].join(',')
    }`,
    `--sbom=${options.sbom}`,
  );
  for (const annotation of options.annotations) {
    const levels = annotation.levels.length > 0 ? `${annotation.levels.join(',')}:` : '';
    args.push('--annotation', `${levels}${annotation.key}=${annotation.value}`);
  }
  args.push(context);
  return { args, env };
}

/** `containerimage.digest` of buildx's `--metadata-file`: the pushed index's (or image's) digest. */
export function metadataDigest(text: string): string {
  try {
    const digest = (JSON.parse(text) as Record<string, unknown>)['containerimage.digest'];
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : '';
  } catch {
    return '';
  }
}
