import { setTimeout as delay } from 'node:timers/promises';
import { stdoutLogger, type Logger } from '../common/logger.js';
import { DockerError, lines, type Docker } from '../engine/docker.js';
import { withGuardedOutput } from '../engine/exec.js';
import { parseReference } from '../naming/reference.js';

export interface PushResult {
  references: { reference: string; digest: string }[];
  /** The manifest digest of the first reference: the same image everywhere it was pushed. */
  digest: string;
}

export interface PushOptions {
  /** Tries per reference, the first included. Default 4. */
  attempts?: number;
  /** Wait before the second try; doubled for each further try, plus up to 20 % jitter. Default 2000. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the push output and retries are logged; stdout by default. */
  log?: Logger;
}

export type PushFailure = 'auth' | 'denied' | 'transient' | 'other';

/** Thrown when a reference could not be pushed; the message names the registry and the likely cause. */
export class PushError extends Error {
  constructor(
    message: string,
    readonly reference: string,
    readonly failure: PushFailure,
    readonly attempts: number,
  ) {
    super(message);
  }
}

const DENIED = /\bdenied\b|\b403\b|forbidden|insufficient_scope/i;
const AUTH = /unauthorized|authentication required|no basic auth credentials|\b401\b/i;
const TRANSIENT = new RegExp(
  [
    'connection refused',
    'connection reset',
    'broken pipe',
    '\\bEOF\\b',
    'i/o timeout',
    'TLS handshake timeout',
    'net/http: request canceled',
    'timeout awaiting response headers',
    'Client\\.Timeout exceeded',
    'received unexpected HTTP status: 5\\d\\d',
    '\\b5\\d\\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)',
    '(?:status|code)[ :=]+5\\d\\d\\b',
    'HTTP(?:/[\\d.]+)? 5\\d\\d\\b',
  ].join('|'),
  'i',
);
/** The client could not reach its own daemon: not the registry's answer, whatever words it uses. */
const LOCAL_DAEMON = /docker daemon socket|Cannot connect to the Docker daemon/i;

/**
 * What a failed `docker push` most likely means, from its error output: `auth` (not logged in or wrong
 * credentials), `denied` (logged in, but may not push there), `transient` (network or a 5xx answer:
 * worth another try) or `other`.
 */
export function classifyPushFailure(text: string): PushFailure {
  if (LOCAL_DAEMON.test(text)) return 'other';
  if (DENIED.test(text)) return 'denied';
  if (AUTH.test(text)) return 'auth';
  if (TRANSIENT.test(text)) return 'transient';
  return 'other';
}

/** The registry host a reference is pushed to: `ghcr.io/acme/app:v1` -> `ghcr.io`; `app` -> `docker.io`. */
export function registryOf(reference: string): string {
  return parseReference(reference).registry;
}

/**
 * Pushes every reference in order, each with up to `attempts` tries: network errors and 5xx answers are
 * retried with exponential backoff; authentication, permission and other errors fail at once. The first
 * reference that cannot be pushed stops the push and fails the step.
 */
export async function pushReferences(
  docker: Docker,
  references: string[],
  options: PushOptions = {},
): Promise<PushResult> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 4));
  const baseDelayMs = options.baseDelayMs ?? 2000;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const log = options.log ?? stdoutLogger;
  const pushed: PushResult['references'] = [];
  for (const reference of references) {
    const digest = await log.group(`Push ${reference}`, () =>
      pushOne(docker, reference, { attempts, baseDelayMs, sleep, log }),
    );
    pushed.push({ reference, digest });
  }
  return { references: pushed, digest: pushed[0]?.digest ?? '' };
}

async function pushOne(
  docker: Docker,
  reference: string,
  options: { attempts: number; baseDelayMs: number; sleep: (ms: number) => Promise<void>; log: Logger },
): Promise<string> {
  const { attempts, baseDelayMs, sleep, log } = options;
  for (let attempt = 1; ; attempt++) {
    let output: string;
    // What the registry and the client print goes out with workflow commands off (a tag or an
    // error text could otherwise be read as `::set-output` or `::add-mask`).
    try {
      return await withGuardedOutput(
        (text) => log.info(text.replace(/\n$/, '')),
        async (line) => (await docker.push(reference, line)).digest,
      );
    } catch (error) {
      if (!(error instanceof DockerError)) throw error;
      output = error.result ? error.result.stderr || error.result.stdout : error.message;
      if (!lines(output).length) output = error.message;
    }
    const kind = classifyPushFailure(output);
    const reason = lines(output).pop() ?? '';
    if (kind === 'transient' && attempt < attempts) {
      const wait = Math.round(baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
      log.info(
        `Push of ${reference} failed (attempt ${attempt} of ${attempts}): ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`,
      );
      await sleep(wait);
      continue;
    }
    throw new PushError(failureMessage(reference, kind, output, attempt), reference, kind, attempt);
  }
}

function failureMessage(reference: string, kind: PushFailure, output: string, attempt: number): string {
  const registry = safeRegistryOf(reference);
  const said = lines(output).slice(-5).join('\n');
  const head = `Push of ${reference} failed`;
  switch (kind) {
    case 'auth':
      return `${head}: not logged in to ${registry}: set 'username' and 'password' (or 'registry-auth'). The registry said: ${said}`;
    case 'denied': {
      const repository = repositoryOf(reference);
      return `${head}: the credentials for ${registry} may not push to ${repository}: for ghcr.io the token needs 'packages: write'. The registry said: ${said}`;
    }
    case 'transient':
      return `${head} after ${attempt} attempt(s); ${registry} kept failing: ${said}`;
    default:
      return `${head}: ${said}`;
  }
}

function safeRegistryOf(reference: string): string {
  try {
    return registryOf(reference);
  } catch {
    return reference.split('/')[0];
  }
}

function repositoryOf(reference: string): string {
  try {
    return parseReference(reference).path;
  } catch {
    return reference;
  }
}
