import { mkdirSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneTags } from '../../../src/cache/registry-store.js';

describe('pruneTags', () => {
  it('keeps only the tags this build used', async () => {
    const root = mkdtempSync(join(tmpdir(), 'shipshape-prune-'));
    const tags = join(root, 'docker/registry/v2/repositories/cache/_manifests/tags');
    const nested = join(root, 'docker/registry/v2/repositories/a/b/_manifests/tags');
    for (const tag of ['final', 'final-stage-old', 'final-stage-deps'])
      mkdirSync(join(tags, tag, 'current'), { recursive: true });
    mkdirSync(join(nested, 'x'), { recursive: true });
    writeFileSync(join(tags, 'final', 'current', 'link'), 'sha256:1');
    const deleted = await pruneTags(root, new Set(['cache:final', 'cache:final-stage-deps']));
    expect(deleted.sort()).toEqual(['a/b:x', 'cache:final-stage-old']);
    expect(existsSync(join(tags, 'final', 'current', 'link'))).toBe(true);
    expect(existsSync(join(tags, 'final-stage-old'))).toBe(false);
  });
});
