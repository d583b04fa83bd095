import { accessSync, constants, existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
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
  // No buildx plugin where the CLI looks for plugins: no `buildx version` process to ask.
  const [version, buildx] = await Promise.all([
    execProgram(path, ['--version'], { timeoutMs: 10_000 }),
    mayHaveBuildx() ? execProgram(path, ['buildx', 'version'], { timeoutMs: 10_000 }) : undefined,
  ]);
  return { path, version: parseClientVersion(version.stdout), hasBuildx: buildx?.exitCode === 0 };
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

/** Every `docker` client on PATH, each probed (`--version`, `buildx version`), all side by side. */
export function probeDockerClients(): Promise<DockerClient[]> {
  return Promise.all(findDockerExecutables().map((path) => probeDockerClient(path)));
}
