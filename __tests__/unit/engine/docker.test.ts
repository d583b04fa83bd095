import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cliPluginDirs,
  mayHaveBuildx,
  parseClientVersion,
  probeDockerClients,
} from '../../../src/engine/clients.js';
import {
  diskUsageRows,
  Docker,
  historyEntries,
  parseDiskUsageRow,
  parseHumanSize,
  parseImageRemoval,
  parseServerHeader,
  parsePushDigest,
  volumeDetails,
  volumeSizesOf,
} from '../../../src/engine/docker.js';
import { EngineApi } from '../../../src/engine/engine-api.js';
import type { ExecOptions, ExecResult } from '../../../src/engine/exec.js';
import {
  startFakeEngine,
  type FakeAnswer,
  type FakeEngine,
  type FakeRequest,
} from '../../factories/fake-engine.js';

describe('parseClientVersion', () => {
  it('reads both release and distribution versions', () => {
    expect(parseClientVersion('Docker version 28.2.2, build e6534b4')).toBe('28.2.2');
    expect(parseClientVersion('Docker version 20.10.24+dfsg1, build 297e128')).toBe('20.10.24+dfsg1');
    expect(parseClientVersion('garbage')).toBe('');
  });
});

describe('parseHumanSize', () => {
  it("reads Docker's decimal sizes", () => {
    expect(parseHumanSize('24.84MB')).toBe(24_840_000);
    expect(parseHumanSize('2.395kB')).toBe(2395);
    expect(parseHumanSize('0B')).toBe(0);
    expect(parseHumanSize('1.2GB')).toBe(1_200_000_000);
    expect(parseHumanSize('512B')).toBe(512);
    expect(parseHumanSize('3TB')).toBe(3e12);
    expect(parseHumanSize(' 1.5 GB ')).toBe(1_500_000_000);
  });
  it.each(['', 'N/A', 'MB', '12', '1.2XB', '-1MB', '1.2GiB'])('rejects %j', (text) => {
    expect(parseHumanSize(text)).toBeUndefined();
  });
});

describe('parseDiskUsageRow', () => {
  it('reads a `docker system df` row, reclaimable without its percentage', () => {
    const row = JSON.parse(
      '{"Active":"0","Reclaimable":"24.84MB (100%)","Size":"24.84MB","TotalCount":"7","Type":"Images"}',
    ) as Record<string, string>;
    expect(parseDiskUsageRow(row)).toEqual({
      type: 'Images',
      count: 7,
      size: 24_840_000,
      reclaimable: 24_840_000,
    });
  });
  it('reads what it cannot understand as zero', () => {
    expect(parseDiskUsageRow({ Type: 'Build Cache', Size: 'N/A', TotalCount: 'x' })).toEqual({
      type: 'Build Cache',
      count: 0,
      size: 0,
      reclaimable: 0,
    });
  });
});

describe('parseImageRemoval', () => {
  const id = `sha256:0123456789ab${'c'.repeat(52)}`;
  const deleted = `sha256:${'f'.repeat(64)}`;
  const inUse =
    'Error response from daemon: conflict: unable to delete 0123456789ab (must be forced) - image is being used by stopped container abcdef';

  it('tells removed refs from ones the daemon refused, by name or by short ID', () => {
    const outcome = parseImageRemoval(
      ['app:v1', id],
      `Untagged: app:v1\nDeleted: ${deleted}\n`,
      `${inUse}\n`,
      1,
    );
    expect(outcome).toEqual({
      removed: ['app:v1'],
      deleted: [deleted],
      failed: [{ id, reason: inUse }],
    });
    // A ref given as the bare short ID is matched too.
    expect(parseImageRemoval(['0123456789ab'], '', inUse, 1).failed).toEqual([
      { id: '0123456789ab', reason: inUse },
    ]);
  });
  it('lists every Deleted ID, parents and layers included', () => {
    const layer = `sha256:${'e'.repeat(64)}`;
    const outcome = parseImageRemoval([id], `Deleted: ${id}\nDeleted: ${layer}\n`, '', 0);
    expect(outcome).toEqual({ removed: [id], deleted: [id, layer], failed: [] });
  });
  it('counts an image that is already gone as removed', () => {
    const outcome = parseImageRemoval(
      ['gone:v1', 'app:v2'],
      'Untagged: app:v2\n',
      'Error response from daemon: No such image: gone:v1\n',
      1,
    );
    expect(outcome.removed).toEqual(['gone:v1', 'app:v2']);
    expect(outcome.failed).toEqual([]);
    const byId = parseImageRemoval([id], '', 'Error response from daemon: No such image: 0123456789ab', 1);
    expect(byId).toEqual({ removed: [id], deleted: [], failed: [] });
  });
  it('fails every ref when the error names none of them (the daemon is down)', () => {
    const down =
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    const outcome = parseImageRemoval(['app:v1', id], '', `${down}\n`, 1);
    expect(outcome).toEqual({
      removed: [],
      deleted: [],
      failed: [
        { id: 'app:v1', reason: down },
        { id, reason: down },
      ],
    });
  });
  it('does not blame a ref for an error about a longer ref that contains it', () => {
    // Pushing to Docker Hub and GHCR: the last reference of an image a container uses cannot be
    // removed, and Docker names it; the other was untagged.
    const conflict =
      'Error response from daemon: conflict: unable to remove repository reference "ghcr.io/acme/app:v1" (must force) - container 1a2b3c4d5e6f is using its referenced image 0123456789ab';
    const outcome = parseImageRemoval(
      ['acme/app:v1', 'ghcr.io/acme/app:v1'],
      'Untagged: acme/app:v1\n',
      `${conflict}\n`,
      1,
    );
    // `acme/app:v1` is a substring of `ghcr.io/acme/app:v1` but not the ref the error names.
    expect(outcome.failed).toEqual([{ id: 'ghcr.io/acme/app:v1', reason: conflict }]);
    expect(outcome.removed).toEqual(['acme/app:v1']);
  });
});

describe('reports', () => {
  it('parses the digest docker push prints', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(parsePushDigest(`v1: digest: ${digest} size: 942\n`)).toBe(digest);
    expect(parsePushDigest('nothing')).toBe('');
  });
});

describe('diskUsageRows', () => {
  it("sums a daemon's lists as docker system df does", () => {
    const rows = diskUsageRows({
      LayersSize: 1000,
      Images: [
        { Containers: 1, Size: 100, SharedSize: 40 },
        { Containers: 0, Size: 300, SharedSize: 40 },
        { Containers: 2, Size: -1, SharedSize: 40 },
      ],
      Containers: [
        { State: 'running', SizeRw: 10 },
        { State: 'exited', SizeRw: 5 },
        { State: 'paused', SizeRw: 7 },
        { State: 'created', SizeRw: 2 },
      ],
      Volumes: [
        { Name: 'used', UsageData: { Size: 7, RefCount: 1 } },
        { Name: 'idle', UsageData: { Size: 3, RefCount: 0 } },
        { Name: 'unmeasured', UsageData: { Size: -1, RefCount: 0 } },
        { Name: 'no-data', UsageData: null },
      ],
      BuildCache: [
        { Size: 50, Shared: true, InUse: false },
        { Size: 20, Shared: false, InUse: true },
        { Size: 30, Shared: false, InUse: false },
      ],
    });
    expect(rows).toEqual([
      // Reclaimable: the layers but what the image a container uses holds alone (100 − 40).
      { type: 'Images', count: 3, size: 1000, reclaimable: 940 },
      { type: 'Containers', count: 4, size: 24, reclaimable: 7 },
      { type: 'Local Volumes', count: 4, size: 10, reclaimable: 3 },
      { type: 'Build Cache', count: 3, size: 50, reclaimable: 30 },
    ]);
  });
  it('reads the rows as the CLI path reads what the CLI printed for the same answer', () => {
    // `docker system df` printed these for the daemon's answer below (4 significant digits).
    const printed = [
      '{"Active":"1","Reclaimable":"24.84MB (99%)","Size":"24.84MB","TotalCount":"2","Type":"Images"}',
      '{"Active":"0","Reclaimable":"0B","Size":"0B","TotalCount":"0","Type":"Containers"}',
      '{"Active":"0","Reclaimable":"0B","Size":"0B","TotalCount":"1","Type":"Local Volumes"}',
      '{"Active":"0","Reclaimable":"2.694kB","Size":"2.694kB","TotalCount":"39","Type":"Build Cache"}',
    ].map((line) => parseDiskUsageRow(JSON.parse(line) as Record<string, string>));
    const rows = diskUsageRows({
      LayersSize: 24_837_188,
      Images: [
        { Containers: 1, Size: 65, SharedSize: 0 },
        { Containers: 0, Size: 1_982_626, SharedSize: 1_982_561 },
      ],
      Containers: [],
      Volumes: [{ Name: 'lease', UsageData: { Size: 0, RefCount: 0 } }],
      BuildCache: Array.from({ length: 39 }, (_, i) => ({ Size: i === 0 ? 2694 : 0, Shared: false })),
    });
    expect(rows.map((row) => [row.type, row.count])).toEqual(printed.map((row) => [row.type, row.count]));
    rows.forEach((row, i) => {
      expect(Math.abs(row.size - printed[i].size)).toBeLessThanOrEqual(row.size * 5e-4);
      expect(Math.abs(row.reclaimable - printed[i].reclaimable)).toBeLessThanOrEqual(row.reclaimable * 5e-4);
    });
  });
  it("takes a newer daemon's own totals", () => {
    const rows = diskUsageRows({
      ImageUsage: { TotalCount: 4, ActiveCount: 1, TotalSize: 900, Reclaimable: 600 },
      BuildCacheUsage: { TotalCount: 2, TotalSize: 10, Reclaimable: 10 },
    });
    expect(rows).toEqual([
      { type: 'Images', count: 4, size: 900, reclaimable: 600 },
      { type: 'Containers', count: 0, size: 0, reclaimable: 0 },
      { type: 'Local Volumes', count: 0, size: 0, reclaimable: 0 },
      { type: 'Build Cache', count: 2, size: 10, reclaimable: 10 },
    ]);
  });
  it('reads a negative reclaimable amount as nothing, as the CLI path does', () => {
    const rows = diskUsageRows({ LayersSize: 10, Images: [{ Containers: 1, Size: 50, SharedSize: 0 }] });
    expect(rows[0]).toEqual({ type: 'Images', count: 1, size: 10, reclaimable: 0 });
  });
});

describe('volumeSizesOf', () => {
  it('gives each volume its measured bytes, 0 when unmeasured', () => {
    const sizes = volumeSizesOf({
      Volumes: [
        { Name: 'a', UsageData: { Size: 12, RefCount: 0 } },
        { Name: 'b', UsageData: { Size: -1, RefCount: 0 } },
        { Name: 'c' },
      ],
    });
    expect([...sizes]).toEqual([
      ['a', 12],
      ['b', 0],
      ['c', 0],
    ]);
    expect([
      ...volumeSizesOf({ VolumeUsage: { Items: [{ Name: 'd', UsageData: { Size: 5, RefCount: 1 } }] } }),
    ]).toEqual([['d', 5]]);
  });
});

describe('historyEntries', () => {
  it('keeps the order and prints tabs in commands as spaces, as docker history does', () => {
    expect(
      historyEntries([
        { CreatedBy: '/bin/sh -c #(nop)\tCMD ["hello"]', Size: 0 },
        { CreatedBy: 'COPY hello /bin/', Size: 2395 },
        {},
      ]),
    ).toEqual([
      { createdBy: '/bin/sh -c #(nop) CMD ["hello"]', size: 0 },
      { createdBy: 'COPY hello /bin/', size: 2395 },
      { createdBy: '', size: 0 },
    ]);
    expect(historyEntries(null)).toEqual([]);
  });
});

describe('volumeDetails', () => {
  it('lists volumes by name as volume ls sorts them, with their labels', () => {
    const volumes = volumeDetails({
      Volumes: [
        { Name: 'lease-10', CreatedAt: '2026-01-02T00:00:00Z', Labels: { a: '1' } },
        { Name: 'lease-9', CreatedAt: '2026-01-01T00:00:00Z', Labels: null },
      ],
    });
    expect(volumes).toEqual([
      { name: 'lease-9', created: '2026-01-01T00:00:00Z', labels: {} },
      { name: 'lease-10', created: '2026-01-02T00:00:00Z', labels: { a: '1' } },
    ]);
    expect(volumeDetails({ Volumes: null })).toEqual([]);
  });
});

/** A Docker that records the CLI calls it would make instead of making them. */
class RecordingDocker extends Docker {
  readonly calls: string[][] = [];
  constructor(
    api: EngineApi | undefined,
    private readonly answer: Partial<ExecResult> = {},
  ) {
    super('docker-not-used', { api });
  }
  protected override async exec(args: string[], _options: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push(args);
    return { exitCode: 0, stdout: '', stderr: '', timedOut: false, ...this.answer };
  }
}

describe('Docker over the Engine API', () => {
  let engine: FakeEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });
  const connect = async (route: (request: FakeRequest) => FakeAnswer | undefined) => {
    engine = await startFakeEngine(route);
    return new RecordingDocker(new EngineApi(engine.socketPath));
  };
  const requested = () => (engine?.requests ?? []).map((r) => `${r.method} ${r.path}`);
  const image = (id: string) => ({
    Id: id,
    RepoTags: [],
    RepoDigests: [],
    Size: 1,
    Created: '',
    RootFS: {},
    Config: null,
  });

  it('asks the daemon its version', async () => {
    const docker = await connect(() => ({
      json: { Version: '28.2.2', Os: 'linux', Arch: 'arm64', ApiVersion: '1.50' },
    }));
    expect(await docker.server()).toEqual({ version: '28.2.2', os: 'linux', arch: 'arm64' });
    expect(docker.calls).toEqual([]);
    // Asked once: the entry asks early, the main step takes the same answer.
    await docker.server();
    expect(requested().filter((r) => r === 'GET /version')).toHaveLength(1);
  });

  it("takes the version and OS from /_ping's Server header, and asks /version only when it says less", async () => {
    const docker = await connect((request) => {
      if (request.path === '/_ping')
        return { text: 'OK', headers: { server: 'Docker/20.10.24+dfsg1 (linux)' } };
      return { json: { Version: '28.2.2', Os: 'linux', Arch: 'arm64' } };
    });
    expect(await docker.serverBrief()).toEqual({ version: '20.10.24+dfsg1', os: 'linux', arch: '' });
    expect(await docker.serverBrief()).toEqual({ version: '20.10.24+dfsg1', os: 'linux', arch: '' });
    expect(requested()).toEqual(['GET /_ping']);
    await engine?.close();
    const silent = await connect((request) =>
      request.path === '/_ping'
        ? { text: 'OK' }
        : { json: { Version: '28.2.2', Os: 'linux', Arch: 'arm64' } },
    );
    expect(await silent.serverBrief()).toEqual({ version: '28.2.2', os: 'linux', arch: 'arm64' });
    expect(requested()).toEqual(['GET /_ping', 'GET /version']);
  });

  it('reads the Server header: version and OS, nothing from other servers', () => {
    expect(parseServerHeader('Docker/28.2.2 (linux)')).toEqual({ version: '28.2.2', os: 'linux', arch: '' });
    expect(parseServerHeader('Docker/20.10.24+dfsg1 (windows)')?.os).toBe('windows');
    expect(parseServerHeader('libpod/4.3.1 (linux)')).toBeUndefined();
    expect(parseServerHeader('')).toBeUndefined();
  });

  it('runs a container over the API: create, start, wait, logs, then removal with removeWhenDone', async () => {
    const frame = (stream: number, text: string) =>
      String.fromCharCode(stream, 0, 0, 0, 0, 0, 0, text.length) + text;
    const docker = await connect((request) => {
      if (request.path === '/containers/create') return { status: 201, json: { Id: 'c1' } };
      if (request.path === '/containers/c1/start') return { status: 204 };
      if (request.path === '/containers/c1/wait') return { json: { StatusCode: 3 } };
      if (request.path === '/containers/c1/logs') return { text: frame(1, 'out\n') + frame(2, 'err\n') };
      if (request.path === '/containers/c1') return { status: 204 };
      return undefined;
    });
    const spec = { image: 'app:1', name: 't1', network: 'none', labels: { a: 'b' }, removeWhenDone: true };
    expect(await docker.runContainer(spec)).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      timedOut: false,
    });
    expect(requested()).toEqual([
      'POST /containers/create',
      'POST /containers/c1/start',
      'POST /containers/c1/wait',
      'GET /containers/c1/logs',
      'DELETE /containers/c1',
    ]);
    const create = engine!.requests[0];
    expect(create.query.get('name')).toBe('t1');
    expect(JSON.parse(create.body)).toMatchObject({ Image: 'app:1', HostConfig: { NetworkMode: 'none' } });
    expect(engine!.requests[2].query.get('condition')).toBe('not-running');
    expect(docker.calls).toEqual([]);
  });

  it('leaves an image the daemon does not have to the CLI, which pulls it', async () => {
    const docker = await connect((request) =>
      request.path === '/containers/create'
        ? { status: 404, json: { message: 'No such image: app:2' } }
        : undefined,
    );
    await docker.runContainer({ image: 'app:2', name: '', network: 'none', labels: {} });
    expect(docker.calls).toEqual([['container', 'run', '--network', 'none', 'app:2']]);
  });

  it('kills a container that outlives the timeout and says it timed out', async () => {
    const docker = await connect((request) => {
      if (request.path === '/containers/create') return { status: 201, json: { Id: 'c2' } };
      if (request.path === '/containers/c2/wait') return { hang: true };
      if (request.path === '/containers/c2/logs') return { text: '' };
      return { status: 204 };
    });
    const result = await docker.runContainer({ image: 'app:1', name: '', network: 'none', labels: {} }, 300);
    expect(result).toEqual({ exitCode: 137, stdout: '', stderr: '', timedOut: true });
    expect(requested()).toContain('POST /containers/c2/kill');
    expect(requested()).not.toContain('DELETE /containers/c2');
  });

  it('fails as the CLI path fails when the daemon refuses or does not answer', async () => {
    const refusing = await connect(() => ({ status: 500, json: { message: 'boom' } }));
    await expect(refusing.server()).rejects.toThrow(
      /The Docker daemon at .* does not answer \(Error response from daemon: boom\)\. Start dockerd/,
    );
    await engine?.close();
    const hanging = await connect(() => ({ hang: true }));
    await expect(hanging.server(1000)).rejects.toThrow(/does not answer \(no answer within 1 s\)/);
    expect(hanging.calls).toEqual([]);
    // The quick way fails as soon, without asking /version (another wait) after /_ping.
    const versionsBefore = requested().filter((r) => r === 'GET /version').length;
    const started = Date.now();
    await expect(hanging.serverBrief(1000)).rejects.toThrow(/does not answer \(no answer within 1 s\)/);
    expect(Date.now() - started).toBeLessThan(1900);
    expect(requested().filter((r) => r === 'GET /_ping')).toHaveLength(1);
    expect(requested().filter((r) => r === 'GET /version')).toHaveLength(versionsBefore);
  });

  it('inspects images side by side, skipping the missing ones, in the order asked', async () => {
    const docker = await connect((request) =>
      request.path === '/images/missing:1/json' ? undefined : { json: image(request.path.split('/')[2]) },
    );
    const found = await docker.inspectImages(['app:1', 'missing:1', 'sha256:abc']);
    expect(found.map((i) => i.Id)).toEqual(['app:1', 'sha256:abc']);
    expect(await docker.imageExists('app:1')).toBe(true);
    expect(await docker.imageExists('missing:1')).toBe(false);
    expect(docker.calls).toEqual([]);
  });

  it('lists image IDs once each, with the filters and --all as the API spells them', async () => {
    const docker = await connect(() => ({
      json: [{ Id: 'sha256:a' }, { Id: 'sha256:b' }, { Id: 'sha256:a' }],
    }));
    expect(await docker.listImageIds(['dangling=true'], true)).toEqual(['sha256:a', 'sha256:b']);
    await docker.listImageIds();
    const [first, second] = engine?.requests ?? [];
    expect(first.query.get('all')).toBe('1');
    expect(JSON.parse(first.query.get('filters') ?? '')).toEqual({ dangling: { true: true } });
    expect(second.query.has('all')).toBe(false);
    expect(second.query.has('filters')).toBe(false);
  });

  it('lists containers (all of them), networks and volumes with their details in one request each', async () => {
    const docker = await connect((request) => {
      if (request.path === '/containers/json') return { json: [{ Id: 'c1' }, { Id: 'c2' }] };
      if (request.path === '/networks')
        return {
          json: [
            { Id: 'n2', Name: 'net10' },
            { Id: 'n1', Name: 'net9' },
          ],
        };
      if (request.path === '/volumes') {
        return { json: { Volumes: [{ Name: 'v', CreatedAt: 'now', Labels: { run: 'x' } }], Warnings: null } };
      }
      return undefined;
    });
    expect(await docker.listContainerIds(['label=run=x'])).toEqual(['c1', 'c2']);
    expect(await docker.listNetworks(['label=run=x'])).toEqual(['n1', 'n2']);
    expect(await docker.listVolumes(['label=run=x'])).toEqual([
      { name: 'v', created: 'now', labels: { run: 'x' } },
    ]);
    expect(requested()).toEqual(['GET /containers/json', 'GET /networks', 'GET /volumes']);
    expect(engine?.requests[0].query.get('all')).toBe('1');
    expect(docker.calls).toEqual([]);
  });

  it('fails a listing the daemon refuses as the CLI path does', async () => {
    const docker = await connect(() => ({ status: 500, json: { message: 'daemon is busy' } }));
    await expect(docker.listImageIds()).rejects.toThrow(
      'docker image ls failed: Error response from daemon: daemon is busy',
    );
    await expect(docker.history('app:1')).rejects.toThrow(
      'docker image history failed: Error response from daemon: daemon is busy',
    );
    expect(await docker.rootDir()).toBe('');
    expect(await docker.diskUsage()).toEqual([]);
  });

  it('removes images one ref at a time, reporting as `docker image rm` would', async () => {
    const deleted = `sha256:${'d'.repeat(64)}`;
    const conflict =
      'conflict: unable to remove repository reference "busy:1" (must force) - container 1a2b3c4d5e6f is using its referenced image 0123456789ab';
    const docker = await connect((request) => {
      if (request.path === '/images/app:1') return { json: [{ Untagged: 'app:1' }, { Deleted: deleted }] };
      if (request.path === '/images/busy:1') return { status: 409, json: { message: conflict } };
      return { status: 404, json: { message: 'No such image: gone:1' } };
    });
    expect(await docker.removeImages(['app:1', 'busy:1', 'gone:1'])).toEqual({
      removed: ['app:1', 'gone:1'],
      deleted: [deleted],
      failed: [{ id: 'busy:1', reason: `Error response from daemon: ${conflict}` }],
    });
    expect(requested()).toEqual(['DELETE /images/app:1', 'DELETE /images/busy:1', 'DELETE /images/gone:1']);
  });

  it('removes containers with their volumes and volumes, an object already gone counting as removed', async () => {
    const docker = await connect((request) => {
      if (request.path.endsWith('/busy'))
        return { status: 409, json: { message: 'remove busy: volume is in use - [c1]' } };
      if (request.path.endsWith('/gone'))
        return { status: 404, json: { message: 'No such container: gone' } };
      if (request.path === '/volumes/lost')
        return { status: 404, json: { message: 'get lost: no such volume' } };
      return { status: 204 };
    });
    expect(await docker.removeContainers(['c1', 'gone'])).toEqual({ removed: ['c1', 'gone'], failed: [] });
    expect(await docker.removeContainers(['busy', 'c2'])).toEqual({
      removed: ['c2'],
      failed: [{ id: 'busy', reason: 'Error response from daemon: remove busy: volume is in use - [c1]' }],
    });
    expect(engine?.requests[0].query.get('force')).toBe('1');
    expect(engine?.requests[0].query.get('v')).toBe('1');
    expect(await docker.removeVolumes(['lease', 'lost', 'busy'])).toEqual({
      removed: ['lease', 'lost'],
      failed: [{ id: 'busy', reason: 'Error response from daemon: remove busy: volume is in use - [c1]' }],
    });
    expect(docker.calls).toEqual([]);
  });

  it('creates the lease volume with its labels, and fails as `checked` does', async () => {
    const docker = await connect((request) =>
      request.body.includes('"taken"')
        ? { status: 409, json: { message: 'volume taken exists' } }
        : { status: 201, json: {} },
    );
    await docker.createVolume('lease', { 'dev.shipshape.lease': 'true' });
    expect(JSON.parse(engine?.requests[0].body ?? '')).toEqual({
      Name: 'lease',
      Driver: 'local',
      DriverOpts: {},
      Labels: { 'dev.shipshape.lease': 'true' },
    });
    await expect(docker.createVolume('taken', {})).rejects.toThrow(
      'docker volume create failed: Error response from daemon: volume taken exists',
    );
  });

  it('reads the root dir, disk usage, history and container state', async () => {
    const docker = await connect((request) => {
      if (request.path === '/info') return { json: { DockerRootDir: '/var/lib/docker' } };
      if (request.path === '/system/df') return { json: { LayersSize: 5, Images: [{ Containers: 0 }] } };
      if (request.path === '/images/app:1/history') return { json: [{ CreatedBy: 'a\tb', Size: 3 }] };
      if (request.path === '/containers/svc/json') {
        return { json: { State: { Status: 'running', Health: { Status: 'healthy' }, ExitCode: 0 } } };
      }
      return undefined;
    });
    expect(await docker.rootDir()).toBe('/var/lib/docker');
    expect(await docker.rootDir()).toBe('/var/lib/docker');
    expect(requested().filter((r) => r === 'GET /info')).toHaveLength(1); // asked once
    const told = new RecordingDocker(undefined, { stdout: '/elsewhere\n' });
    told.knowRootDir('/srv/docker');
    expect(await told.rootDir()).toBe('/srv/docker'); // the main step's answer, from the state
    expect(told.calls).toEqual([]);
    expect((await docker.diskUsage())[0]).toEqual({ type: 'Images', count: 1, size: 5, reclaimable: 5 });
    expect(await docker.history('app:1')).toEqual([{ createdBy: 'a b', size: 3 }]);
    expect(await docker.inspectContainer('svc')).toEqual({
      status: 'running',
      health: 'healthy',
      exitCode: 0,
    });
    expect(await docker.inspectContainer('gone')).toBeUndefined();
  });

  it('goes back to the CLI for good when the socket does not answer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-no-engine-'));
    const docker = new RecordingDocker(new EngineApi(path.join(dir, 'docker.sock')), {
      stdout: 'sha256:from-cli\n',
    });
    expect(docker.transport).toBe('api');
    expect(await docker.listImageIds([], true)).toEqual(['sha256:from-cli']);
    expect(docker.transport).toBe('cli');
    expect(docker.calls).toEqual([['image', 'ls', '--quiet', '--no-trunc', '--all']]);
  });

  it('runs the CLI for everything without the API (new Docker(), test doubles)', async () => {
    const docker = new RecordingDocker(undefined, { stdout: '/var/lib/docker\n' });
    expect(docker.transport).toBe('cli');
    expect(await docker.rootDir()).toBe('/var/lib/docker');
    expect(docker.calls).toEqual([['info', '--format', '{{.DockerRootDir}}']]);
  });

  it('connects to the socket only when the environment leaves no doubt', async () => {
    engine = await startFakeEngine(() => undefined);
    const config = mkdtempSync(path.join(tmpdir(), 'shipshape-config-'));
    const env = { DOCKER_HOST: `unix://${engine.socketPath}`, DOCKER_CONFIG: config };
    expect(Docker.connect(env).transport).toBe('api');
    expect(Docker.connect({ ...env, SHIPSHAPE_DOCKER_API: '0' }).transport).toBe('cli');
    expect(Docker.connect({ ...env, DOCKER_CONTEXT: 'remote' }).transport).toBe('cli');
    expect(Docker.connect({ ...env, DOCKER_HOST: 'tcp://127.0.0.1:2375' }).transport).toBe('cli');
  });
});

describe('cliPluginDirs and mayHaveBuildx', () => {
  it("looks where the docker CLI looks: DOCKER_CONFIG's cli-plugins, its extra dirs, then the system dirs", () => {
    const config = mkdtempSync(path.join(tmpdir(), 'docker-config-'));
    writeFileSync(
      path.join(config, 'config.json'),
      JSON.stringify({ cliPluginsExtraDirs: ['/opt/plugins'] }),
    );
    const dirs = cliPluginDirs({ DOCKER_CONFIG: config }, '/home/runner');
    expect(dirs.slice(0, 3)).toEqual([
      path.join(config, 'cli-plugins'),
      '/opt/plugins',
      '/usr/local/lib/docker/cli-plugins',
    ]);
    expect(dirs).toContain('/usr/libexec/docker/cli-plugins');
    expect(cliPluginDirs({}, '/home/runner')[0]).toBe('/home/runner/.docker/cli-plugins');
    rmSync(config, { recursive: true, force: true });
  });

  it('finds a docker-buildx plugin file, and says no where there is none (no process asked)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-plugins-'));
    expect(mayHaveBuildx([dir, '/nonexistent'])).toBe(false);
    writeFileSync(path.join(dir, 'docker-buildx'), '#!/bin/sh\n');
    expect(mayHaveBuildx(['/nonexistent', dir])).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('probeDockerClients', () => {
  it('asks a client file for its version once per runner: the tool cache remembers it until the file changes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'docker-probe-'));
    try {
      const bin = path.join(root, 'bin');
      const calls = path.join(root, 'calls');
      const docker = path.join(bin, 'docker');
      writeFileSync(calls, '');
      await import('node:fs/promises').then((fs) => fs.mkdir(bin));
      writeFileSync(docker, `#!/bin/sh\necho x >> ${calls}\necho 'Docker version 99.1.0, build abc'\n`);
      chmodSync(docker, 0o755);
      const env = { PATH: bin, RUNNER_TOOL_CACHE: path.join(root, 'tool-cache') };
      const execs = () => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;

      expect(await probeDockerClients(env)).toEqual([{ path: docker, version: '99.1.0', hasBuildx: false }]);
      expect(await probeDockerClients(env)).toEqual([{ path: docker, version: '99.1.0', hasBuildx: false }]);
      expect(execs()).toBe(1);
      // Another build of the client (here: a newer modification time) is asked again.
      utimesSync(docker, new Date(), new Date(Date.now() + 5000));
      await probeDockerClients(env);
      expect(execs()).toBe(2);
      // Without a tool cache, every job asks.
      await probeDockerClients({ PATH: bin });
      expect(execs()).toBe(3);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
