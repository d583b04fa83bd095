import { describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../src/registry/api.js';
import { verifyPushedPlatforms } from '../../../src/publish/publish.js';

const hex = (c: string) => `sha256:${c.repeat(64)}`;
const layers = { amd64: [hex('1'), hex('2')], arm64: [hex('3'), hex('4')] };

/** A registry answering with one index of two platforms, BuildKit-style (an attestation entry too). */
function registry(pushed: typeof layers): RegistryClient {
  const index = {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: hex('a'),
        size: 1,
        platform: { os: 'linux', architecture: 'amd64' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: hex('b'),
        size: 1,
        platform: { os: 'linux', architecture: 'arm64' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: hex('c'),
        size: 1,
        platform: { os: 'unknown', architecture: 'unknown' },
      },
    ],
  };
  const manifest = (config: string) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 1 },
    layers: [],
  });
  const bodies: Record<string, unknown> = {
    'manifests/v1': index,
    [`manifests/${hex('a')}`]: manifest(hex('e')),
    [`manifests/${hex('b')}`]: manifest(hex('f')),
    [`blobs/${hex('e')}`]: {
      os: 'linux',
      architecture: 'amd64',
      rootfs: { type: 'layers', diff_ids: pushed.amd64 },
    },
    [`blobs/${hex('f')}`]: {
      os: 'linux',
      architecture: 'arm64',
      rootfs: { type: 'layers', diff_ids: pushed.arm64 },
    },
  };
  const fake = (async (url: string) => {
    const path = String(url).replace(/^.*\/v2\/acme\/app\//, '');
    const body = bodies[path];
    if (!body) return new Response('', { status: 404 });
    const digest = path.startsWith('manifests/sha256') ? path.slice('manifests/'.length) : hex('9');
    return new Response(JSON.stringify(body), { status: 200, headers: { 'docker-content-digest': digest } });
  }) as typeof fetch;
  return new RegistryClient([], fake);
}

const tested = [
  { platform: 'linux/amd64', image: { Id: hex('e'), RootFS: { Layers: layers.amd64 } } },
  { platform: 'linux/arm64', image: { Id: hex('f'), RootFS: { Layers: layers.arm64 } } },
];

describe('what BuildKit pushed is what was tested', () => {
  it("gives each platform's manifest digest when every platform has the tested layers", async () => {
    expect(await verifyPushedPlatforms(registry(layers), '127.0.0.1:5000/acme/app:v1', tested)).toEqual([
      { platform: 'linux/amd64', digest: hex('a') },
      { platform: 'linux/arm64', digest: hex('b') },
    ]);
  });
  it('fails naming the platform whose layers differ', async () => {
    const other = { ...layers, arm64: [hex('3'), hex('5')] };
    await expect(
      verifyPushedPlatforms(registry(other), '127.0.0.1:5000/acme/app:v1', tested),
    ).rejects.toThrow(/for linux\/arm64 is not the image that was tested/);
  });
});
