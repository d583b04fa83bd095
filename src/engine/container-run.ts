import type { ContainerSpec } from './container-args.js';
import { EngineApiError, EngineTimeoutError, pathOf, type EngineApi } from './engine-api.js';
import type { ExecResult } from './exec.js';

/**
 * `docker container run` (attached, no TTY) over the Engine API: create, start, wait, read the logs.
 * No client process is started, which is most of what a short test command costs beyond the
 * container itself. The result is the CLI's: the exit code, stdout and stderr apart, and for a
 * container that cannot start the CLI's exit code (125, 126, 127) and message.
 */

/** The body of `POST /containers/create` for a spec, as the CLI makes it from the same flags. */
export function containerCreateBody(spec: ContainerSpec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Image: spec.image,
    Labels: spec.labels,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: spec.network,
      ...(spec.volumes?.length ? { Binds: spec.volumes } : {}),
      ...(spec.privileged ? { Privileged: true } : {}),
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
    },
  };
  const env = Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`);
  if (env.length) body.Env = env;
  if (spec.workdir) body.WorkingDir = spec.workdir;
  if (spec.user) body.User = spec.user;
  const command = spec.command ?? [];
  if (spec.entrypoint) {
    // `--entrypoint` takes one word (an empty one clears the image's); the rest goes before the command.
    const [entry = '', ...rest] = spec.entrypoint;
    body.Entrypoint = [entry];
    const cmd = [...rest, ...command];
    if (cmd.length) body.Cmd = cmd;
  } else if (command.length) {
    body.Cmd = command;
  }
  return body;
}

/** Whether the API path can run this spec as the CLI would; published ports and aliases stay with the CLI. */
export function runsOverApi(spec: ContainerSpec): boolean {
  return !spec.publish?.length && !spec.networkAlias;
}

/**
 * A container log stream without a TTY: frames of an 8-byte header (stream 1 = stdout, 2 = stderr,
 * then the payload's length, big-endian) and the payload.
 */
export function demuxLogs(bytes: Buffer): { stdout: string; stderr: string } {
  const parts = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let at = 0;
  while (at + 8 <= bytes.length) {
    const stream = bytes[at];
    const size = bytes.readUInt32BE(at + 4);
    const payload = bytes.subarray(at + 8, at + 8 + size);
    if (stream === 2) parts.stderr.push(payload);
    else if (stream === 1 || stream === 0) parts.stdout.push(payload);
    at += 8 + size;
  }
  return {
    stdout: Buffer.concat(parts.stdout).toString('utf8'),
    stderr: Buffer.concat(parts.stderr).toString('utf8'),
  };
}

/** What `docker run` prints and exits with when the daemon refuses to start a container (docker/cli `runStartContainerErr`). */
export function startFailure(message: string): ExecResult {
  const trimmed = message.replace(/^Error response from daemon: /, '');
  const exitCode =
    /executable file not found|no such file or directory|system cannot find the file specified/.test(trimmed)
      ? 127
      : /permission denied|is a directory/.test(trimmed)
        ? 126
        : 125;
  return {
    exitCode,
    stdout: '',
    stderr: `docker: Error response from daemon: ${trimmed}.\n`,
    timedOut: false,
  };
}

/**
 * Runs `spec` to its end over the API; `undefined` when the CLI must (its image is not on the daemon:
 * the CLI pulls it). `timeoutMs` is a backstop, as for the CLI path: the container is killed, the
 * result says `timedOut`. A container made by a `removeWhenDone` spec is removed; others are the
 * caller's to remove, as after `docker run` without `--rm`.
 */
export async function runContainerOverApi(
  api: EngineApi,
  spec: ContainerSpec,
  timeoutMs?: number,
): Promise<ExecResult | undefined> {
  let id: string;
  try {
    const created = await api.request<{ Id: string }>('POST', '/containers/create', {
      query: { name: spec.name || undefined, platform: spec.platform },
      body: containerCreateBody(spec),
    });
    id = created.Id;
  } catch (error) {
    if (!(error instanceof EngineApiError)) throw error;
    if (error.status === 404 && /no such image/i.test(error.daemonMessage)) return undefined;
    return startFailure(error.daemonMessage);
  }
  const path = `/containers/${pathOf(id)}`;
  try {
    try {
      await api.request('POST', `${path}/start`);
    } catch (error) {
      if (error instanceof EngineApiError) return startFailure(error.daemonMessage);
      throw error;
    }
    let exitCode: number;
    let timedOut = false;
    try {
      // `not-running` answers at once for a container that already stopped: no start/wait race.
      const waited = await api.request<{ StatusCode?: number }>('POST', `${path}/wait`, {
        query: { condition: 'not-running' },
        timeoutMs,
      });
      exitCode = waited?.StatusCode ?? 1;
    } catch (error) {
      if (!(error instanceof EngineTimeoutError)) throw error;
      timedOut = true;
      await api.request('POST', `${path}/kill`).catch(() => undefined);
      exitCode = 137;
    }
    const logs = await api
      .request('GET', `${path}/logs`, { query: { stdout: '1', stderr: '1' } }, (body) => body)
      .then(demuxLogs, (error: Error) => ({
        stdout: '',
        stderr: `(the container's output could not be read: ${error.message})\n`,
      }));
    return { exitCode, ...logs, timedOut };
  } finally {
    if (spec.removeWhenDone) {
      await api.request('DELETE', path, { query: { force: '1', v: '1' } }).catch(() => undefined);
    }
  }
}
