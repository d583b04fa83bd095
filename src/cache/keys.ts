import { createHash } from 'node:crypto';

export interface CacheScope {
  builder: string;
  image: string;
  /** Dockerfile path relative to the workspace. */
  dockerfile: string;
  target: string;
  platforms: string[];
}

export interface CacheKeys {
  /** Short, stable name of the scope: several images and matrix legs never share one. */
  scopeId: string;
  primary: string;
  /** Same scope on this branch, then on the default branch. */
  restoreKeys: string[];
}

const KEY_VERSION = 'v1';

/**
 * Keys of the GitHub Actions cache: `shipshape-v1-<builder>-<scope>-<branch>-<content>`. The content
 * part changes when the Dockerfile or any `cache-key-files` file changes, so a new entry is saved
 * then; restore keys fall back to the newest entry of the scope on this branch, then the default one.
 */
export function cacheKeys(
  scope: CacheScope,
  branch: string,
  defaultBranch: string,
  contentHash: string,
): CacheKeys {
  const scopeText = [scope.image, scope.dockerfile, scope.target, [...scope.platforms].sort().join(',')].join(
    '\n',
  );
  const readable =
    scope.image
      .split('/')
      .pop()
      ?.replace(/[^a-z0-9._-]/g, '') ?? 'image';
  const scopeId = `${readable}-${sha256(scopeText).slice(0, 12)}`;
  const prefix = `shipshape-${KEY_VERSION}-${scope.builder}-${scopeId}-`;
  const branchPart = (name: string) => `${sanitizeBranch(name)}-`;
  const restoreKeys = [prefix + branchPart(branch)];
  if (defaultBranch && defaultBranch !== branch) restoreKeys.push(prefix + branchPart(defaultBranch));
  return { scopeId, primary: `${prefix}${branchPart(branch)}${contentHash.slice(0, 16)}`, restoreKeys };
}

/** Branch names keep their readable form; characters the key does not need become `_`. */
function sanitizeBranch(branch: string): string {
  return (branch || 'unknown').replace(/[^A-Za-z0-9._/-]/g, '_');
}

/** The branch a run belongs to: the pull request's head branch, else the ref name. */
export function currentBranch(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_HEAD_REF) return env.GITHUB_HEAD_REF;
  const ref = env.GITHUB_REF ?? '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  return env.GITHUB_REF_NAME || ref || 'unknown';
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
