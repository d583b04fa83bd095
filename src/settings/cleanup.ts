import { oneOf } from '../common/errors.js';
import { booleanInput, durationInput, sizeInput, type InputReader } from './parse.js';

/** The cleanup group of the settings: what the post step removes and how. */
export const CLEANUP_POLICIES = ['run', 'dangling', 'aggressive', 'false'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];

export interface CleanupOptions {
  policy: CleanupPolicy;
  /** Only objects older than this are removed by `dangling` and `aggressive`. */
  untilMs: number;
  /** `aggressive` prunes the build cache down to this many bytes. */
  keepStorageBytes: number;
  /** Cleanup errors fail the post step. */
  strict: boolean;
  /** Keep the pushed images on the runner. */
  keepImages: boolean;
}

/** What a run does when its inputs say nothing: the inputs' defaults, and the post step's fallback. */
export const DEFAULT_CLEANUP: CleanupOptions = {
  policy: 'run',
  untilMs: 86_400_000,
  keepStorageBytes: 5e9,
  strict: false,
  keepImages: false,
};

/** The disk guard before the build (it cleans with the cleanup group's ages and sizes). */
export interface GuardSettings {
  /** Free bytes the engine's disk must have before the build; 0 is off. */
  minFreeSpace: number;
}

/** `cleanup`, `cleanup-until`, `keep-storage`, `cleanup-strict`, `keep-images`. */
export function readCleanupSettings(read: InputReader): CleanupOptions {
  return {
    policy: oneOf('cleanup', read('cleanup'), CLEANUP_POLICIES, DEFAULT_CLEANUP.policy),
    untilMs: durationInput('cleanup-until', read('cleanup-until'), DEFAULT_CLEANUP.untilMs),
    keepStorageBytes: sizeInput('keep-storage', read('keep-storage'), DEFAULT_CLEANUP.keepStorageBytes),
    strict: booleanInput('cleanup-strict', read('cleanup-strict'), DEFAULT_CLEANUP.strict),
    keepImages: booleanInput('keep-images', read('keep-images'), DEFAULT_CLEANUP.keepImages),
  };
}

export function readGuardSettings(read: InputReader): GuardSettings {
  return { minFreeSpace: sizeInput('min-free-space', read('min-free-space'), 0) };
}
