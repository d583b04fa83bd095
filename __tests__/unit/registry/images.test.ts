import { describe, expect, it } from 'vitest';
import { RegistryClient, type Descriptor } from '../../../src/registry/api.js';
import { holdsLayers, pickPlatform } from '../../../src/registry/images.js';
import { fakeFetch, json, MANIFEST } from './helpers.js';

describe('pickPlatform', () => {
  const entry = (digest: string, os: string, architecture: string, variant?: string): Descriptor => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest,
    size: 1,
    platform: variant ? { os, architecture, variant } : { os, architecture },
  });
  const attestation = entry('att', 'unknown', 'unknown');

  it('picks the exact platform', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('arm', 'linux', 'arm64', 'v8')];
    expect(pickPlatform(manifests, 'linux/arm64/v8')?.digest).toBe('arm');
    expect(pickPlatform(manifests, 'linux/amd64')?.digest).toBe('amd');
  });

  it('matches os/architecture when the variant differs or is missing', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('arm', 'linux', 'arm64', 'v8')];
    expect(pickPlatform(manifests, 'linux/arm64')?.digest).toBe('arm');
  });

  it('skips attestation entries, even as the fallback', () => {
    const manifests = [attestation, entry('s390', 'linux', 's390x'), entry('amd', 'linux', 'amd64')];
    expect(pickPlatform(manifests, 'linux/amd64')?.digest).toBe('amd');
    expect(pickPlatform(manifests, 'linux/riscv64')?.digest).toBe('s390');
    expect(pickPlatform([attestation], 'linux/amd64')).toBeUndefined();
    expect(pickPlatform([{ ...attestation, platform: undefined }], 'linux/amd64')).toBeUndefined();
  });

  it('falls back to the first real entry', () => {
    const manifests = [entry('amd', 'linux', 'amd64'), entry('ppc', 'linux', 'ppc64le')];
    expect(pickPlatform(manifests, 'windows/amd64')?.digest).toBe('amd');
  });

  it('does not take another architecture whose name starts the same for the variant-less match', () => {
    const manifests = [entry('arm64', 'linux', 'arm64', 'v8'), entry('armv6', 'linux', 'arm', 'v6')];
    expect(pickPlatform(manifests, 'linux/arm/v7')?.digest).toBe('armv6');
  });
});

describe('holdsLayers', () => {
  const client = (...responses: (() => Response)[]) => new RegistryClient([], fakeFetch(responses).impl);
  const config = (diffIds: string[]) => json({ rootfs: { type: 'layers', diff_ids: diffIds } });
  const ref = '127.0.0.1:5000/cache:final';

  it('is true only when the image there has exactly these layers, in order', async () => {
    expect(
      await holdsLayers(client(json(MANIFEST), config(['sha256:a', 'sha256:b'])), ref, [
        'sha256:a',
        'sha256:b',
      ]),
    ).toBe(true);
    expect(
      await holdsLayers(client(json(MANIFEST), config(['sha256:a', 'sha256:b'])), ref, [
        'sha256:b',
        'sha256:a',
      ]),
    ).toBe(false);
    expect(
      await holdsLayers(client(json(MANIFEST), config(['sha256:a'])), ref, ['sha256:a', 'sha256:b']),
    ).toBe(false);
    expect(await holdsLayers(client(), ref, [])).toBe(false);
  });

  it('is false when the registry lacks the reference or answers an error', async () => {
    expect(await holdsLayers(client(json({}, 404)), ref, ['sha256:a'])).toBe(false);
    expect(await holdsLayers(client(json({}, 503)), ref, ['sha256:a'])).toBe(false);
    expect(await holdsLayers(client(json(MANIFEST), json({}, 500)), ref, ['sha256:a'])).toBe(false);
  });
});
