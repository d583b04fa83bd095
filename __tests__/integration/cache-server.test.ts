// The cache-service stand-in, proven with the real @actions/cache library (v2 service, Azure SDK upload,
// plain-HTTP download) and, for the block-upload path the library only takes above 128 MiB, with the real
// Azure SDK driven directly. The library reads its environment at call time, so each call runs with the
// server's env (and a workspace as cwd) swapped in and restored afterwards.
import { BlockBlobClient } from '@azure/storage-blob';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CacheServer, startCacheServer } from '../harness/cache-server.js';

type Cache = typeof import('@actions/cache');
const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

let server: CacheServer;
let cache: Cache;
const scratch: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `shipshape-cache-${prefix}-`));
  scratch.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) under a new workspace. */
function workspace(files: Record<string, Buffer | string> = {}): string {
  const ws = tempDir('ws');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(path.join(ws, name), content);
  }
  return ws;
}

/** Every regular file under `root`, as relative path → sha256 of its content (cheap to compare). */
function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(root, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return out;
}

interface Run<T> {
  value: T;
  log: string[];
  ms: number;
}

/**
 * Runs `fn` with the library pointed at `target` (the server, or any env) and `ws` as workspace and cwd;
 * captures what @actions/core writes to stdout (debug lines are kept out of the test output).
 */
async function withCache<T>(
  ws: string,
  fn: (c: Cache) => Promise<T>,
  target = server.env(),
): Promise<Run<T>> {
  const env: Record<string, string | undefined> = {
    ...target,
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: tempDir('runner-temp'),
    ACTIONS_CACHE_URL: undefined,
    ACTIONS_CACHE_MODE: undefined,
    RUNNER_DEBUG: undefined,
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const assign = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const log: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = chunk.toString();
    log.push(...text.split(/\r?\n/).filter(Boolean));
    return text.startsWith('::debug::') ? true : write(chunk, ...rest);
  }) as typeof process.stdout.write;
  const cwd = process.cwd();
  assign(env);
  process.chdir(ws);
  const start = Date.now();
  try {
    const value = await fn(cache);
    return { value, log, ms: Date.now() - start };
  } finally {
    process.chdir(cwd);
    assign(saved);
    process.stdout.write = write;
  }
}

const warnings = (log: string[]) => log.filter((l) => l.startsWith('::warning::'));
const calls = (s: CacheServer, method: string) => s.requests.filter((r) => r.path === TWIRP + method);
const blobRequests = (s: CacheServer, method: string) =>
  s.requests.filter((r) => r.method === method && !r.path.startsWith('/twirp/'));

async function twirp(method: string, body: unknown, token = server.token): Promise<Response> {
  return fetch(new URL(TWIRP + method, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await startCacheServer();
  cache = await import('@actions/cache');
});

afterEach(() => {
  server.fault = null;
  server.clear();
});

afterAll(async () => {
  await server?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('save and restore with the real @actions/cache', () => {
  it('saves a directory through the Azure SDK and restores it byte for byte into an empty workspace', async () => {
    const big = randomBytes(1536 * 1024);
    const src = workspace({
      'deps/big.bin': big,
      'deps/nested/a.txt': 'alpha\n',
      'deps/nested/deeper/b.json': '{"b":1}\n',
      'notes.txt': 'top-level file\n',
    });
    const paths = ['deps', 'notes.txt'];
    const saved = await withCache(src, (c) => c.saveCache(paths, 'deps-linux-1'));
    expect(saved.value).toBeGreaterThan(0); // the entry_id
    expect(warnings(saved.log)).toEqual([]);

    const [entry] = server.entries();
    expect(server.entries()).toHaveLength(1);
    expect(entry).toMatchObject({ key: 'deps-linux-1', size: entry.data.length });
    expect(entry.version).toMatch(/^[a-f0-9]{64}$/);
    // zstd when it is on PATH, else gzip: the archive is random data, so it is about as large as `big`.
    const zstd = spawnSync('zstd', ['--version']).status === 0;
    expect(entry.data.subarray(0, zstd ? 4 : 2).toString('hex')).toBe(zstd ? '28b52ffd' : '1f8b');
    expect(entry.size).toBeGreaterThan(big.length);
    expect(server.bytesUploaded()).toBe(entry.size);
    expect(
      server.requests.map((r) => [r.method, r.path.split('?')[0].replace(/[^/]+\.tar$/, '<blob>'), r.status]),
    ).toEqual([
      ['POST', `${TWIRP}CreateCacheEntry`, 200],
      ['PUT', '/shipshapecache/actions-cache/<blob>', 201],
      ['POST', `${TWIRP}FinalizeCacheEntryUpload`, 200],
    ]);

    const dest = workspace();
    const restored = await withCache(dest, (c) => c.restoreCache(paths, 'deps-linux-1'));
    expect(restored.value).toBe('deps-linux-1');
    expect(restored.log).toContain('Cache hit for: deps-linux-1');
    expect(readTree(dest)).toEqual(readTree(src));
    expect(server.bytesDownloaded()).toBe(entry.size);
    expect(blobRequests(server, 'GET')).toHaveLength(1);
  });

  it('prefers the exact key, then the newest prefix match of the key, then restore keys in order', async () => {
    const paths = ['out'];
    for (const [key, text] of [
      ['build-main-1', 'one'],
      ['build-main-2', 'two'],
      ['build-feature-1', 'feature'],
    ]) {
      await withCache(workspace({ 'out/f.txt': text }), (c) => c.saveCache(paths, key));
    }
    expect(server.entries().map((e) => e.key)).toEqual(['build-main-1', 'build-main-2', 'build-feature-1']);

    const restore = async (key: string, restoreKeys: string[]) => {
      const ws = workspace();
      const { value, log } = await withCache(ws, (c) => c.restoreCache(paths, key, restoreKeys));
      const text = value ? readFileSync(path.join(ws, 'out/f.txt'), 'utf8') : undefined;
      return { value, text, log };
    };
    expect(await restore('build-main-1', ['build-'])).toMatchObject({ value: 'build-main-1', text: 'one' });
    const viaRestoreKey = await restore('build-main-9', ['build-main-']);
    expect(viaRestoreKey).toMatchObject({ value: 'build-main-2', text: 'two' });
    expect(viaRestoreKey.log).toContain('Cache hit for restore-key: build-main-2');
    // The newest entry across all matches of one prefix; restore keys are tried in the given order.
    expect(await restore('nothing', ['build-'])).toMatchObject({ value: 'build-feature-1' });
    expect(await restore('nothing', ['none-', 'build-main-1', 'build-'])).toMatchObject({
      value: 'build-main-1',
    });
    // GitHub also prefix-matches the primary key itself before trying restore keys.
    expect(await restore('build-main', ['build-feature'])).toMatchObject({ value: 'build-main-2' });

    // lookupOnly answers from the service without downloading.
    const gets = blobRequests(server, 'GET').length;
    const lookup = await withCache(workspace(), (c) =>
      c.restoreCache(paths, 'build-main-1', [], { lookupOnly: true }),
    );
    expect(lookup.value).toBe('build-main-1');
    expect(blobRequests(server, 'GET')).toHaveLength(gets);
  });

  it('misses with undefined: unknown key, or the same key under another version (other paths)', async () => {
    await withCache(workspace({ 'a/x': 'x', 'b/y': 'y' }), (c) => c.saveCache(['a'], 'v-key'));
    const miss = await withCache(workspace(), (c) => c.restoreCache(['a'], 'other-key', ['other-']));
    expect(miss.value).toBeUndefined();
    expect(warnings(miss.log)).toEqual([]);
    const otherVersion = await withCache(workspace(), (c) => c.restoreCache(['a', 'b'], 'v-key', ['v-']));
    expect(otherVersion.value).toBeUndefined();
    expect(calls(server, 'GetCacheEntryDownloadURL').map((r) => r.status)).toEqual([200, 200]);
    expect(blobRequests(server, 'GET')).toEqual([]);
    // The wire answer for a miss is HTTP 200 with ok: false.
    const wire = await twirp('GetCacheEntryDownloadURL', { key: 'v-key', version: 'f'.repeat(64) });
    expect(wire.status).toBe(200);
    expect(await wire.json()).toEqual({ ok: false });
  });

  it('refuses to overwrite an existing key: saveCache resolves -1 and only logs (info, not warning)', async () => {
    const ws = workspace({ 'd/f': 'first' });
    expect((await withCache(ws, (c) => c.saveCache(['d'], 'same-key'))).value).toBeGreaterThan(0);
    writeFileSync(path.join(ws, 'd/f'), 'second');
    const again = await withCache(ws, (c) => c.saveCache(['d'], 'same-key'));
    expect(again.value).toBe(-1);
    expect(again.log).toContain(
      'Failed to save: Unable to reserve cache with key same-key, another job may be creating this cache.',
    );
    expect(warnings(again.log)).toEqual([]);
    expect(calls(server, 'CreateCacheEntry').map((r) => r.status)).toEqual([200, 409]);
    expect(server.entries().map((e) => e.data.length)).toHaveLength(1);
    expect(server.bytesUploaded()).toBe(server.entries()[0].size);
  });

  it('keeps entries across restarts with persistDir', async () => {
    const dir = tempDir('persist');
    const first = await startCacheServer({ persistDir: dir });
    const src = workspace({ 'p/data.bin': randomBytes(4096) });
    try {
      expect((await withCache(src, (c) => c.saveCache(['p'], 'persisted'), first.env())).value).toBe(1);
    } finally {
      await first.stop();
    }
    const second = await startCacheServer({ persistDir: dir });
    try {
      expect(second.entries().map((e) => e.key)).toEqual(['persisted']);
      const dest = workspace();
      const restored = await withCache(dest, (c) => c.restoreCache(['p'], 'persisted'), second.env());
      expect(restored.value).toBe('persisted');
      expect(readTree(dest)).toEqual(readTree(src));
      // New entries continue the id sequence; clear() forgets the files too.
      expect((await withCache(src, (c) => c.saveCache(['p'], 'persisted-2'), second.env())).value).toBe(2);
      second.clear();
      expect(second.entries()).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describe('wire contract', () => {
  it('answers twirp errors as JSON {code, msg} and requires the bearer token', async () => {
    const noAuth = await fetch(new URL(`${TWIRP}CreateCacheEntry`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'k', version: 'v' }),
    });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ code: 'unauthenticated' });
    const wrongToken = await twirp('CreateCacheEntry', { key: 'k', version: 'v' }, 'nope');
    expect(wrongToken.status).toBe(401);
    const unknown = await twirp('DeleteCacheEntry', { key: 'k' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'bad_route' });
    const noKey = await twirp('CreateCacheEntry', { version: 'v' });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({ code: 'invalid_argument' });
    const notReserved = await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '1' });
    expect(notReserved.status).toBe(404);
    expect(await notReserved.json()).toMatchObject({ code: 'not_found' });
  });

  it('takes a block upload from the real Azure SDK (stageBlock + commitBlockList), restorable by the library', async () => {
    // The library only switches to blocks above 128 MiB; reuse a real archive and upload it in blocks.
    const src = workspace({ 'blk/data.bin': randomBytes(2 * 1024 * 1024), 'blk/readme': 'blocks\n' });
    await withCache(src, (c) => c.saveCache(['blk'], 'single-shot'));
    const [archive] = server.entries();

    const created = await twirp('CreateCacheEntry', { key: 'via-blocks', version: archive.version });
    const { ok, signed_upload_url } = (await created.json()) as { ok: boolean; signed_upload_url: string };
    expect(ok).toBe(true);
    const file = path.join(tempDir('archive'), 'cache.tzst');
    writeFileSync(file, archive.data);
    const client = new BlockBlobClient(signed_upload_url);
    expect(client.accountName).toBe('shipshapecache');
    expect(client.containerName).toBe('actions-cache');
    const upload = await client.uploadFile(file, {
      maxSingleShotSize: 256 * 1024,
      blockSize: 256 * 1024,
      concurrency: 4,
    });
    expect(upload._response.status).toBe(201);
    expect(upload.etag).toMatch(/^"0x/);
    const comp = (c: string) =>
      server.requests.filter((r) => new URL(r.path, server.url).searchParams.get('comp') === c);
    expect(comp('block').length).toBe(Math.ceil(archive.size / (256 * 1024)));
    expect(comp('block').every((r) => r.status === 201)).toBe(true);
    expect(comp('blocklist').map((r) => r.status)).toEqual([201]);

    const finalized = await twirp('FinalizeCacheEntryUpload', {
      key: 'via-blocks',
      version: archive.version,
      size_bytes: String(archive.size),
    });
    expect(await finalized.json()).toEqual({ ok: true, entry_id: '2' });
    expect(server.entries()[1]).toMatchObject({ key: 'via-blocks', size: archive.size });
    expect(server.entries()[1].data.equals(archive.data)).toBe(true);

    const dest = workspace();
    expect((await withCache(dest, (c) => c.restoreCache(['blk'], 'via-blocks'))).value).toBe('via-blocks');
    expect(readTree(dest)).toEqual(readTree(src));
  });

  it('implements block lists (Latest/Uncommitted/Committed), ranges and SAS checks over plain HTTP', async () => {
    const version = 'a'.repeat(64);
    const { signed_upload_url: up } = (await (
      await twirp('CreateCacheEntry', { key: 'raw', version })
    ).json()) as {
      signed_upload_url: string;
    };
    const put = (query: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${up}&${query}`, { method: 'PUT', body, headers });
    const id = (n: number) => encodeURIComponent(Buffer.from(`block-${n}`).toString('base64'));
    const list = (items: string) =>
      `<?xml version="1.0" encoding="utf-8"?><BlockList>${items}</BlockList>`.replace(
        /%ID(\d)/g,
        (_, n: string) => Buffer.from(`block-${n}`).toString('base64'),
      );

    for (const [n, text] of [
      [1, 'AAA'],
      [2, 'BBB'],
      [3, 'CCC'],
    ] as const) {
      const staged = await put(`comp=block&blockid=${id(n)}`, text);
      expect(staged.status).toBe(201);
      expect(staged.headers.get('content-md5')).toBeTruthy();
      expect(staged.headers.get('x-ms-request-id')).toBeTruthy();
    }
    const commit1 = await put('comp=blocklist', list('<Latest>%ID1</Latest><Uncommitted>%ID3</Uncommitted>'));
    expect(commit1.status).toBe(201);
    expect(commit1.headers.get('etag')).toBeTruthy();
    // Re-commit: keep committed block 1, add a new block 2 (Latest prefers the uncommitted one).
    await put(`comp=block&blockid=${id(2)}`, 'bb');
    expect(
      (await put('comp=blocklist', list('<Committed>%ID1</Committed><Latest>%ID2</Latest>'))).status,
    ).toBe(201);
    const unknownBlock = await put('comp=blocklist', list('<Uncommitted>%ID9</Uncommitted>'));
    expect(unknownBlock.status).toBe(400);
    expect(unknownBlock.headers.get('x-ms-error-code')).toBe('InvalidBlockList');
    expect(await unknownBlock.text()).toContain('<Code>InvalidBlockList</Code>');

    // A whole-blob PUT needs x-ms-blob-type; a wrong signature is refused.
    expect((await fetch(up, { method: 'PUT', body: 'x' })).status).toBe(400);
    expect((await fetch(up.replace(/sig=[^&]+/, 'sig=bad'), { method: 'PUT', body: 'x' })).status).toBe(403);

    const fin = await twirp('FinalizeCacheEntryUpload', { key: 'raw', version, size_bytes: '5' });
    expect(await fin.json()).toMatchObject({ ok: true });
    expect(server.entries()[0].data.toString()).toBe('AAAbb');

    const { signed_download_url: down, matched_key } = (await (
      await twirp('GetCacheEntryDownloadURL', { key: 'r', restore_keys: ['ra'], version })
    ).json()) as { signed_download_url: string; matched_key: string };
    expect(matched_key).toBe('raw');
    const whole = await fetch(down);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe('5');
    // Azure keeps a blob's MD5 from its upload: a block list committed without one has none.
    expect(whole.headers.get('content-md5')).toBeNull();
    expect(await whole.text()).toBe('AAAbb');
    const part = await fetch(down, { headers: { range: 'bytes=2-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-3/5');
    expect(await part.text()).toBe('Ab');
    const head = await fetch(down, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('5');
    expect((await fetch(down, { headers: { range: 'bytes=9-' } })).status).toBe(416);
    // Uploads are closed once finalized.
    expect(
      (await fetch(up, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' } })).status,
    ).toBe(403);
  });
});

describe('faults, as the real library meets them', () => {
  const paths = ['f'];
  let src: string;
  const seed = async () => {
    src = workspace({ 'f/data.bin': randomBytes(64 * 1024) });
    await withCache(src, (c) => c.saveCache(paths, 'seed'));
    server.requests.length = 0;
  };

  it('429 on twirp: no retry; restore resolves undefined with a warning, save resolves -1 with info only', async () => {
    await seed();
    server.fault = { kind: 'status', status: 429, on: 'twirp' };
    const restore = await withCache(workspace(), (c) => c.restoreCache(paths, 'seed'));
    expect(restore.value).toBeUndefined();
    expect(restore.ms).toBeLessThan(2000);
    expect(warnings(restore.log).join('\n')).toContain(
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Rate limited',
    );
    const save = await withCache(src, (c) => c.saveCache(paths, 'new-key'));
    expect(save.value).toBe(-1);
    expect(save.log).toContain(
      'Failed to save: Unable to reserve cache with key new-key, another job may be creating this cache.',
    );
    expect(server.requests.map((r) => [r.path.slice(TWIRP.length), r.status])).toEqual([
      ['GetCacheEntryDownloadURL', 429],
      ['CreateCacheEntry', 429],
    ]);
  });

  it('5xx on twirp: 5 attempts with 3 s, ~4.5-6.75 s, ~6.75-10.1 s, ~10.1-15.2 s backoff, then undefined / -1', async () => {
    await seed();
    server.fault = { kind: 'status', status: 503, on: 'twirp' };
    const run = await withCache(src, (c) =>
      Promise.all([c.restoreCache(paths, 'seed'), c.saveCache(paths, 'new-key')]),
    );
    expect(run.value).toEqual([undefined, -1]);
    expect(calls(server, 'GetCacheEntryDownloadURL').map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(calls(server, 'CreateCacheEntry').map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(run.ms).toBeGreaterThan(24_000);
    expect(run.ms).toBeLessThan(40_000);
    expect(run.log.filter((l) => /^Attempt 4 of 5 failed/.test(l))).toHaveLength(2);
    expect(warnings(run.log).join('\n')).toContain('Failed to make request after 5 attempts');
  }, 90_000);

  it('5xx on blobs: upload 503 tried 4 times (~16 s), download 503 tried twice (~5 s); 500 download once', async () => {
    await seed();
    server.fault = { kind: 'status', status: 503, on: 'blob' };
    const run = await withCache(src, (c) =>
      Promise.all([c.restoreCache(paths, 'seed'), c.saveCache(paths, 'new-key')]),
    );
    expect(run.value).toEqual([undefined, -1]);
    expect(blobRequests(server, 'GET').map((r) => r.status)).toEqual([503, 503]);
    expect(blobRequests(server, 'PUT').map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(run.ms).toBeGreaterThan(15_000);
    expect(run.ms).toBeLessThan(30_000);
    expect(warnings(run.log).join('\n')).toContain('downloadCache failed: Cache service responded with 503');
    expect(warnings(run.log).join('\n')).toContain(
      'uploadCacheArchiveSDK: internal error uploading cache archive',
    );
    // The failed upload's reservation stays in flight (for 5 minutes), so saving that key again right away is
    // refused as if another job were creating it.
    expect(server.entries().map((e) => e.key)).toEqual(['seed']);
    server.fault = null;
    expect((await withCache(src, (c) => c.saveCache(paths, 'new-key'))).value).toBe(-1);
    expect(calls(server, 'CreateCacheEntry').map((r) => r.status)).toEqual([200, 409]);

    server.requests.length = 0;
    server.fault = { kind: 'status', status: 500, on: 'blob' };
    const once = await withCache(workspace(), (c) => c.restoreCache(paths, 'seed'));
    expect(once.value).toBeUndefined();
    expect(blobRequests(server, 'GET').map((r) => r.status)).toEqual([500]);
    expect(once.ms).toBeLessThan(3000);
  }, 90_000);

  it('corrupt download: extraction fails, restore resolves undefined with a warning and leaves no files', async () => {
    await seed();
    server.fault = { kind: 'corrupt' };
    const dest = workspace();
    const run = await withCache(dest, (c) => c.restoreCache(paths, 'seed'));
    expect(run.value).toBeUndefined();
    expect(warnings(run.log).join('\n')).toMatch(/Failed to restore: .*tar.* failed/);
    expect(readTree(dest)).toEqual({});
    expect(server.bytesDownloaded()).toBe(server.entries()[0].size);
  });

  it('hang: the call stays pending; when the connection drops it resolves undefined at once (no retry)', async () => {
    const hanging = await startCacheServer();
    const target = hanging.env();
    const ws = workspace();
    hanging.fault = { kind: 'hang' };
    let settled = false;
    const run = withCache(ws, (c) => c.restoreCache(paths, 'seed'), target).finally(() => (settled = true));
    await sleep(3000);
    expect(settled).toBe(false);
    expect(hanging.requests.map((r) => [r.path.slice(TWIRP.length), r.status])).toEqual([
      ['GetCacheEntryDownloadURL', 0],
    ]);
    const stopped = Date.now();
    await hanging.stop();
    const { value, log } = await run;
    expect(value).toBeUndefined();
    expect(Date.now() - stopped).toBeLessThan(2000);
    expect(warnings(log).join('\n')).toContain('Unable to make request: ECONNRESET');

    // Down (nothing listening): no retry either; restore undefined, save -1, both at once.
    const down = await withCache(
      workspace({ 'f/x': 'x' }),
      (c) => Promise.all([c.restoreCache(paths, 'seed'), c.saveCache(paths, 'k')]),
      target,
    );
    expect(down.value).toEqual([undefined, -1]);
    expect(down.ms).toBeLessThan(3000);
    expect(warnings(down.log).join('\n')).toContain('Unable to make request: ECONNREFUSED');
  });
});
