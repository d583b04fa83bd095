// A local stand-in for GitHub's Actions cache service (the v2 "results" twirp contract) plus the Azure
// Blob endpoints its signed URLs point at, so that the real @actions/cache library can save and restore
// against 127.0.0.1. Point the library at it with `server.env()`.
//
// Contract (as @actions/cache 6.3.0 speaks it):
//   POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry          {key, version}
//        → {ok, signed_upload_url}; an existing (or in-flight) key+version → twirp already_exists (409)
//   POST .../FinalizeCacheEntryUpload {key, version, size_bytes}                    → {ok, entry_id}
//   POST .../GetCacheEntryDownloadURL {key, restore_keys, version}                  → {ok, signed_download_url,
//        matched_key}; a miss is 200 {ok: false}
//   Twirp errors are JSON {code, msg} with the matching HTTP status; the bearer token is required.
//   Blob URLs are path-style, /<account>/<container>/<blob>?<sas>, as the Azure SDK expects for IP hosts:
//   PUT (x-ms-blob-type: BlockBlob) uploads a whole blob, PUT ?comp=block&blockid= stages a block,
//   PUT ?comp=blocklist commits an XML block list; GET/HEAD download, honouring Range / x-ms-range.
// Lookup order follows GitHub's documented matching: exact key, then the newest entry whose key starts
// with the primary key, then each restore key in order (newest prefix match); always the same version.
// A reservation whose upload never got finalized keeps refusing that key+version (409, "another job may
// be creating this cache") for RESERVATION_TTL_MS, then lapses.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

interface CacheEntry {
  key: string;
  version: string;
  size: number;
  createdAt: number;
  data: Buffer;
}

interface RequestRecord {
  method: string;
  /** Path and query as received, e.g. `/twirp/…/CreateCacheEntry` or `/acct/cache/blob?sig=…&comp=block`. */
  path: string;
  /** HTTP status sent; 0 while unanswered (or never answered, under the `hang` fault). */
  status: number;
  /** Body bytes received plus body bytes sent. */
  bytes: number;
}

type CacheFault =
  | null
  | { kind: 'status'; status: number; on?: 'twirp' | 'blob' | 'all' }
  | { kind: 'corrupt' }
  | { kind: 'hang'; on?: 'twirp' | 'blob' | 'all' };

export interface CacheServer {
  /** `http://127.0.0.1:PORT/` — use as ACTIONS_RESULTS_URL. */
  url: string;
  /** Expected bearer token; twirp requests without it get 401. */
  token: string;
  /** ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, GITHUB_SERVER_URL. */
  env(): Record<string, string>;
  /** Committed (finalized) entries, oldest first. */
  entries(): CacheEntry[];
  /** Every request received, in arrival order. */
  requests: RequestRecord[];
  /** Blob data bytes received by PUTs (whole blobs and blocks, including ones answered with a fault). */
  bytesUploaded(): number;
  /** Blob data bytes sent by GETs (including `corrupt` ones; not error bodies). */
  bytesDownloaded(): number;
  /**
   * Injected failure, settable at any time:
   * - `status`: answer with that status (twirp-shaped JSON on twirp, Azure XML on blobs), limited to
   *   `on` ('all' by default);
   * - `corrupt`: blob downloads return random bytes of the right length;
   * - `hang`: accept every request (limited to `on`, 'all' by default), read it, never answer.
   */
  fault: CacheFault;
  /** Forgets entries, reservations, blobs, request log and counters (and the persisted files). */
  clear(): void;
  /** Closes the listener and destroys every open connection (hung ones included). */
  stop(): Promise<void>;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = 'shipshapecache';
const CONTAINER = 'actions-cache';
const X_MS_VERSION = '2025-11-05';
/** A reservation that was never finalized stops blocking CreateCacheEntry after this long. */
const RESERVATION_TTL_MS = 5 * 60_000;

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503,
  deadline_exceeded: 504,
};

function twirpCodeFor(status: number): string {
  for (const [code, s] of Object.entries(TWIRP_STATUS)) if (s === status) return code;
  return status >= 500 ? 'internal' : 'unknown';
}

const AZURE_CODE: Record<number, string> = {
  400: 'InvalidInput',
  403: 'AuthenticationFailed',
  404: 'BlobNotFound',
  409: 'Conflict',
  429: 'ServerBusy',
  500: 'InternalError',
  503: 'ServerBusy',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface StoredEntry {
  id: number;
  key: string;
  version: string;
  size: number;
  createdAt: number;
  blob: string;
  /** The blob's Content-MD5 property, as Azure keeps it from the upload (never computed per download). */
  contentMd5?: string;
  /** In memory, or undefined when it lives in persistDir. */
  data?: Buffer;
}

interface Blob {
  /** Committed content (whole-blob PUT or commitBlockList); undefined until then. */
  data?: Buffer;
  /** Set by a whole-blob PUT (Azure hashes it) or by x-ms-blob-content-md5 on a block list commit. */
  contentMd5?: string;
  uncommitted: Map<string, Buffer>;
  committed: { id: string; data: Buffer }[];
  etag: string;
  lastModified: Date;
}

interface Reservation {
  key: string;
  version: string;
  blob: string;
  createdAt: number;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const newEtag = () => `"0x8DC${randomBytes(6).toString('hex').toUpperCase()}"`;
const slot = (key: string, version: string) => `${key}\u0000${version}`;

export async function startCacheServer(opts: { persistDir?: string } = {}): Promise<CacheServer> {
  const token = `cache-token-${randomBytes(12).toString('hex')}`;
  const sig = randomBytes(16).toString('hex');
  const persistDir = opts.persistDir ? path.resolve(opts.persistDir) : undefined;

  let entries: StoredEntry[] = [];
  let reservations = new Map<string, Reservation>();
  let blobs = new Map<string, Blob>();
  let nextId = 1;
  let uploaded = 0;
  let downloaded = 0;
  const sockets = new Set<Socket>();

  if (persistDir) {
    mkdirSync(persistDir, { recursive: true });
    for (const name of readdirSync(persistDir)) {
      if (!name.endsWith('.json')) continue;
      const meta = JSON.parse(readFileSync(path.join(persistDir, name), 'utf8')) as StoredEntry;
      entries.push(meta);
      nextId = Math.max(nextId, meta.id + 1);
    }
    entries.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  }

  const entryData = (e: StoredEntry): Buffer =>
    e.data ?? readFileSync(path.join(persistDir ?? '', `entry-${e.id}.bin`));

  function persist(e: StoredEntry): void {
    if (!persistDir) return;
    const base = path.join(persistDir, `entry-${e.id}`);
    writeFileSync(`${base}.bin.tmp`, e.data ?? Buffer.alloc(0));
    renameSync(`${base}.bin.tmp`, `${base}.bin`);
    const meta = { ...e, data: undefined };
    writeFileSync(`${base}.json.tmp`, JSON.stringify(meta));
    renameSync(`${base}.json.tmp`, `${base}.json`);
    e.data = undefined;
  }

  const blobUrl = (blob: string) =>
    `${origin}/${ACCOUNT}/${CONTAINER}/${encodeURIComponent(blob)}?sv=${X_MS_VERSION}&sr=b&sp=rcw&sig=${encodeURIComponent(sig)}`;

  // ---- twirp ----

  function findEntry(key: string, restoreKeys: string[], version: string): StoredEntry | undefined {
    const sameVersion = entries.filter((e) => e.version === version);
    const exact = sameVersion.filter((e) => e.key === key);
    if (exact.length) return exact[exact.length - 1];
    for (const prefix of [key, ...restoreKeys]) {
      const matches = sameVersion.filter((e) => e.key.startsWith(prefix));
      if (matches.length) return matches[matches.length - 1];
    }
    return undefined;
  }

  function liveReservation(key: string, version: string): Reservation | undefined {
    const r = reservations.get(slot(key, version));
    if (r && Date.now() - r.createdAt > RESERVATION_TTL_MS) {
      reservations.delete(slot(key, version));
      blobs.delete(r.blob);
      return undefined;
    }
    return r;
  }

  function str(body: Record<string, unknown>, field: string): string {
    const v = body[field];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw new HttpError(400, 'malformed', `${field} must be a string`);
    return v;
  }

  function checkKeyVersion(key: string, version: string): void {
    if (!key) throw new HttpError(400, 'invalid_argument', 'key is required');
    if (key.length > 512) throw new HttpError(400, 'invalid_argument', 'key is longer than 512 characters');
    if (!version) throw new HttpError(400, 'invalid_argument', 'version is required');
  }

  function twirp(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'CreateCacheEntry': {
        const key = str(body, 'key');
        const version = str(body, 'version');
        checkKeyVersion(key, version);
        if (entries.some((e) => e.key === key && e.version === version) || liveReservation(key, version)) {
          throw new HttpError(
            409,
            'already_exists',
            'cache entry with the same key and version already exists',
          );
        }
        const blob = `${randomUUID()}.tar`;
        reservations.set(slot(key, version), { key, version, blob, createdAt: Date.now() });
        blobs.set(blob, { uncommitted: new Map(), committed: [], etag: newEtag(), lastModified: new Date() });
        return { ok: true, signed_upload_url: blobUrl(blob) };
      }
      case 'FinalizeCacheEntryUpload': {
        const key = str(body, 'key');
        const version = str(body, 'version');
        checkKeyVersion(key, version);
        const raw = body.size_bytes ?? body.sizeBytes;
        const size = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
        if (!Number.isSafeInteger(size) || size < 0) {
          throw new HttpError(400, 'invalid_argument', 'size_bytes must be a non-negative integer');
        }
        const r = liveReservation(key, version);
        if (!r) throw new HttpError(404, 'not_found', 'no cache entry reservation for this key and version');
        const data = blobs.get(r.blob)?.data;
        if (!data) throw new HttpError(412, 'failed_precondition', 'cache archive was not uploaded');
        if (data.length !== size) {
          throw new HttpError(
            400,
            'invalid_argument',
            `size_bytes ${size} does not match the uploaded size ${data.length}`,
          );
        }
        const entry: StoredEntry = {
          id: nextId++,
          key,
          version,
          size,
          createdAt: Date.now(),
          blob: r.blob,
          contentMd5: blobs.get(r.blob)?.contentMd5,
          data,
        };
        reservations.delete(slot(key, version));
        blobs.delete(r.blob);
        entries.push(entry);
        persist(entry);
        return { ok: true, entry_id: String(entry.id) };
      }
      case 'GetCacheEntryDownloadURL': {
        const key = str(body, 'key');
        const version = str(body, 'version');
        checkKeyVersion(key, version);
        const rawRestore = body.restore_keys ?? body.restoreKeys ?? [];
        if (!Array.isArray(rawRestore) || rawRestore.some((k) => typeof k !== 'string')) {
          throw new HttpError(400, 'malformed', 'restore_keys must be a list of strings');
        }
        const hit = findEntry(key, rawRestore as string[], version);
        if (!hit) return { ok: false };
        return { ok: true, signed_download_url: blobUrl(hit.blob), matched_key: hit.key };
      }
      default:
        throw new HttpError(404, 'bad_route', `no handler for path ${SERVICE}${method}`);
    }
  }

  function sendTwirpError(res: ServerResponse, status: number, code: string, msg: string): void {
    sendBody(res, status, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ code, msg })));
  }

  async function handleTwirp(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const raw = await readBody(req);
    if (req.method !== 'POST')
      return sendTwirpError(res, 404, 'bad_route', `unsupported method ${req.method}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendTwirpError(res, 401, 'unauthenticated', 'missing or invalid bearer token');
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendTwirpError(res, 404, 'bad_route', `unexpected Content-Type: ${req.headers['content-type']}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      return sendTwirpError(res, 400, 'malformed', 'the request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendTwirpError(res, 400, 'malformed', 'the request body is not a JSON object');
    }
    try {
      const result = twirp(method, body as Record<string, unknown>);
      sendBody(res, 200, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(result)));
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      sendTwirpError(res, e.status, e.code, e.message);
    }
  }

  // ---- blobs ----

  function azureHeaders(req: IncomingMessage): Record<string, string> {
    const h: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': X_MS_VERSION,
      date: new Date().toUTCString(),
    };
    const clientId = req.headers['x-ms-client-request-id'];
    if (typeof clientId === 'string') h['x-ms-client-request-id'] = clientId;
    return h;
  }

  function sendAzureError(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    msg: string,
  ) {
    const xml =
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code>` +
      `<Message>${msg}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
    sendBody(
      res,
      status,
      { ...azureHeaders(req), 'content-type': 'application/xml', 'x-ms-error-code': code },
      Buffer.from(xml),
    );
  }

  function parseBlockList(xml: string): { kind: string; id: string }[] | undefined {
    if (!/<BlockList>[\s\S]*<\/BlockList>/.test(xml)) return undefined;
    const list: { kind: string; id: string }[] = [];
    for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
      list.push({ kind: m[1], id: m[2].trim() });
    }
    return list;
  }

  /** Parses `bytes=a-b` / `bytes=a-` / `bytes=-n` into an inclusive range; undefined when absent. */
  function parseRange(
    header: string | undefined,
    size: number,
  ): { start: number; end: number } | 'bad' | undefined {
    if (!header) return undefined;
    const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (!m || (m[1] === '' && m[2] === '')) return 'bad';
    let start: number;
    let end: number;
    if (m[1] === '') {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) return 'bad';
    return { start, end };
  }

  async function handleBlob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length !== 3 || parts[0] !== ACCOUNT || parts[1] !== CONTAINER) {
      return sendAzureError(
        req,
        res,
        400,
        'InvalidUri',
        'The requested URI does not represent any resource.',
      );
    }
    if (url.searchParams.get('sig') !== sig) {
      return sendAzureError(req, res, 403, 'AuthenticationFailed', 'Signature did not match.');
    }
    const name = parts[2];
    const comp = url.searchParams.get('comp');

    if (req.method === 'PUT') {
      const blob = blobs.get(name);
      if (!blob) {
        return sendAzureError(req, res, 403, 'AuthorizationPermissionMismatch', 'Not reserved for upload.');
      }
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) !== body.length) {
        return sendAzureError(req, res, 400, 'InvalidInput', 'Content-Length does not match the body.');
      }
      if (comp === 'block') {
        const id = url.searchParams.get('blockid');
        if (!id) return sendAzureError(req, res, 400, 'InvalidQueryParameterValue', 'blockid is required.');
        blob.uncommitted.set(id, body);
        return sendBody(
          res,
          201,
          { ...azureHeaders(req), 'content-md5': md5(body), 'x-ms-request-server-encrypted': 'true' },
          Buffer.alloc(0),
        );
      }
      if (comp === 'blocklist') {
        const list = parseBlockList(body.toString('utf8'));
        if (!list) return sendAzureError(req, res, 400, 'InvalidXmlDocument', 'Expected a BlockList.');
        const committed: { id: string; data: Buffer }[] = [];
        for (const { kind, id } of list) {
          const fromCommitted = blob.committed.find((b) => b.id === id)?.data;
          const fromUncommitted = blob.uncommitted.get(id);
          const data =
            kind === 'Uncommitted'
              ? fromUncommitted
              : kind === 'Committed'
                ? fromCommitted
                : (fromUncommitted ?? fromCommitted);
          if (!data) return sendAzureError(req, res, 400, 'InvalidBlockList', `Unknown block ${id}.`);
          committed.push({ id, data });
        }
        blob.committed = committed;
        blob.uncommitted.clear();
        blob.data = Buffer.concat(committed.map((b) => b.data));
        // Azure does not hash a block list's blob; it keeps the MD5 the client states, if any.
        const stated = req.headers['x-ms-blob-content-md5'];
        blob.contentMd5 = typeof stated === 'string' ? stated : undefined;
        blob.etag = newEtag();
        blob.lastModified = new Date();
        return sendBody(
          res,
          201,
          {
            ...azureHeaders(req),
            etag: blob.etag,
            'last-modified': blob.lastModified.toUTCString(),
            'x-ms-request-server-encrypted': 'true',
          },
          Buffer.alloc(0),
        );
      }
      if (comp)
        return sendAzureError(req, res, 400, 'InvalidQueryParameterValue', `Unsupported comp=${comp}.`);
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
        return sendAzureError(
          req,
          res,
          400,
          'MissingRequiredHeader',
          'x-ms-blob-type: BlockBlob is required.',
        );
      }
      const hash = md5(body);
      blob.data = body;
      blob.contentMd5 = hash;
      blob.committed = [];
      blob.uncommitted.clear();
      blob.etag = newEtag();
      blob.lastModified = new Date();
      return sendBody(
        res,
        201,
        {
          ...azureHeaders(req),
          etag: blob.etag,
          'last-modified': blob.lastModified.toUTCString(),
          'content-md5': hash,
          'x-ms-request-server-encrypted': 'true',
        },
        Buffer.alloc(0),
      );
    }

    if (req.method === 'GET' || req.method === 'HEAD') {
      const entry = entries.find((e) => e.blob === name);
      if (!entry) return sendAzureError(req, res, 404, 'BlobNotFound', 'The specified blob does not exist.');
      let data = entryData(entry);
      if (fault?.kind === 'corrupt') data = randomBytes(data.length);
      const headers: Record<string, string> = {
        ...azureHeaders(req),
        'content-type': 'application/octet-stream',
        'accept-ranges': 'bytes',
        etag: `"0x8DC${entry.id.toString(16).toUpperCase().padStart(12, '0')}"`,
        'last-modified': new Date(entry.createdAt).toUTCString(),
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-creation-time': new Date(entry.createdAt).toUTCString(),
        'x-ms-server-encrypted': 'true',
      };
      const rangeHeader = req.headers['x-ms-range'] ?? req.headers.range;
      const range = parseRange(typeof rangeHeader === 'string' ? rangeHeader : undefined, data.length);
      if (range === 'bad') {
        res.setHeader('content-range', `bytes */${data.length}`);
        return sendAzureError(req, res, 416, 'InvalidRange', 'The range specified is invalid.');
      }
      if (range) {
        headers['content-range'] = `bytes ${range.start}-${range.end}/${data.length}`;
        return sendBody(res, 206, headers, data.subarray(range.start, range.end + 1), true);
      }
      // A full read returns the MD5 the blob was stored with, as Azure does; none is computed here.
      if (entry.contentMd5) headers['content-md5'] = entry.contentMd5;
      return sendBody(res, 200, headers, data, true);
    }

    return sendAzureError(
      req,
      res,
      405,
      'UnsupportedHttpVerb',
      `The resource doesn't support ${req.method}.`,
    );
  }

  // ---- plumbing ----

  function sendBody(
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer,
    isDownload = false,
  ): void {
    const head = res.req.method === 'HEAD';
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    if (!head) {
      const rec = records.get(res);
      if (rec) rec.bytes += body.length;
      if (isDownload) downloaded += body.length;
    }
    res.end(head ? undefined : body);
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  const records = new WeakMap<ServerResponse, RequestRecord>();

  const server = createServer((req, res) => {
    const rec: RequestRecord = { method: req.method ?? '', path: req.url ?? '', status: 0, bytes: 0 };
    api.requests.push(rec);
    records.set(res, rec);
    req.on('data', (c: Buffer) => (rec.bytes += c.length));
    res.on('finish', () => (rec.status = res.statusCode));

    const current = fault;
    const url = new URL(req.url ?? '/', origin);
    const isTwirp = url.pathname.startsWith('/twirp/');
    if (!isTwirp && req.method === 'PUT' && url.searchParams.get('comp') !== 'blocklist') {
      req.on('data', (c: Buffer) => (uploaded += c.length));
    }
    const applies = (on: 'twirp' | 'blob' | 'all' = 'all') => on === 'all' || (on === 'twirp') === isTwirp;
    if (current?.kind === 'hang' && applies(current.on)) {
      req.resume(); // read whatever is sent, never answer
      return;
    }
    if (current?.kind === 'status') {
      if (applies(current.on)) {
        req.resume();
        req.on('end', () => {
          if (isTwirp) {
            if (current.status === 429) res.setHeader('retry-after', '60');
            sendTwirpError(
              res,
              current.status,
              twirpCodeFor(current.status),
              `injected fault ${current.status}`,
            );
          } else {
            const code = AZURE_CODE[current.status] ?? 'InternalError';
            sendAzureError(req, res, current.status, code, `injected fault ${current.status}`);
          }
        });
        return;
      }
    }
    const handled = isTwirp
      ? url.pathname.startsWith(SERVICE)
        ? handleTwirp(req, res, url.pathname.slice(SERVICE.length))
        : readBody(req).then(() =>
            sendTwirpError(res, 404, 'bad_route', `no handler for path ${url.pathname}`),
          )
      : handleBlob(req, res, url);
    handled.catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      const msg = e instanceof Error ? e.message : String(e);
      if (isTwirp) sendTwirpError(res, 500, 'internal', msg);
      else sendAzureError(req, res, 500, 'InternalError', msg);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Long keep-alive (as Azure and GitHub front ends have), so clients never race an idle-socket close; no
  // limit on how long a request body may take to arrive.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let fault: CacheFault = null;

  const api: CacheServer = {
    url: `${origin}/`,
    token,
    env: () => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${origin}/`,
      ACTIONS_RUNTIME_TOKEN: token,
      GITHUB_SERVER_URL: 'https://github.com',
    }),
    entries: () =>
      entries.map((e) => ({
        key: e.key,
        version: e.version,
        size: e.size,
        createdAt: e.createdAt,
        data: entryData(e),
      })),
    requests: [],
    bytesUploaded: () => uploaded,
    bytesDownloaded: () => downloaded,
    get fault() {
      return fault;
    },
    set fault(f: CacheFault) {
      fault = f;
    },
    clear() {
      if (persistDir) {
        for (const e of entries) {
          for (const ext of ['json', 'bin'])
            rmSync(path.join(persistDir, `entry-${e.id}.${ext}`), { force: true });
        }
      }
      entries = [];
      reservations = new Map();
      blobs = new Map();
      nextId = 1;
      api.requests.length = 0;
      uploaded = 0;
      downloaded = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
  return api;
}
