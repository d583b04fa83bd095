// A local stand-in for the legacy Actions cache service that GitHub Enterprise Server's runners give
// (`ACTIONS_CACHE_URL` + `ACTIONS_RUNTIME_TOKEN`), so that the real @actions/cache library saves and
// restores against 127.0.0.1 as it does on GHES. Point the library at it with `server.env()`: a
// GITHUB_SERVER_URL that is not github.com makes the library use this service (its `isGhes()`).
//
// Contract (as @actions/cache 6.3.0 speaks it, `internal/cacheHttpClient.ts`; every call needs the
// bearer token and asks `Accept: application/json;api-version=6.0-preview.1`):
//   GET   _apis/artifactcache/cache?keys=k1,k2&version=V  → 200 {cacheKey, scope, creationTime,
//         archiveLocation}, or 204 on a miss. Lookup: for each key in order, the exact key, then the
//         newest entry whose key starts with it; always the same version.
//   POST  _apis/artifactcache/caches {key, version, cacheSize} → 201 {cacheId}; a key+version that
//         exists or is being written → 409.
//   PATCH _apis/artifactcache/caches/{id}, `Content-Range: bytes START-END/*`, the chunk → 204.
//   POST  _apis/artifactcache/caches/{id} {size} → 204 once the chunks cover exactly `size` bytes.
//   GET   the `archiveLocation` (this server's /archives/{id}) → the archive.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

interface Entry {
  id: number;
  key: string;
  version: string;
  createdAt: number;
  /** Chunks by start offset while being written; whole once committed. */
  chunks: Map<number, Buffer>;
  data?: Buffer;
}

export interface LegacyCacheServer {
  /** `http://127.0.0.1:PORT/`: ACTIONS_CACHE_URL. */
  url: string;
  token: string;
  /** ACTIONS_CACHE_URL, ACTIONS_RUNTIME_TOKEN and a GHES GITHUB_SERVER_URL; never the v2 variables. */
  env(): Record<string, string>;
  /** Committed entries, oldest first. */
  entries(): { key: string; version: string; size: number }[];
  /** `METHOD path` of every request, in arrival order. */
  requests: string[];
  stop(): Promise<void>;
}

const API = '/_apis/artifactcache/';

export async function startLegacyCacheServer(): Promise<LegacyCacheServer> {
  const token = `legacy-cache-token-${randomBytes(8).toString('hex')}`;
  const entries: Entry[] = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let nextId = 1;
  let base = '';

  const json = (res: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const committed = () => entries.filter((entry) => entry.data);

  const lookup = (keys: string[], version: string): Entry | undefined => {
    const candidates = committed()
      .filter((entry) => entry.version === version)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    for (const key of keys) {
      const found =
        candidates.find((entry) => entry.key === key) ??
        candidates.find((entry) => entry.key.startsWith(key));
      if (found) return found;
    }
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}`);
    const archive = /^\/archives\/(\d+)$/.exec(url.pathname);
    if (archive && req.method === 'GET') {
      const data = entries.find((entry) => entry.id === Number(archive[1]))?.data;
      if (!data) return json(res, 404, { message: 'no such archive' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      res.end(data);
      return;
    }
    if (!url.pathname.startsWith(API)) return json(res, 404, { message: `no route ${url.pathname}` });
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { message: 'bad token' });
    const resource = url.pathname.slice(API.length);
    if (resource === 'cache' && req.method === 'GET') {
      const keys = (url.searchParams.get('keys') ?? '').split(',').filter(Boolean);
      const found = lookup(keys, url.searchParams.get('version') ?? '');
      if (!found) return json(res, 204);
      return json(res, 200, {
        scope: 'refs/heads/main',
        cacheKey: found.key,
        cacheVersion: found.version,
        creationTime: new Date(found.createdAt).toISOString(),
        archiveLocation: `${base}archives/${found.id}`,
      });
    }
    if (resource === 'caches' && req.method === 'POST') {
      const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string };
      if (entries.some((entry) => entry.key === key && entry.version === version)) {
        return json(res, 409, { message: `Cache already exists or is being created: ${key}` });
      }
      const entry: Entry = { id: nextId++, key, version, createdAt: Date.now(), chunks: new Map() };
      entries.push(entry);
      return json(res, 201, { cacheId: entry.id });
    }
    const byId = /^caches\/(\d+)$/.exec(resource);
    const entry = byId ? entries.find((candidate) => candidate.id === Number(byId[1])) : undefined;
    if (!entry || entry.data) return json(res, 404, { message: `no cache being written at ${resource}` });
    if (req.method === 'PATCH') {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range'] ?? ''));
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length) {
        return json(res, 400, { message: 'Content-Range does not match the chunk' });
      }
      entry.chunks.set(Number(range[1]), body);
      return json(res, 204);
    }
    if (req.method === 'POST') {
      const { size } = JSON.parse(body.toString('utf8')) as { size: number };
      const ordered = [...entry.chunks].sort(([a], [b]) => a - b);
      let offset = 0;
      for (const [start, chunk] of ordered) {
        if (start !== offset) return json(res, 400, { message: `a gap at byte ${offset}` });
        offset += chunk.length;
      }
      if (offset !== size) return json(res, 400, { message: `size ${size} but ${offset} bytes uploaded` });
      entry.data = Buffer.concat(ordered.map(([, chunk]) => chunk));
      entry.chunks.clear();
      return json(res, 204);
    }
    return json(res, 405, { message: `${req.method} not allowed on ${resource}` });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        json(res, 500, { message: String(error) });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    token,
    env: () => ({
      ACTIONS_CACHE_URL: base,
      ACTIONS_RUNTIME_TOKEN: token,
      GITHUB_SERVER_URL: 'https://ghes.example.test',
      ACTIONS_RESULTS_URL: '',
      ACTIONS_CACHE_SERVICE_V2: '',
    }),
    entries: () =>
      committed().map((entry) => ({ key: entry.key, version: entry.version, size: entry.data!.length })),
    requests,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
