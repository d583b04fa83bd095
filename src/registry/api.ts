import { Readable } from 'node:stream';
import { parseReference, type ImageReference } from '../naming/reference.js';
import type { RegistryCredential } from '../settings/publish.js';

/** Manifest media types asked for: lists/indexes first, so a multi-platform image shows its platforms. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

export interface ImageManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageIndex {
  mediaType: string;
  manifests: Descriptor[];
}

export class RegistryApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** What the client asked of the registry: how a benchmark proves no layer blob was read. */
export interface RequestLog {
  method: string;
  url: string;
  status: number;
  bytes: number;
}

/**
 * Reads manifests and image configurations through the registry's HTTP API (Distribution's v2
 * API), with the run's credentials: Basic, or the Bearer token flow of Docker Hub, GHCR and others.
 * It reads a layer blob only to copy it to another repository (`blobStream`), never to measure it.
 */
export class RegistryClient {
  readonly requests: RequestLog[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly configs = new Map<string, Promise<Record<string, unknown>>>();
  private readonly manifests = new Map<
    string,
    Promise<{ digest: string; manifest: ImageManifest | ImageIndex } | undefined>
  >();

  constructor(
    private readonly credentials: RegistryCredential[] = [],
    private readonly fetchImpl: typeof fetch = fetch,
    /** Called with every credential the client derives (a Bearer token), before it is used. */
    private readonly mask: (secret: string) => void = () => {},
  ) {}

  /** The manifest a reference names, or `undefined` when the registry does not have it. */
  async manifest(
    reference: ImageReference | string,
  ): Promise<{ digest: string; manifest: ImageManifest | ImageIndex } | undefined> {
    const ref = typeof reference === 'string' ? parseReference(reference) : reference;
    const tagOrDigest = ref.digest ?? ref.tag ?? 'latest';
    // One run asks for a manifest more than once (the image, then its platforms): ask the registry once.
    const key = `${ref.registry}/${ref.path}/${tagOrDigest}`;
    let pending = this.manifests.get(key);
    if (!pending) {
      pending = this.get(ref, `manifests/${tagOrDigest}`, MANIFEST_TYPES.join(', ')).then(async (response) =>
        response.status === 404
          ? undefined
          : {
              digest: response.headers.get('docker-content-digest') ?? ref.digest ?? '',
              manifest: JSON.parse(await this.read(response)) as ImageManifest | ImageIndex,
            },
      );
      this.manifests.set(key, pending);
      pending.catch(() => this.manifests.delete(key));
    }
    return pending;
  }

  /** An image's configuration blob (small JSON), never a layer. */
  async config(reference: ImageReference, descriptor: Descriptor): Promise<Record<string, unknown>> {
    if (!/config|container\.image/i.test(descriptor.mediaType)) {
      throw new RegistryApiError(
        `refusing to read ${descriptor.mediaType} ${descriptor.digest}: not a configuration`,
      );
    }
    // Content-addressed, so read once per run (the runner's platform, then the platform table).
    const key = `${reference.registry}/${reference.path}@${descriptor.digest}`;
    let pending = this.configs.get(key);
    if (!pending) {
      pending = this.get(reference, `blobs/${descriptor.digest}`).then(async (response) => {
        if (response.status === 404)
          throw new RegistryApiError(`configuration ${descriptor.digest} missing`, 404);
        return JSON.parse(await this.read(response)) as Record<string, unknown>;
      });
      this.configs.set(key, pending);
      pending.catch(() => this.configs.delete(key));
    }
    return pending;
  }

  /** A manifest's exact bytes and media type (what a copy puts elsewhere), or `undefined` when missing. */
  async manifestBytes(
    reference: ImageReference,
    tagOrDigest: string,
  ): Promise<{ mediaType: string; bytes: Buffer; digest: string } | undefined> {
    const response = await this.get(reference, `manifests/${tagOrDigest}`, MANIFEST_TYPES.join(', '));
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const mediaType =
      (response.headers.get('content-type') ?? '').split(';')[0].trim() ||
      ((JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? '');
    return { mediaType, bytes, digest: response.headers.get('docker-content-digest') ?? '' };
  }

  /** A blob's bytes as they arrive (`GET …/blobs/<digest>`): to copy it to another repository. */
  blobStream(reference: ImageReference, digest: string): NodeJS.ReadableStream {
    const respond = () => this.get(reference, `blobs/${digest}`);
    return Readable.from(
      (async function* () {
        const response = await respond();
        if (response.status === 404 || !response.body) {
          throw new RegistryApiError(`${reference.registry}/${reference.path}: blob ${digest} missing`, 404);
        }
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
      })(),
    );
  }

  private get(ref: ImageReference, path: string, accept?: string): Promise<Response> {
    return this.send(ref, 'GET', path, accept ? { accept } : {});
  }

  /** Whether the repository has a blob (`HEAD /v2/<name>/blobs/<digest>`). */
  async hasBlob(reference: ImageReference, digest: string): Promise<boolean> {
    const response = await this.send(reference, 'HEAD', `blobs/${digest}`, {});
    return response.ok;
  }

  /**
   * Uploads a blob unless the repository has it: `POST …/blobs/uploads/`, then one `PUT` of the
   * whole blob with its digest. `open` is called for the body (a file, read as it is sent).
   */
  async uploadBlob(
    reference: ImageReference,
    blob: { digest: string; size: number; open: () => NodeJS.ReadableStream },
  ): Promise<'uploaded' | 'present'> {
    if (await this.hasBlob(reference, blob.digest)) return 'present';
    const started = await this.send(reference, 'POST', 'blobs/uploads/', {}, undefined, [202]);
    const location = started.headers.get('location');
    if (!location)
      throw new RegistryApiError(`${reference.registry}/${reference.path}: upload has no Location`);
    const url = new URL(location, `${scheme(reference.registry)}://${apiHost(reference.registry)}`);
    url.searchParams.set('digest', blob.digest);
    await this.send(
      reference,
      'PUT',
      url.toString(),
      { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      blob.open,
      [201],
    );
    return 'uploaded';
  }

  /** `PUT /v2/<name>/manifests/<tag or digest>`; returns the digest the registry gives it. */
  async putManifest(
    reference: ImageReference,
    tagOrDigest: string,
    manifest: { mediaType: string; bytes: Buffer },
  ): Promise<string> {
    const response = await this.send(
      reference,
      'PUT',
      `manifests/${tagOrDigest}`,
      { 'content-type': manifest.mediaType },
      () => manifest.bytes,
      [201],
    );
    this.manifests.clear();
    return response.headers.get('docker-content-digest') ?? '';
  }

  /**
   * One request to the repository's API (`path` relative to `/v2/<name>/`, or a whole URL the
   * registry gave), answering a 401 challenge once. GETs return 404 to the caller; other requests
   * fail unless the status is one of `expected`.
   */
  private async send(
    ref: ImageReference,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: () => NodeJS.ReadableStream | Buffer,
    expected?: number[],
  ): Promise<Response> {
    const host = apiHost(ref.registry);
    const url = /^https?:\/\//.test(path) ? path : `${scheme(ref.registry)}://${host}/v2/${ref.path}/${path}`;
    const key = `${host}/${ref.path}`;
    const token = this.tokens.get(key);
    const sent = token ? { ...headers, authorization: token } : headers;
    let response = await this.fetchLogged(method, url, sent, body);
    let text: string | undefined;
    if (response.status === 401) {
      text = await response.text();
      const authorization = await this.authorize(ref, response.headers.get('www-authenticate') ?? '');
      if (authorization) {
        this.tokens.set(key, authorization);
        response = await this.fetchLogged(method, url, { ...headers, authorization }, body);
        text = undefined;
      }
    }
    const fine = expected
      ? expected.includes(response.status)
      : response.ok || response.status === 404 || method === 'HEAD';
    if (text === undefined && fine) return response;
    text = (text ?? (await response.text())).slice(0, 300);
    const why =
      response.status === 401 || response.status === 403
        ? `not allowed (HTTP ${response.status}): log in to ${ref.registry} with 'registry'/'username'/'password' or 'registry-auth'`
        : `HTTP ${response.status} ${text}`;
    const verb = method === 'GET' ? '' : `${method} `;
    throw new RegistryApiError(`${ref.registry}/${ref.path}: ${verb}${why}`, response.status);
  }

  /** Answers a 401 challenge: Basic with the credentials, or a Bearer token from the realm. */
  private async authorize(ref: ImageReference, challenge: string): Promise<string | undefined> {
    const credential = this.credentials.find(
      (c) =>
        (c.registry || 'docker.io') === ref.registry ||
        apiHost(c.registry || 'docker.io') === apiHost(ref.registry),
    );
    const basic = credential
      ? `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`
      : undefined;
    if (/^basic/i.test(challenge)) return basic;
    if (!/^bearer/i.test(challenge)) return undefined;
    const params = Object.fromEntries(
      [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key.toLowerCase(), value]),
    );
    if (!params.realm) return undefined;
    let url: URL;
    try {
      url = new URL(params.realm);
    } catch {
      return undefined;
    }
    // Credentials travel over HTTPS only; plain HTTP only to the registry's own loopback host.
    const sameLoopback =
      url.protocol === 'http:' && url.host === apiHost(ref.registry) && isLoopback(ref.registry);
    const mayCarry = url.protocol === 'https:' || sameLoopback;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${ref.path}:pull`);
    const response = await this.fetchLogged(
      'GET',
      url.toString(),
      basic && mayCarry ? { authorization: basic } : {},
    );
    if (!response.ok) {
      await response.arrayBuffer();
      return undefined;
    }
    const body = JSON.parse(await this.read(response)) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token) this.mask(token);
    if (body.access_token && body.token && body.access_token !== body.token) this.mask(body.access_token);
    return token ? `Bearer ${token}` : undefined;
  }

  private async fetchLogged(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: () => NodeJS.ReadableStream | Buffer,
  ): Promise<Response> {
    const payload = body?.();
    const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'follow' };
    if (payload) {
      init.body = Buffer.isBuffer(payload)
        ? payload
        : (Readable.toWeb(Readable.from(payload)) as unknown as RequestInit['body']);
      if (!Buffer.isBuffer(payload)) init.duplex = 'half';
    }
    const response = await this.fetchImpl(url, init);
    this.requests.push({
      method,
      url,
      status: response.status,
      bytes: Number(response.headers.get('content-length') ?? 0),
    });
    return response;
  }

  private async read(response: Response): Promise<string> {
    return response.text();
  }
}

/** Docker Hub's API lives at registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** Like Docker: plain HTTP only for a registry on this machine; HTTPS everywhere else. */
export function scheme(registry: string): 'http' | 'https' {
  return isLoopback(registry) ? 'http' : 'https';
}

/**
 * `localhost`, `[::1]` or an IPv4 address in 127.0.0.0/8 (four numbers, not a name that starts
 * with `127.`), with or without a port.
 */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** `linux/amd64`, `linux/arm64/v8` from a descriptor's platform. */
export function platformOf(platform: Descriptor['platform']): string {
  if (!platform) return '';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
