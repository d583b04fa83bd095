import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneTags, storageFingerprint, storedLayerSizes } from '../../../src/cache/registry-store.js';

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

describe('storageFingerprint', () => {
  function storage(): string {
    const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    const blob = join(root, 'docker/registry/v2/blobs/sha256/ab/abcd');
    mkdirSync(blob, { recursive: true });
    writeFileSync(join(blob, 'data'), 'layer');
    const tag = join(root, 'docker/registry/v2/repositories/cache/_manifests/tags/final/current');
    mkdirSync(tag, { recursive: true });
    writeFileSync(join(tag, 'link'), 'sha256:1111');
    return root;
  }

  it('is equal for the same blobs and tags, and ignores upload scratch space', async () => {
    const root = storage();
    const before = await storageFingerprint(root);
    const uploads = join(root, 'docker/registry/v2/repositories/cache/_uploads/x');
    mkdirSync(uploads, { recursive: true });
    writeFileSync(join(uploads, 'data'), 'partial');
    expect(await storageFingerprint(root)).toBe(before);
    rmSync(root, { recursive: true, force: true });
  });

  it('changes when a tag points elsewhere or a blob is added', async () => {
    const root = storage();
    const before = await storageFingerprint(root);
    writeFileSync(
      join(root, 'docker/registry/v2/repositories/cache/_manifests/tags/final/current/link'),
      'sha256:2222',
    );
    const moved = await storageFingerprint(root);
    expect(moved).not.toBe(before);
    const blob = join(root, 'docker/registry/v2/blobs/sha256/cd/cdef');
    mkdirSync(blob, { recursive: true });
    writeFileSync(join(blob, 'data'), 'new layer');
    expect(await storageFingerprint(root)).not.toBe(moved);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('storedLayerSizes', () => {
  it("gives each layer's size by diff ID from the tags' manifests and configurations on disk", async () => {
    const root = mkdtempSync(join(tmpdir(), 'stored-sizes-'));
    const v2 = join(root, 'docker/registry/v2');
    const putBlob = (text: string) => {
      const digest = createHash('sha256').update(text).digest('hex');
      mkdirSync(join(v2, 'blobs/sha256', digest.slice(0, 2), digest), { recursive: true });
      writeFileSync(join(v2, 'blobs/sha256', digest.slice(0, 2), digest, 'data'), text);
      return `sha256:${digest}`;
    };
    const config = putBlob(JSON.stringify({ rootfs: { diff_ids: ['sha256:d1', 'sha256:d2'] } }));
    const manifest = putBlob(
      JSON.stringify({ config: { digest: config }, layers: [{ size: 111 }, { size: 222 }] }),
    );
    const tag = (name: string, digest: string) => {
      const dir = join(v2, 'repositories/cache/_manifests/tags', name, 'current');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'link'), digest);
    };
    tag('final', manifest);
    tag('broken', `sha256:${'0'.repeat(64)}`); // its blob is missing: skipped
    const sizes = await storedLayerSizes(root);
    expect([...sizes]).toEqual([
      ['sha256:d1', 111],
      ['sha256:d2', 222],
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
