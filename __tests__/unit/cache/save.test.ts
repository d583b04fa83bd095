import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingLogger as recorder } from '../../harness/recording-logger.js';
import { saveCacheStage } from '../../../src/cache/save.js';

function cacheDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'shipshape-save-')), 'cache');
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  writeFileSync(join(dir, 'blobs', 'layer'), 'data');
  writeFileSync(join(dir, 'index.json'), '{}');
  return dir;
}

describe('saveCacheStage', () => {
  it('skips a save with less than 5 s of the budget left, says why, and still removes the directory', async () => {
    const dir = cacheDir();
    const { log, infos, warnings } = recorder();
    await saveCacheStage({ dir, root: dirname(dir), key: 'shipshape-v1-key', budgetMs: 4_999 }, log);
    expect(warnings).toEqual([
      'The layer cache was not saved: the cache service already cost 25 s in this job.',
    ]);
    expect(infos).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(dirname(dir))).toBe(false);
  });

  it('does not mind a directory that is already gone', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'shipshape-save-')), 'never-made');
    const { log, warnings } = recorder();
    await saveCacheStage({ dir, root: dirname(dir), key: 'k', budgetMs: 0 }, log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('was not saved');
    expect(existsSync(dir)).toBe(false);
  });
});
