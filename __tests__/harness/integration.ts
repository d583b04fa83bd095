// The setup every integration file shares: the busybox base image, local registries and the service
// stand-ins a file asks for, started before its tests and stopped after them, and the engine objects
// its tests leave behind removed at the end. Call `useIntegrationFixtures` at the top of a file (or
// of a describe block) and read the fields inside tests and hooks: they are filled in by beforeAll.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { startCacheServer, type CacheServer } from './cache-server.js';
import { docker, ensureBaseImage, startRegistry, type Registry } from './fixtures.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';

type RegistryOptions = NonNullable<Parameters<typeof startRegistry>[0]>;

export interface IntegrationOptions {
  /** One local registry (`true`, or its options, e.g. htpasswd auth): `registry`. */
  registry?: boolean | RegistryOptions;
  /** One local registry per entry, e.g. one per htpasswd user: `registries`, in this order. */
  registries?: RegistryOptions[];
  /** Also pull the base image into buildah's storage, for builds with buildah. */
  buildahBase?: boolean;
  /** The cache-service stand-in: `cacheServer`. */
  cacheServer?: boolean;
  /** The GitHub API stand-in: `github`. */
  github?: boolean;
}

export interface IntegrationFixtures {
  /** The busybox base image (`shipshape-test/busybox:1`), made without pulling. */
  readonly base: string;
  readonly registry: Registry;
  readonly registries: readonly Registry[];
  readonly cacheServer: CacheServer;
  readonly github: GitHubApi;
  /**
   * Containers, images (IDs or references) and volumes to remove once the file's tests are done, after
   * the servers stopped. Best effort, like any cleanup: what is already gone or still in use is skipped.
   */
  cleanupAfter(...idsOrNames: string[]): void;
}

/** Registers the beforeAll/afterAll hooks of an integration file; see the file comment. */
export function useIntegrationFixtures(options: IntegrationOptions = {}): IntegrationFixtures {
  let base: string | undefined;
  let registry: Registry | undefined;
  let registries: Registry[] | undefined;
  let cacheServer: CacheServer | undefined;
  let github: GitHubApi | undefined;
  const leftovers: string[] = [];

  beforeAll(async () => {
    base = await ensureBaseImage();
    if (options.buildahBase) {
      execFileSync('buildah', ['pull', '--quiet', `docker-daemon:${base}`], { stdio: 'ignore' });
    }
    if (options.registry) registry = await startRegistry(options.registry === true ? {} : options.registry);
    if (options.registries) registries = await Promise.all(options.registries.map((o) => startRegistry(o)));
    if (options.cacheServer) cacheServer = await startCacheServer();
    if (options.github) github = await startGitHubApi();
  });

  afterAll(async () => {
    await Promise.all([registry?.stop(), ...(registries ?? []).map((r) => r.stop())]);
    await cacheServer?.stop();
    await github?.stop();
    if (leftovers.length) {
      await docker(['rm', '-f', ...leftovers]).catch(() => undefined);
      await docker(['rmi', ...leftovers]).catch(() => undefined);
      await docker(['volume', 'rm', ...leftovers]).catch(() => undefined);
    }
  });

  return {
    get base() {
      return ready(base, 'base');
    },
    get registry() {
      return ready(registry, 'registry');
    },
    get registries() {
      return ready(registries, 'registries');
    },
    get cacheServer() {
      return ready(cacheServer, 'cacheServer');
    },
    get github() {
      return ready(github, 'github');
    },
    cleanupAfter(...idsOrNames: string[]) {
      leftovers.push(...idsOrNames);
    },
  };
}

function ready<T>(value: T | undefined, field: keyof IntegrationFixtures): T {
  if (value === undefined) {
    throw new Error(
      `integration fixture '${field}' is not there: ask useIntegrationFixtures for it, and read it in a test or hook`,
    );
  }
  return value;
}

/** Whether the engine has this image, container or volume. */
export const exists = async (kind: 'image' | 'container' | 'volume', id: string): Promise<boolean> =>
  (await docker([kind, 'inspect', id])).code === 0;

export const imageExists = (ref: string): Promise<boolean> => exists('image', ref);

/** The containers an action run labelled with its run key, stopped or not. */
export async function containersOf(runKey: string): Promise<string[]> {
  const { stdout } = await docker(['ps', '-a', '-q', '--filter', `label=dev.shipshape.run=${runKey}`]);
  return stdout.split('\n').filter(Boolean);
}

/** The networks an action run labelled with its run key. */
export async function networksOf(runKey: string): Promise<string[]> {
  const { stdout } = await docker(['network', 'ls', '-q', '--filter', `label=dev.shipshape.run=${runKey}`]);
  return stdout.split('\n').filter(Boolean);
}
