import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../src/registry/api.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Docker, ImageInspect } from '../../../src/engine/docker.js';
import type { LayerStore } from '../../../src/engine/layer-store.js';
import {
  gzipSize,
  layerSizesFromHistory,
  measureBuiltImage,
  openLayerMemo,
  platformSizes,
  sourceOf,
} from '../../../src/size/measure.js';
import { MANIFEST } from '../registry/helpers.js';

describe('layerSizesFromHistory', () => {
  const config = [
    { created_by: 'ADD rootfs /' },
    { created_by: 'CMD ["sh"]', empty_layer: true },
    { created_by: 'RUN a' },
    { created_by: 'ENV X=1', empty_layer: true },
    { created_by: 'RUN b' },
  ];

  it('pairs the newest-first engine history with the configuration, skipping empty layers', () => {
    const engine = [{ size: 300 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 3)).toEqual([100, 200, 300]);
  });

  it('gives a layer of 0 bytes as 0, not unknown', () => {
    const engine = [{ size: 0 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 3)).toEqual([100, 200, 0]);
  });

  it('is all unknown when the counts disagree', () => {
    expect(layerSizesFromHistory(config, [{ size: 1 }, { size: 2 }], 3)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const engine = [{ size: 300 }, { size: 0 }, { size: 200 }, { size: 0 }, { size: 100 }];
    expect(layerSizesFromHistory(config, engine, 4)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('platformSizes', () => {
  const index = (entries: [string, string][]) => ({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map(([digest, architecture]) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: 100,
      platform: { os: architecture === 'attestation' ? 'unknown' : 'linux', architecture },
    })),
  });
  const manifest = (config: string, sizes: number[]) => ({
    ...MANIFEST,
    config: { ...MANIFEST.config, digest: config },
    layers: sizes.map((size, i) => ({
      ...MANIFEST.layers[0],
      digest: `sha256:${String(i).repeat(64)}`,
      size,
    })),
  });
  const config = (layers: number, architecture = 'amd64') => ({
    os: 'linux',
    architecture,
    rootfs: {
      type: 'layers',
      diff_ids: Array.from({ length: layers }, (_, i) => `sha256:${'e'.repeat(63)}${i}`),
    },
    history: Array.from({ length: layers }, (_, i) => ({ created_by: `RUN step ${i}` })),
  });
  const hex = (c: string) => `sha256:${c.repeat(64)}`;
  /** The registry by path: the image (amd64, arm64 and an attestation) and the base (amd64 only). */
  const routes: Record<string, unknown> = {
    [`/v2/acme/app/manifests/${hex('a')}`]: index([
      [hex('1'), 'amd64'],
      [hex('2'), 'arm64'],
      [hex('3'), 'attestation'],
    ]),
    [`/v2/acme/app/manifests/${hex('1')}`]: manifest(hex('4'), [100, 50]),
    [`/v2/acme/app/manifests/${hex('2')}`]: manifest(hex('5'), [90, 40, 10]),
    [`/v2/acme/app/blobs/${hex('4')}`]: config(2),
    [`/v2/acme/app/blobs/${hex('5')}`]: config(3, 'arm64'),
    '/v2/acme/app/manifests/main': manifest(hex('6'), [100, 20]),
    [`/v2/acme/app/blobs/${hex('6')}`]: config(2),
  };
  const routed = (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname;
    const body = routes[path];
    return body === undefined
      ? new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  it('gives each platform of a list its compressed size, beside the base for the same platform', async () => {
    const client = new RegistryClient([], routed);
    const sizes = await platformSizes(
      client,
      `127.0.0.1:5000/acme/app@${hex('a')}`,
      '127.0.0.1:5000/acme/app:main',
    );
    expect(sizes).toEqual([
      { platform: 'linux/amd64', compressedSize: 150, layers: 2, baseCompressedSize: 120 },
      // The base has no arm64 image: it is not compared with its amd64 one.
      { platform: 'linux/arm64', compressedSize: 140, layers: 3, baseCompressedSize: undefined },
    ]);
    // Manifests and configurations only: no layer blob was asked for.
    expect(client.requests.every((r) => !r.url.includes(`/blobs/sha256:${'0'.repeat(64)}`))).toBe(true);
  });

  it('is undefined for a single image', async () => {
    const client = new RegistryClient([], routed);
    expect(await platformSizes(client, '127.0.0.1:5000/acme/app:main', undefined)).toBeUndefined();
  });
});

describe('gzipSize', () => {
  async function* chunks(...parts: string[]) {
    for (const part of parts) yield Buffer.from(part);
  }

  it('gives the sha256 of the stream (its diff ID), its length and its gzip level 6 length', async () => {
    const text = 'layer bytes '.repeat(10_000);
    const result = await gzipSize(chunks(text.slice(0, 50_000), text.slice(50_000)));
    expect(result.digest).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(result.bytes).toBe(text.length);
    expect(result.gzipped).toBe(gzipSync(text, { level: 6 }).length);
  });
});

describe('measureBuiltImage: the memo of layer-store measurements', () => {
  const bytes = ['first layer '.repeat(5000), 'second layer '.repeat(3000)].map((text) => Buffer.from(text));
  const diffIds = bytes.map((data) => `sha256:${createHash('sha256').update(data).digest('hex')}`);
  const image = {
    Id: `sha256:${'c'.repeat(64)}`,
    RootFS: { Layers: diffIds },
    Os: 'linux',
    Architecture: 'amd64',
  } as unknown as ImageInspect;
  const docker = { history: async () => [{ size: 2 }, { size: 1 }] } as unknown as Docker;
  const config = { history: [{ created_by: 'ADD a' }, { created_by: 'RUN b' }] };

  /** A layer store whose tars are `bytes`; `reads` counts the layers it was asked for. */
  function store(reads: number[], tamper = false): LayerStore {
    return {
      imageConfig: async () => Buffer.from(JSON.stringify(config)),
      layerTar: async function* (_ids: string[], index: number) {
        reads.push(index);
        yield tamper ? Buffer.from('not the layer') : bytes[index];
      },
    } as unknown as LayerStore;
  }
  const measure = (layerStore: LayerStore, env: NodeJS.ProcessEnv) =>
    measureBuiltImage(docker, undefined as never, {
      image,
      reference: 'app:1',
      baseLayers: [],
      exactSizes: new Map(),
      store: layerStore,
      memo: openLayerMemo(env),
      warn: () => undefined,
    });

  it('measures each layer once on a runner whose tool cache persists, with the same figures', async () => {
    const root = mkdtempSync(join(tmpdir(), 'layer-memo-'));
    try {
      const env = { RUNNER_TOOL_CACHE: root };
      const firstReads: number[] = [];
      const first = await measure(store(firstReads), env);
      expect(firstReads.sort()).toEqual([0, 1]);
      expect(first.layers.map((layer) => layer.compressedSize)).toEqual(
        bytes.map((data) => gzipSync(data, { level: 6 }).length),
      );
      const secondReads: number[] = [];
      const second = await measure(store(secondReads), env);
      expect(secondReads).toEqual([]);
      expect(second.layers.map((layer) => [layer.compressedSize, layer.compressedHow])).toEqual(
        first.layers.map((layer) => [layer.compressedSize, 'layer-store']),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('remembers nothing whose bytes were not the layer (digest other than the diff ID)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'layer-memo-'));
    try {
      const env = { RUNNER_TOOL_CACHE: root };
      await measure(store([], true), env).catch(() => undefined);
      const reads: number[] = [];
      await measure(store(reads), env);
      expect(reads.sort()).toEqual([0, 1]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('sourceOf', () => {
  const layer = (
    compressedSize: number | undefined,
    compressedHow?: 'registry' | 'layer-store' | 'save',
  ) => ({
    diffId: 'sha256:x',
    instruction: 'RUN x',
    compressedSize,
    compressedHow,
    origin: 'added' as const,
  });

  it('is registry when every size is exact, estimated when one was measured here, unknown when one is missing', () => {
    expect(sourceOf([layer(1, 'registry'), layer(2, 'registry')])).toBe('registry');
    expect(sourceOf([layer(1, 'registry'), layer(2, 'layer-store')])).toBe('estimated');
    expect(sourceOf([layer(1, 'save')])).toBe('estimated');
    expect(sourceOf([layer(1, 'registry'), layer(undefined)])).toBe('unknown');
  });
});
