import { containerArgs, type ContainerSpec } from './container-args.js';
import { runContainerOverApi, runsOverApi } from './container-run.js';
import {
  execProgram,
  streamProgram,
  type ExecOptions,
  type ExecResult,
  type StreamingProgram,
} from './exec.js';
import {
  apiFilters,
  EngineApi,
  EngineApiError,
  engineSocket,
  EngineTimeoutError,
  EngineUnreachableError,
  naturalCompare,
  pathOf,
} from './engine-api.js';
import { labelArgs } from './labels.js';

export type { DockerClient } from './clients.js';

export interface ServerInfo {
  version: string;
  os: string;
  /** The daemon's architecture as Go names it (`amd64`, `arm64`); empty when it did not say. */
  arch: string;
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  Created: string;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  /** `LastTagTime`: when a tag last reached this image on this daemon (a pull, a tag, a build). */
  Metadata?: { LastTagTime?: string };
  RootFS: { Layers?: string[] };
  Config: {
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, object> | null;
    Volumes?: Record<string, object> | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    User?: string;
  } | null;
}

/** One image of `GET /images/json`. */
export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  Labels: Record<string, string> | null;
}

export interface ContainerState {
  /** `created`, `running`, `exited`, … */
  status: string;
  /** `starting`, `healthy`, `unhealthy`; empty when the image has no HEALTHCHECK. */
  health: string;
  exitCode: number;
}

export interface ContainerDetails {
  id: string;
  name: string;
  /** ISO time. */
  created: string;
  /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`. */
  status: string;
  /** ID of the image it runs. */
  image: string;
  labels: Record<string, string>;
  sizeRw: number;
  /** Names of the anonymous volumes `docker rm --volumes` removes with it. */
  anonymousVolumes: string[];
}

interface RawContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: { Status: string };
  Config: { Labels?: Record<string, string> | null } | null;
  SizeRw?: number;
  Mounts?: { Type: string; Name?: string }[] | null;
}

function toContainerDetails(raw: RawContainerInspect): ContainerDetails {
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    created: raw.Created,
    status: raw.State.Status,
    image: raw.Image,
    labels: raw.Config?.Labels ?? {},
    sizeRw: raw.SizeRw ?? 0,
    // Anonymous volumes are named by a 64-hex ID; named ones outlive the container.
    anonymousVolumes: (raw.Mounts ?? [])
      .filter((mount) => mount.Type === 'volume' && /^[a-f0-9]{64}$/.test(mount.Name ?? ''))
      .map((mount) => mount.Name ?? ''),
  };
}

export interface VolumeDetails {
  name: string;
  created: string;
  labels: Record<string, string>;
}

export interface DiskUsageRow {
  /** `Images`, `Containers`, `Local Volumes`, `Build Cache`. */
  type: string;
  count: number;
  size: number;
  reclaimable: number;
}

/** Docker's human sizes (`24.84MB`, `2.395kB`, `0B`) are powers of 1000. */
export function parseHumanSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kMGTP]?)B$/i.exec(text.trim());
  if (!match) return undefined;
  const power = ' kmgtp'.indexOf((match[2] || ' ').toLowerCase());
  return Math.round(Number(match[1]) * 1000 ** Math.max(0, power));
}

export function parseDiskUsageRow(row: Record<string, string>): DiskUsageRow {
  return {
    type: row.Type ?? '',
    count: Number(row.TotalCount) || 0,
    size: parseHumanSize(row.Size ?? '') ?? 0,
    // `24.84MB (100%)`
    reclaimable: parseHumanSize((row.Reclaimable ?? '').split(' ')[0]) ?? 0,
  };
}

interface UsageTotals {
  TotalCount?: number;
  ActiveCount?: number;
  TotalSize?: number;
  Reclaimable?: number;
}

interface RawVolume {
  Name: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}

/** `GET /system/df`: the lists (API before 1.52), or the daemon's own totals (1.52 on). */
export interface RawDiskUsage {
  LayersSize?: number;
  Images?: { Containers?: number; Size?: number; SharedSize?: number }[] | null;
  Containers?: { State?: string; SizeRw?: number }[] | null;
  Volumes?: RawVolume[] | null;
  BuildCache?: { Size?: number; Shared?: boolean; InUse?: boolean }[] | null;
  ImageUsage?: UsageTotals | null;
  ContainerUsage?: UsageTotals | null;
  VolumeUsage?: (UsageTotals & { Items?: RawVolume[] | null }) | null;
  BuildCacheUsage?: UsageTotals | null;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The four rows `docker system df` prints, from the daemon's answer, in exact bytes where the CLI
 * prints 4 significant digits. The sums are the CLI's own (docker/cli 28, formatter/disk_usage.go):
 * images hold the layers' size, reclaimable but for what images used by containers hold alone;
 * containers their writable layers, reclaimable but for running, paused or restarting ones; volumes
 * their measured sizes, reclaimable when no container refers to them; the build cache its unshared
 * records, reclaimable but for those in use. A daemon that sums itself (API 1.52) is read as it is.
 */
export function diskUsageRows(df: RawDiskUsage): DiskUsageRow[] {
  const row = (type: string, count: number, size: number, reclaimable: number): DiskUsageRow => ({
    type,
    count,
    size,
    // The CLI prints a negative amount its own parser (parseHumanSize) reads as nothing.
    reclaimable: Math.max(0, reclaimable),
  });
  if (df.ImageUsage || df.ContainerUsage || df.VolumeUsage || df.BuildCacheUsage) {
    const totals = (type: string, usage: UsageTotals | null | undefined) =>
      row(type, usage?.TotalCount ?? 0, usage?.TotalSize ?? 0, usage?.Reclaimable ?? 0);
    return [
      totals('Images', df.ImageUsage),
      totals('Containers', df.ContainerUsage),
      totals('Local Volumes', df.VolumeUsage),
      totals('Build Cache', df.BuildCacheUsage),
    ];
  }
  const images = df.Images ?? [];
  const layers = df.LayersSize ?? 0;
  const usedByContainers = images
    .filter((image) => (image.Containers ?? 0) !== 0 && image.Size !== -1 && image.SharedSize !== -1)
    .map((image) => (image.Size ?? 0) - (image.SharedSize ?? 0));
  const containers = df.Containers ?? [];
  const active = new Set(['running', 'paused', 'restarting']);
  const measured = (df.Volumes ?? []).flatMap((volume) =>
    volume.UsageData && volume.UsageData.Size !== -1 ? [volume.UsageData] : [],
  );
  const cache = (df.BuildCache ?? []).filter((record) => !record.Shared);
  const cacheSize = sum(cache.map((record) => record.Size ?? 0));
  return [
    row('Images', images.length, layers, layers - sum(usedByContainers)),
    row(
      'Containers',
      containers.length,
      sum(containers.map((container) => container.SizeRw ?? 0)),
      sum(containers.filter((c) => !active.has(c.State ?? '')).map((c) => c.SizeRw ?? 0)),
    ),
    row(
      'Local Volumes',
      (df.Volumes ?? []).length,
      sum(measured.map((usage) => usage.Size)),
      sum(measured.filter((usage) => usage.RefCount === 0).map((usage) => usage.Size)),
    ),
    row(
      'Build Cache',
      (df.BuildCache ?? []).length,
      cacheSize,
      cacheSize - sum(cache.filter((record) => record.InUse).map((record) => record.Size ?? 0)),
    ),
  ];
}

/** Bytes per volume from `GET /system/df?verbose=1`; one the engine could not measure holds 0, as `-v` reads. */
export function volumeSizesOf(df: RawDiskUsage): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const volume of df.VolumeUsage?.Items ?? df.Volumes ?? []) {
    sizes.set(volume.Name, Math.max(0, volume.UsageData?.Size ?? 0));
  }
  return sizes;
}

/** `GET /images/{id}/history` as `docker history --no-trunc` prints it: tabs in commands become spaces. */
export function historyEntries(
  raw: { CreatedBy?: string; Size?: number }[] | null,
): { createdBy: string; size: number }[] {
  return (raw ?? []).map((entry) => ({
    createdBy: (entry.CreatedBy ?? '').replaceAll('\t', ' '),
    size: Number(entry.Size) || 0,
  }));
}

/** `GET /volumes`, in the CLI's order (natural, by name). */
export function volumeDetails(raw: { Volumes?: RawVolume[] | null } | null): VolumeDetails[] {
  return [...(raw?.Volumes ?? [])]
    .sort((a, b) => naturalCompare(a.Name, b.Name))
    .map((volume) => ({ name: volume.Name, created: volume.CreatedAt ?? '', labels: volume.Labels ?? {} }));
}

/**
 * What one `docker image rm A B …` did to each ref: `Deleted: sha256:…` for an image removed,
 * `Untagged: ref` for a reference removed, and an `Error …` line naming a ref or its short ID.
 */
export function parseImageRemoval(
  refs: string[],
  stdout: string,
  stderr: string,
  exitCode: number,
): { removed: string[]; deleted: string[]; failed: { id: string; reason: string }[] } {
  const deleted = [...stdout.matchAll(/Deleted: (sha256:[a-f0-9]{64})/g)].map((match) => match[1]);
  const errors = lines(stderr).filter(
    (line) => !/DEPRECATED|legacy builder|buildx|docs\.docker\.com/i.test(line),
  );
  const removed: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  for (const ref of refs) {
    const isId = /^(sha256:)?[a-f0-9]{12,64}$/.test(ref);
    const short = ref.replace(/^sha256:/, '').slice(0, 12);
    const error = errors.find((line) => mentions(line, ref) || (isId && mentions(line, short)));
    // An image already gone is what we wanted.
    if (error && !/No such image/i.test(error)) failed.push({ id: ref, reason: error });
    else removed.push(ref);
  }
  // A failure that names no ref (the daemon went away): nothing is known to be removed.
  if (exitCode !== 0 && failed.length === 0 && errors.length > 0 && deleted.length === 0) {
    const explained = errors.some((line) => /No such image/i.test(line));
    if (!explained)
      return { removed: [], deleted, failed: refs.map((id) => ({ id, reason: errors.join(' ') })) };
  }
  return { removed, deleted, failed };
}

/** Whether `line` names `token` as a whole word: `app:1` is not named by a line about `app:1.2`. */
function mentions(line: string, token: string): boolean {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s"'(])${escaped}($|[\\s"'):,])`).test(line);
}

/** IDs per `docker rm`/`inspect` call: long enough to batch, short enough for any argv limit. */
const BATCH = 50;

function batchesOf<T>(items: T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) batches.push(items.slice(start, start + BATCH));
  return batches;
}

export class DockerError extends Error {
  constructor(
    message: string,
    readonly result?: ExecResult,
  ) {
    super(message);
  }
}

function daemonDown(detail: string | undefined, result?: ExecResult): DockerError {
  const where = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  return new DockerError(
    `The Docker daemon at ${where} does not answer (${detail}). Start dockerd, or set DOCKER_HOST to a daemon that runs.`,
    result,
  );
}

/** A refusal by the daemon, worded as `checked` words the same failure of the CLI. */
function cliFailure(command: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof EngineApiError) throw new DockerError(`docker ${command} failed: ${error.message}`);
    throw error;
  };
}

/** An object the daemon does not have (or would not show): skipped, as `docker … inspect` skips it. */
function skipRefused(error: unknown): undefined {
  if (error instanceof EngineApiError) return undefined;
  throw error;
}

/** A refusal (or no answer in time) read as the CLI's failure reads: `value`. */
function failedAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof EngineApiError || error instanceof EngineTimeoutError) return value;
    throw error;
  };
}

/** A refusal as a value, for the removals that report each object's own. */
function skipRefusedAs(error: unknown): EngineApiError {
  if (error instanceof EngineApiError) return error;
  throw error;
}

const isDefined = <T>(value: T | undefined): value is T => value !== undefined;

interface DockerOptions {
  /** Reads (and a few plain writes) through the Engine API, not a CLI process each: `Docker.connect()`. */
  api?: EngineApi;
}

/**
 * The one place that runs the Docker CLI. Every method returns typed results; callers never parse
 * docker output themselves. Made by `Docker.connect()`, the reads go to the daemon's socket when it
 * is certainly the CLI's daemon, with the same results; `new Docker()` runs the CLI for everything.
 */
/** `Docker/20.10.24+dfsg1 (linux)` -> version and OS, arch unknown (''); `undefined` for anything else. */
export function parseServerHeader(header: string): ServerInfo | undefined {
  const match = /^Docker\/(\d[^\s()]*)\s+\(([a-z0-9]+)\)/.exec(header.trim());
  return match ? { version: match[1], os: match[2], arch: '' } : undefined;
}

export class Docker {
  private api: EngineApi | undefined;
  /** The daemon's root dir, asked once: it cannot change while the daemon runs. */
  private rootDirAnswer: Promise<string> | undefined;
  /** The daemon's version, asked once. */
  private serverAnswer: Promise<ServerInfo> | undefined;
  /** The daemon's version and OS from `/_ping`, asked once. */
  private briefAnswer: Promise<ServerInfo> | undefined;

  constructor(
    readonly bin: string = 'docker',
    options: DockerOptions = {},
  ) {
    this.api = options.api;
  }

  /**
   * The engine's default client (`docker` on PATH), asking the daemon's socket directly when
   * `engineSocket` finds the CLI would reach that same daemon (else the CLI for everything).
   */
  static connect(env: NodeJS.ProcessEnv = process.env): Docker {
    const { socketPath } = engineSocket(env);
    return new Docker('docker', { api: socketPath ? new EngineApi(socketPath) : undefined });
  }

  /** Where reads go now: the daemon's socket, or the CLI. */
  get transport(): 'api' | 'cli' {
    return this.api ? 'api' : 'cli';
  }

  /**
   * Runs `call` on the Engine API when this client has it; `undefined` sends the caller to its CLI
   * path: no API, or the socket did not answer (then never again: the CLI says what is wrong).
   */
  private async viaApi<T>(call: (api: EngineApi) => Promise<T>): Promise<{ value: T } | undefined> {
    const api = this.api;
    if (!api) return undefined;
    try {
      return { value: await call(api) };
    } catch (error) {
      if (!(error instanceof EngineUnreachableError)) throw error;
      this.api = undefined;
      return undefined;
    }
  }

  /** Runs this client; only the engine's own methods do (and test doubles override it). */
  protected exec(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execProgram(this.bin, args, options);
  }

  /**
   * `docker login --username U --password-stdin [SERVER]` into `configDir`: the password reaches the
   * client on stdin only, never in argv, the environment or the log.
   */
  login(
    server: string[],
    credential: { username: string; password: string },
    configDir: string,
    timeoutMs: number,
  ): Promise<ExecResult> {
    return this.exec(['login', '--username', credential.username, '--password-stdin', ...server], {
      input: credential.password,
      env: { DOCKER_CONFIG: configDir },
      timeoutMs,
    });
  }

  /** `docker logout [SERVER]` from `configDir`. */
  logout(server: string[], configDir: string, timeoutMs: number): Promise<ExecResult> {
    return this.exec(['logout', ...server], { env: { DOCKER_CONFIG: configDir }, timeoutMs });
  }

  /** One build (`build …` or `buildx build …`, arguments from builder/arguments.ts), its log streamed. */
  build(args: string[], options: Pick<ExecOptions, 'env' | 'cwd' | 'onLine'>): Promise<ExecResult> {
    return this.exec(args, options);
  }

  /**
   * Runs a container to its end (`docker container run`), returning its exit code and output. Over
   * the Engine API where the socket is ours (no client process: container-run.ts); the CLI for an
   * image the daemon does not have (it pulls), published ports and network aliases.
   */
  async runContainer(spec: ContainerSpec, timeoutMs?: number): Promise<ExecResult> {
    if (runsOverApi(spec)) {
      const viaApi = await this.viaApi((api) => runContainerOverApi(api, spec, timeoutMs));
      if (viaApi?.value) return viaApi.value;
    }
    return this.exec(containerArgs('run', spec), { timeoutMs });
  }

  /** Starts a container in the background (`docker container run --detach`). */
  startContainer(spec: ContainerSpec): Promise<ExecResult> {
    return this.exec(containerArgs('run', spec, true));
  }

  /** Creates a container without starting it: its files can be read with `copyFromContainer`. */
  createContainer(spec: ContainerSpec): Promise<ExecResult> {
    return this.exec(containerArgs('create', spec));
  }

  /**
   * `docker container commit CONTAINER`: a new image of the container's file system and
   * configuration (its labels too, so the run's ownership labels carry over). The ID, or the error.
   */
  async commitContainer(container: string): Promise<{ id: string } | { error: string }> {
    const viaApi = await this.viaApi((api) =>
      api.request<{ Id: string }>('POST', '/commit', { query: { container } }).then(
        ({ Id }) => ({ id: Id }),
        (error: Error) => {
          if (!(error instanceof EngineApiError)) throw error;
          return { error: error.daemonMessage };
        },
      ),
    );
    if (viaApi) return viaApi.value;
    const result = await this.exec(['container', 'commit', container]);
    return result.exitCode === 0
      ? { id: result.stdout.trim() }
      : { error: result.stderr.trim() || `exit code ${result.exitCode}` };
  }

  /** `docker container exec CONTAINER COMMAND…`. */
  execInContainer(id: string, command: string[], timeoutMs?: number): Promise<ExecResult> {
    return this.exec(['container', 'exec', id, ...command], { timeoutMs });
  }

  private async checked(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const result = await this.exec(args, options);
    if (result.exitCode !== 0) {
      const detail = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
      throw new DockerError(
        `docker ${args[0]} ${args[1] ?? ''} failed: ${detail}`.replace(/ +/g, ' '),
        result,
      );
    }
    return result;
  }

  /**
   * Asks the daemon for its version; fails within `timeoutMs` when it does not answer. Asked once
   * per client: the main step's entry asks before the rest of the action loads.
   */
  server(timeoutMs = 10_000): Promise<ServerInfo> {
    const answer = (this.serverAnswer ??= this.askServer(timeoutMs));
    answer.catch(() => {
      if (this.serverAnswer === answer) this.serverAnswer = undefined; // asked again next time
    });
    return answer;
  }

  /**
   * The daemon's version and OS the quick way: `/_ping`'s `Server` header (`Docker/20.10.24 (linux)`),
   * answered at once, where `/version` first runs the engine's runtimes to learn their versions. Its
   * `arch` is '' (not asked): only a build for several platforms needs it, and asks `server()`. Without
   * the socket, or a header that says less, it is `server()`.
   */
  serverBrief(timeoutMs = 10_000): Promise<ServerInfo> {
    const answer = (this.briefAnswer ??= this.askBrief(timeoutMs));
    answer.catch(() => {
      if (this.briefAnswer === answer) this.briefAnswer = undefined;
    });
    return answer;
  }

  private async askBrief(timeoutMs: number): Promise<ServerInfo> {
    const header = await this.viaApi((api) =>
      api.serverHeader({ timeoutMs }).catch((error: unknown) => {
        // A daemon that does not answer within the time fails now, as `server()` would: asking
        // `/version` next would only wait as long again.
        if (error instanceof EngineTimeoutError) throw daemonDown(error.message);
        if (error instanceof EngineApiError) return undefined;
        throw error;
      }),
    );
    const brief = parseServerHeader(header?.value ?? '');
    return brief ?? this.server(timeoutMs);
  }

  private async askServer(timeoutMs: number): Promise<ServerInfo> {
    const viaApi = await this.viaApi(async (api) => {
      try {
        const answer = await api.get<{ Version?: string; Os?: string; Arch?: string } | undefined>(
          '/version',
          { timeoutMs },
        );
        return answer?.Version
          ? { version: answer.Version, os: answer.Os ?? '', arch: answer.Arch ?? '' }
          : 'no version in its answer';
      } catch (error) {
        if (error instanceof EngineApiError || error instanceof EngineTimeoutError) return error.message;
        throw error;
      }
    });
    if (typeof viaApi?.value === 'string') throw daemonDown(viaApi.value);
    if (viaApi) return viaApi.value;
    const result = await this.exec(
      ['version', '--format', '{{.Server.Version}}|{{.Server.Os}}|{{.Server.Arch}}'],
      { timeoutMs },
    );
    const [version = '', os = '', arch = ''] = result.stdout.trim().split('|');
    if (result.exitCode !== 0 || !version || version === '<no value>') {
      const detail = result.timedOut
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : (result.stderr || result.stdout).trim().split('\n').pop();
      throw daemonDown(detail, result);
    }
    return { version, os, arch: arch === '<no value>' ? '' : arch };
  }

  async inspectImages(refs: string[]): Promise<ImageInspect[]> {
    if (refs.length === 0) return [];
    const viaApi = await this.viaApi((api) =>
      Promise.all(refs.map((ref) => api.get<ImageInspect>(`/images/${pathOf(ref)}/json`).catch(skipRefused))),
    );
    if (viaApi) return viaApi.value.filter(isDefined);
    // Missing images make the command exit 1 but still print the ones found.
    const result = await this.exec(['image', 'inspect', ...refs]);
    const text = result.stdout.trim();
    return text ? (JSON.parse(text) as ImageInspect[]) : [];
  }

  /**
   * Every image (intermediate ones included) as `GET /images/json?all=1` lists it: ID, tags, digests,
   * size and labels in one call. `undefined` without the Engine API (the CLI lists less).
   */
  async listImageSummaries(): Promise<ImageSummary[] | undefined> {
    const viaApi = await this.viaApi((api) =>
      api.get<ImageSummary[] | null>('/images/json', { query: { all: '1' } }).catch(cliFailure('image ls')),
    );
    return viaApi ? (viaApi.value ?? []) : undefined;
  }

  async listImageIds(filters: string[] = [], all = false): Promise<string[]> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ Id: string }[] | null>('/images/json', {
          query: { all: all ? '1' : undefined, filters: apiFilters(filters) },
        })
        .catch(cliFailure('image ls')),
    );
    if (viaApi) return [...new Set((viaApi.value ?? []).map((image) => image.Id))];
    const args = ['image', 'ls', '--quiet', '--no-trunc', ...(all ? ['--all'] : [])];
    for (const filter of filters) args.push('--filter', filter);
    const result = await this.checked(args);
    return [...new Set(lines(result.stdout))];
  }

  /**
   * Removes images (IDs or references) in one `docker image rm` call, in the order given, so a child
   * goes before its parent; one that is in use fails alone. `deleted` lists every ID the engine
   * reported deleted: the images, their untagged parents, and their layers.
   */
  async removeImages(
    refs: string[],
  ): Promise<{ removed: string[]; deleted: string[]; failed: { id: string; reason: string }[] }> {
    if (refs.length === 0) return { removed: [], deleted: [], failed: [] };
    // One DELETE per ref, in order, printed as `docker image rm` prints it: the same parse reads it.
    const viaApi = await this.viaApi(async (api) => {
      const [stdout, stderr]: string[][] = [[], []];
      for (const ref of refs) {
        try {
          const answer = await api.request<{ Untagged?: string; Deleted?: string }[] | null>(
            'DELETE',
            `/images/${pathOf(ref)}`,
          );
          for (const item of answer ?? []) {
            stdout.push(item.Deleted ? `Deleted: ${item.Deleted}` : `Untagged: ${item.Untagged ?? ''}`);
          }
        } catch (error) {
          if (!(error instanceof EngineApiError)) throw error;
          stderr.push(error.message);
        }
      }
      return { stdout: stdout.join('\n'), stderr: stderr.join('\n'), exitCode: stderr.length > 0 ? 1 : 0 };
    });
    if (viaApi) {
      const { stdout, stderr, exitCode } = viaApi.value;
      return parseImageRemoval(refs, stdout, stderr, exitCode);
    }
    const result = await this.exec(['image', 'rm', ...refs]);
    return parseImageRemoval(refs, result.stdout, result.stderr, result.exitCode);
  }

  async tag(source: string, target: string): Promise<void> {
    await this.checked(['image', 'tag', source, target]);
  }

  /**
   * Force-removes containers with their anonymous volumes, in batches of one `docker rm` call each;
   * the CLI prints each ID it removed, so one failure does not hide the others.
   */
  async removeContainers(
    ids: string[],
  ): Promise<{ removed: string[]; failed: { id: string; reason: string }[] }> {
    const removed: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    // `docker rm --force --volumes`, one DELETE each, side by side; one already gone is removed.
    const viaApi = await this.viaApi((api) =>
      Promise.all(
        ids.map((id) =>
          api
            .request('DELETE', `/containers/${pathOf(id)}`, { query: { v: '1', force: '1' } })
            .then(() => undefined, skipRefusedAs),
        ),
      ),
    );
    if (viaApi) {
      viaApi.value.forEach((error, i) => {
        if (!error || /No such container/i.test(error.message)) removed.push(ids[i]);
        else failed.push({ id: ids[i], reason: error.message });
      });
      return { removed, failed };
    }
    const batches = batchesOf(ids);
    // Side by side: the daemon removes containers independently, and each call waits on disk.
    const results = await Promise.all(
      batches.map((batch) => this.exec(['container', 'rm', '--force', '--volumes', ...batch])),
    );
    batches.forEach((batch, i) => {
      const result = results[i];
      const printed = new Set(lines(result.stdout));
      for (const id of batch) {
        const error = lines(result.stderr).find((line) => line.includes(id.slice(0, 12)));
        if (printed.has(id) || (error && /No such container/i.test(error))) removed.push(id);
        else if (error || result.exitCode !== 0)
          failed.push({ id, reason: error ?? (result.stderr.trim() || `exit code ${result.exitCode}`) });
        else removed.push(id);
      }
    });
    return { removed, failed };
  }

  /** Every container (running or not) with what cleanup decides on; missing IDs are skipped. */
  async inspectContainers(ids: string[], withSize = false): Promise<ContainerDetails[]> {
    if (ids.length === 0) return [];
    const viaApi = await this.viaApi((api) =>
      Promise.all(
        ids.map((id) =>
          api
            .get<RawContainerInspect>(`/containers/${pathOf(id)}/json`, {
              query: { size: withSize ? '1' : undefined },
            })
            .catch(skipRefused),
        ),
      ),
    );
    if (viaApi) return viaApi.value.filter(isDefined).map(toContainerDetails);
    // `--size` walks each writable layer: asked only for containers about to be removed.
    const size = withSize ? ['--size'] : [];
    const results = await Promise.all(
      batchesOf(ids).map((batch) => this.exec(['container', 'inspect', ...size, ...batch])),
    );
    return results.flatMap((result) => {
      const text = result.stdout.trim();
      return text ? (JSON.parse(text) as RawContainerInspect[]).map(toContainerDetails) : [];
    });
  }

  /** IDs of containers matching every filter (`label=…`, `status=exited`), running ones included. */
  async listContainerIds(filters: string[] = []): Promise<string[]> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ Id: string }[] | null>('/containers/json', {
          query: { all: '1', filters: apiFilters(filters) },
        })
        .catch(cliFailure('container ls')),
    );
    if (viaApi) return (viaApi.value ?? []).map((container) => container.Id);
    const args = ['container', 'ls', '--all', '--quiet', '--no-trunc'];
    for (const filter of filters) args.push('--filter', filter);
    return lines((await this.checked(args)).stdout);
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    const body = { Name: name, Driver: 'local', DriverOpts: {}, Labels: labels };
    const viaApi = await this.viaApi((api) =>
      api.request('POST', '/volumes/create', { body }).catch(cliFailure('volume create')),
    );
    if (viaApi) return;
    await this.checked(['volume', 'create', ...labelArgs(labels), name]);
  }

  async listVolumes(filters: string[]): Promise<VolumeDetails[]> {
    // The listing carries what `volume inspect` would add: one request.
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ Volumes?: RawVolume[] | null } | null>('/volumes', { query: { filters: apiFilters(filters) } })
        .catch(cliFailure('volume ls')),
    );
    if (viaApi) return volumeDetails(viaApi.value);
    const args = ['volume', 'ls', '--quiet'];
    for (const filter of filters) args.push('--filter', filter);
    const names = lines((await this.checked(args)).stdout);
    if (names.length === 0) return [];
    const result = await this.exec([
      'volume',
      'inspect',
      '--format',
      '{{.Name}}|{{.CreatedAt}}|{{json .Labels}}',
      ...names,
    ]);
    return lines(result.stdout).map((line) => {
      const [name, created, labels] = line.split('|');
      return { name, created, labels: (JSON.parse(labels || 'null') as Record<string, string> | null) ?? {} };
    });
  }

  /** Removes volumes one by one; one in use or already gone is reported, not thrown. */
  async removeVolumes(
    names: string[],
  ): Promise<{ removed: string[]; failed: { id: string; reason: string }[] }> {
    const removed: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    const viaApi = await this.viaApi(async (api) => {
      for (const name of names) {
        const error = await api
          .request('DELETE', `/volumes/${pathOf(name)}`)
          .then(() => undefined, skipRefusedAs);
        if (!error || /no such volume/i.test(error.message)) removed.push(name);
        else failed.push({ id: name, reason: error.message });
      }
    });
    if (viaApi) return { removed, failed };
    // The socket failed part way: what it removed is gone, and `volume rm` of it says "no such volume".
    removed.length = 0;
    failed.length = 0;
    for (const name of names) {
      const result = await this.exec(['volume', 'rm', name]);
      if (result.exitCode === 0 || /no such volume/i.test(result.stderr)) removed.push(name);
      else failed.push({ id: name, reason: result.stderr.trim() });
    }
    return { removed, failed };
  }

  /** Where the engine keeps images and containers (`/var/lib/docker`). */
  rootDir(): Promise<string> {
    const answer = (this.rootDirAnswer ??= this.askRootDir());
    void answer.then(
      (path) => {
        if (!path && this.rootDirAnswer === answer) this.rootDirAnswer = undefined; // no answer: ask again
      },
      () => {
        if (this.rootDirAnswer === answer) this.rootDirAnswer = undefined;
      },
    );
    return answer;
  }

  /** The root dir the main step already learned (its state): the post step need not ask again. */
  knowRootDir(path: string): void {
    if (path) this.rootDirAnswer = Promise.resolve(path);
  }

  private async askRootDir(): Promise<string> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ DockerRootDir?: string } | undefined>('/info', { timeoutMs: 30_000 })
        .then((info) => info?.DockerRootDir ?? '', failedAs('')),
    );
    if (viaApi) return viaApi.value;
    const result = await this.exec(['info', '--format', '{{.DockerRootDir}}'], { timeoutMs: 30_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
  }

  /** `docker system df`: per kind (Images, Containers, Local Volumes, Build Cache) size and reclaimable bytes. */
  async diskUsage(): Promise<DiskUsageRow[]> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<RawDiskUsage>('/system/df', { timeoutMs: 120_000 })
        .then((df) => diskUsageRows(df ?? {}), failedAs<DiskUsageRow[]>([])),
    );
    if (viaApi) return viaApi.value;
    const result = await this.exec(['system', 'df', '--format', '{{json .}}'], { timeoutMs: 120_000 });
    if (result.exitCode !== 0) return [];
    return lines(result.stdout).map((line) => parseDiskUsageRow(JSON.parse(line) as Record<string, string>));
  }

  /**
   * Every history entry of an image, newest first, with the bytes of the layer it made (0 for an
   * entry that made none): `docker history`.
   */
  async history(image: string): Promise<{ createdBy: string; size: number }[]> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ CreatedBy?: string; Size?: number }[] | null>(`/images/${pathOf(image)}/history`)
        .catch(cliFailure('image history')),
    );
    if (viaApi) return historyEntries(viaApi.value);
    const result = await this.checked([
      'image',
      'history',
      '--no-trunc',
      '--human=false',
      '--format',
      '{{json .}}',
      image,
    ]);
    return lines(result.stdout).map((line) => {
      const entry = JSON.parse(line) as { CreatedBy?: string; Size?: string | number };
      return { createdBy: entry.CreatedBy ?? '', size: Number(entry.Size) || 0 };
    });
  }

  /** `docker save` of one image, its tar read from the client's stdout (nothing written to disk). */
  saveStream(image: string): StreamingProgram {
    return streamProgram(this.bin, ['image', 'save', image]);
  }

  /** Bytes each local volume holds, from `docker system df -v` (the engine measures them). */
  async volumeSizes(): Promise<Map<string, number>> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<RawDiskUsage>('/system/df', { query: { verbose: '1' }, timeoutMs: 120_000 })
        .then((df) => volumeSizesOf(df ?? {}), failedAs(new Map<string, number>())),
    );
    if (viaApi) return viaApi.value;
    const result = await this.exec(['system', 'df', '--verbose', '--format', '{{json .}}'], {
      timeoutMs: 120_000,
    });
    const sizes = new Map<string, number>();
    if (result.exitCode !== 0) return sizes;
    try {
      const data = JSON.parse(result.stdout) as { Volumes?: { Name: string; Size: string }[] | null };
      for (const volume of data.Volumes ?? []) sizes.set(volume.Name, parseHumanSize(volume.Size) ?? 0);
    } catch {
      // An engine whose verbose output is not JSON: sizes unknown.
    }
    return sizes;
  }

  /**
   * Prunes BuildKit's build cache down to `keepStorage` bytes, oldest unused records first. The daemon
   * answers 409 while another prune runs; the caller retries (see cleanup/prune.ts).
   */
  async pruneBuildCache(keepStorage: number): Promise<{ reclaimed: number; result: ExecResult }> {
    const result = await this.exec([
      'builder',
      'prune',
      '--force',
      '--all',
      '--keep-storage',
      String(keepStorage),
    ]);
    const reclaimed = /Total reclaimed space:\s*(\S+)/.exec(result.stdout)?.[1];
    return { reclaimed: reclaimed ? (parseHumanSize(reclaimed) ?? 0) : 0, result };
  }

  /** SIGKILL at once (`docker container kill`): a test's `sh` as PID 1 ignores SIGTERM. */
  killContainer(id: string): Promise<ExecResult> {
    return this.exec(['container', 'kill', id]);
  }

  /** True when the image is present locally; never pulls. */
  async imageExists(reference: string): Promise<boolean> {
    const viaApi = await this.viaApi((api) =>
      api.get(`/images/${pathOf(reference)}/json`).then(() => true, failedAs(false)),
    );
    if (viaApi) return viaApi.value;
    return (await this.exec(['image', 'inspect', '--format', '{{.Id}}', reference])).exitCode === 0;
  }

  async createNetwork(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.checked(['network', 'create', ...labelArgs(labels), name]);
  }

  async listNetworks(filters: string[]): Promise<string[]> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ Id: string; Name: string }[] | null>('/networks', { query: { filters: apiFilters(filters) } })
        .catch(cliFailure('network ls')),
    );
    if (viaApi) {
      const networks = [...(viaApi.value ?? [])].sort((a, b) => naturalCompare(a.Name, b.Name));
      return networks.map((network) => network.Id); // in the CLI's order: natural, by name
    }
    const args = ['network', 'ls', '--quiet', '--no-trunc'];
    for (const filter of filters) args.push('--filter', filter);
    return lines((await this.checked(args)).stdout);
  }

  /** Removes a network; one already gone is fine. */
  async removeNetwork(name: string): Promise<void> {
    const result = await this.exec(['network', 'rm', name]);
    if (result.exitCode !== 0 && !/No such network|not found/i.test(result.stderr)) {
      throw new DockerError(`docker network rm ${name} failed: ${result.stderr.trim()}`, result);
    }
  }

  /** The container's state, or `undefined` when there is no such container. */
  async inspectContainer(id: string): Promise<ContainerState | undefined> {
    const viaApi = await this.viaApi((api) =>
      api
        .get<{ State: { Status: string; Health?: { Status?: string } | null; ExitCode?: number } }>(
          `/containers/${pathOf(id)}/json`,
        )
        .then(
          ({ State: state }) => ({
            status: state.Status,
            health: state.Health?.Status ?? '',
            exitCode: state.ExitCode ?? 0,
          }),
          skipRefused,
        ),
    );
    if (viaApi) return viaApi.value;
    const format =
      '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}';
    const result = await this.exec(['container', 'inspect', '--format', format, id]);
    if (result.exitCode !== 0) return undefined;
    const [status = '', health = '', exitCode = ''] = result.stdout.trim().split('|');
    return { status, health, exitCode: Number(exitCode) || 0 };
  }

  /** The last `tail` lines the container printed, stdout and stderr together. */
  async containerLogs(id: string, tail: number): Promise<string> {
    const result = await this.exec(['container', 'logs', '--tail', String(tail), id]);
    return [result.stdout, result.stderr].filter((text) => text.trim()).join('\n');
  }

  /** `docker cp CONTAINER:PATH -`: the path as a tar stream in `stdoutBytes`. */
  async copyFromContainer(id: string, path: string): Promise<ExecResult> {
    return this.exec(['container', 'cp', `${id}:${path}`, '-'], { binary: true });
  }

  /** The driver of the current buildx builder: `docker` (the engine's BuildKit), `docker-container`, … */
  async buildxDriver(): Promise<string> {
    const result = await this.exec(['buildx', 'inspect'], { timeoutMs: 30_000 });
    return /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? '';
  }

  async pull(reference: string): Promise<ExecResult> {
    return this.exec(['image', 'pull', '--quiet', reference]);
  }

  /** Pushes one reference and returns the manifest digest the registry reported. */
  async push(
    reference: string,
    onLine?: ExecOptions['onLine'],
  ): Promise<{ digest: string; result: ExecResult }> {
    const result = await this.exec(['image', 'push', reference], { onLine });
    if (result.exitCode !== 0) {
      throw new DockerError(
        `docker push ${reference} failed: ${lastLines(result.stderr || result.stdout, 5)}`,
        result,
      );
    }
    return { digest: parsePushDigest(result.stdout), result };
  }
}

/** `latest: digest: sha256:abc… size: 528` -> `sha256:abc…`. */
export function parsePushDigest(output: string): string {
  return /digest:\s*(sha256:[a-f0-9]{64})/.exec(output)?.[1] ?? '';
}

export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function lastLines(text: string, count: number): string {
  return lines(text).slice(-count).join('\n');
}
