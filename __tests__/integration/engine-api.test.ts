// The Engine API path against the CLI path on the real daemon: `Docker.connect()` (the socket) and
// `new Docker()` (a `docker` process per call) must give the same typed results, and fail alike. Each
// comparison is on objects this file makes and labels, or, for daemon-wide answers another run could
// change meanwhile, made when two CLI answers around the API's agree.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFromStore } from '../../src/cleanup/cleanup.js';
import { Docker, type DiskUsageRow, type ImageInspect } from '../../src/engine/docker.js';
import { LayerStore } from '../../src/engine/layer-store.js';
import { docker } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';

const run = randomBytes(4).toString('hex');
const label = `shipshape.test=engine-api-${run}`;
const filters = [`label=${label}`];
const api = Docker.connect();
const cli = new Docker();
const fx = useIntegrationFixtures();
const name = (suffix: string | number) => `shipshape-api-${run}-${suffix}`;
const networks: string[] = [];

async function ok(args: string[]): Promise<string> {
  const result = await docker(args);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * `read` through the CLI, the API, the CLI: compared once both CLI answers agree (another run on
 * this daemon changed nothing meanwhile); a few tries.
 */
async function stable<T>(
  read: (engine: Docker) => Promise<T>,
  same: (a: T, b: T) => boolean,
): Promise<[T, T]> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await read(cli);
    const viaApi = await read(api);
    const after = await read(cli);
    if (same(before, after)) return [viaApi, after];
  }
  throw new Error('the daemon kept changing under the comparison');
}

const json = (value: unknown) => JSON.stringify(value);

beforeAll(async () => {
  const { base } = fx;
  const labels = ['--label', label];
  // Names with numbers: the CLI sorts volumes and networks naturally (9 before 10).
  for (const n of [9, 10]) {
    await ok(['volume', 'create', ...labels, name(`vol${n}`)]);
    networks.push(await ok(['network', 'create', ...labels, name(`net${n}`)]));
  }
  await ok(['image', 'tag', base, `shipshape-api-it/${run}:a`]);
  await ok(['image', 'tag', base, `shipshape-api-it/${run}:b`]);
  // Stopped containers, one holding a volume: what cleanup meets.
  await ok(['create', '--network', 'none', ...labels, '--name', name('c1'), base, 'true']);
  await ok([
    'create',
    '--network',
    'none',
    ...labels,
    '-v',
    `${name('held')}:/data`,
    '--name',
    name('c2'),
    base,
  ]);
  await ok(['run', '--network', 'none', ...labels, '--name', name('c3'), base, 'true']);
  fx.cleanupAfter(
    name('c1'),
    name('c2'),
    name('c3'),
    name('vol9'),
    name('vol10'),
    name('held'),
    `shipshape-api-it/${run}:a`,
    `shipshape-api-it/${run}:b`,
  );
});

afterAll(async () => {
  if (networks.length) await docker(['network', 'rm', ...networks]);
});

describe('Docker.connect() on this machine', () => {
  it('talks to the socket', () => {
    expect(api.transport).toBe('api');
    expect(cli.transport).toBe('cli');
  });
});

describe('reads: the API path gives what the CLI path gives', () => {
  it('the server, its root dir', async () => {
    expect(await api.server()).toEqual(await cli.server());
    expect(await api.rootDir()).toBe(await cli.rootDir());
    expect(await api.rootDir()).toMatch(/^\//);
  });

  it('image inspection, presence and history, a missing image skipped', async () => {
    const refs = [fx.base, `shipshape-api-it/${run}:a`, 'shipshape-api-it/missing:none', fx.base];
    const viaApi = await api.inspectImages(refs);
    expect(viaApi).toHaveLength(3);
    expect(viaApi).toEqual(await cli.inspectImages(refs));
    const id = viaApi[0].Id;
    expect(await api.inspectImages([id])).toEqual(await cli.inspectImages([id]));
    expect(await api.imageExists(fx.base)).toBe(true);
    expect(await api.imageExists('shipshape-api-it/missing:none')).toBe(false);
    expect(await api.history(id)).toEqual(await cli.history(id));
    expect((await api.history(id)).length).toBeGreaterThan(0);
  });

  it("the engine's store and the listing describe every image as inspection does, for cleanup under `run`", async () => {
    const store = await LayerStore.open(await api.rootDir());
    if (!store) {
      console.log("skipped: the engine's store is not readable here (the daemon is not local, or not ours)");
      return;
    }
    const listed = (await api.listImageSummaries()) ?? [];
    const described = await describeFromStore(api, listed, store);
    const inspected = await api.inspectImages(described.map((image) => image.Id));
    const fields = (image: ImageInspect) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>').sort(),
      digests: [...(image.RepoDigests ?? [])].sort(),
      size: image.Size,
      created: image.Created,
      layers: image.RootFS.Layers ?? [],
      labels: image.Config?.Labels ?? {},
    });
    // Images another run removed meanwhile are not inspected: compare those both still describe.
    const byId = new Map(inspected.map((image) => [image.Id, fields(image)]));
    const compared = described.filter((image) => byId.has(image.Id));
    expect(compared.length).toBeGreaterThan(0);
    const [base] = await api.inspectImages([fx.base]);
    expect(compared.some((image) => image.Id === base.Id)).toBe(true);
    for (const image of compared) expect(fields(image)).toEqual(byId.get(image.Id));
  });

  it('a missing image fails history alike', async () => {
    const error = (engine: Docker) =>
      engine.history('shipshape-api-it/missing:none').then(
        () => 'no error',
        (e: Error) => e.message,
      );
    const viaApi = await error(api);
    expect(viaApi).toMatch(/^docker image history failed: Error response from daemon: No such image/);
    expect(viaApi).toBe(await error(cli));
  });

  it('image IDs: by filter, and daemon-wide (all, top-level, dangling)', async () => {
    const reference = [`reference=shipshape-api-it/${run}`];
    expect(await api.listImageIds(reference)).toEqual(await cli.listImageIds(reference));
    expect(await api.listImageIds(reference)).toHaveLength(1);
    // The daemon orders images by creation time only, so images made in the same second come in
    // any order, from the CLI too: compared as sets.
    const sorted = (ids: string[]) => [...ids].sort();
    for (const [listFilters, all] of [
      [[], true],
      [[], false],
      [['dangling=true'], false],
    ] as const) {
      const [viaApi, viaCli] = await stable(
        async (engine) => sorted(await engine.listImageIds([...listFilters], all)),
        (a, b) => json(a) === json(b),
      );
      expect(viaApi).toEqual(viaCli);
      expect(viaApi.length).toBe(new Set(viaApi).size);
    }
  });

  it("containers: IDs, details with and without sizes, one's state", async () => {
    const ids = await api.listContainerIds(filters);
    expect(ids).toHaveLength(3);
    expect(ids).toEqual(await cli.listContainerIds(filters));
    expect(await api.listContainerIds([...filters, 'status=exited'])).toEqual(
      await cli.listContainerIds([...filters, 'status=exited']),
    );
    const asked = [...ids, 'shipshape-api-missing-container'];
    for (const withSize of [false, true]) {
      const viaApi = await api.inspectContainers(asked, withSize);
      expect(viaApi).toHaveLength(3);
      expect(viaApi).toEqual(await cli.inspectContainers(asked, withSize));
    }
    expect((await api.inspectContainers(ids)).find((c) => c.name === name('c2'))?.anonymousVolumes).toEqual(
      [],
    );
    expect(await api.inspectContainer(name('c3'))).toEqual(await cli.inspectContainer(name('c3')));
    expect(await api.inspectContainer(name('c3'))).toEqual({ status: 'exited', health: '', exitCode: 0 });
    expect(await api.inspectContainer('shipshape-api-missing-container')).toBeUndefined();
  });

  it('networks and volumes, in the order the CLI prints them', async () => {
    const viaApi = await api.listNetworks(filters);
    expect(viaApi).toEqual(networks); // net9 before net10
    expect(viaApi).toEqual(await cli.listNetworks(filters));
    const volumes = await api.listVolumes(filters);
    expect(volumes.map((volume) => volume.name)).toEqual([name('vol9'), name('vol10')]);
    expect(volumes).toEqual(await cli.listVolumes(filters));
    expect(volumes[0].labels).toEqual({ 'shipshape.test': `engine-api-${run}` });
  });

  it('disk usage: the same rows, to the 4 digits the CLI prints', async () => {
    const close = (a: DiskUsageRow[], b: DiskUsageRow[]) =>
      a.length === b.length &&
      a.every((row, i) => {
        const other = b[i];
        const near = (x: number, y: number) => Math.abs(x - y) <= Math.max(1, Math.max(x, y) * 5e-4);
        return (
          row.type === other.type &&
          row.count === other.count &&
          near(row.size, other.size) &&
          near(row.reclaimable, other.reclaimable)
        );
      });
    const [viaApi, viaCli] = await stable((engine) => engine.diskUsage(), close);
    expect(viaApi.map((row) => row.type)).toEqual(['Images', 'Containers', 'Local Volumes', 'Build Cache']);
    expect(close(viaApi, viaCli)).toBe(true);
    const sizes = await api.volumeSizes();
    const cliSizes = await cli.volumeSizes();
    for (const volume of [name('vol9'), name('vol10'), name('held')]) {
      expect(sizes.get(volume)).toBe(0);
      expect(cliSizes.get(volume)).toBe(0);
    }
  });
});

describe('changes: the API path reports what the CLI path reports', () => {
  it('creates a labelled volume as `docker volume create` does', async () => {
    await api.createVolume(name('made'), { 'shipshape.test': `engine-api-${run}`, kind: 'lease' });
    fx.cleanupAfter(name('made'));
    const made = JSON.parse(await ok(['volume', 'inspect', name('made')])) as {
      Driver: string;
      Labels: Record<string, string>;
    }[];
    expect(made[0].Driver).toBe('local');
    expect(made[0].Labels).toEqual({ 'shipshape.test': `engine-api-${run}`, kind: 'lease' });
  });

  it('removes volumes; one in use fails in the same words, one gone counts as removed', async () => {
    const volumes = [name('held'), name('never-made')];
    const viaApi = await api.removeVolumes(volumes);
    expect(viaApi.removed).toEqual([name('never-made')]);
    expect(viaApi.failed[0].reason).toMatch(/in use/);
    expect(viaApi).toEqual(await cli.removeVolumes(volumes));
    expect(await api.removeVolumes([name('vol9')])).toEqual({ removed: [name('vol9')], failed: [] });
    expect(await cli.removeVolumes([name('vol10')])).toEqual({ removed: [name('vol10')], failed: [] });
  });

  it('removes images; one in use fails in the same words, untagging as the CLI does', async () => {
    const [held] = await api.inspectImages([fx.base]);
    // The base image's ID is used by this file's containers: a conflict, not a removal.
    const refs = [held.Id, 'shipshape-api-it/missing:none'];
    const viaApi = await api.removeImages(refs);
    expect(viaApi.failed.map((f) => f.id)).toEqual([held.Id]);
    expect(viaApi.failed[0].reason).toMatch(/^Error response from daemon: conflict/);
    expect(viaApi).toEqual(await cli.removeImages(refs));
    expect(await api.removeImages([`shipshape-api-it/${run}:a`])).toEqual({
      removed: [`shipshape-api-it/${run}:a`],
      deleted: [],
      failed: [],
    });
    expect(await cli.removeImages([`shipshape-api-it/${run}:b`])).toEqual({
      removed: [`shipshape-api-it/${run}:b`],
      deleted: [],
      failed: [],
    });
  });

  it('removes containers with their volumes; one gone counts as removed', async () => {
    expect(await api.removeContainers([name('c1'), name('gone')])).toEqual({
      removed: [name('c1'), name('gone')],
      failed: [],
    });
    expect(await cli.removeContainers([name('c3'), name('gone')])).toEqual({
      removed: [name('c3'), name('gone')],
      failed: [],
    });
    expect(await api.listContainerIds(filters)).toHaveLength(1);
  });
});
