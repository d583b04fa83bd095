import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { chainIds, entryPath, LayerStore, type TarSplitEntry } from '../../../src/engine/layer-store.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('chainIds', () => {
  it('is the diff ID for the first layer, then sha256 of "parent diff" for each next one', () => {
    const [a, b, c] = [sha('a'), sha('b'), sha('c')];
    const ab = sha(`${a} ${b}`);
    expect(chainIds([a, b, c])).toEqual([a, ab, sha(`${ab} ${c}`)]);
    expect(chainIds([])).toEqual([]);
  });
});

describe('entryPath', () => {
  it('joins a tar entry name to the layer directory, and refuses one that leaves it', () => {
    expect(entryPath('/store/diff', './usr/bin/app')).toBe('/store/diff/usr/bin/app');
    expect(entryPath('/store/diff', 'etc/passwd')).toBe('/store/diff/etc/passwd');
    expect(() => entryPath('/store/diff', '../../etc/shadow')).toThrow(/leaves the layer/);
    expect(() => entryPath('/store/diff', 'a/../../x')).toThrow(/leaves the layer/);
  });
});

describe('LayerStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A data root with one image of two layers; the second layer's tar-split is `entries`, its files `files`. */
  function store(entries: TarSplitEntry[], files: Record<string, string>) {
    const root = mkdtempSync(join(tmpdir(), 'layer-store-'));
    dirs.push(root);
    const diffIds = [sha('first'), sha('second')];
    const layerDb = join(root, 'image', 'overlay2', 'layerdb', 'sha256');
    const chain = chainIds(diffIds)[1].slice(7);
    mkdirSync(join(layerDb, chain), { recursive: true });
    writeFileSync(join(layerDb, chain, 'cache-id'), 'abc123\n');
    writeFileSync(
      join(layerDb, chain, 'tar-split.json.gz'),
      gzipSync(entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n'),
    );
    for (const [name, text] of Object.entries(files)) {
      const path = join(root, 'overlay2', 'abc123', 'diff', name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
    }
    mkdirSync(join(root, 'overlay2'), { recursive: true });
    const content = join(root, 'image', 'overlay2', 'imagedb', 'content', 'sha256');
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, 'f'.repeat(64)), '{"rootfs":{"diff_ids":[]}}');
    return { root, diffIds };
  }

  const segment = (text: string): TarSplitEntry => ({
    type: 2,
    payload: Buffer.from(text).toString('base64'),
  });

  async function collect(chunks: AsyncIterable<Buffer>): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  }

  it('rebuilds a layer tar from its tar-split record and its files, in order', async () => {
    const { root, diffIds } = store(
      [
        segment('<header app>'),
        { type: 1, name: './app/run.sh', size: 9, payload: null },
        segment('<pad><header empty>'),
        { type: 1, name: 'app/empty', size: 0 },
        segment('<end>'),
      ],
      { 'app/run.sh': 'echo hi\n\n', 'app/empty': '' },
    );
    const layers = await LayerStore.open(root);
    expect(layers).toBeDefined();
    expect(await collect(layers!.layerTar(diffIds, 1))).toBe(
      '<header app>echo hi\n\n<pad><header empty><end>',
    );
  });

  it('fails when a file is not the size its record says (the tar would not be the layer)', async () => {
    const { root, diffIds } = store([{ type: 1, name: 'a', size: 5 }], { a: 'abc' });
    const layers = await LayerStore.open(root);
    await expect(collect(layers!.layerTar(diffIds, 1))).rejects.toThrow(
      /has 3 bytes, its layer record says 5/,
    );
  });

  it('fails for a layer it does not hold, and reads image configurations by ID', async () => {
    const { root, diffIds } = store([], {});
    const layers = await LayerStore.open(root);
    await expect(collect(layers!.layerTar(diffIds, 0))).rejects.toThrow(/ENOENT/);
    expect((await layers!.imageConfig(`sha256:${'f'.repeat(64)}`))?.toString()).toContain('diff_ids');
    expect(await layers!.imageConfig(`sha256:${'e'.repeat(64)}`)).toBeUndefined();
    expect(await layers!.imageConfig('../../etc/passwd')).toBeUndefined();
  });

  it('is not opened where the data root has no overlay2 layer store', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'layer-store-'));
    dirs.push(empty);
    expect(await LayerStore.open(empty)).toBeUndefined();
    expect(await LayerStore.open('')).toBeUndefined();
  });
});
