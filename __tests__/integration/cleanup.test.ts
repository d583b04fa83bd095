// Runner disk hygiene against the real engine: each cleanup policy on a prepared mess, two runs on one
// daemon, the disk guard, a prune conflict, cleanup-strict, and buildah.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { freeBytesAt } from '../../src/cleanup/disk.js';
import { leaseName } from '../../src/cleanup/ownership.js';
import { docker, loadCraftedImages, removeImages, writeContext } from '../harness/fixtures.js';
import { exists, useIntegrationFixtures } from '../harness/integration.js';
import { runAction, runPostStep } from '../harness/run-action.js';

const OLD = '2020-01-01T00:00:00Z';
// Ages for policies that reach beyond this run: long enough that nothing real on this machine (made
// today by the tests) counts as old, short enough that the fixtures' 2020 images do.
const UNTIL_OLD_ONLY = '1000d';

const fx = useIntegrationFixtures({ registry: true });

/** A container of the base image, labelled, stopped (exited) or running. */
async function container(labels: Record<string, string>, running = false): Promise<string> {
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const id = (
    await docker([
      'run',
      '-d',
      '--network',
      'none',
      ...labelArgs,
      fx.base,
      ...(running ? ['sleep', '600'] : ['true']),
    ])
  ).stdout.trim();
  expect(id).toMatch(/^[a-f0-9]{64}$/);
  if (!running) await docker(['wait', id]);
  fx.cleanupAfter(id);
  return id;
}

/** A lease volume, as a run that is still going holds one. */
async function lease(runKey: string): Promise<string> {
  const name = leaseName(runKey);
  await docker([
    'volume',
    'create',
    '--label',
    `dev.shipshape.run=${runKey}`,
    '--label',
    'dev.shipshape.lease=true',
    name,
  ]);
  fx.cleanupAfter(name);
  return name;
}

/** A dangling image made now (a tag moved away from it). */
async function youngDanglingImage(): Promise<string> {
  const context = writeContext({
    Dockerfile: `FROM ${fx.base}\nRUN echo young-${Date.now()}-${Math.random()} > /y\n`,
  });
  const id = (await docker(['build', '-q', context])).stdout.trim();
  expect(id).toMatch(/^sha256:/);
  fx.cleanupAfter(id);
  return id;
}

describe("policy 'run'", () => {
  it('removes the image its tag moved away from, and leaves everything else', async () => {
    // Someone's earlier build holds the tag this run is about to take.
    const earlier = writeContext({ Dockerfile: `FROM ${fx.base}\nRUN echo earlier-${Date.now()} > /e\n` });
    const built = await docker(['build', '-q', '-t', 'shipshape-it/retag:latest', earlier]);
    const earlierId = built.stdout.trim();
    const foreignDangling = await youngDanglingImage();
    const foreignStopped = await container({ test: 'foreign' });

    const result = await runAction({ inputs: { context: 'examples/hello', images: 'shipshape-it/retag' } });
    expect(result.exitCode).toBe(0);
    expect(result.post?.exitCode).toBe(0);
    expect(JSON.parse(result.state['replaced-images'])).toEqual([earlierId]);
    expect(await exists('image', earlierId)).toBe(false);
    expect(await exists('image', 'shipshape-it/retag:latest')).toBe(true);
    expect(await exists('image', foreignDangling)).toBe(true);
    expect(await exists('container', foreignStopped)).toBe(true);
    // The lease went with the run.
    expect(await exists('volume', leaseName(result.state['run-key']))).toBe(false);
    expect(result.post?.summary).toContain('Policy `run`');
    expect(result.post?.summary).toMatch(/\| Images \| 1 \| 0 \|/);
    expect(result.post?.summary).toMatch(
      /\| Free at `\/var\/lib\/docker` \| [\d.]+ [kMGT]?B \| [\d.]+ [kMGT]?B \|/,
    );
    expect(Number(result.outputs['disk-free-bytes'])).toBeGreaterThan(0);
    expect(result.outputs['reclaimed-bytes']).toBe('0');
    await removeImages(['shipshape-it/retag:latest', 'shipshape-it/retag:main']);
  });

  it("a build step that prints another image's ID in the legacy builder's form leaves that image alone", async () => {
    const foreign = await youngDanglingImage();
    const short = foreign.replace(/^sha256:/, '').slice(0, 12);
    const context = writeContext({
      Dockerfile: `FROM ${fx.base}\nRUN echo " ---> ${short}" && echo forged-${Date.now()} > /f\n`,
    });
    const result = await runAction({
      inputs: { context, images: 'shipshape-it/forged', push: 'false' },
      env: { DOCKER_BUILDKIT: '0' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain(`---> ${short}`);
    expect(result.post?.exitCode).toBe(0);
    expect(JSON.parse(result.state['created-images'] ?? '[]')).not.toContain(short);
    expect(await exists('image', foreign)).toBe(true);
    await removeImages(['shipshape-it/forged:latest']);
  });

  it('removes pushed images from the runner unless keep-images is true', async () => {
    const name = `${fx.registry.host}/cleanup-it/pushed`;
    const dropped = await runAction({ inputs: { context: 'examples/hello', images: name, push: 'true' } });
    expect(dropped.exitCode).toBe(0);
    expect(dropped.outputs.digest).toMatch(/^sha256:/);
    expect(await exists('image', `${name}:latest`)).toBe(false);
    expect(await exists('image', `${name}:main`)).toBe(false);
    expect(await exists('image', dropped.outputs.imageid)).toBe(false);
    const tags = (await (await fetch(`${fx.registry.url}/v2/cleanup-it/pushed/tags/list`)).json()) as {
      tags: string[];
    };
    expect(tags.tags.sort()).toEqual(['latest', 'main']);

    const kept = await runAction({
      inputs: { context: 'examples/hello', images: name, push: 'true', 'keep-images': 'true' },
    });
    expect(kept.exitCode).toBe(0);
    expect(await exists('image', `${name}:latest`)).toBe(true);
    await removeImages([`${name}:latest`, `${name}:main`]);
  });
});

describe("policies 'dangling' and 'aggressive' on a prepared mess", () => {
  it('remove exactly what the policy names, and nothing in use, young, running or a live run’s', async () => {
    const liveKey = `acme/other/${Date.now()}/1/build/live0001`;
    const finishedKey = `acme/other/${Date.now()}/1/build/done0001`;
    await lease(liveKey);
    const [oldDangling, oldFinishedRun, oldLiveRun, oldTagged, oldUsed, oldLiveTagged] =
      await loadCraftedImages([
        { created: OLD },
        { created: OLD, labels: { 'dev.shipshape.run': finishedKey } },
        { created: OLD, labels: { 'dev.shipshape.run': liveKey } },
        { created: OLD, tags: ['shipshape-it/old:1'] },
        { created: OLD, tags: ['shipshape-it/old-used:1'] },
        { created: OLD, tags: ['shipshape-it/old-live:1'], labels: { 'dev.shipshape.run': liveKey } },
      ]);
    fx.cleanupAfter(oldDangling, oldFinishedRun, oldLiveRun, oldTagged, oldUsed, oldLiveTagged);
    const youngDangling = await youngDanglingImage();
    const stopped = await container({ test: 'young-stopped' });
    const running = await container({ test: 'running' }, true);
    // A stopped container keeps its (old, tagged) image in use.
    const user = (await docker(['create', '--network', 'none', 'shipshape-it/old-used:1'])).stdout.trim();
    fx.cleanupAfter(user);

    const dangling = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/mess',
        cleanup: 'dangling',
        'cleanup-until': UNTIL_OLD_ONLY,
      },
    });
    expect(dangling.exitCode).toBe(0);
    expect(dangling.post?.exitCode).toBe(0);
    const after1 = {
      oldDangling: await exists('image', oldDangling),
      oldFinishedRun: await exists('image', oldFinishedRun),
      oldLiveRun: await exists('image', oldLiveRun),
      oldTagged: await exists('image', oldTagged),
      oldUsed: await exists('image', oldUsed),
      youngDangling: await exists('image', youngDangling),
      stopped: await exists('container', stopped),
      running: await exists('container', running),
      user: await exists('container', user),
      base: await exists('image', fx.base),
      built: await exists('image', 'shipshape-it/mess:latest'),
    };
    expect(after1).toEqual({
      oldDangling: false,
      oldFinishedRun: false,
      oldLiveRun: true,
      oldTagged: true,
      oldUsed: true,
      youngDangling: true,
      stopped: true,
      running: true,
      user: true,
      base: true,
      built: true,
    });
    expect(dangling.post?.summary).toContain('Policy `dangling`');

    const aggressive = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/mess',
        cleanup: 'aggressive',
        'cleanup-until': UNTIL_OLD_ONLY,
        'keep-storage': '5GB',
      },
    });
    expect(aggressive.exitCode).toBe(0);
    expect(aggressive.post?.exitCode).toBe(0);
    expect(aggressive.post?.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    expect({
      oldTagged: await exists('image', oldTagged),
      oldUsed: await exists('image', oldUsed),
      oldLiveTagged: await exists('image', oldLiveTagged),
      oldLiveRun: await exists('image', oldLiveRun),
      youngDangling: await exists('image', youngDangling),
      running: await exists('container', running),
      base: await exists('image', fx.base),
      built: await exists('image', 'shipshape-it/mess:latest'),
    }).toEqual({
      oldTagged: false,
      oldUsed: true,
      oldLiveTagged: true,
      oldLiveRun: true,
      youngDangling: true,
      running: true,
      base: true,
      built: true,
    });
    expect(aggressive.post?.summary).toMatch(/\| Build cache \| (pruned|0) \|/);
    await docker(['rm', '-f', running, user, stopped]);
    await removeImages(['shipshape-it/mess:latest', 'shipshape-it/mess:main']);
  });

  it("'dangling' removes stopped containers past the age, never a running one or a live run's", async () => {
    const liveKey = `acme/other/${Date.now()}/1/build/live0002`;
    const finishedKey = `acme/other/${Date.now()}/1/build/done0002`;
    await lease(liveKey);
    const foreign = await container({ test: 'foreign' });
    const finished = await container({ 'dev.shipshape.run': finishedKey });
    const live = await container({ 'dev.shipshape.run': liveKey });
    const running = await container({ test: 'running' }, true);
    await sleep(2500);
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/age',
        cleanup: 'dangling',
        'cleanup-until': '2s',
      },
    });
    expect(result.post?.exitCode).toBe(0);
    expect({
      foreign: await exists('container', foreign),
      finished: await exists('container', finished),
      live: await exists('container', live),
      running: await exists('container', running),
    }).toEqual({ foreign: false, finished: false, live: true, running: true });
    expect(result.post?.summary).toMatch(/\| Containers \| [2-9]\d* \| 0 \|/);
    await docker(['rm', '-f', live, running]);
    await removeImages(['shipshape-it/age:latest', 'shipshape-it/age:main']);
  });
});

describe('two runs on one daemon', () => {
  it("a run's 'dangling' cleanup leaves a run that is still going alone", async () => {
    const first = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/first' },
      skipPost: true,
    });
    const second = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/second' },
      skipPost: true,
    });
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    const secondKey = second.state['run-key'];
    expect(await exists('volume', leaseName(secondKey))).toBe(true);
    // What the second run has left so far: a stopped container with its label.
    const secondLeftover = await container({ 'dev.shipshape.run': secondKey });
    const firstLeftover = await container({ 'dev.shipshape.run': first.state['run-key'] });
    await sleep(1100);

    const firstPost = await runPostStep({
      ...first.state,
      cleanup: JSON.stringify({ ...JSON.parse(first.state.cleanup), policy: 'dangling', untilMs: 1000 }),
    });
    expect(firstPost.exitCode).toBe(0);
    expect(await exists('container', firstLeftover)).toBe(false);
    expect(await exists('container', secondLeftover)).toBe(true);
    expect(await exists('volume', leaseName(secondKey))).toBe(true);
    expect(await exists('volume', leaseName(first.state['run-key']))).toBe(false);

    const secondPost = await runPostStep(second.state);
    expect(secondPost.exitCode).toBe(0);
    expect(await exists('container', secondLeftover)).toBe(false);
    expect(await exists('volume', leaseName(secondKey))).toBe(false);
    await removeImages([
      'shipshape-it/first:latest',
      'shipshape-it/first:main',
      'shipshape-it/second:latest',
      'shipshape-it/second:main',
    ]);
  });

  it('two runs at the same time each remove only their own objects', async () => {
    // Legacy multi-stage builds leave a dangling stage each; a test each leaves nothing running.
    const contexts = ['a', 'b'].map((name) =>
      writeContext({
        Dockerfile: [
          `FROM ${fx.base} AS stage`,
          `RUN echo ${name}-${Date.now()} > /stamp`,
          `FROM ${fx.base}`,
          'COPY --from=stage /stamp /stamp',
          '',
        ].join('\n'),
      }),
    );
    const foreign = await youngDanglingImage();
    const [a, b] = await Promise.all(
      contexts.map((context, i) =>
        runAction({
          inputs: { context, images: `shipshape-it/parallel-${i}`, 'test-run': 'cat /stamp' },
          env: { DOCKER_BUILDKIT: '0' },
        }),
      ),
    );
    for (const run of [a, b]) {
      expect(run.exitCode).toBe(0);
      expect(run.post?.exitCode).toBe(0);
      expect(run.post?.annotations.filter((x) => x.level === 'warning')).toEqual([]);
      const created = JSON.parse(run.state['created-images']) as string[];
      const final = run.outputs.imageid;
      for (const id of created.filter((id) => id !== final)) {
        const left = await docker(['image', 'inspect', '--format', '{{json .RepoTags}}', id]);
        // An intermediate image may remain only as a parent of the tagged final image.
        if (left.code === 0)
          expect(await docker(['images', '-q', '--no-trunc', '-f', 'dangling=true'])).not.toContain(id);
      }
      expect(await exists('image', final)).toBe(true);
    }
    expect(await exists('image', foreign)).toBe(true);
    await removeImages([
      'shipshape-it/parallel-0:latest',
      'shipshape-it/parallel-0:main',
      'shipshape-it/parallel-1:latest',
      'shipshape-it/parallel-1:main',
    ]);
  });
});

describe('disk guard', () => {
  it('frees space with the dangling policy when below min-free-space, then builds', async () => {
    // 64 MB of an old dangling image: enough to lift free space over a threshold set 32 MB above it.
    const [old] = await loadCraftedImages([{ created: OLD, layerBytes: 64_000_000 }]);
    fx.cleanupAfter(old);
    const free = (await freeBytesAt('/var/lib/docker')) ?? 0;
    expect(free).toBeGreaterThan(0);
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/guard',
        'min-free-space': String(free + 32_000_000),
        'cleanup-until': UNTIL_OLD_ONLY,
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('below min-free-space');
    expect(result.log).toContain("applying the 'dangling' cleanup policy");
    expect(await exists('image', old)).toBe(false);
    expect(Number(result.outputs['reclaimed-bytes'])).toBeGreaterThan(32_000_000);
    expect(result.summary).toContain('Shipshape disk guard (before the build)');
    await removeImages(['shipshape-it/guard:latest', 'shipshape-it/guard:main']);
  });

  it('fails before building when cleanup cannot free enough, giving the figures', async () => {
    const free = (await freeBytesAt('/var/lib/docker')) ?? 0;
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/guard-short',
        'min-free-space': String(free + 1e14), // 100 TB more than is free (within the 1 PB bound)
        'cleanup-until': UNTIL_OLD_ONLY,
      },
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/Input 'min-free-space' is [\d.]+ [kMGTP]?B, but/);
    expect(errors[0].message).toMatch(/only [\d.]+ [kMGT]?B is free at \/var\/lib\/docker/);
    expect(errors[0].message).toContain("after the 'dangling' and 'aggressive' cleanups freed");
    expect(errors[0].message).toContain('short');
    expect(result.log).not.toContain('Builder:');
    expect(await exists('image', 'shipshape-it/guard-short:latest')).toBe(false);
    expect(result.post?.exitCode).toBe(0);
  });
});

/** A `docker` first on PATH that fails chosen commands, then hands over to the real one. */
function dockerShim(rules: { match: string; times: number; error: string }[]): {
  dir: string;
  calls: () => string[];
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-shim-'));
  const real = execFileSync('sh', ['-c', 'command -v docker']).toString().trim();
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  const checks = rules
    .map(
      (rule, i) => `case "$*" in *"${rule.match}"*)
  n=$(grep -c "^rule${i}$" "${log}" || true)
  if [ "$n" -lt ${rule.times} ]; then echo "rule${i}" >> "${log}"; echo "${rule.error}" >&2; exit 1; fi;;
esac`,
    )
    .join('\n');
  writeFileSync(
    path.join(dir, 'docker'),
    `#!/bin/sh\necho "$*" >> "${log}"\n${checks}\nexec "${real}" "$@"\n`,
  );
  chmodSync(path.join(dir, 'docker'), 0o755);
  return { dir, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('failures in the post step', () => {
  it('retries a build cache prune while another prune runs', async () => {
    const shim = dockerShim([
      {
        match: 'builder prune',
        times: 2,
        error: 'Error response from daemon: a prune operation is already running',
      },
    ]);
    try {
      const result = await runAction({
        inputs: {
          context: 'examples/hello',
          images: 'shipshape-it/conflict',
          cleanup: 'aggressive',
          'cleanup-until': UNTIL_OLD_ONLY,
        },
        env: { PATH: `${shim.dir}:${process.env.PATH}` },
      });
      expect(result.post?.exitCode).toBe(0);
      expect(shim.calls().filter((call) => call.startsWith('builder prune'))).toHaveLength(3);
      expect(result.post?.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    } finally {
      rmSync(shim.dir, { recursive: true, force: true });
      await removeImages(['shipshape-it/conflict:latest', 'shipshape-it/conflict:main']);
    }
  });

  it('warns when an object of this run cannot be removed, and fails only with cleanup-strict', async () => {
    const shim = dockerShim([
      { match: 'container rm', times: 2, error: 'Error response from daemon: permission denied (test shim)' },
    ]);
    try {
      for (const strict of ['false', 'true']) {
        const main = await runAction({
          inputs: { context: 'examples/hello', images: 'shipshape-it/strict', 'cleanup-strict': strict },
          skipPost: true,
        });
        expect(main.exitCode).toBe(0);
        const leftover = await container({ 'dev.shipshape.run': main.state['run-key'] });
        // The shim stands in for the CLI: SHIPSHAPE_DOCKER_API=0 keeps the removals on it, off the socket.
        const env = { PATH: `${shim.dir}:${process.env.PATH}`, SHIPSHAPE_DOCKER_API: '0' };
        const post = await runPostStep(main.state, { env });
        const warnings = post.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
        expect(warnings.join('\n')).toContain(`Could not remove container ${leftover}`);
        expect(warnings.join('\n')).toContain('permission denied (test shim)');
        if (strict === 'true') {
          expect(post.exitCode).toBe(1);
          expect(post.annotations.find((a) => a.level === 'error')?.message).toContain(
            "input 'cleanup-strict' is true",
          );
        } else {
          expect(post.exitCode).toBe(0);
          expect(post.annotations.filter((a) => a.level === 'error')).toEqual([]);
        }
        await docker(['rm', '-f', leftover]);
      }
    } finally {
      rmSync(shim.dir, { recursive: true, force: true });
      await removeImages(['shipshape-it/strict:latest', 'shipshape-it/strict:main']);
    }
  });
});

describe('buildah', () => {
  it("removes this run's buildah images, and a failed build's working container, not others'", async () => {
    execFileSync('buildah', ['pull', '--quiet', `docker-daemon:${fx.base}`], { stdio: 'ignore' });
    const foreign = writeContext({ Dockerfile: `FROM ${fx.base}\nRUN echo foreign-${Date.now()} > /f\n` });
    execFileSync(
      'buildah',
      ['bud', '--quiet', '--pull=false', '-t', 'localhost/shipshape-it/buildah-foreign:1', foreign],
      {
        stdio: 'ignore',
      },
    );
    const buildahImages = () =>
      execFileSync('buildah', ['images', '-q', '--all', '--no-trunc']).toString().split('\n').filter(Boolean);
    const buildahContainers = () =>
      execFileSync('buildah', ['containers', '-q', '--all', '--notruncate'])
        .toString()
        .split('\n')
        .filter(Boolean);
    const imagesBefore = buildahImages();
    const containersBefore = buildahContainers();

    const failing = writeContext({
      Dockerfile: `FROM ${fx.base}\nRUN echo step-${Date.now()} > /s\nRUN exit 3\n`,
    });
    const failed = await runAction({
      inputs: { context: failing, images: 'shipshape-it/buildah-fail', builder: 'buildah' },
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.post?.exitCode).toBe(0);
    const ok = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/buildah-ok', builder: 'buildah' },
    });
    expect(ok.exitCode).toBe(0);
    expect(ok.post?.exitCode).toBe(0);

    expect(buildahContainers().filter((id) => !containersBefore.includes(id))).toEqual([]);
    expect(buildahImages().filter((id) => !imagesBefore.includes(id))).toEqual([]);
    expect(buildahImages()).toEqual(expect.arrayContaining(imagesBefore));
    execFileSync('buildah', ['rmi', 'localhost/shipshape-it/buildah-foreign:1'], { stdio: 'ignore' });
    await removeImages(['shipshape-it/buildah-ok:latest', 'shipshape-it/buildah-ok:main']);
  });

  it("two buildah runs on one storage: one's cleanup never touches the other's build", async () => {
    execFileSync('buildah', ['pull', '--quiet', `docker-daemon:${fx.base}`], { stdio: 'ignore' });
    const listing = (kind: 'images' | 'containers') =>
      execFileSync(
        'buildah',
        kind === 'images' ? ['images', '-q', '--all', '--no-trunc'] : ['containers', '-q', '--all'],
      )
        .toString()
        .split('\n')
        .filter(Boolean);
    const imagesBefore = listing('images');
    const id = Date.now();
    // A long build that commits a layer every second, while a short one builds, tests and cleans up.
    const steps = Array.from({ length: 10 }, (_, i) => `RUN sleep 1 && echo long-${id}-${i} > /l${i}`).join(
      '\n',
    );
    const long = writeContext({ Dockerfile: `FROM ${fx.base}\n${steps}\nCMD ["cat", "/l9"]\n` });
    const longRun = runAction({
      inputs: {
        context: long,
        images: 'shipshape-it/buildah-long',
        builder: 'buildah',
        'test-run': 'cat /l9',
      },
    });
    await sleep(2_500);
    const short = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/buildah-short', builder: 'buildah' },
    });
    const longResult = await longRun;
    expect(short.exitCode, short.log).toBe(0);
    expect(longResult.exitCode, longResult.log).toBe(0);
    expect(longResult.log).toContain(`long-${id}-9`);
    // Each post step removed only its own run's: no failure to remove the other's images.
    expect(short.post?.annotations ?? []).toEqual([]);
    expect(longResult.post?.annotations ?? []).toEqual([]);
    // And together they left nothing of theirs in buildah's storage.
    expect(listing('images').filter((image) => !imagesBefore.includes(image))).toEqual([]);
    expect(listing('containers')).toEqual([]);
    await removeImages([
      'shipshape-it/buildah-long:latest',
      'shipshape-it/buildah-long:main',
      'shipshape-it/buildah-short:latest',
      'shipshape-it/buildah-short:main',
    ]);
  }, 300_000);
});
