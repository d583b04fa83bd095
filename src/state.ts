import * as core from '@actions/core';

/**
 * Everything the main step hands to the post step, under named keys. Never a secret: state is
 * stored by the runner in plain text. Structured values are JSON.
 */
export interface MainState {
  /** The ownership label value of this invocation. */
  runKey: string;
  cleanup: boolean;
  /** Image IDs this run's builds created (final and intermediate). */
  createdImages: string[];
}

const KEYS = {
  runKey: 'run-key',
  cleanup: 'cleanup',
  createdImages: 'created-images',
} as const satisfies Record<keyof MainState, string>;

export function saveState(state: Partial<MainState>): void {
  if (state.runKey !== undefined) core.saveState(KEYS.runKey, state.runKey);
  if (state.cleanup !== undefined) core.saveState(KEYS.cleanup, String(state.cleanup));
  if (state.createdImages !== undefined)
    core.saveState(KEYS.createdImages, JSON.stringify(state.createdImages));
}

/** What main saved; `undefined` when main stopped before it knew which run it was (bad inputs). */
export function loadState(read: (key: string) => string = core.getState): MainState | undefined {
  const runKey = read(KEYS.runKey);
  if (!runKey) return undefined;
  return {
    runKey,
    cleanup: read(KEYS.cleanup) !== 'false',
    createdImages: parseJsonArray(read(KEYS.createdImages)),
  };
}

function parseJsonArray(text: string): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
