import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execProgram, type ExecOptions, type ExecResult } from './exec.js';

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

export interface ContainerSummary {
  id: string;
  image: string;
  state: string;
  sizeRw: number;
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

/** `--label key=value` for each label: how every container, network and image gets its owner. */
export function labelArgs(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
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

  exec(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execProgram(this.bin, args, options);
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
   * Removes images one call per image, so one that is in use does not stop the others. `deleted`
   * lists every ID the engine reported deleted: the image, its untagged parents, and their layers.
   */
  async removeImages(
    ids: string[],
  ): Promise<{ removed: string[]; deleted: string[]; failed: { id: string; reason: string }[] }> {
    const removed: string[] = [];
    const deleted: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const id of ids) {
      const result = await this.exec(['image', 'rm', id]);
      if (result.exitCode === 0) {
        removed.push(id);
        for (const match of result.stdout.matchAll(/Deleted: (sha256:[a-f0-9]{64})/g)) deleted.push(match[1]);
      } else {
        failed.push({ id, reason: (result.stderr || result.stdout).trim() });
      }
    }
    return { removed, deleted, failed };
  }

  async tag(source: string, target: string): Promise<void> {
    await this.checked(['image', 'tag', source, target]);
  }

  async listContainers(filters: string[]): Promise<ContainerSummary[]> {
    const args = ['container', 'ls', '--all', '--no-trunc', '--format', '{{.ID}}|{{.Image}}|{{.State}}'];
    for (const filter of filters) args.push('--filter', filter);
    const result = await this.checked(args);
    const ids = lines(result.stdout).map((line) => line.split('|'));
    if (ids.length === 0) return [];
    const sizes = await this.containerSizes(ids.map(([id]) => id));
    return ids.map(([id, image, state]) => ({ id, image, state, sizeRw: sizes.get(id) ?? 0 }));
  }

  private async containerSizes(ids: string[]): Promise<Map<string, number>> {
    const result = await this.exec([
      'container',
      'inspect',
      '--size',
      '--format',
      '{{.Id}}|{{.SizeRw}}',
      ...ids,
    ]);
    const sizes = new Map<string, number>();
    for (const line of lines(result.stdout)) {
      const [id, size] = line.split('|');
      sizes.set(id, Number(size) || 0);
    }
    return sizes;
  }

  /** Force-removes containers (with their anonymous volumes) one by one; returns the ones removed. */
  async removeContainers(
    ids: string[],
  ): Promise<{ removed: string[]; failed: { id: string; reason: string }[] }> {
    const removed: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const id of ids) {
      const result = await this.exec(['container', 'rm', '--force', '--volumes', id]);
      if (result.exitCode === 0 || /No such container/i.test(result.stderr)) removed.push(id);
      else failed.push({ id, reason: result.stderr.trim() });
    }
    return { removed, failed };
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

export function lastLines(text: string, count: number): string {
  return lines(text).slice(-count).join('\n');
}
