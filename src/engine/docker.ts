import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { containerArgs, type ContainerSpec } from './container-args.js';
import { execProgram, type ExecOptions, type ExecResult } from './exec.js';
import { labelArgs } from './labels.js';

/** One `docker` client found on PATH, with what it can do. */
export interface DockerClient {
  path: string;
  /** `28.2.2`, `20.10.24+dfsg1`; empty when `--version` printed nothing we understand. */
  version: string;
  hasBuildx: boolean;
}

export interface ServerInfo {
  version: string;
  os: string;
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

/** Every distinct `docker` executable on PATH, first one first (the one a shell would run). */
export function findDockerExecutables(path = process.env.PATH ?? ''): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'docker');
    try {
      accessSync(candidate, constants.X_OK);
      const real = realpathSync(candidate);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(candidate);
    } catch {
      // not here
    }
  }
  return found;
}

/** `Docker version 20.10.24+dfsg1, build 297e128` -> `20.10.24+dfsg1`. */
export function parseClientVersion(output: string): string {
  return /version\s+v?([0-9][^\s,]*)/i.exec(output)?.[1] ?? '';
}

export async function probeDockerClient(path: string): Promise<DockerClient> {
  const [version, buildx] = await Promise.all([
    execProgram(path, ['--version'], { timeoutMs: 10_000 }),
    execProgram(path, ['buildx', 'version'], { timeoutMs: 10_000 }),
  ]);
  return { path, version: parseClientVersion(version.stdout), hasBuildx: buildx.exitCode === 0 };
}

/**
 * The one place that runs the Docker CLI. Every method returns typed results; callers never parse
 * docker output themselves.
 */
export class Docker {
  constructor(readonly bin: string = 'docker') {}

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

  /** Runs a container to its end (`docker container run`), returning its exit code and output. */
  runContainer(spec: ContainerSpec, timeoutMs?: number): Promise<ExecResult> {
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

  /** Asks the daemon for its version; fails within `timeoutMs` when it does not answer. */
  async server(timeoutMs = 10_000): Promise<ServerInfo> {
    const result = await this.exec(['version', '--format', '{{.Server.Version}}|{{.Server.Os}}'], {
      timeoutMs,
    });
    const [version = '', os = ''] = result.stdout.trim().split('|');
    if (result.exitCode !== 0 || !version || version === '<no value>') {
      const where = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
      const detail = result.timedOut
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : (result.stderr || result.stdout).trim().split('\n').pop();
      throw new DockerError(
        `The Docker daemon at ${where} does not answer (${detail}). Start dockerd, or set DOCKER_HOST to a daemon that runs.`,
        result,
      );
    }
    return { version, os };
  }

  async inspectImages(refs: string[]): Promise<ImageInspect[]> {
    if (refs.length === 0) return [];
    // Missing images make the command exit 1 but still print the ones found.
    const result = await this.exec(['image', 'inspect', ...refs]);
    const text = result.stdout.trim();
    return text ? (JSON.parse(text) as ImageInspect[]) : [];
  }

  async listImageIds(filters: string[] = [], all = false): Promise<string[]> {
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
    const args = ['container', 'ls', '--all', '--quiet', '--no-trunc'];
    for (const filter of filters) args.push('--filter', filter);
    return lines((await this.checked(args)).stdout);
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.checked(['volume', 'create', ...labelArgs(labels), name]);
  }

  async listVolumes(filters: string[]): Promise<VolumeDetails[]> {
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
    for (const name of names) {
      const result = await this.exec(['volume', 'rm', name]);
      if (result.exitCode === 0 || /no such volume/i.test(result.stderr)) removed.push(name);
      else failed.push({ id: name, reason: result.stderr.trim() });
    }
    return { removed, failed };
  }

  /** Where the engine keeps images and containers (`/var/lib/docker`). */
  async rootDir(): Promise<string> {
    const result = await this.exec(['info', '--format', '{{.DockerRootDir}}'], { timeoutMs: 30_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
  }

  /** `docker system df`: per kind (Images, Containers, Local Volumes, Build Cache) size and reclaimable bytes. */
  async diskUsage(): Promise<DiskUsageRow[]> {
    const result = await this.exec(['system', 'df', '--format', '{{json .}}'], { timeoutMs: 120_000 });
    if (result.exitCode !== 0) return [];
    return lines(result.stdout).map((line) => parseDiskUsageRow(JSON.parse(line) as Record<string, string>));
  }

  /**
   * Every history entry of an image, newest first, with the bytes of the layer it made (0 for an
   * entry that made none): `docker history`.
   */
  async history(image: string): Promise<{ createdBy: string; size: number }[]> {
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

  /** `docker save` of one image into a tar file. */
  async save(image: string, file: string): Promise<void> {
    await this.checked(['image', 'save', '--output', file, image]);
  }

  /** Bytes each local volume holds, from `docker system df -v` (the engine measures them). */
  async volumeSizes(): Promise<Map<string, number>> {
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

  /** SIGTERM, then SIGKILL after `graceSeconds`. */
  stopContainer(id: string, graceSeconds: number): Promise<ExecResult> {
    return this.exec(['container', 'stop', '--time', String(graceSeconds), id]);
  }

  /** True when the image is present locally; never pulls. */
  async imageExists(reference: string): Promise<boolean> {
    return (await this.exec(['image', 'inspect', '--format', '{{.Id}}', reference])).exitCode === 0;
  }

  async createNetwork(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.checked(['network', 'create', ...labelArgs(labels), name]);
  }

  async listNetworks(filters: string[]): Promise<string[]> {
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
