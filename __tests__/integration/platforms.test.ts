// Several platforms through the bundled action, on the two-platform busybox base (amd64 and arm64,
// the latter run under QEMU): each platform built and tested, one image index per tag pushed only
// when every test on every platform passed, the same index on two registries, nothing left behind.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, type ImageIndex } from '../../src/registry/api.js';
import {
  arm64Emulation,
  docker,
  pushMultiPlatformBase,
  removeImages,
  writeContext,
} from '../harness/fixtures.js';
import { containersOf, useIntegrationFixtures } from '../harness/integration.js';
import { runAction, type ActionResult } from '../harness/run-action.js';

const emulation = arm64Emulation();
if (!emulation.ok) console.log(`[platforms] skipped: ${emulation.why}`);

/** buildx with a builder that can push (docker-container, remote, kubernetes), when this machine has one. */
function buildxPushBuilder(): string | undefined {
  const inspect = spawnSync('docker', ['buildx', 'inspect'], { encoding: 'utf8' });
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout ?? '')?.[1];
  return inspect.status === 0 && driver && driver !== 'docker' ? driver : undefined;
}
const buildxDriver = buildxPushBuilder();
if (!buildxDriver) {
  console.log(
    '[platforms] buildx road skipped: no docker buildx with a docker-container, remote or kubernetes builder here',
  );
}

const fx = useIntegrationFixtures({ registries: [{}, {}] });
let base = '';
let context = '';
/** buildah, unlike Docker, does not treat loopback registries as plain HTTP: a user says so in registries.conf. */
let registriesConf = '';

beforeAll(async () => {
  if (!emulation.ok) return;
  base = await pushMultiPlatformBase(fx.registries[0]);
  context = writeContext({ Dockerfile: `FROM ${base}\nRUN uname -m > /arch\nCMD ["cat", "/arch"]\n` });
  registriesConf = join(context, 'registries.conf');
  writeFileSync(
    registriesConf,
    fx.registries.map((r) => `[[registry]]\nlocation = "${r.host}"\ninsecure = true\n`).join('\n'),
  );
}, 300_000);

const archTest = `
commandTests:
  - name: arch
    command: cat
    args: [/arch]
    expectedOutput: ['^(x86_64|aarch64)$']
  - name: uname matches the build
    command: sh
    args: ['-c', 'test "$(uname -m)" = "$(cat /arch)"']
`;

interface TestResults {
  total: number;
  passed: number;
  failed: number;
}

/** The registry's manifest for a reference: an index's platforms, and its digest. */
async function indexOf(reference: string): Promise<{ digest: string; platforms: string[] } | undefined> {
  const found = await new RegistryClient().manifest(reference);
  if (!found) return undefined;
  const manifests = (found.manifest as ImageIndex).manifests ?? [];
  return {
    digest: found.digest,
    platforms: manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort(),
  };
}

async function leftovers(result: ActionResult): Promise<string[]> {
  const images = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  const temporary = images.stdout.split('\n').filter((line) => /^shipshape-[^/]+\/linux-/.test(line));
  return [...temporary, ...(await containersOf(result.state['run-key'] ?? ''))];
}

describe.skipIf(!emulation.ok)('several platforms', () => {
  for (const kind of ['buildkit', 'legacy', 'buildah'] as const) {
    const builder = kind === 'buildah' ? 'buildah' : 'docker';
    it(`${kind}: tests run on both platforms; every tag is one index on both registries; nothing is left`, async () => {
      const images = fx.registries.map((r) => `${r.host}/platforms-${kind}/app`);
      const report = `${context}/junit-${kind}.xml`;
      const result = await runAction({
        inputs: {
          context,
          images: images.join('\n'),
          tags: 'v1\nstable',
          platforms: 'linux/amd64,linux/arm64',
          builder,
          tests: archTest,
          'test-report': report,
          push: 'true',
          annotations: 'index:org.opencontainers.image.description=two platforms',
        },
        env: {
          CONTAINERS_REGISTRIES_CONF: registriesConf,
          ...(kind === 'legacy' ? { DOCKER_BUILDKIT: '0' } : {}),
        },
        timeoutMs: 600_000,
      });
      expect(result.exitCode, result.log).toBe(0);
      expect(result.log).toContain(`Builder: ${kind}`);
      // Each test once per platform, on the platform's own image (uname -m under QEMU says aarch64).
      expect(JSON.parse(result.outputs['test-results']) as TestResults).toEqual({
        total: 4,
        passed: 4,
        failed: 0,
      });
      const junit = readFileSync(report, 'utf8');
      expect(junit).toContain('name="arch (linux/amd64)"');
      expect(junit).toContain('name="arch (linux/arm64)"');
      expect(result.log).toMatch(/passed: arch \(linux\/arm64\)[\s\S]*?aarch64/);
      expect(result.log).toMatch(/passed: arch \(linux\/amd64\)[\s\S]*?x86_64/);

      // One index per tag, with both platforms, the same digest on both registries: the `digest` output.
      const digests = new Set<string>();
      for (const image of images) {
        for (const tag of ['v1', 'stable']) {
          const index = await indexOf(`${image}:${tag}`);
          expect(index?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
          digests.add(index!.digest);
        }
      }
      expect([...digests]).toEqual([result.outputs.digest]);
      // The index carries the index-level annotation, on every registry.
      for (const image of images) {
        const raw = await fetch(`http://${image.replace('/', '/v2/')}/manifests/v1`, {
          headers: { accept: 'application/vnd.oci.image.index.v1+json' },
        });
        const index = (await raw.json()) as { annotations?: Record<string, string> };
        expect(index.annotations?.['org.opencontainers.image.description']).toBe('two platforms');
      }
      if (kind === 'buildah') {
        // buildah's own manifest list, pushed with all its images; copied to the second registry.
        expect(result.log).toContain('buildah pushed its manifest list and every image of it');
        expect(result.log).toMatch(/Copy .*platforms-buildah\/app to /);
        const lists = spawnSync('buildah', ['images', '--format', '{{.Name}}'], { encoding: 'utf8' });
        expect(lists.stdout).not.toMatch(/shipshape-[^/\s]+\/index/);
      }
      expect(result.jobSummary).toContain(`image index \`${result.outputs.digest}\``);
      expect(result.jobSummary).toMatch(/linux\/arm64: `sha256:[0-9a-f]{64}`/);

      // What a user pulls for arm64 is the arm64 build.
      const ref = `${images[1]}:v1`;
      expect((await docker(['pull', '--quiet', '--platform', 'linux/arm64', ref])).code).toBe(0);
      const arch = await docker(['run', '--rm', '--network', 'none', '--platform', 'linux/arm64', ref]);
      expect(arch.stdout.trim()).toBe('aarch64');
      await removeImages([ref]);

      expect(await leftovers(result)).toEqual([]);
    }, 600_000);
  }

  for (const kind of ['buildkit', 'legacy', 'buildah'] as const) {
    it(`${kind}: each platform's layers come from a cache of its own on a fresh runner`, async () => {
      const image = `${fx.registries[0].host}/platforms-cache-${kind}/app`;
      const cached = writeContext({
        Dockerfile: `FROM ${base}\nRUN echo "RAN""-$(uname -m)" && uname -m > /arch\nCMD ["cat", "/arch"]\n`,
      });
      const run = () =>
        runAction({
          inputs: {
            context: cached,
            images: image,
            tags: 'v1',
            platforms: 'linux/amd64,linux/arm64',
            builder: kind === 'buildah' ? 'buildah' : 'docker',
            cache: 'registry',
            tests: archTest,
            push: 'false',
          },
          env: {
            CONTAINERS_REGISTRIES_CONF: registriesConf,
            ...(kind === 'legacy' ? { DOCKER_BUILDKIT: '0' } : {}),
          },
          timeoutMs: 600_000,
        });
      const ran = (result: ActionResult, arch: string) =>
        result.log.split('\n').some((line) => new RegExp(`(^|\\s)RAN-${arch}$`).test(line.trim()));

      const first = await run();
      expect(first.exitCode, first.log).toBe(0);
      expect(ran(first, 'x86_64')).toBe(true);
      expect(ran(first, 'aarch64')).toBe(true);
      if (kind !== 'buildah') {
        // The runner's own platform keeps the cache's name; arm64's ends in its platform.
        expect((await indexOf(`${image}:buildcache`))?.digest).toMatch(/^sha256:/);
        expect((await indexOf(`${image}:buildcache-linux-arm64`))?.digest).toMatch(/^sha256:/);
      }

      // A fresh runner: none of the images, no build cache, no base.
      await removeImages([`${image}:v1`, base]);
      await docker(['builder', 'prune', '-af']);
      spawnSync('buildah', ['rmi', '--all', '--force'], { stdio: 'ignore' });

      const second = await run();
      expect(second.exitCode, second.log).toBe(0);
      expect(ran(second, 'x86_64')).toBe(false);
      expect(ran(second, 'aarch64')).toBe(false);
      expect(JSON.parse(second.outputs['test-results']) as TestResults).toEqual({
        total: 4,
        passed: 4,
        failed: 0,
      });
      await removeImages([`${image}:v1`]);
      expect(await leftovers(second)).toEqual([]);
    }, 600_000);
  }

  it.skipIf(!buildxDriver)(
    'buildx: BuildKit pushes the index, with provenance, of the tested layers',
    async () => {
      const image = `${fx.registries[0].host}/platforms-buildx/app`;
      const result = await runAction({
        inputs: {
          context,
          images: image,
          tags: 'v1',
          platforms: 'linux/amd64,linux/arm64',
          builder: 'buildx',
          tests: archTest,
          push: 'true',
        },
        timeoutMs: 600_000,
      });
      expect(result.exitCode, result.log).toBe(0);
      expect(JSON.parse(result.outputs['test-results']) as TestResults).toEqual({
        total: 4,
        passed: 4,
        failed: 0,
      });
      const index = await indexOf(`${image}:v1`);
      expect(index?.digest).toBe(result.outputs.digest);
      // BuildKit's provenance (mode=min by default) adds attestation entries beside the two platforms.
      expect(index?.platforms).toEqual(
        expect.arrayContaining(['linux/amd64', 'linux/arm64', 'unknown/unknown']),
      );
      expect(await leftovers(result)).toEqual([]);
    },
    600_000,
  );

  it('a test that fails only on arm64 fails the step, names the platform and pushes nothing', async () => {
    const image = `${fx.registries[0].host}/platforms-fail/app`;
    const result = await runAction({
      inputs: {
        context,
        images: image,
        tags: 'v1',
        platforms: 'linux/amd64,linux/arm64',
        tests:
          "commandTests:\n  - name: intel only\n    command: grep\n    args: ['-q', 'x86_64', '/arch']\n",
        push: 'true',
      },
      timeoutMs: 600_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::Test 'intel only \(linux\/arm64\)' failed/);
    expect(result.log).not.toMatch(/::error::Test 'intel only \(linux\/amd64\)'/);
    expect(JSON.parse(result.outputs['test-results']) as TestResults).toEqual({
      total: 2,
      passed: 1,
      failed: 1,
    });
    expect(await indexOf(`${image}:v1`)).toBeUndefined();
    expect(await leftovers(result)).toEqual([]);
  }, 600_000);

  it("legacy: one platform is built for that platform even when the engine has the base's other one", async () => {
    // A multi-platform run leaves the last platform's base in the engine, as this pull does.
    expect((await docker(['pull', '--quiet', '--platform', 'linux/arm64', base])).code).toBe(0);
    const result = await runAction({
      inputs: {
        context,
        images: 'platforms-legacy-one/app',
        tags: 'v1',
        platforms: 'linux/amd64',
        tests: archTest,
        push: 'false',
      },
      env: { DOCKER_BUILDKIT: '0' },
      timeoutMs: 600_000,
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toMatch(/passed: arch[\s\S]*?x86_64/);
    const arch = await docker([
      'image',
      'inspect',
      '--format',
      '{{.Architecture}}',
      'platforms-legacy-one/app:v1',
    ]);
    expect(arch.stdout.trim()).toBe('amd64');
    await removeImages(['platforms-legacy-one/app:v1']);
  }, 600_000);

  it('test-platforms limits the tests to the platforms listed', async () => {
    const result = await runAction({
      inputs: {
        context,
        images: 'platforms-only/app',
        tags: 'v1',
        platforms: 'linux/amd64,linux/arm64',
        'test-platforms': 'linux/arm64',
        tests: archTest,
        push: 'false',
      },
      timeoutMs: 600_000,
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(JSON.parse(result.outputs['test-results']) as TestResults).toEqual({
      total: 2,
      passed: 2,
      failed: 0,
    });
    expect(result.log).not.toContain('(linux/amd64)');
    await removeImages(['platforms-only/app:v1']);
  }, 600_000);
});
