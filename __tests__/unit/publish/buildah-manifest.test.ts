import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addedInstance,
  annotateIndex,
  manifestAddArgs,
  manifestAnnotateArgs,
  manifestPushArgs,
} from '../../../src/publish/buildah-manifest.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe("buildah's manifest list", () => {
  it('adds each image from buildah storage with its platform, variant included', () => {
    expect(manifestAddArgs('shipshape-r1/index:build', 'abc123', 'linux/arm64/v8')).toEqual([
      'add',
      '--os',
      'linux',
      '--arch',
      'arm64',
      '--variant',
      'v8',
      'shipshape-r1/index:build',
      'containers-storage:abc123',
    ]);
    expect(manifestAddArgs('l', 'sha256:abc', 'linux/amd64')).toEqual([
      'add',
      '--os',
      'linux',
      '--arch',
      'amd64',
      'l',
      'containers-storage:abc',
    ]);
  });
  it('reads the instance digest buildah prints', () => {
    expect(addedInstance(`7b988c633d13: ${digest}\n`)).toBe(digest);
    expect(addedInstance('nothing')).toBeUndefined();
  });
  it('annotates an entry with every index-descriptor annotation', () => {
    expect(manifestAnnotateArgs('l', digest, { 'org.a': '1', 'org.b': 'x=y' })).toEqual([
      'annotate',
      '--annotation',
      'org.a=1',
      '--annotation',
      'org.b=x=y',
      'l',
      digest,
    ]);
  });
  it('pushes every image as OCI, without TLS only to a loopback registry', () => {
    const local = manifestPushArgs('l', '127.0.0.1:5000/acme/app:v1', '/tmp/d', '127.0.0.1:5000');
    expect(local).toEqual([
      'push',
      '--all',
      '--quiet',
      '--format',
      'oci',
      '--digestfile',
      '/tmp/d',
      '--tls-verify=false',
      'l',
      'docker://127.0.0.1:5000/acme/app:v1',
    ]);
    expect(manifestPushArgs('l', 'ghcr.io/acme/app:v1', '/tmp/d', 'ghcr.io')).not.toContain(
      '--tls-verify=false',
    );
    expect(manifestPushArgs('l', '127.evil.example/a:v1', '/tmp/d', '127.evil.example')).not.toContain(
      '--tls-verify=false',
    );
  });
  it('adds index annotations to the pushed index: new bytes, their digest, the entries kept', () => {
    const pushed = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 401 }],
      }),
    );
    const annotated = annotateIndex(pushed, { 'org.opencontainers.image.description': 'two platforms' });
    const parsed = JSON.parse(annotated.bytes.toString('utf8'));
    expect(parsed.annotations).toEqual({ 'org.opencontainers.image.description': 'two platforms' });
    expect(parsed.manifests[0].digest).toBe(digest);
    expect(annotated.digest).toBe(`sha256:${createHash('sha256').update(annotated.bytes).digest('hex')}`);
  });
});
