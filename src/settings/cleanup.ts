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
