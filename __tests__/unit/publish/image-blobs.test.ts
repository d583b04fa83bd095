import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { imageIndex, imageManifest } from '../../../src/publish/image-blobs.js';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('manifests and indexes', () => {
  const config = Buffer.from('{"architecture":"arm64","os":"linux"}');
  const blobs = {
    config,
    configDigest: sha(config),
    layers: [
      { digest: `sha256:${'a'.repeat(64)}`, size: 10, diffId: `sha256:${'b'.repeat(64)}`, file: '/x' },
    ],
  };

  it('an OCI image manifest whose digest is of its bytes', () => {
    const manifest = imageManifest(blobs);
    expect(manifest.digest).toBe(sha(manifest.bytes));
    expect(JSON.parse(manifest.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: blobs.layers[0].digest,
          size: 10,
        },
      ],
    });
  });

  it('an OCI image index with each platform, and index annotations', () => {
    const index = imageIndex(
      [
        { digest: 'sha256:1', size: 1, platform: 'linux/amd64' },
        { digest: 'sha256:2', size: 2, platform: 'linux/arm/v7', annotations: { a: 'b' } },
      ],
      { 'org.opencontainers.image.description': 'two' },
    );
    expect(index.digest).toBe(sha(index.bytes));
    const parsed = JSON.parse(index.bytes.toString()) as { manifests: unknown[]; annotations: unknown };
    expect(parsed.manifests).toEqual([
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:1',
        size: 1,
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:2',
        size: 2,
        platform: { architecture: 'arm', os: 'linux', variant: 'v7' },
        annotations: { a: 'b' },
      },
    ]);
    expect(parsed.annotations).toEqual({ 'org.opencontainers.image.description': 'two' });
    // The same entries give the same bytes: the same digest on every registry.
    expect(imageIndex([{ digest: 'sha256:1', size: 1, platform: 'linux/amd64' }]).digest).toBe(
      imageIndex([{ digest: 'sha256:1', size: 1, platform: 'linux/amd64' }]).digest,
    );
  });
});
