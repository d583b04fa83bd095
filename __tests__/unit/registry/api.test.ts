import { describe, expect, it } from 'vitest';
import { parseImageName } from '../../../src/naming/reference.js';
import {
  apiHost,
  platformOf,
  RegistryApiError,
  RegistryClient,
  scheme,
  type Descriptor,
} from '../../../src/registry/api.js';
import { MB } from '../size/helpers.js';
import { DIGEST, fakeFetch, json, MANIFEST, REGISTRY_ERROR } from './helpers.js';

describe('registry API helpers', () => {
  it('uses plain HTTP only for a registry on this machine', () => {
    expect(scheme('127.0.0.1:5000')).toBe('http');
    expect(scheme('localhost:5000')).toBe('http');
    expect(scheme('localhost')).toBe('http');
    expect(scheme('[::1]:5000')).toBe('http');
    expect(scheme('ghcr.io')).toBe('https');
    expect(scheme('docker.io')).toBe('https');
    expect(scheme('registry.local:5000')).toBe('https');
  });

  it('sends Docker Hub requests to registry-1.docker.io', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });

  it('writes a platform as os/architecture[/variant]', () => {
    expect(platformOf({ os: 'linux', architecture: 'amd64' })).toBe('linux/amd64');
    expect(platformOf({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe('linux/arm64/v8');
    expect(platformOf(undefined)).toBe('');
  });
});

describe('credentials travel over HTTPS only', () => {
  it('plain HTTP only for loopback addresses, not for names that start with 127.', () => {
    expect(scheme('127.registry.example.com')).toBe('https');
    expect(scheme('127.0.0.1.nip.io:5000')).toBe('https');
    expect(scheme('127.1.2.3:5000')).toBe('http');
    expect(scheme('127.0.0.256')).toBe('https');
  });

  it.each([
    ['a realm on another host over http', 'http://evil.test/token', undefined],
    ['a realm with another scheme', 'ftp://auth.test/token', undefined],
    ['a realm over https', 'https://auth.test/token', `Basic ${Buffer.from('u:p').toString('base64')}`],
  ])('%s gets %s', async (_what, realm, sent) => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': `Bearer realm="${realm}",service="reg"` }),
      json({ token: 'T0K3N' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    await new RegistryClient([{ registry: 'reg.test', username: 'u', password: 'p' }], impl)
      .manifest('reg.test/acme/app:v1')
      .catch(() => undefined);
    const tokenCall = calls.find((call) => call.url.includes('/token'));
    expect(tokenCall?.headers.authorization).toBe(sent);
  });

  it("a loopback registry's own http realm gets them", async () => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Bearer realm="http://127.0.0.1:5000/token"' }),
      json({ token: 'T0K3N' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    await new RegistryClient([{ registry: '127.0.0.1:5000', username: 'u', password: 'p' }], impl).manifest(
      '127.0.0.1:5000/acme/app:v1',
    );
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('masks every token it is given before using it', async () => {
    const masked: string[] = [];
    const { impl } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Bearer realm="https://auth.test/token"' }),
      json({ token: 'T0K3N', access_token: 'ACC3SS' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    await new RegistryClient([], impl, (secret) => masked.push(secret)).manifest('reg.test/acme/app:v1');
    expect(masked).toEqual(['T0K3N', 'ACC3SS']);
  });
});

describe('RegistryClient', () => {
  it('reads a manifest with its digest, asking for indexes, lists and manifests', async () => {
    const { impl, calls } = fakeFetch([json(MANIFEST, 200, { 'docker-content-digest': DIGEST })]);
    const client = new RegistryClient([], impl);
    const found = await client.manifest('127.0.0.1:5000/acme/app:v1');
    expect(found).toEqual({ digest: DIGEST, manifest: MANIFEST });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://127.0.0.1:5000/v2/acme/app/manifests/v1');
    const accept = calls[0].headers.accept.split(/,\s*/);
    expect(accept).toEqual(
      expect.arrayContaining([
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ]),
    );
    expect(calls[0].headers.authorization).toBeUndefined();
  });

  it('asks Docker Hub at registry-1.docker.io over HTTPS, tag latest by default', async () => {
    const { impl, calls } = fakeFetch([json(MANIFEST, 200, { 'docker-content-digest': DIGEST })]);
    await new RegistryClient([], impl).manifest('alpine');
    expect(calls[0].url).toBe('https://registry-1.docker.io/v2/library/alpine/manifests/latest');
  });

  it('is undefined for a manifest the registry does not have', async () => {
    const { impl } = fakeFetch([json({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }, 404)]);
    await expect(new RegistryClient([], impl).manifest('ghcr.io/acme/app:gone')).resolves.toBeUndefined();
  });

  it('answers a Bearer challenge with a token fetched with the registry’s credentials', async () => {
    const challenge = 'Bearer realm="https://auth.test/token",service="reg",scope="repository:acme/app:pull"';
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 'T0K3N' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    const client = new RegistryClient(
      [
        { registry: 'ghcr.io', username: 'other', password: 'nope' },
        { registry: 'reg.test', username: 'u', password: 'p' },
      ],
      impl,
    );
    const found = await client.manifest('reg.test/acme/app:v1');
    expect(found?.digest).toBe(DIGEST);

    const token = new URL(calls[1].url);
    expect(`${token.origin}${token.pathname}`).toBe('https://auth.test/token');
    expect(token.searchParams.get('service')).toBe('reg');
    expect(token.searchParams.get('scope')).toBe('repository:acme/app:pull');
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);

    expect(calls[2].url).toBe('https://reg.test/v2/acme/app/manifests/v1');
    expect(calls[2].headers.authorization).toBe('Bearer T0K3N');
    expect(calls[2].headers.accept).toContain('application/vnd.oci.image.index.v1+json');

    // The token is kept for the repository: the next request sends it at once.
    await client.manifest('reg.test/acme/app:v2');
    expect(calls).toHaveLength(4);
    expect(calls[3].headers.authorization).toBe('Bearer T0K3N');
  });

  it('fetches an anonymous token when it has no credentials for the registry', async () => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, {
        'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      }),
      json({ access_token: 'anon' }),
      json(MANIFEST, 200),
    ]);
    const client = new RegistryClient([{ registry: 'ghcr.io', username: 'u', password: 'p' }], impl);
    await client.manifest('alpine:3.19');
    expect(calls[1].headers.authorization).toBeUndefined();
    expect(new URL(calls[1].url).searchParams.get('scope')).toBe('repository:library/alpine:pull');
    expect(calls[2].headers.authorization).toBe('Bearer anon');
  });

  it('answers a Basic challenge with the credentials', async () => {
    const { impl, calls } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Basic realm="Registry"' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
    ]);
    const client = new RegistryClient(
      [{ registry: 'localhost:5000', username: 'me', password: 's3cret' }],
      impl,
    );
    const found = await client.manifest('localhost:5000/acme/app:v1');
    expect(found?.manifest).toEqual(MANIFEST);
    expect(calls).toHaveLength(2);
    expect(calls[1].url).toBe('http://localhost:5000/v2/acme/app/manifests/v1');
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('me:s3cret').toString('base64')}`);
  });

  it('throws a RegistryApiError naming the registry when access is forbidden', async () => {
    const { impl } = fakeFetch([json({ errors: [{ code: 'DENIED' }] }, 403)]);
    const error = await new RegistryClient([], impl).manifest('ghcr.io/acme/app:v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as RegistryApiError).status).toBe(403);
    expect((error as Error).message).toContain('ghcr.io/acme/app');
    expect((error as Error).message).toContain('not allowed');
  });

  it('throws a RegistryApiError when a 401 cannot be answered', async () => {
    const { impl } = fakeFetch([json(REGISTRY_ERROR, 401, { 'www-authenticate': 'Basic realm="Registry"' })]);
    const error = await new RegistryClient([], impl).manifest('ghcr.io/acme/app:v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as Error).message).toMatch(/ghcr\.io\/acme\/app: not allowed \(HTTP 401\)/);
  });

  it('throws a RegistryApiError when the token it got is still refused', async () => {
    const challenge = 'Bearer realm="http://auth.test/token",service="reg"';
    const { impl } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 'weak' }),
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
    ]);
    const error = await new RegistryClient([], impl)
      .manifest('reg.test/acme/app:v1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryApiError);
    expect((error as RegistryApiError).status).toBe(401);
    expect((error as Error).message).toContain('reg.test/acme/app');
  });

  it('reads a configuration blob', async () => {
    const config = { architecture: 'amd64', os: 'linux', rootfs: { diff_ids: ['sha256:x'] } };
    const { impl, calls } = fakeFetch([json(config)]);
    const client = new RegistryClient([], impl);
    const ref = parseImageName('ghcr.io/acme/app');
    await expect(client.config(ref, MANIFEST.config)).resolves.toEqual(config);
    expect(calls[0].url).toBe(`https://ghcr.io/v2/acme/app/blobs/${MANIFEST.config.digest}`);
  });

  it('refuses to read a layer blob, without a request', async () => {
    const { impl, calls } = fakeFetch([]);
    const client = new RegistryClient([], impl);
    const layerDescriptor: Descriptor = {
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest: `sha256:${'1'.repeat(64)}`,
      size: 50 * MB,
    };
    await expect(client.config(parseImageName('ghcr.io/acme/app'), layerDescriptor)).rejects.toThrow(
      RegistryApiError,
    );
    await expect(client.config(parseImageName('ghcr.io/acme/app'), layerDescriptor)).rejects.toThrow(
      /not a configuration/,
    );
    expect(calls).toHaveLength(0);
    expect(client.requests).toHaveLength(0);
  });

  it('logs every request with its status and size', async () => {
    const challenge = 'Bearer realm="http://auth.test/token",service="reg"';
    const { impl } = fakeFetch([
      json(REGISTRY_ERROR, 401, { 'www-authenticate': challenge }),
      json({ token: 't' }),
      json(MANIFEST, 200, { 'docker-content-digest': DIGEST }),
      json({ errors: [] }, 404),
    ]);
    const client = new RegistryClient([], impl);
    await client.manifest('reg.test/acme/app:v1');
    await client.manifest('reg.test/acme/app:v2');
    expect(client.requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 401],
      ['GET', 200],
      ['GET', 200],
      ['GET', 404],
    ]);
    expect(client.requests[0].url).toBe('https://reg.test/v2/acme/app/manifests/v1');
    expect(client.requests[1].url).toMatch(/^http:\/\/auth\.test\/token\?/);
    expect(client.requests[2].bytes).toBe(JSON.stringify(MANIFEST).length);
    expect(client.requests[3].url).toBe('https://reg.test/v2/acme/app/manifests/v2');
  });
});
