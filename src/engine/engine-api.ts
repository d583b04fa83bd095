import { readFileSync, statSync } from 'node:fs';
import { Agent, request, STATUS_CODES, type IncomingMessage } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Docker Engine API over the daemon's unix socket: what the `docker` CLI would ask, without a
 * process per question. Only `Docker.connect()` uses it, and only for a daemon the CLI itself would
 * reach (`engineSocket`); every failure to reach the socket sends the caller back to the CLI.
 */

/** The daemon answered with an error status; `message` reads as the CLI prints it. */
export class EngineApiError extends Error {
  constructor(
    readonly status: number,
    /** The daemon's own words (`No such image: app:1`). */
    readonly daemonMessage: string,
    readonly path: string,
  ) {
    super(`Error response from daemon: ${daemonMessage}`);
  }
}

/** Nothing answered on the socket (no daemon listening, no permission, the connection dropped). */
export class EngineUnreachableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No complete answer within the time given. */
export class EngineTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
}

export interface EngineRequest {
  /** Query parameters; `undefined` ones are left out. */
  query?: Record<string, string | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Give up (EngineTimeoutError) after this many milliseconds; no limit when unset, like the CLI. */
  timeoutMs?: number;
}

/** Requests on one socket at once; more wait their turn (inspecting hundreds of images in cleanup). */
const MAX_SOCKETS = 16;

export class EngineApi {
  // No TLS on a unix socket, so no server name: an empty one spares Node's IP check of the host
  // name, whose first call compiles a large regular expression (about 14 ms of each step's start).
  private readonly agent = new Agent({
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    ...({ servername: '' } as object),
  });

  constructor(readonly socketPath: string) {}

  /** GET of a JSON document. */
  get<T>(path: string, options: EngineRequest = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  /**
   * `GET /_ping`, which the daemon answers at once: its `Server` header (`Docker/20.10.24 (linux)`),
   * `undefined` when it sent none.
   */
  serverHeader(options: EngineRequest = {}): Promise<string | undefined> {
    return this.request('GET', '/_ping', options, (_body, response) => {
      const server = response.headers.server;
      return typeof server === 'string' ? server : undefined;
    });
  }

  /**
   * One request; resolves with the parsed JSON answer (`undefined` for an empty one), rejects with
   * EngineApiError for an error status, EngineTimeoutError, or EngineUnreachableError.
   */
  async request<T>(
    method: string,
    path: string,
    options: EngineRequest = {},
    read: (body: Buffer, response: IncomingMessage) => T = parseAnswer,
  ): Promise<T> {
    try {
      return await this.once<T>(method, path, options, read);
    } catch (error) {
      // A kept-alive connection the daemon closed meanwhile: the request never reached it, ask again.
      if (error instanceof StaleConnectionError) return this.once<T>(method, path, options, read);
      throw error;
    }
  }

  private once<T>(
    method: string,
    path: string,
    options: EngineRequest,
    read: (body: Buffer, response: IncomingMessage) => T,
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) query.set(name, value);
    }
    const search = query.toString();
    const url = search ? `${path}?${search}` : path;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolve, reject) => {
      const req = request({
        socketPath: this.socketPath,
        agent: this.agent,
        method,
        path: url,
        headers: {
          host: 'docker',
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      });
      const { timeoutMs } = options;
      let timedOut = false;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              req.destroy(new EngineTimeoutError(timeoutMs));
            }, timeoutMs);
      const fail = (error: Error) => {
        if (timer) clearTimeout(timer);
        reject(timedOut ? new EngineTimeoutError(timeoutMs ?? 0) : transportError(error, req.reusedSocket));
      };
      req.on('error', fail);
      req.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          if (timer) clearTimeout(timer);
          const bytes = Buffer.concat(chunks);
          const status = response.statusCode ?? 0;
          if (status >= 400) {
            reject(
              new EngineApiError(status, errorMessage(status, response, bytes.toString('utf8'), url), url),
            );
            return;
          }
          try {
            resolve(read(bytes, response));
          } catch (error) {
            reject(new Error(`The Docker daemon's answer to ${method} ${url} is not JSON: ${String(error)}`));
          }
        });
      });
      req.end(body);
    });
  }
}

class StaleConnectionError extends EngineUnreachableError {}

/** The daemon's JSON answer; `undefined` for an empty one. */
function parseAnswer<T>(body: Buffer): T {
  const text = body.toString('utf8');
  return (text.trim() ? JSON.parse(text) : undefined) as T;
}

function transportError(error: Error, reusedSocket: boolean): Error {
  const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
  if (reusedSocket && code === 'ECONNRESET') return new StaleConnectionError(code, error.message);
  return new EngineUnreachableError(code, error.message);
}

/** What the daemon said, as the CLI's client reads an error answer. */
function errorMessage(status: number, response: IncomingMessage, text: string, url: string): string {
  const statusText = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (!text.trim()) return `request returned ${statusText} for API route ${url}`;
  if (String(response.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      const message = (JSON.parse(text) as { message?: unknown }).message;
      if (typeof message === 'string' && message.trim()) return message.trim();
      return `API returned a ${statusText} but provided no error-message`;
    } catch {
      // not JSON after all: the text as it is
    }
  }
  return text.trim();
}

/** One path segment per `/`-separated part of a name (`ghcr.io/acme/app:1`), each percent-encoded. */
export function pathOf(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/**
 * The CLI's `--filter key=value` strings as the API's `filters` parameter, `{"key":{"value":true}}`
 * (keys lower-cased and both trimmed, as the CLI does); `undefined` when there is none.
 */
export function apiFilters(filters: string[]): string | undefined {
  const byKey: Record<string, Record<string, boolean>> = {};
  for (const filter of filters) {
    if (!filter) continue;
    const at = filter.indexOf('=');
    if (at < 0) {
      throw new Error(
        `invalid argument "${filter}" for "-f, --filter" flag: bad format of filter (expected name=value)`,
      );
    }
    const key = filter.slice(0, at).trim().toLowerCase();
    (byKey[key] ??= {})[filter.slice(at + 1).trim()] = true;
  }
  return Object.keys(byKey).length > 0 ? JSON.stringify(byKey) : undefined;
}

/** What `engineSocket` reads from the machine; tests pass their own. */
export interface EngineSocketProbe {
  /** The text of a file, or `undefined` when there is none. */
  readFile(path: string): string | undefined;
  isSocket(path: string): boolean;
  home: string;
}

const machine: EngineSocketProbe = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  isSocket(path) {
    try {
      return statSync(path).isSocket();
    } catch {
      return false;
    }
  },
  get home() {
    return homedir();
  },
};

/**
 * The unix socket of the daemon the `docker` CLI would talk to, when that is certain: DOCKER_HOST
 * unset or `unix://…`, no context but `default` (DOCKER_CONTEXT, the config's `currentContext`), no
 * pinned DOCKER_API_VERSION, the socket there, and SHIPSHAPE_DOCKER_API not `0`/`false`. Otherwise
 * `socketPath` is undefined and `reason` says why: every call then runs the CLI.
 */
export function engineSocket(
  env: NodeJS.ProcessEnv,
  probe: EngineSocketProbe = machine,
): { socketPath?: string; reason: string } {
  if (/^(0|false|no|off)$/i.test(env.SHIPSHAPE_DOCKER_API ?? '')) {
    return { reason: `SHIPSHAPE_DOCKER_API is ${env.SHIPSHAPE_DOCKER_API}` };
  }
  if (env.DOCKER_API_VERSION)
    return { reason: `DOCKER_API_VERSION pins the CLI to ${env.DOCKER_API_VERSION}` };
  const host = env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return { reason: `DOCKER_HOST is ${host}, not a unix socket` };
  const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
  if (!socketPath) return { reason: 'DOCKER_HOST names no socket' };
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') {
    return { reason: `DOCKER_CONTEXT is ${env.DOCKER_CONTEXT}` };
  }
  const configFile = join(env.DOCKER_CONFIG || join(probe.home, '.docker'), 'config.json');
  const config = probe.readFile(configFile);
  if (config !== undefined && config.trim()) {
    let context: unknown;
    try {
      context = (JSON.parse(config) as { currentContext?: unknown } | null)?.currentContext;
    } catch {
      return { reason: `${configFile} is not JSON` };
    }
    if (context !== undefined && context !== '' && context !== 'default') {
      return { reason: `${configFile} selects the context ${String(context)}` };
    }
  }
  if (!probe.isSocket(socketPath)) return { reason: `no socket at ${socketPath}` };
  return { socketPath, reason: `the daemon's socket ${socketPath}` };
}

/**
 * fvbommel/sortorder's NaturalLess, which the CLI sorts `volume ls` and `network ls` by: runs of
 * digits compare as numbers (fewer leading zeros first), everything else byte by byte.
 */
export function naturalCompare(a: string, b: string): number {
  const digit = (c: string) => c >= '0' && c <= '9';
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [ca, cb] = [a[i], b[j]];
    if (digit(ca) !== digit(cb)) return digit(ca) ? -1 : 1;
    if (!digit(ca)) {
      if (ca !== cb) return ca < cb ? -1 : 1;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const [startA, startB] = [i, j];
    while (i < a.length && digit(a[i])) i++;
    while (j < b.length && digit(b[j])) j++;
    const [numberA, numberB] = [a.slice(startA, i), b.slice(startB, j)];
    if (numberA.length !== numberB.length) return numberA.length - numberB.length;
    if (numberA !== numberB) return numberA < numberB ? -1 : 1;
    if (startA !== startB) return startA - startB;
  }
  return Math.sign(a.length - b.length);
}
