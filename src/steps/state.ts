import * as core from './runner-commands.js';
import type { CacheSave } from '../cache/save.js';
import type { RunRecord } from '../cleanup/stage.js';
import type { LoginSession } from '../registry/login.js';
import { CLEANUP_POLICIES, DEFAULT_CLEANUP, type CleanupOptions } from '../settings/cleanup.js';

/**
 * Everything the main step hands to the post step, under named keys. Never a secret: state is
 * stored by the runner in plain text. Structured values are JSON.
 */
export interface MainState extends RunRecord {
  cleanup: CleanupOptions;
  /** The layer cache to save to the GitHub Actions cache: set only after a successful build. */
  cacheSave?: CacheSave;
  /** The per-run DOCKER_CONFIG directory and the registries logged in to (no credentials). */
  login?: LoginSession;
  /** Every temporary directory main made (`shipshape-…` under RUNNER_TEMP): post removes what is left. */
  tempPaths?: string[];
  /** The Docker daemon's root dir, as main learned it: post need not ask the daemon's slow `/info`. */
  dockerRoot?: string;
}

const KEYS = {
  runKey: 'run-key',
  cleanup: 'cleanup',
  createdImages: 'created-images',
  replacedImages: 'replaced-images',
  pushed: 'pushed',
  buildahImages: 'buildah-images',
  usedBuildah: 'buildah-used',
  temporary: 'temporary-references',
  cacheSave: 'cache-save',
  login: 'login',
  tempPaths: 'temporary-paths',
  dockerRoot: 'docker-root',
} as const satisfies Record<keyof MainState, string>;

export function saveState(state: Partial<MainState>): void {
  if (state.runKey !== undefined) core.saveState(KEYS.runKey, state.runKey);
  if (state.cleanup !== undefined) core.saveState(KEYS.cleanup, JSON.stringify(state.cleanup));
  for (const key of [
    'createdImages',
    'replacedImages',
    'buildahImages',
    'pushed',
    'temporary',
    'tempPaths',
  ] as const) {
    if (state[key] !== undefined) core.saveState(KEYS[key], JSON.stringify(state[key]));
  }
  if (state.dockerRoot !== undefined) core.saveState(KEYS.dockerRoot, state.dockerRoot);
  if (state.usedBuildah !== undefined) core.saveState(KEYS.usedBuildah, String(state.usedBuildah));
  if (state.cacheSave !== undefined) core.saveState(KEYS.cacheSave, JSON.stringify(state.cacheSave));
  if (state.login !== undefined) core.saveState(KEYS.login, JSON.stringify(state.login));
}

/** What main saved; `undefined` when main stopped before it knew which run it was (bad inputs). */
export function loadState(read: (key: string) => string = core.getState): MainState | undefined {
  const runKey = read(KEYS.runKey);
  if (!runKey) return undefined;
  const cacheSave = parseJson(read(KEYS.cacheSave)) as MainState['cacheSave'] | undefined;
  const login = parseJson(read(KEYS.login)) as MainState['login'] | undefined;
  const pushed = parseJson(read(KEYS.pushed)) as MainState['pushed'] | undefined;
  return {
    runKey,
    cleanup: cleanupOptions(parseJson(read(KEYS.cleanup))),
    createdImages: strings(parseJson(read(KEYS.createdImages))),
    replacedImages: strings(parseJson(read(KEYS.replacedImages))),
    pushed:
      pushed && typeof pushed.imageId === 'string'
        ? { imageId: pushed.imageId, references: strings(pushed.references) }
        : undefined,
    buildahImages: strings(parseJson(read(KEYS.buildahImages))),
    usedBuildah: read(KEYS.usedBuildah) === 'true',
    temporary: strings(parseJson(read(KEYS.temporary))),
    tempPaths: strings(parseJson(read(KEYS.tempPaths))),
    dockerRoot: read(KEYS.dockerRoot).startsWith('/') ? read(KEYS.dockerRoot) : undefined,
    cacheSave:
      cacheSave &&
      typeof cacheSave.dir === 'string' &&
      typeof cacheSave.root === 'string' &&
      typeof cacheSave.key === 'string'
        ? {
            ...cacheSave,
            budgetMs: Number(cacheSave.budgetMs) || 0,
            serviceFailure:
              typeof cacheSave.serviceFailure === 'string' ? cacheSave.serviceFailure : undefined,
          }
        : undefined,
    login:
      login && typeof login.configDir === 'string'
        ? {
            configDir: login.configDir,
            registries: strings(login.registries),
            ...(login.keep === true ? { keep: true } : {}),
          }
        : undefined,
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Main's cleanup settings; what a state main did not finish writing falls back to the defaults. */
function cleanupOptions(value: unknown): CleanupOptions {
  const given = (value && typeof value === 'object' ? value : {}) as Partial<CleanupOptions>;
  return {
    policy: CLEANUP_POLICIES.includes(given.policy as CleanupOptions['policy'])
      ? (given.policy as CleanupOptions['policy'])
      : DEFAULT_CLEANUP.policy,
    untilMs: Number.isFinite(given.untilMs) ? Number(given.untilMs) : DEFAULT_CLEANUP.untilMs,
    keepStorageBytes: Number.isFinite(given.keepStorageBytes)
      ? Number(given.keepStorageBytes)
      : DEFAULT_CLEANUP.keepStorageBytes,
    strict: given.strict === true,
    keepImages: given.keepImages === true,
  };
}
