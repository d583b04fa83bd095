// Layer caching across runs: build, simulate a fresh runner (no image, container or build cache
// left, only the cache store), change a late file, build again, and read the builder's log.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SizeReport } from '../../src/size/render.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, ensureRegistryImage, writeContext } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';
import { startLegacyCacheServer, type LegacyCacheServer } from '../harness/legacy-cache-server.js';
import { runAction, type ActionResult } from '../harness/run-action.js';
import { execFileSync } from 'node:child_process';

const fx = useIntegrationFixtures({ registry: true, cacheServer: true });

/** A two-stage Dockerfile whose expensive steps print a marker only when they really run. */
function scenario(id: string) {
  const context = writeContext({
    Dockerfile: [
      `FROM ${fx.base} AS deps`,
      `RUN echo "DEPS""-RAN" && echo ${id} > /deps && sleep 1`,
      `FROM ${fx.base}`,
      'COPY --from=deps /deps /deps',
      `RUN echo "EXPENSIVE""-RAN" && echo ${id} > /expensive && sleep 1`,
      'COPY late.txt /late.txt',
      'RUN cat /late.txt',
      '',
    ].join('\n'),
    'late.txt': 'one\n',
  });
  return { context, changeLateFile: () => writeFileSync(join(context, 'late.txt'), `two ${id}\n`) };
}

/** What a fresh runner has: the base image, and nothing this scenario built or cached locally. */
async function freshRunner(): Promise<void> {
  const { stdout } = await docker([
    'images',
    '-a',
    '--format',
    '{{.ID}} {{.Repository}}',
    '--filter',
    `since=${fx.base}`,
  ]);
  // Test fixtures (shipshape-test/*) are part of the machine, not of the scenario.
  const ids = [
    ...new Set(
      stdout
        .split('\n')
        .filter((line) => line && !line.includes(' shipshape-test/'))
        .map((line) => line.split(' ')[0]),
    ),
  ];
  if (ids.length) await docker(['rmi', '-f', ...ids]);
  await docker(['builder', 'prune', '-af']);
  try {
    execFileSync('buildah', ['rmi', '--all', '--force'], { stdio: 'ignore' });
  } catch {
    // nothing to remove
  }
  execFileSync('buildah', ['pull', '--quiet', `docker-daemon:${fx.base}`], { stdio: 'ignore' });
}

/** A tiny filesystem for the full-disk test needs root (mount); elsewhere it is skipped, saying so. */
function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir]);
    return true;
  } catch {
    console.log('[cache] full-disk test skipped: this user cannot mount a tmpfs');
    return false;
  }
}

const ran = (result: ActionResult, marker: string) =>
  result.log.split('\n').some((line) => new RegExp(`(^|\\s)${marker}$`).test(line.trim()));

const builders: { name: string; inputs: Record<string, string>; env: Record<string, string> }[] = [
  { name: 'engine BuildKit', inputs: { builder: 'docker' }, env: {} },
  { name: 'legacy builder', inputs: { builder: 'docker' }, env: { DOCKER_BUILDKIT: '0' } },
  { name: 'buildah', inputs: { builder: 'buildah' }, env: {} },
];

describe.each(builders)('$name', (builder) => {
  it.each(['gha', 'registry'])(
    'cache: %s keeps every stage across fresh runners, build after build',
    async (mode) => {
      const id = randomBytes(4).toString('hex');
      const { context } = scenario(id);
      const image = `${fx.registry.host}/cache-it/${mode}-${builder.inputs.builder}-${id}`;
      const run = (late: string, key = late) => {
        writeFileSync(join(context, 'late.txt'), `${late} ${id}\n`);
        // A new cache-key file each time: every gha build saves a new entry that the next one restores.
        writeFileSync(join(context, 'key.txt'), key);
        return runAction({
          workspace: context,
          inputs: { images: image, cache: mode, 'cache-key-files': 'key.txt', ...builder.inputs },
          env: { ...fx.cacheServer.env(), ...builder.env },
        });
      };
      await freshRunner();
      const cold = await run('one');
      expect(cold.exitCode, cold.log).toBe(0);
      expect(ran(cold, 'EXPENSIVE-RAN')).toBe(true);
      expect(cold.outputs['cache-hit']).toBe('false');
      if (mode === 'gha') expect(Number(cold.outputs['cache-size'])).toBeGreaterThan(0);

      // Twice: a cache written by a build that itself came from the cache must work as well.
      for (const late of ['two', 'three']) {
        await freshRunner();
        const warm = await run(late);
        expect(warm.exitCode, warm.log).toBe(0);
        expect(ran(warm, 'EXPENSIVE-RAN'), `${late}: the expensive step ran again`).toBe(false);
        expect(ran(warm, 'DEPS-RAN'), `${late}: the first stage ran again`).toBe(false);
        expect(warm.log).toContain(`${late} ${id}`); // the changed late layer was rebuilt
        if (mode === 'gha') expect(warm.outputs['cache-hit']).toBe('partial');
        expect(warm.annotations.filter((a) => a.level !== 'notice')).toEqual([]);
      }

      // A new key, but nothing in the image changed: nothing is written to the cache again.
      await freshRunner();
      const same = await run('three', 'three, another key');
      expect(same.exitCode, same.log).toBe(0);
      expect(ran(same, 'EXPENSIVE-RAN')).toBe(false);
      if (builder.inputs.builder !== 'buildah') {
        expect(same.log).toMatch(/already has this image's layers: not (pushed|written) again/);
        // The cache holds this image's layers: the size report takes the registry's sizes for them.
        const report = JSON.parse(same.outputs['size-report']) as SizeReport;
        const cached = report.image.layers.filter(
          (l) => l.origin === 'added' && l.compressedHow === 'registry',
        );
        expect(cached.length, JSON.stringify(report.image.layers)).toBeGreaterThan(0);
      }
      // buildah's own cache pushes write new manifests on every build: its store changes, and is saved.
      if (mode === 'gha' && builder.inputs.builder !== 'buildah') {
        expect(same.outputs['cache-hit']).toBe('partial');
        expect(same.log).toContain('The layer cache is unchanged since it was restored: not saved again.');
        expect(same.state['cache-save']).toBeUndefined();
        expect(same.post?.stdout).not.toContain('Layer cache saved');
      }
    },
  );
});

describe('gha cache store', () => {
  it('runs the registry:2 image where the registry binary is missing', async () => {
    const registryImage = await ensureRegistryImage();
    const id = randomBytes(4).toString('hex');
    const { context, changeLateFile } = scenario(id);
    const run = () =>
      runAction({
        inputs: { context, images: `cache-it/container-${id}`, cache: 'gha', builder: 'docker' },
        env: {
          ...fx.cacheServer.env(),
          SHIPSHAPE_LOCAL_REGISTRY: 'container',
          SHIPSHAPE_REGISTRY_IMAGE: registryImage,
        },
      });
    await freshRunner();
    const cold = await run();
    expect(cold.exitCode, cold.log).toBe(0);
    expect(Number(cold.outputs['cache-size'])).toBeGreaterThan(0);
    await freshRunner();
    changeLateFile();
    const warm = await run();
    expect(warm.exitCode, warm.log).toBe(0);
    expect(ran(warm, 'EXPENSIVE-RAN')).toBe(false);
    // The registry container is gone after the build.
    const left = await docker(['ps', '-a', '-q', '--filter', `ancestor=${registryImage}`]);
    expect(left.stdout.trim()).toBe('');
  });

  it('keeps two images of one job in separate entries', async () => {
    const id = randomBytes(4).toString('hex');
    const { context } = scenario(id);
    const before = fx.cacheServer.entries().length;
    for (const name of ['first', 'second']) {
      const result = await runAction({
        inputs: { context, images: `cache-it/${name}-${id}`, cache: 'gha', builder: 'docker' },
        env: fx.cacheServer.env(),
      });
      expect(result.exitCode, result.log).toBe(0);
    }
    const keys = fx.cacheServer
      .entries()
      .slice(before)
      .map((entry) => entry.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toContain(`-first-`);
    expect(keys[1]).toContain(`-second-`);
  });

  it('stays bounded over five builds that each change a layer', async () => {
    const id = randomBytes(4).toString('hex');
    const context = writeContext({
      Dockerfile: `FROM ${fx.base}\nCOPY blob /blob\nRUN echo ${id}\n`,
      blob: randomBytes(1_000_000),
      'key.txt': '0',
    });
    const sizes: number[] = [];
    for (let i = 1; i <= 5; i++) {
      writeFileSync(join(context, 'blob'), randomBytes(1_000_000));
      writeFileSync(join(context, 'key.txt'), String(i)); // a new cache key: every build saves
      const result = await runAction({
        workspace: context, // cache-key-files are globs in the workspace
        inputs: {
          images: `cache-it/bounded-${id}`,
          cache: 'gha',
          builder: 'docker',
          'cache-key-files': 'key.txt',
        },
        env: fx.cacheServer.env(),
      });
      expect(result.exitCode, result.log).toBe(0);
      sizes.push(Number(result.outputs['cache-size']));
    }
    const saved = fx.cacheServer
      .entries()
      .filter((entry) => entry.key.includes(`bounded-`) && entry.createdAt > 0);
    expect(saved.length).toBeGreaterThanOrEqual(5);
    const archives = saved.slice(-5).map((entry) => entry.size);
    expect(sizes[0]).toBeGreaterThan(1_000_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(sizes[0] * 1.2);
    expect(Math.max(...archives)).toBeLessThanOrEqual(archives[0] * 1.2);
  });
});

describe('a broken cache never fails the build', () => {
  const warningsAbout = (result: ActionResult, pattern: RegExp) =>
    [...result.annotations, ...(result.post?.annotations ?? [])].filter(
      (a) => a.level === 'warning' && pattern.test(a.message),
    );

  async function build(env: Record<string, string>, inputs: Record<string, string> = {}) {
    const id = randomBytes(4).toString('hex');
    const { context } = scenario(id);
    const image = `cache-it/fault-${id}`;
    const started = Date.now();
    const result = await runAction({
      inputs: { context, images: image, cache: 'gha', builder: 'docker', ...inputs },
      env: { ...fx.cacheServer.env(), ...env },
    });
    return { result, seconds: (Date.now() - started) / 1000, context, image };
  }

  it('a cache service that is down', async () => {
    const { result, seconds } = await build({ ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.post?.exitCode).toBe(0);
    expect(warningsAbout(result, /restore|cache/i).length).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(60);
  });

  it.each([429, 500, 503])(
    'a cache service answering %i is asked once, costs at most 30 s, and its answer is said',
    async (status) => {
      fx.cacheServer.fault = { kind: 'status', status, on: 'twirp' };
      const before = fx.cacheServer.requests.length;
      try {
        const { result } = await build({});
        expect(result.exitCode, result.log).toBe(0);
        expect(result.post?.exitCode).toBe(0);
        // One warning that says what the service answered; no ::error:: from the library on a job that succeeds.
        const restore = warningsAbout(result, /could not be restored/);
        expect(restore).toHaveLength(1);
        expect(restore[0].message).toMatch(new RegExp(`${status}|Failed`));
        expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
        // The save does not ask the service again, and says why.
        expect(warningsAbout(result, /not asked again in this job/)).toHaveLength(1);
        const calls = fx.cacheServer.requests.slice(before).map((r) => r.path);
        expect(calls.some((path) => /CreateCacheEntry|FinalizeCacheEntryUpload/.test(path))).toBe(false);
        // All the service cost: the restore (main's cache-restore phase), and no save in post.
        const timings = JSON.parse(result.outputs.timings) as Record<string, number>;
        expect(timings['cache-restore']).toBeLessThan(30);
        expect(result.post?.stdout ?? '').not.toMatch(/Phase cache-save: ([1-9]\d|[5-9])\./);
      } finally {
        fx.cacheServer.fault = null;
      }
    },
    150_000,
  );

  it('two concurrent runs of one scope each have a cache directory of their own', async () => {
    const id = randomBytes(4).toString('hex');
    const { context } = scenario(id);
    const image = `cache-it/concurrent-${id}`;
    const temps = [mkdtempSync(join(tmpdir(), 'runner-a-')), mkdtempSync(join(tmpdir(), 'runner-b-'))];
    const run = (temp: string) =>
      runAction({
        inputs: { context, images: image, cache: 'gha', builder: 'docker' },
        // One host: the same TMPDIR for both, each runner's own RUNNER_TEMP.
        env: { ...fx.cacheServer.env(), RUNNER_TEMP: temp, TMPDIR: tmpdir() },
      });
    const cold = await run(temps[0]);
    expect(cold.exitCode, cold.log).toBe(0);
    await freshRunner();
    const both = await Promise.all(temps.map((temp) => run(temp)));
    for (const result of both) {
      expect(result.exitCode, result.log).toBe(0);
      expect(result.outputs['cache-hit']).not.toBe('false');
      expect(
        result.annotations.filter((a) => a.level !== 'notice'),
        result.log,
      ).toEqual([]);
      expect(result.post?.annotations ?? []).toEqual([]);
    }
    // Each run's directory was under its own RUNNER_TEMP, and nothing of either is left.
    for (const [i, result] of both.entries()) {
      const paths = JSON.parse(result.state['temporary-paths'] ?? '[]') as string[];
      expect(paths.some((path) => path.startsWith(join(temps[i], 'shipshape-cache-')))).toBe(true);
      expect(readdirSync(temps[i])).toEqual([]);
    }
  }, 300_000);

  it.skipIf(!canMountTmpfs())(
    'a full disk: the run succeeds and leaves no temporary file behind',
    async () => {
      const id = randomBytes(4).toString('hex');
      const { context } = scenario(id);
      const image = `cache-it/full-${id}`;
      const prime = await runAction({
        inputs: { context, images: image, cache: 'gha', builder: 'docker' },
        env: fx.cacheServer.env(),
      });
      expect(prime.exitCode, prime.log).toBe(0);
      const tiny = mkdtempSync(join(tmpdir(), 'tiny-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', tiny]);
      try {
        await freshRunner();
        const result = await runAction({
          inputs: { context, images: image, cache: 'gha', builder: 'docker' },
          env: { ...fx.cacheServer.env(), RUNNER_TEMP: tiny, TMPDIR: tiny },
        });
        expect(result.exitCode, result.log).toBe(0);
        expect(warningsAbout(result, /cache/i).length).toBeGreaterThanOrEqual(1);
        expect(readdirSync(tiny)).toEqual([]);
      } finally {
        execFileSync('umount', [tiny]);
      }
    },
    300_000,
  );

  it('a corrupt cache archive', async () => {
    const first = await build({});
    expect(first.result.exitCode).toBe(0);
    fx.cacheServer.fault = { kind: 'corrupt' };
    try {
      await freshRunner();
      const result = await runAction({
        inputs: {
          context: first.context,
          images: first.image,
          cache: 'gha',
          builder: 'docker',
        },
        env: fx.cacheServer.env(),
      });
      expect(result.exitCode, result.log).toBe(0);
      expect(result.outputs['cache-hit']).toBe('false');
      expect(warningsAbout(result, /restore/i).length).toBeGreaterThanOrEqual(1);
      expect(ran(result, 'EXPENSIVE-RAN')).toBe(true);
    } finally {
      fx.cacheServer.fault = null;
    }
  });

  it('an unreachable cache registry', async () => {
    const { result, seconds } = await build(
      {},
      { cache: 'registry', 'cache-ref': '127.0.0.1:9/nowhere:cache' },
    );
    expect(result.exitCode, result.log).toBe(0);
    expect(warningsAbout(result, /127\.0\.0\.1:9\/nowhere/).length).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(60);
  });
});

describe("build-push-action's cache-write", () => {
  it('cache-write: false restores on a fresh runner and saves nothing, on gha and registry', async () => {
    const id = randomBytes(4).toString('hex');
    const { context } = scenario(id);
    const image = `${fx.registry.host}/cache-it/readonly-${id}`;
    const run = (mode: string, late: string, write: string) => {
      writeFileSync(join(context, 'late.txt'), `${late} ${id}\n`);
      writeFileSync(join(context, 'key.txt'), late);
      return runAction({
        workspace: context,
        inputs: {
          images: image,
          cache: mode,
          'cache-key-files': 'key.txt',
          builder: 'docker',
          'cache-write': write,
        },
        env: fx.cacheServer.env(),
      });
    };
    /** Each cache tag of the registry with the digest it points at. */
    const cacheTags = async () => {
      const base = `http://${fx.registry.host}/v2/cache-it/readonly-${id}`;
      const { tags = [] } = (await fetch(`${base}/tags/list`).then((r) => r.json())) as { tags?: string[] };
      const accept =
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
      return Promise.all(
        tags.sort().map(async (tag) => {
          const head = await fetch(`${base}/manifests/${tag}`, { method: 'HEAD', headers: { accept } });
          return `${tag}@${head.headers.get('docker-content-digest')}`;
        }),
      );
    };
    for (const mode of ['gha', 'registry']) {
      await freshRunner();
      const cold = await run(mode, `${mode}-one`, 'true');
      expect(cold.exitCode, cold.log).toBe(0);
      const before = mode === 'gha' ? fx.cacheServer.entries().length : 0;
      const tagsBefore = await cacheTags();

      await freshRunner();
      const warm = await run(mode, `${mode}-two`, 'false');
      expect(warm.exitCode, warm.log).toBe(0);
      expect(warm.post?.exitCode).toBe(0);
      expect(ran(warm, 'EXPENSIVE-RAN'), `${mode}: the expensive step ran again`).toBe(false);
      expect(warm.log).toContain("'cache-write' is false: the layer cache was read, and is not written.");
      if (mode === 'gha') {
        expect(fx.cacheServer.entries().length).toBe(before);
        expect(warm.post?.stdout ?? '').not.toMatch(/Phase cache-save/);
      } else {
        // The registry's cache tags are the cold run's, pointing where they pointed.
        expect(tagsBefore.length).toBeGreaterThan(0);
        expect(await cacheTags()).toEqual(tagsBefore);
        expect(warm.log).not.toMatch(/The push refers to repository .*readonly/);
      }
    }
  });
});

describe("GitHub Enterprise Server: the runner's legacy cache service (ACTIONS_CACHE_URL)", () => {
  let legacy: LegacyCacheServer | undefined;
  beforeAll(async () => {
    legacy = await startLegacyCacheServer();
  });
  afterAll(async () => {
    await legacy?.stop();
  });

  it('cache: gha saves to it and a fresh runner restores from it, skipping the expensive step', async () => {
    const server = legacy!;
    const id = randomBytes(4).toString('hex');
    const { context } = scenario(id);
    const image = `cache-it/ghes-${id}`;
    const run = (late: string) => {
      writeFileSync(join(context, 'late.txt'), `${late} ${id}\n`);
      writeFileSync(join(context, 'key.txt'), late);
      return runAction({
        workspace: context,
        // No `cache` input: on GHES, with its service there, gha is the default as on github.com.
        inputs: { images: image, 'cache-key-files': 'key.txt', builder: 'docker' },
        env: server.env(),
      });
    };
    await freshRunner();
    const cold = await run('one');
    expect(cold.exitCode, cold.log).toBe(0);
    expect(cold.post?.exitCode).toBe(0);
    expect(ran(cold, 'EXPENSIVE-RAN')).toBe(true);
    expect(cold.log).not.toMatch(/cache service is not available/);
    expect(server.entries()).toHaveLength(1);
    expect(server.requests).toEqual(
      expect.arrayContaining([
        'GET /_apis/artifactcache/cache',
        'POST /_apis/artifactcache/caches',
        expect.stringMatching(/^PATCH \/_apis\/artifactcache\/caches\/\d+$/),
        expect.stringMatching(/^POST \/_apis\/artifactcache\/caches\/\d+$/),
      ]),
    );

    await freshRunner();
    const warm = await run('two');
    expect(warm.exitCode, warm.log).toBe(0);
    expect(ran(warm, 'EXPENSIVE-RAN'), 'the expensive step ran again').toBe(false);
    expect(ran(warm, 'DEPS-RAN'), 'the first stage ran again').toBe(false);
    expect(warm.outputs['cache-hit']).toBe('partial');
    expect(server.requests).toContain('GET /archives/1');
    expect(warm.annotations.filter((a) => a.level === 'warning' || a.level === 'error')).toEqual([]);
  });
});
