// The image size report end to end: two versions of an image on the busybox base, the first pushed as
// the base branch's tag, the second built on a pull request; sizes checked against the engine and the
// registry, the diff, the sticky comment through a GitHub API stand-in, budgets.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { Docker } from '../../src/engine/docker.js';
import { LayerStore } from '../../src/engine/layer-store.js';
import { RegistryClient } from '../../src/registry/api.js';
import { measureBuiltImage } from '../../src/size/measure.js';
import { commentMarker, type SizeReport } from '../../src/size/render.js';
import { parseImageName } from '../../src/naming/reference.js';
import { docker, removeImages, writeContext } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';
import { defaultEvent, HARNESS_TOKEN, runAction, type RunOptions } from '../harness/run-action.js';

const fx = useIntegrationFixtures({ registry: true, github: true });
let name: string;
let v1: string;
let v2: string;

/** Version 1: a 100 kB data file and a command; version 2 grows the file and adds a layer. */
function context(version: 1 | 2): string {
  const lines = [
    `FROM ${fx.base}`,
    'COPY data.bin /data.bin',
    'RUN echo built > /built.txt',
    ...(version === 2 ? ['RUN dd if=/dev/urandom of=/extra.bin bs=1000 count=200 2>/dev/null'] : []),
    'CMD ["cat", "/built.txt"]',
    '',
  ];
  return writeContext({
    Dockerfile: lines.join('\n'),
    'data.bin': randomBytes(version === 1 ? 100_000 : 300_000),
  });
}

function pullRequest(number: number, fork = false): Pick<RunOptions, 'eventName' | 'env' | 'event'> {
  return {
    eventName: 'pull_request',
    env: {
      GITHUB_REF: `refs/pull/${number}/merge`,
      GITHUB_HEAD_REF: 'topic',
      GITHUB_BASE_REF: 'main',
      GITHUB_API_URL: fx.github.url,
    },
    event: {
      ...defaultEvent,
      number,
      pull_request: {
        number,
        head: {
          sha: 'fedcba9876543210fedcba9876543210fedcba98',
          repo: { full_name: fork ? 'mallory/shipshape-test' : 'acme/shipshape-test' },
        },
        base: { ref: 'main' },
      },
    },
  };
}

async function manifest(reference: string): Promise<{ layers: { size: number }[] }> {
  const [repository, tag] = reference.replace(`${fx.registry.host}/`, '').split(':');
  const response = await fetch(`${fx.registry.url}/v2/${repository}/manifests/${tag}`, {
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { layers: { size: number }[] };
}

const reportOf = (outputs: Record<string, string>) => JSON.parse(outputs['size-report']) as SizeReport;

beforeAll(async () => {
  name = `${fx.registry.host}/size-it/app`;
  fx.cleanupAfter(`${name}:main`, `${name}:latest`, `${name}:pr-42`, `${name}:pr-43`, `${name}:pr-7`);
  v1 = context(1);
  v2 = context(2);
  // The base branch's image: pushed from main, so the registry has `:main`.
  const main = await runAction({ inputs: { context: v1, images: name, push: 'true' } });
  expect(main.exitCode, main.log).toBe(0);
}, 300_000);

describe('sizes of a pushed image', () => {
  it('match the engine (uncompressed) and the registry manifest (compressed), layer by layer', async () => {
    const result = await runAction({
      inputs: { context: v1, images: name, push: 'true', 'keep-images': 'true' },
    });
    expect(result.exitCode, result.log).toBe(0);
    const report = reportOf(result.outputs);
    const inspected = JSON.parse((await docker(['image', 'inspect', result.outputs.imageid])).stdout) as {
      Size: number;
      RootFS: { Layers: string[] };
    }[];
    expect(Number(result.outputs.size)).toBe(inspected[0].Size);
    expect(report.image.size).toBe(inspected[0].Size);
    const pushed = await manifest(`${name}:main`);
    expect(report.image.compressedSource).toBe('registry');
    expect(report.image.layers.map((layer) => layer.compressedSize)).toEqual(
      pushed.layers.map((layer) => layer.size),
    );
    expect(Number(result.outputs['compressed-size'])).toBe(
      pushed.layers.reduce((sum, layer) => sum + layer.size, 0),
    );
    expect(report.image.layers.map((layer) => layer.diffId)).toEqual(inspected[0].RootFS.Layers);
    // Attribution: the busybox layer is the base image's; the rest are this Dockerfile's instructions.
    expect(report.image.layers.map((layer) => [layer.origin, layer.instruction])).toEqual([
      ['base', expect.any(String)],
      ['added', 'COPY data.bin /data.bin'],
      ['added', 'RUN echo built > /built.txt'],
    ]);
    // The data layer holds the 100 kB file (random bytes: no smaller compressed).
    const data = report.image.layers[1];
    expect(data.size).toBeGreaterThanOrEqual(100_000);
    expect(data.compressedSize).toBeGreaterThanOrEqual(100_000);
    expect(result.summary).toContain(`### Image size: \`${name}\``);
  });
});

describe('a pull request', () => {
  it('is compared with the base branch image, and one comment is created, then updated in place', async () => {
    fx.github.seedComments(
      'acme',
      'shipshape-test',
      42,
      Array.from({ length: 120 }, (_, i) => `unrelated ${i}`),
    );
    const first = await runAction({ inputs: { context: v2, images: name }, ...pullRequest(42) });
    expect(first.exitCode, first.log).toBe(0);
    const report = reportOf(first.outputs);
    expect(report.base).toMatchObject({ reference: `${name}:main`, found: true });
    expect(report.image.compressedSource).toBe('estimated');
    // Only what the base lacks is measured, from the engine's own layer store (no `docker save`);
    // the busybox layer the registry already holds takes its exact size there.
    const baseIds = new Set(report.base?.image?.layers.map((layer) => layer.diffId));
    for (const layer of report.image.layers) {
      expect(layer.compressedHow, layer.instruction).toBe(
        baseIds.has(layer.diffId) ? 'registry' : 'layer-store',
      );
    }
    expect(report.image.layers[0].compressedHow).toBe('registry');
    expect(first.summary).toContain("estimated (gzip of the engine's layer)");
    // The base read from the registry: compressed sizes from its manifest, without a layer blob.
    const baseManifest = await manifest(`${name}:main`);
    expect(report.base?.image?.layers.map((layer) => layer.compressedSize)).toEqual(
      baseManifest.layers.map((layer) => layer.size),
    );
    const changes = Object.fromEntries(
      (report.diff?.layers ?? []).map((row) => [row.instruction, row.change]),
    );
    expect(changes).toMatchObject({
      'COPY data.bin /data.bin': 'grown',
      'RUN dd if=/dev/urandom of=/extra.bin bs=1000 count=200 2>/dev/null': 'added',
    });
    // Largest change first: the 200 kB of new random data and the 200 kB the file grew.
    expect(report.diff?.layers[0].change).not.toBe('unchanged');
    const delta = report.diff?.compressedSize.delta ?? 0;
    expect(delta).toBeGreaterThan(350_000);
    expect(first.outputs['size-diff']).toBe(String(delta));
    expect(report.diff?.size.delta).toBeGreaterThan(390_000);
    expect(first.summary).toContain('```mermaid');
    expect(first.summary).toMatch(/\| Compressed \(download\)/);

    const afterFirst = fx.github
      .comments('acme', 'shipshape-test', 42)
      .filter((c) => c.body.includes('shipshape-size-report'));
    expect(afterFirst).toHaveLength(1);
    const posts = fx.github.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.authorization).toBe(`token ${HARNESS_TOKEN}`);
    // The comment list was read page by page (120 others + none of ours: two pages of 100).
    expect(
      fx.github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues/42/comments')).length,
    ).toBe(2);

    const second = await runAction({ inputs: { context: v2, images: name }, ...pullRequest(42) });
    expect(second.exitCode, second.log).toBe(0);
    const patches = fx.github.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toBe(`/repos/acme/shipshape-test/issues/comments/${afterFirst[0].id}`);
    expect(fx.github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(
      fx.github
        .comments('acme', 'shipshape-test', 42)
        .filter((c) => c.body.includes('shipshape-size-report')),
    ).toHaveLength(1);
  });

  it('from a fork posts nothing, warns, and still writes the report', async () => {
    const before = fx.github.requests.length;
    const result = await runAction({ inputs: { context: v2, images: name }, ...pullRequest(7, true) });
    expect(result.exitCode, result.log).toBe(0);
    expect(fx.github.requests.length).toBe(before);
    expect(result.annotations.some((a) => a.level === 'warning' && /fork/.test(a.message))).toBe(true);
    expect(result.summary).toContain('### Image size');
  });

  it('warns when the token may not comment (403), and still writes the report', async () => {
    fx.github.fault({ status: 403, method: 'POST' });
    try {
      const result = await runAction({
        inputs: { context: v2, images: name, 'size-comment': 'always' },
        ...pullRequest(43),
      });
      expect(result.exitCode, result.log).toBe(0);
      const warning = result.annotations.find((a) => a.level === 'warning' && /size comment/.test(a.message));
      expect(warning?.message).toContain('HTTP 403');
      expect(warning?.message).toContain('pull-requests: write');
      expect(result.summary).toContain('### Image size');
      expect(fx.github.comments('acme', 'shipshape-test', 43)).toHaveLength(0);
    } finally {
      fx.github.fault(undefined);
    }
  });

  it('does not comment with size-comment: never, nor on-change without a change above the threshold', async () => {
    const before = fx.github.requests.length;
    const never = await runAction({
      inputs: { context: v2, images: name, 'size-comment': 'never' },
      ...pullRequest(44),
    });
    expect(never.exitCode).toBe(0);
    expect(fx.github.requests.length).toBe(before);
    const small = await runAction({
      inputs: { context: v2, images: name, 'size-comment-threshold': '1000%' },
      ...pullRequest(44),
    });
    expect(small.exitCode).toBe(0);
    expect(fx.github.requests.filter((r) => r.method !== 'GET').length).toBe(
      fx.github.requests.slice(0, before).filter((r) => r.method !== 'GET').length,
    );
    expect(small.log).toContain("did not change by more than 'size-comment-threshold'");
  });

  it('never edits a comment someone else posted with the marker: it creates its own (issue #13)', async () => {
    const marker = commentMarker(parseImageName(name).familiar);
    const [planted] = fx.github.seedComments('acme', 'shipshape-test', 45, [
      `${marker}\nplanted by a visitor`,
    ]);
    const result = await runAction({ inputs: { context: v2, images: name }, ...pullRequest(45) });
    expect(result.exitCode, result.log).toBe(0);
    const comments = fx.github.comments('acme', 'shipshape-test', 45);
    expect(comments.find((c) => c.id === planted.id)?.body).toBe(`${marker}\nplanted by a visitor`);
    const ours = comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0].body.startsWith(marker)).toBe(true);
  });

  it('picks the runner platform from a manifest list', async () => {
    // A list whose arm64 entry is the bare busybox image and whose amd64 entry is version 1.
    expect((await docker(['tag', fx.base, `${name}:arm`])).code).toBe(0);
    expect((await docker(['push', `${name}:arm`])).code).toBe(0);
    const entry = async (tag: string, architecture: string) => {
      const response = await fetch(`${fx.registry.url}/v2/size-it/app/manifests/${tag}`, {
        headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      const body = await response.arrayBuffer();
      return {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        digest: response.headers.get('docker-content-digest'),
        size: body.byteLength,
        platform: { os: 'linux', architecture },
      };
    };
    const list = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [await entry('arm', 'arm64'), await entry('main', 'amd64')],
    };
    const put = await fetch(`${fx.registry.url}/v2/size-it/app/manifests/multi`, {
      method: 'PUT',
      headers: { 'content-type': list.mediaType },
      body: JSON.stringify(list),
    });
    expect(put.status).toBe(201);

    const result = await runAction({
      inputs: { context: v2, images: name, 'size-base': `${name}:multi`, 'size-comment': 'never' },
    });
    expect(result.exitCode, result.log).toBe(0);
    const report = reportOf(result.outputs);
    expect(report.base?.image?.platform).toBe('linux/amd64');
    expect(report.base?.image?.layers).toHaveLength(3);
    expect(report.base?.image?.layers[1].instruction).toBe('COPY data.bin /data.bin');
    await removeImages([`${name}:arm`]);
  });

  it('reports sizes only when the base is not in the registry', async () => {
    const result = await runAction({
      inputs: {
        context: v2,
        images: name,
        'size-base': `${fx.registry.host}/size-it/none:main`,
        'size-comment': 'never',
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(reportOf(result.outputs).base).toMatchObject({ found: false });
    expect(result.summary).toContain('is not in the registry yet');
    expect(result.outputs['size-diff']).toBe('');
  });
});

describe('an unpushed image measured without the layer store', () => {
  it('is read from docker save as it streams, and agrees with the layer store within 1%', async () => {
    const tag = `${name}:measure`;
    fx.cleanupAfter(tag);
    const built = await docker(['build', '--quiet', '--tag', tag, v2], { timeoutMs: 120_000 });
    expect(built.code, built.stderr).toBe(0);
    const engine = new Docker();
    const [inspected] = await engine.inspectImages([tag]);
    const input = {
      image: inspected,
      reference: tag,
      baseLayers: [],
      exactSizes: new Map<string, number>(),
      warn: (message: string) => expect.fail(message),
    };
    const registry = new RegistryClient([]);
    const saved = await measureBuiltImage(engine, registry, input);
    const store = await LayerStore.open(await engine.rootDir());
    expect(store, 'the test engine keeps its data in a readable overlay2 store').toBeDefined();
    const stored = await measureBuiltImage(engine, registry, { ...input, store });
    expect(saved.layers.map((layer) => layer.compressedHow)).toEqual(saved.layers.map(() => 'save'));
    expect(stored.layers.map((layer) => layer.compressedHow)).toEqual(stored.layers.map(() => 'layer-store'));
    expect(stored.layers.map((layer) => layer.instruction)).toEqual(
      saved.layers.map((layer) => layer.instruction),
    );
    // The same tar bytes both ways: gzip gives the same count, give or take the archive's framing.
    expect(Math.abs((stored.compressedSize ?? 0) - (saved.compressedSize ?? 0))).toBeLessThan(
      (saved.compressedSize ?? 0) * 0.01,
    );
  });
});

/** A registry that answers every request with 503: the base it names cannot be read. */
async function failingRegistry(): Promise<{ host: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a base the registry cannot give (5xx)', () => {
  it('leaves the base unknown with a warning and passes; a budget on it fails, naming what is missing', async () => {
    const failing = await failingRegistry();
    try {
      const inputs = {
        context: v2,
        images: name,
        'size-base': `${failing.host}/size-it/app:main`,
        'size-comment': 'never',
      };
      const result = await runAction({ inputs });
      expect(result.exitCode, result.log).toBe(0);
      const report = reportOf(result.outputs);
      expect(report.base).toMatchObject({ found: false, error: true });
      expect(result.annotations.some((a) => a.level === 'warning' && a.message.includes('503'))).toBe(true);
      // Nothing exact to borrow: every layer measured here.
      expect(report.image.layers.every((layer) => layer.compressedHow === 'layer-store')).toBe(true);

      const budget = await runAction({ inputs: { ...inputs, 'size-increase-limit': '50%' } });
      expect(budget.exitCode).toBe(1);
      const error = budget.annotations.find((a) => a.level === 'error');
      expect(error?.message).toContain("Input 'size-increase-limit' could not be checked");
      expect(error?.message).toContain(`${failing.host}/size-it/app:main could not be read`);
    } finally {
      await failing.close();
    }
  });
});

describe('budgets', () => {
  it('size-limit fails the step after the report is written, giving the figures', async () => {
    const result = await runAction({
      inputs: { context: v2, images: name, 'size-limit': '100kB', 'size-comment': 'never' },
    });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error');
    expect(error?.message).toMatch(
      /Input 'size-limit' is 100 kB \(compressed\), but the image is [\d.]+ [kM]B \(\d+ bytes\)/,
    );
    expect(result.summary).toContain('### Image size');
    expect(result.outputs['compressed-size']).toMatch(/^\d+$/);
  });

  it('size-increase-limit fails on growth against the base branch image', async () => {
    const result = await runAction({
      inputs: { context: v2, images: name, 'size-increase-limit': '5%', 'size-comment': 'never' },
      ...pullRequest(45),
    });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error');
    expect(error?.message).toMatch(
      /Input 'size-increase-limit' is 5% \(compressed\), but the image grew by \+[\d.]+ [kM]B \(\+[\d.]+%\)/,
    );
    expect(error?.message).toContain(`${name}:main`);
    expect(result.summary).toContain('```mermaid');
  });
});
