// The bundled action end to end, as the runner runs it, against the real engine and registry.
import { describe, expect, it } from 'vitest';
import { docker, removeImages, writeContext } from '../harness/fixtures.js';
import { containersOf, imageExists, useIntegrationFixtures } from '../harness/integration.js';
import { runAction } from '../harness/run-action.js';

const fx = useIntegrationFixtures({ registry: true });

async function registryTags(name: string): Promise<string[]> {
  const response = await fetch(`${fx.registry.url}/v2/${name}/tags/list`);
  if (response.status === 404) return [];
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

describe('build, test, push', () => {
  it('builds, tags, tests and pushes examples/hello; the digest pulls the same image back', async () => {
    const name = `${fx.registry.host}/shipshape-it/hello`;
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: name,
        tags: 'v1\nlatest',
        push: 'true',
        'test-run': 'hello | grep -q Shipshape\ntest -x /usr/local/bin/hello',
      },
    });
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs.image).toBe(`${name}:v1`);
    expect(result.outputs.tags.split('\n')).toEqual([`${name}:v1`, `${name}:latest`]);
    expect(result.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(await registryTags('shipshape-it/hello')).toEqual(expect.arrayContaining(['v1', 'latest']));

    // The summary names the image ID (short and full), every tag, the size and the tests.
    const id = result.outputs.imageid;
    expect(result.summary).toContain(id.slice(7, 19));
    expect(result.summary).toContain(id);
    expect(result.summary).toContain(`${name}:latest`);
    expect(result.summary).toMatch(/\| Size \| [\d.]+ MB \(\d+ bytes/);
    expect(result.summary).toContain('2 passed, 0 failed');

    // Seconds per phase: the output, one log line each, a table at the end of each step's summary.
    const timings = JSON.parse(result.outputs.timings) as Record<string, number>;
    expect(Object.keys(timings)).toEqual([
      'settings',
      'guard',
      'build',
      'tests',
      'push',
      'size-report',
      'total',
    ]);
    for (const phase of ['build', 'tests', 'push']) expect(timings[phase]).toBeGreaterThanOrEqual(0);
    expect(timings.build).toBeGreaterThan(0);
    expect(timings.total).toBeGreaterThanOrEqual(timings.build + timings.tests);
    expect(result.log).toMatch(/Phase build: \d+\.\d{3} s/);
    expect(result.summary).toMatch(
      /### Timings\n\n\| Phase \| Seconds \| Share \|\n\|---\|--:\|--:\|\n\| settings \| /,
    );
    expect(result.summary.trimEnd()).toMatch(/\| \*\*total\*\* \| \d+\.\d{3} \| 100\.0% \|$/);
    expect(result.post?.summary).toMatch(/### Timings \(post step\)[^]*\| cleanup \| \d+\.\d{3} \|/);

    // Pull back by digest into a clean engine: the same image ID.
    await removeImages([`${name}:v1`, `${name}:latest`]);
    const pulled = await docker(['pull', `${name}@${result.outputs.digest}`]);
    expect(pulled.code).toBe(0);
    const inspected = await docker([
      'image',
      'inspect',
      '--format',
      '{{.Id}}',
      `${name}@${result.outputs.digest}`,
    ]);
    expect(inspected.stdout.trim()).toBe(id);
    const ran = await docker(['run', '--rm', '--network', 'none', `${name}@${result.outputs.digest}`]);
    expect(ran.stdout).toContain('Hello from Shipshape');
    await removeImages([`${name}@${result.outputs.digest}`]);
    expect(await containersOf(result.state['run-key'])).toEqual([]);
  });

  it('a failing test-run blocks the push, names the command and leaves no container', async () => {
    const name = `${fx.registry.host}/shipshape-it/failing`;
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: name,
        push: 'true',
        'test-run': 'true\necho visible-output; exit 7',
      },
    });
    expect(result.exitCode).not.toBe(0);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors[0].message).toContain("Test 'echo visible-output; exit 7' failed");
    expect(errors[0].message).toMatch(/exit code 7/);
    expect(errors[0].message).toContain('visible-output');
    expect(errors.at(-1)?.message).toContain('nothing was pushed');
    expect(result.outputs.digest).toBe('');
    expect(result.summary).toContain('1 passed, 1 failed');
    expect(await registryTags('shipshape-it/failing')).toEqual([]);
    expect(await containersOf(result.state['run-key'])).toEqual([]);
    await removeImages([`${name}:latest`]);
  });

  it('stops and removes a test that runs past test-timeout', async () => {
    const started = Date.now();
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/timeout',
        'test-run': 'sleep 120',
        'test-timeout': '2',
      },
    });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.exitCode).not.toBe(0);
    expect(result.annotations[0].message).toContain("Test 'sleep 120' timed out after 2 s");
    // Stopped within a second of its timeout (sh as PID 1 ignores SIGTERM: no grace period).
    const stoppedAt = Number(/stopped at ([\d.]+) s/.exec(result.annotations[0].message)?.[1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    expect(stoppedAt).toBeLessThan(3);
    expect(result.summary).toContain('timed out');
    expect(await containersOf(result.state['run-key'])).toEqual([]);
    await removeImages(['shipshape-it/timeout:latest']);
  });

  it('a failing build shows the builder error and the post step still runs', async () => {
    const context = writeContext({
      Dockerfile: 'FROM shipshape-test/busybox:1\nRUN echo build-broke-here >&2; exit 3\n',
    });
    const result = await runAction({ inputs: { context, images: 'shipshape-it/broken' } });
    expect(result.exitCode).not.toBe(0);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('The build failed');
    expect(errors[0].message).toMatch(/exit code: 3|returned a non-zero code: 3/);
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.summary).toContain('Shipshape cleanup');
    expect(result.outputs.imageid).toBeUndefined();
  });
});

describe('cleanup', () => {
  it("removes this run's containers and dangling images, and nothing that was there before", async () => {
    const { base } = fx;
    // Someone else's mess, made before the run: a stopped container and a dangling image.
    const foreignContainer = (
      await docker(['create', '--label', 'test=foreign', base, 'true'])
    ).stdout.trim();
    const foreignContext = writeContext({
      Dockerfile: `FROM ${base}\nRUN echo foreign-${Date.now()} > /f\n`,
    });
    const built = await docker(['build', '-q', foreignContext]);
    const foreignImage = built.stdout.trim();
    expect(foreignImage).toMatch(/^sha256:/);

    // A multi-stage build with the legacy builder leaves the first stage as a dangling image, and a
    // run that is cancelled mid-test leaves its container running: both are this run's.
    const context = writeContext({
      Dockerfile: [
        `FROM ${base} AS tools`,
        `RUN dd if=/dev/zero of=/blob bs=1000 count=1500 2>/dev/null; echo ${Date.now()} > /stamp`,
        `FROM ${base}`,
        'COPY --from=tools /stamp /stamp',
        '',
      ].join('\n'),
    });
    const result = await runAction({
      inputs: { context, images: 'shipshape-it/cleanup', 'test-run': 'sleep 300' },
      env: { DOCKER_BUILDKIT: '0' },
      timeoutMs: 20_000, // main is killed mid-test, like a cancelled job; post still runs
    });
    expect(result.log).toContain('Builder: legacy');
    const runKey = result.state['run-key'];
    expect(runKey).toBeTruthy();
    expect(result.post?.exitCode).toBe(0);
    expect(await containersOf(runKey)).toEqual([]);
    const summary = result.post?.summary ?? '';
    expect(summary).toMatch(/\| Containers \| 1 \| 1 \|/);
    expect(summary).toMatch(/\| Images \| [1-9]\d* \| [1-9]\d* \|/);
    // The dangling first stage held a 1.5 MB layer of its own.
    const freed = Number(/\((\d+) bytes\)/.exec(summary)?.[1]);
    expect(freed).toBeGreaterThanOrEqual(1_500_000);

    const created = JSON.parse(result.state['created-images']) as string[];
    expect(created.length).toBeGreaterThan(1);
    const dangling = (await docker(['images', '-q', '--no-trunc', '--filter', 'dangling=true'])).stdout;
    // The final image is tagged and stays; the run's dangling stage is gone; the foreign ones survive.
    expect(await imageExists('shipshape-it/cleanup:latest')).toBe(true);
    expect(dangling).toContain(foreignImage);
    expect((await docker(['container', 'inspect', foreignContainer])).code).toBe(0);

    await docker(['rm', '-f', foreignContainer]);
    await removeImages(['shipshape-it/cleanup:latest', foreignImage]);
  });

  it("cleanup: false leaves this run's objects alone", async () => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/keep', cleanup: 'false' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.post?.stdout).toContain("Cleanup is off (input 'cleanup' is false)");
    await removeImages(['shipshape-it/keep:latest']);
  });
});

describe("metadata-action's spellings", () => {
  it("lower-cases an image name with a notice, and makes '/' and ':' of a plain tag '-'", async () => {
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'Shipshape-IT/Spelled',
        tags: 'feature/x\na:b',
        flavor: '',
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.tags.split('\n')).toEqual([
      'shipshape-it/spelled:feature-x',
      'shipshape-it/spelled:a-b',
    ]);
    expect(
      result.annotations.some((a) => a.level === 'notice' && a.message.includes('Shipshape-IT/Spelled')),
    ).toBe(true);
    await removeImages(['shipshape-it/spelled:feature-x', 'shipshape-it/spelled:a-b']);
  });
});

describe('bad input fails before anything is created', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'URL scheme',
      { images: 'https://ghcr.io/acme/app' },
      ["'images'", 'https://ghcr.io/acme/app', 'ghcr.io/acme/app'],
    ],
    ['empty component', { images: 'acme//app' }, ["'images'", 'acme//app', 'empty']],
    ['image ID as name', { images: 'a'.repeat(64) }, ["'images'", 'image ID']],
    ['name over 255', { images: `r.io/${'a'.repeat(260)}` }, ["'images'", '255']],
    ['tag with leading dot', { tags: '.v1' }, ["'tags'", "'.v1'"]],
    ['tag with leading dash', { tags: '-v1' }, ["'tags'", "'-v1'"]],
    ['tag over 128', { tags: 't'.repeat(129) }, ["'tags'", '128']],
    ['missing context', { context: 'does/not/exist' }, ["'context'", 'does/not/exist', 'no directory']],
    [
      'missing Dockerfile',
      { file: 'examples/hello/Nope.Dockerfile' },
      ["'file'", 'Nope.Dockerfile', 'no Dockerfile'],
    ],
    ['build-arg without =', { 'build-args': 'VERSION' }, ["'build-args'", 'VERSION', "'='"]],
    ['non-numeric timeout', { 'test-timeout': 'ten' }, ["'test-timeout'", 'ten', 'positive number']],
    ['negative timeout', { 'test-timeout': '-5' }, ["'test-timeout'", '-5', 'positive number']],
    ['push not true, false or auto', { push: 'yes' }, ["'push'", 'yes', "'true', 'false', 'auto'"]],
    ['unknown tag rule type', { tags: 'type=branch' }, ["'tags'", 'type=branch']],
    ['semver without pattern', { tags: 'type=semver' }, ["'tags'", 'type=semver', 'pattern']],
    ['raw without value', { tags: 'type=raw' }, ["'tags'", 'type=raw', 'value']],
    ['unknown placeholder', { tags: 'type=semver,pattern={{build}}' }, ["'tags'", '{{build}}']],
    ['unknown flavor key', { flavor: 'colour=blue' }, ["'flavor'", 'colour=blue']],
    ['password without username', { password: 'hunter2-secret' }, ["'username'", "'password' is set"]],
    ['registry-auth not a list', { 'registry-auth': 'registry: ghcr.io' }, ["'registry-auth'", 'YAML list']],
    [
      'unknown builder',
      { builder: 'kaniko' },
      ["'builder'", 'kaniko', "'auto', 'buildx', 'docker', 'buildah'"],
    ],
    ['unknown cache', { cache: 'redis' }, ["'cache'", 'redis', "'gha', 'registry', 'none'"]],
    ['cache-ref with a scheme', { 'cache-ref': 'https://ghcr.io/acme/cache' }, ["'cache-ref'", 'URL scheme']],
    ['platform without os', { platforms: 'amd64' }, ["'platforms'", 'amd64', 'linux/amd64']],
    // By its line, never its text: the line may be part of a secret (issue #13).
    ['secret without value', { secrets: 'NPM_TOKEN' }, ["'secrets'", 'line 1 (hidden)', 'id=value']],
    ['no-cache not boolean', { 'no-cache': 'sometimes' }, ["'no-cache'", 'sometimes']],
    [
      'unknown cleanup policy',
      { cleanup: 'all' },
      ["'cleanup'", 'all', "'run', 'dangling', 'aggressive', 'false'"],
    ],
    ['cleanup-until not a duration', { 'cleanup-until': '24' }, ["'cleanup-until'", "'24'", "'24h'"]],
    ['keep-storage not a size', { 'keep-storage': '5 gigs' }, ["'keep-storage'", '5 gigs', "'10GB'"]],
    ['min-free-space not a size', { 'min-free-space': '10GBs' }, ["'min-free-space'", '10GBs', "'1.5GiB'"]],
    ['cleanup-strict not boolean', { 'cleanup-strict': 'maybe' }, ["'cleanup-strict'", 'maybe']],
    ['unknown size-comment', { 'size-comment': 'sometimes' }, ["'size-comment'", 'sometimes', "'on-change'"]],
    ['size-limit not a size', { 'size-limit': '10%' }, ["'size-limit'", '10%', "'150MB'"]],
    [
      'size-increase-limit not an amount',
      { 'size-increase-limit': 'lots' },
      ["'size-increase-limit'", 'lots', "'5%'"],
    ],
    [
      'size-base breaking the naming rules',
      { 'size-base': 'Acme/App:main' },
      ["'size-base'", 'Acme/App:main'],
    ],
  ];
  it.each(cases)('%s', async (_, inputs, fragments) => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/bad', ...inputs },
      // No daemon at all: the error must come from the inputs, before Docker is even asked.
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    for (const fragment of fragments) expect(errors[0].message).toContain(fragment);
    expect(result.state['run-key']).toBeUndefined();
    expect(result.post?.exitCode).toBe(0);
  });
});

describe('an engine that does not answer', () => {
  it('says so within 10 s', async () => {
    const started = Date.now();
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'shipshape-it/nodaemon' },
      env: { DOCKER_HOST: 'tcp://127.0.0.1:9' },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0].message).toContain('Docker daemon at tcp://127.0.0.1:9 does not answer');
  });

  it('gives up on a daemon that accepts but never replies', async () => {
    const net = await import('node:net');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const socket = `${mkdtempSync(`${tmpdir()}/shipshape-hang-`)}/docker.sock`;
    const sockets: import('node:net').Socket[] = [];
    const server = net.createServer((s) => sockets.push(s)).listen(socket);
    try {
      const started = Date.now();
      const result = await runAction({
        inputs: { context: 'examples/hello', images: 'shipshape-it/hang' },
        env: { DOCKER_HOST: `unix://${socket}` },
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.annotations[0].message).toContain('does not answer (no answer within 10 s)');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
