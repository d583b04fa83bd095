import * as core from '@actions/core';

/**
 * Everything the main step hands to the post step, under named keys. Never a secret: state is
 * stored by the runner in plain text. Structured values are JSON.
 */
export interface MainState {
  /** The ownership label value of this invocation. */
  runKey: string;
  cleanup: boolean;
  /** Docker image IDs this run's builds created (final and intermediate). */
  createdImages: string[];
  /** Image IDs this run's buildah builds left in buildah's storage. */
  buildahImages: string[];
  /** The layer cache to save to the GitHub Actions cache: set only after a successful build. */
  cacheSave?: { dir: string; key: string; budgetMs: number };
  /** The per-run DOCKER_CONFIG directory and the registries logged in to (no credentials). */
  login?: { configDir: string; registries: string[] };
}

const KEYS = {
  runKey: 'run-key',
  cleanup: 'cleanup',
  createdImages: 'created-images',
  buildahImages: 'buildah-images',
  cacheSave: 'cache-save',
  login: 'login',
} as const satisfies Record<keyof MainState, string>;

export function saveState(state: Partial<MainState>): void {
  if (state.runKey !== undefined) core.saveState(KEYS.runKey, state.runKey);
  if (state.cleanup !== undefined) core.saveState(KEYS.cleanup, String(state.cleanup));
  if (state.createdImages !== undefined)
    core.saveState(KEYS.createdImages, JSON.stringify(state.createdImages));
  if (state.buildahImages !== undefined)
    core.saveState(KEYS.buildahImages, JSON.stringify(state.buildahImages));
  if (state.cacheSave !== undefined) core.saveState(KEYS.cacheSave, JSON.stringify(state.cacheSave));
  if (state.login !== undefined) core.saveState(KEYS.login, JSON.stringify(state.login));
}

/** What main saved; `undefined` when main stopped before it knew which run it was (bad inputs). */
export function loadState(read: (key: string) => string = core.getState): MainState | undefined {
  const runKey = read(KEYS.runKey);
  if (!runKey) return undefined;
  const cacheSave = parseJson(read(KEYS.cacheSave)) as MainState['cacheSave'] | undefined;
  const login = parseJson(read(KEYS.login)) as MainState['login'] | undefined;
  return {
    runKey,
    cleanup: read(KEYS.cleanup) !== 'false',
    createdImages: strings(parseJson(read(KEYS.createdImages))),
    buildahImages: strings(parseJson(read(KEYS.buildahImages))),
    cacheSave:
      cacheSave && typeof cacheSave.dir === 'string' && typeof cacheSave.key === 'string'
        ? { ...cacheSave, budgetMs: Number(cacheSave.budgetMs) || 0 }
        : undefined,
    login:
      login && typeof login.configDir === 'string'
        ? { configDir: login.configDir, registries: strings(login.registries) }
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
