import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Docker } from './docker.js';
import { execProgram, startBackground, type BackgroundProcess } from './exec.js';

/**
 * A throw-away OCI registry on 127.0.0.1 whose storage is a directory we own: Distribution's
 * `docker-registry` binary when the machine has it, else the `registry:2` image on the engine.
 */
export interface LocalRegistry {
  host: string;
  stop(): Promise<void>;
}

const REGISTRY_BINARIES = ['docker-registry', 'registry'];
const CONTAINER_STORAGE = '/var/lib/registry';

function findRegistryBinary(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    for (const name of REGISTRY_BINARIES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // keep looking
      }
    }
  }
  return undefined;
}

function registryImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPSHAPE_REGISTRY_IMAGE || 'registry:2';
}

/** The registry binary to run, or undefined to run the registry image (`SHIPSHAPE_LOCAL_REGISTRY=container` forces it). */
function registryBinary(): string | undefined {
  return process.env.SHIPSHAPE_LOCAL_REGISTRY === 'container' ? undefined : findRegistryBinary();
}

/** Distribution's configuration for a registry serving `storage` on `addr`. */
export function registryConfig(storage: string, addr: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storage)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${addr}`,
    '',
  ].join('\n');
}

export async function startLocalRegistry(
  storage: string,
  workDir: string,
  docker: Docker,
  labels: Record<string, string>,
): Promise<LocalRegistry> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const binary = registryBinary();
  let server: BackgroundProcess | undefined;
  let container = '';
  if (binary) {
    const config = join(workDir, `registry-${port}.yml`);
    await writeFile(config, registryConfig(storage, host));
    server = startBackground(binary, ['serve', config]);
  } else {
    const result = await docker.startContainer({
      image: registryImage(),
      name: '',
      network: 'bridge',
      removeWhenDone: true,
      publish: [`${host}:5000`],
      user: thisUser(),
      volumes: [`${storage}:${CONTAINER_STORAGE}`],
      env: { REGISTRY_STORAGE_DELETE_ENABLED: 'true' },
      labels,
    });
    if (result.exitCode !== 0)
      throw new Error(`could not start a ${registryImage()} container: ${result.stderr.trim()}`);
    container = result.stdout.trim();
  }
  const stop = async () => {
    if (server) await server.stop();
    if (container) await docker.removeContainers([container]);
  };
  try {
    await waitUntilAnswers(`http://${host}/v2/`, 10_000, () => server?.exited() ?? false);
  } catch (error) {
    const output = server?.output().trim();
    await stop();
    throw new Error(
      `the local cache registry did not start: ${(error as Error).message}${output ? `: ${output}` : ''}`,
    );
  }
  return { host, stop };
}

/** Deletes every blob no tag needs any more (the registry must be stopped). */
export async function collectGarbage(storage: string, workDir: string, docker: Docker): Promise<void> {
  const binary = registryBinary();
  const result = binary
    ? await (async () => {
        const config = join(workDir, 'registry-gc.yml');
        await writeFile(config, registryConfig(storage, '127.0.0.1:0'));
        return execProgram(binary, ['garbage-collect', '--delete-untagged', config]);
      })()
    : await docker.runContainer({
        image: registryImage(),
        name: '',
        network: 'none',
        removeWhenDone: true,
        user: thisUser(),
        volumes: [`${storage}:${CONTAINER_STORAGE}`],
        labels: {},
        command: ['garbage-collect', '--delete-untagged', '/etc/docker/registry/config.yml'],
      });
  if (result.exitCode !== 0)
    throw new Error(`registry garbage-collect failed: ${(result.stderr || result.stdout).trim()}`);
}

/** The registry container writes the storage as this user, so this user can prune, save and remove it. */
function thisUser(): string | undefined {
  return typeof process.getuid === 'function' ? `${process.getuid()}:${process.getgid?.() ?? 0}` : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilAnswers(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not up yet
    }
    if (gaveUp()) throw new Error('the registry exited');
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
