import { chmod, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stdoutLogger, type Logger } from '../common/logger.js';
import { lines, type Docker } from '../engine/docker.js';
import type { ExecResult } from '../engine/exec.js';
import type { RegistryCredential } from '../settings/publish.js';

export interface LoginSession {
  configDir: string;
  registries: string[];
  /** `logout: false`: the post step leaves the login (and its directory) to the job's later steps. */
  keep?: boolean;
}

export class LoginError extends Error {}

/** How Docker Hub is named in `registries` (and how `docker login` without a server reaches it). */
const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['', 'docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Key of Docker Hub in config.json `auths` / `credHelpers`. */
const HUB_AUTH_KEY = 'https://index.docker.io/v1/';
/** What a registry says to a wrong username, password or token. */
const WRONG_CREDENTIALS =
  /\b401\b|unauthorized|incorrect username or password|authentication required|invalid credentials/i;

/** One `docker login` attempt; a registry that does not answer in this time is tried again. */
const LOGIN_TIMEOUT_MS = 45_000;

/** How a login is retried (tests make the waits short). */
export interface LoginRetry {
  /** Tries in all, the first included (3). */
  attempts?: number;
  /** The wait before the second try, doubled before each next one (1 s). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A failure worth another try, as docker/login-action retries: a 5xx answer, a timeout, a connection
 * reset or cut short. Wrong credentials, and nothing listening, fail at once.
 */
export function transientLoginFailure(result: ExecResult): boolean {
  if (result.timedOut) return true;
  const text = `${result.stderr}\n${result.stdout}`;
  if (WRONG_CREDENTIALS.test(text)) {
    return false;
  }
  return /connection reset|broken pipe|\bEOF\b|i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|timeout awaiting response headers|received unexpected HTTP status: 5\d\d|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)/i.test(
    text,
  );
}

/** What DOCKER_CONFIG and REGISTRY_AUTH_FILE were before `login` changed them, per session directory. */
const previousEnv = new Map<string, { dockerConfig?: string; authFile?: string }>();

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string } & Record<string, unknown>>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** `''`, `docker.io`, `https://index.docker.io/v1/` -> `docker.io`; `https://ghcr.io/` -> `ghcr.io`. */
function normalizeRegistry(registry: string): string {
  const host = registry
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The server argument of `docker login`/`logout`: none for Docker Hub. */
function serverArgs(registry: string): string[] {
  return registry === DOCKER_HUB ? [] : [registry];
}

function authKey(registry: string): string {
  return registry === DOCKER_HUB ? HUB_AUTH_KEY : registry;
}

/**
 * Creates a DOCKER_CONFIG directory for this run under `tempRoot` (mode 0700), copies the user's
 * existing docker config.json into it (from $DOCKER_CONFIG or ~/.docker, so earlier logins still work)
 * and symlinks its `cli-plugins` folder (so buildx stays available), sets process.env.DOCKER_CONFIG and
 * process.env.REGISTRY_AUTH_FILE (buildah reads the same `auths` file) to it, then logs in to each
 * registry with `docker login --username U --password-stdin REGISTRY` (password only through stdin,
 * never argv/env/log). Fails with LoginError naming the registry and the likely cause; on failure the
 * directory is removed again and the environment restored.
 */
export async function login(
  docker: Docker,
  credentials: RegistryCredential[],
  tempRoot: string,
  log: Logger = stdoutLogger,
  retry: LoginRetry = {},
): Promise<LoginSession> {
  await mkdir(tempRoot, { recursive: true });
  const configDir = await mkdtemp(join(tempRoot, 'shipshape-docker-config-'));
  await chmod(configDir, 0o700);
  const session: LoginSession = { configDir, registries: [] };
  const registries = [...new Set(credentials.map((c) => normalizeRegistry(c.registry)))];

  const sourceDir = process.env.DOCKER_CONFIG || join(homedir(), '.docker');
  try {
    const config = await readUserConfig(sourceDir, log);
    isolateFromCredentialStore(config, registries.map(authKey));
    await writeFile(join(configDir, 'config.json'), JSON.stringify(config, null, '\t') + '\n', {
      mode: 0o600,
    });
    const plugins = join(sourceDir, 'cli-plugins');
    if (await exists(plugins)) await symlink(plugins, join(configDir, 'cli-plugins'));
  } catch (error) {
    await rm(configDir, { recursive: true, force: true });
    throw error;
  }

  previousEnv.set(configDir, {
    dockerConfig: process.env.DOCKER_CONFIG,
    authFile: process.env.REGISTRY_AUTH_FILE,
  });
  process.env.DOCKER_CONFIG = configDir;
  process.env.REGISTRY_AUTH_FILE = join(configDir, 'config.json');

  for (const credential of credentials) {
    const registry = normalizeRegistry(credential.registry);
    const result = await loginWithRetries(docker, registry, credential, configDir, log, retry);
    if (result.exitCode !== 0) {
      await logout(docker, session); // the registries logged in to so far, the directory, the environment
      throw new LoginError(loginFailure(registry, result, credential.password));
    }
    if (!session.registries.includes(registry)) session.registries.push(registry);
    log.info(`Logged in to ${registry} as ${credential.username}`);
  }
  return session;
}

/** `docker login` to one registry, tried again after a transient failure with a doubling wait. */
async function loginWithRetries(
  docker: Docker,
  registry: string,
  credential: RegistryCredential,
  configDir: string,
  log: Logger,
  retry: LoginRetry,
): Promise<ExecResult> {
  const attempts = Math.max(1, Math.floor(retry.attempts ?? 3));
  const baseDelayMs = retry.baseDelayMs ?? 1000;
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    const result = await docker.login(serverArgs(registry), credential, configDir, LOGIN_TIMEOUT_MS);
    if (result.exitCode === 0 || attempt >= attempts || !transientLoginFailure(result)) return result;
    const wait = baseDelayMs * 2 ** (attempt - 1);
    const reason = result.timedOut
      ? `no answer within ${LOGIN_TIMEOUT_MS / 1000} s`
      : (lines(scrub(result.stderr || result.stdout, credential.password)).pop() ??
        `exit code ${result.exitCode}`);
    log.info(
      `Login to ${registry} failed (attempt ${attempt} of ${attempts}): ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`,
    );
    await sleep(wait);
  }
}

/**
 * `docker logout` for each registry (with DOCKER_CONFIG pointing at the session directory), then
 * removes the directory and restores DOCKER_CONFIG/REGISTRY_AUTH_FILE when they still point at it.
 * Never throws; returns warnings.
 */
export async function logout(docker: Docker, session: LoginSession): Promise<string[]> {
  const warnings: string[] = [];
  for (const registry of session.registries) {
    try {
      const result = await docker.logout(serverArgs(registry), session.configDir, 60_000);
      if (result.exitCode !== 0) {
        const detail = lines(result.stderr || result.stdout).pop() ?? `exit code ${result.exitCode}`;
        warnings.push(`docker logout ${registry} failed: ${detail}`);
      }
    } catch (error) {
      warnings.push(`docker logout ${registry} failed: ${(error as Error).message}`);
    }
  }
  try {
    await rm(session.configDir, { recursive: true, force: true });
  } catch (error) {
    warnings.push(
      `Could not remove the login directory ${session.configDir} (it holds registry credentials): ${(error as Error).message}`,
    );
  }
  restoreEnv(session.configDir);
  return warnings;
}

function restoreEnv(configDir: string): void {
  const previous = previousEnv.get(configDir) ?? {};
  previousEnv.delete(configDir);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  if (process.env.DOCKER_CONFIG === configDir) set('DOCKER_CONFIG', previous.dockerConfig);
  if (process.env.REGISTRY_AUTH_FILE === join(configDir, 'config.json')) {
    set('REGISTRY_AUTH_FILE', previous.authFile);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function readUserConfig(dir: string, log: Logger): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(join(dir, 'config.json'), 'utf8');
  } catch {
    return { auths: {} };
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as DockerConfigFile;
  } catch {
    // reported below
  }
  log.warning(`${join(dir, 'config.json')} is not a JSON object; earlier registry logins are not used.`);
  return { auths: {} };
}

/**
 * Keeps this run's credentials in the session file only: a `credsStore` (an OS keychain) would receive
 * them, and `docker logout` would then delete the user's own stored login. Earlier logins that live in
 * the store keep working through per-registry `credHelpers`, which buildah reads too.
 */
function isolateFromCredentialStore(config: DockerConfigFile, keys: string[]): void {
  config.auths ??= {};
  if (config.credsStore) {
    const helpers = (config.credHelpers ??= {});
    for (const [key, entry] of Object.entries(config.auths)) {
      if (!entry?.auth && !entry?.identitytoken) helpers[key] ??= config.credsStore;
    }
    delete config.credsStore;
  }
  for (const key of keys) {
    if (config.credHelpers) delete config.credHelpers[key];
    delete config.auths[key];
  }
}

function loginFailure(registry: string, result: ExecResult, password: string): string {
  const text = scrub(`${result.stderr}\n${result.stdout}`, password);
  const last = lines(scrub(result.stderr, password)).pop() ?? lines(text).pop() ?? '';
  const said = last ? ` (${last.replace(/^Error response from daemon:\s*/, '')})` : '';
  if (result.timedOut) {
    return `Login to ${registry} failed: the registry is unreachable (no answer within ${LOGIN_TIMEOUT_MS / 1000} s). Check the registry host name and the runner's network.`;
  }
  if (WRONG_CREDENTIALS.test(text)) {
    return `Login to ${registry} failed: wrong credentials${said}. Check 'username' and 'password' (or 'registry-auth'): the password or token may be wrong, expired or revoked.`;
  }
  if (
    /connection refused|no such host|i\/o timeout|timeout|timed out|no route to host|network is unreachable|connection reset|server misbehaving/i.test(
      text,
    )
  ) {
    return `Login to ${registry} failed: the registry is unreachable${said}. Check the registry host name and port and that the registry is running.`;
  }
  return `Login to ${registry} failed${said || ` (exit code ${result.exitCode})`}.`;
}

/** Removes the password from text that reaches an error message, in case a registry echoes it. */
function scrub(text: string, password: string): string {
  return password ? text.split(password).join('***') : text;
}
