import { describe, expect, it } from 'vitest';
import { cacheKeys, currentBranch } from '../../../src/cache/keys.js';

describe('cacheKeys', () => {
  const scope = {
    builder: 'buildkit',
    image: 'ghcr.io/acme/app',
    dockerfile: 'Dockerfile',
    target: '',
    platforms: [],
  };
  it('scopes by image, Dockerfile, target and platform; falls back to this branch, then the default', () => {
    const keys = cacheKeys(scope, 'feature/x', 'main', 'abc123'.repeat(4));
    expect(keys.primary).toMatch(/^shipshape-v1-buildkit-app-[0-9a-f]{12}-feature\/x-abc123abc123abc1$/);
    expect(keys.restoreKeys).toEqual([
      keys.primary.replace(/abc123abc123abc1$/, ''),
      keys.primary.replace(/feature\/x-abc123abc123abc1$/, 'main-'),
    ]);
    const other = [
      cacheKeys({ ...scope, image: 'ghcr.io/acme/tool' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, dockerfile: 'api/Dockerfile' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, target: 'test' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, platforms: ['linux/arm64'] }, 'feature/x', 'main', 'x'),
    ].map((k) => k.scopeId);
    expect(new Set([keys.scopeId, ...other]).size).toBe(5);
  });
  it('has one restore key on the default branch', () => {
    expect(cacheKeys(scope, 'main', 'main', 'x').restoreKeys).toHaveLength(1);
  });
  it('takes the branch from the pull request head, else the ref', () => {
    expect(currentBranch({ GITHUB_HEAD_REF: 'topic', GITHUB_REF: 'refs/pull/1/merge' })).toBe('topic');
    expect(currentBranch({ GITHUB_REF: 'refs/heads/release/1.x' })).toBe('release/1.x');
    expect(currentBranch({ GITHUB_REF: 'refs/tags/v1', GITHUB_REF_NAME: 'v1' })).toBe('v1');
  });
});
