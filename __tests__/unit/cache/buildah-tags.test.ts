import { describe, expect, it } from 'vitest';
import { buildahCacheTags } from '../../../src/cache/buildah-tags.js';

describe('buildahCacheTags', () => {
  it('reads the cache tags buildah used', () => {
    const log = [
      '--> Pushing cache 127.0.0.1:4/cache-final:aaa',
      '--> Cache pulled from remote 127.0.0.1:4/cache-final:bbb',
      '--> Using cache 63b157dea172',
    ];
    expect(buildahCacheTags(log)).toEqual(['cache-final:aaa', 'cache-final:bbb']);
  });
});
