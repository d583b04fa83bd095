import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Memo } from './memo.js';
import { execProgram } from './exec.js';

/**
 * The `docker` clients on PATH and what each can do (its version, whether it has buildx): the builder
 * choice needs them. A module of its own, with nothing but `exec` behind it, so that the main step's
 * entry can start the probes before it loads the rest of the action.
 */

/** One `docker` client found on PATH, with what it can do. */
export interface DockerClient {
  path: string;
  /** `28.2.2`, `20.10.24+dfsg1`; empty when `--version` printed nothing we understand. */
  version: string;
  hasBuildx: boolean;
  /** `buildx version`'s `v0.15.1` as `0.15.1`; absent without buildx. */
  buildxVersion?: string;
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

/** `github.com/docker/buildx v0.15.1 1c1a2d4` -> `0.15.1`; '' when there is no version there. */
export function parseBuildxVersion(output: string): string {
  return /\bv?(\d+\.\d+\.\d+[^\s]*)/.exec(output)?.[1] ?? '';
}

/** `Docker version 20.10.24+dfsg1, build 297e128` -> `20.10.24+dfsg1`. */
export function parseClientVersion(output: string): string {
  return /version\s+v?([0-9][^\s,]*)/i.exec(output)?.[1] ?? '';
}

export async function probeDockerClient(path: string, memo?: Memo<string>): Promise<DockerClient> {
  // A client file this runner already asked (same file, size and time) gives its version from the memo.
  const key = fileKey(path);
  const known = key ? memo?.get(key) : undefined;
  // No buildx plugin where the CLI looks for plugins: no `buildx version` process to ask.
  const [version, buildx] = await Promise.all([
    known ??
      execProgram(path, ['--version'], { timeoutMs: 10_000 }).then((r) => parseClientVersion(r.stdout)),
    mayHaveBuildx() ? execProgram(path, ['buildx', 'version'], { timeoutMs: 10_000 }) : undefined,
  ]);
  if (key && version) memo?.set(key, version);
  const hasBuildx = buildx?.exitCode === 0;
  return {
    path,
    version,
    hasBuildx,
    ...(hasBuildx ? { buildxVersion: parseBuildxVersion(buildx.stdout) } : {}),
  };
}

/** What identifies one build of a program file: its real path, inode, size and change times. */
function fileKey(path: string): string | undefined {
  try {
    const real = realpathSync(path);
    const stats = statSync(real);
    return `${real} ${stats.dev}:${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Where the docker CLI looks for plugins (docker/cli `getPluginDirs` on Linux): the config
 * directory's `cli-plugins`, its `cliPluginsExtraDirs`, then the system directories.
 */
export function cliPluginDirs(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  let extra: string[] = [];
  try {
    const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {
      cliPluginsExtraDirs?: unknown;
    };
    if (Array.isArray(config.cliPluginsExtraDirs)) extra = config.cliPluginsExtraDirs.map(String);
  } catch {
    // no config file, or not JSON: the CLI then has no extra plugin directories either
  }
  return [
    join(configDir, 'cli-plugins'),
    ...extra,
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ];
}

/** Whether a `docker-buildx` plugin file is in any of the CLI's plugin directories. */
export function mayHaveBuildx(dirs: string[] = cliPluginDirs()): boolean {
  return dirs.some((dir) => existsSync(join(dir, 'docker-buildx')));
}

/**
 * Every `docker` client on PATH, each probed (`--version`, `buildx version`), all side by side. The
 * versions are remembered in the runner's tool cache: a persistent runner starts no `--version` twice.
 */
export async function probeDockerClients(env: NodeJS.ProcessEnv = process.env): Promise<DockerClient[]> {
  const memo = Memo.open('docker-client-versions', (value): value is string => typeof value === 'string', {
    env,
    limit: 50,
  });
  const clients = await Promise.all(
    findDockerExecutables(env.PATH).map((path) => probeDockerClient(path, memo)),
  );
  await memo.save();
  return clients;
}
