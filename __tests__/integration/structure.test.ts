import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Docker } from '../../src/engine/docker.js';
import { runLimited } from '../../src/common/scheduler.js';
import { checkServiceImages, startServices } from '../../src/container-tests/services.js';
import { runCommandTest, runFileTests, runMetadataTest } from '../../src/container-tests/structure.js';
import type { CommandTest, FileTest, MetadataTest, ServiceSpec } from '../../src/settings/test-types.js';
import { commandTest, fileTest } from '../factories/test-spec.js';
import { docker, writeContext } from '../harness/fixtures.js';
import { containersOf, useIntegrationFixtures } from '../harness/integration.js';
import { repoRoot, runAction, type ActionResult } from '../harness/run-action.js';

const run = randomBytes(4).toString('hex');
const label = `shipshape.test=structure-${run}`;
const labels = { 'shipshape.test': `structure-${run}` };
const image = `shipshape-test/structure:${run}`;
const serviceImage = `shipshape-test/structure-svc:${run}`;
const healthImage = `shipshape-test/structure-health:${run}`;
const cstImage = `shipshape-test/structure-cst:${run}`;
const cstLicenseImage = `shipshape-test/structure-cst-license:${run}`;
const engine = Docker.connect();
let counter = 0;
const nextName = () => `shipshape-st-${run}-${++counter}`;
const fx = useIntegrationFixtures();
fx.cleanupAfter(image, serviceImage, healthImage, cstLicenseImage, cstImage);

async function build(tag: string, files: Record<string, string>): Promise<void> {
  const context = writeContext(files);
  try {
    const built = await docker(['build', '-q', '-t', tag, context]);
    if (built.code !== 0) throw new Error(`building ${tag} failed: ${built.stderr}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

const runCommand = (test: Partial<CommandTest> & { command: string }, network = 'none') =>
  runCommandTest(engine, image, commandTest({ shell: true, ...test }), {
    labels,
    name: nextName(),
    network,
    defaultTimeoutSeconds: 30,
  });

const runFiles = (tests: (Partial<FileTest> & { path: string })[]) =>
  runFileTests(engine, image, tests.map(fileTest), { labels, name: nextName() });

async function labelled(kind: 'ps -a' | 'network ls' | 'volume ls'): Promise<string[]> {
  const listed = await docker([...kind.split(' '), '--quiet', '--filter', `label=${label}`]);
  return listed.stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  const { base } = fx;
  await Promise.all([
    build(image, {
      'run.sh': '#!/bin/sh\necho running\n',
      'config.txt': 'mode=production\ndebug=true\n',
      Dockerfile: [
        `FROM ${base}`,
        'COPY --chown=1000:1000 run.sh /app/run.sh',
        'COPY config.txt /etc/config.txt',
        'RUN chmod 0750 /app/run.sh && chmod 0644 /etc/config.txt && touch /app/suid && chmod 4755 /app/suid',
        'ENV GREETING=hello APP_MODE=production',
        'LABEL org.example.team=platform',
        'EXPOSE 8080',
        'VOLUME /data',
        'WORKDIR /app',
        'USER nobody',
        'ENTRYPOINT ["echo", "entry:"]',
        'CMD ["default-cmd"]',
        '',
      ].join('\n'),
    }),
    build(serviceImage, { Dockerfile: `FROM ${base}\nVOLUME /state\n` }),
    build(healthImage, {
      Dockerfile: `FROM ${base}\nHEALTHCHECK --interval=1s --timeout=2s --retries=30 CMD test -f /tmp/ready\n`,
    }),
  ]);
});

afterAll(async () => {
  const left = await labelled('ps -a');
  if (left.length) await docker(['rm', '-f', '-v', ...left]);
  for (const network of await labelled('network ls')) await docker(['network', 'rm', network]);
});

describe('command tests', () => {
  it('checks the exit code', async () => {
    expect(await runCommand({ command: 'exit 3', exitCode: 3 })).toMatchObject({
      kind: 'command',
      passed: true,
    });
    const failed = await runCommand({ command: 'echo why; exit 3' });
    expect(failed).toMatchObject({ passed: false, expected: 'exit code 0' });
    expect(failed.actual).toMatch(/^exit code 3; output: why/);
  });

  it('checks expected and excluded stdout', async () => {
    const command = 'echo hello world';
    expect(await runCommand({ command, expectedOutput: [/hello/], excludedOutput: [/bye/] })).toMatchObject({
      passed: true,
    });
    expect(await runCommand({ command, expectedOutput: [/goodbye/g] })).toMatchObject({
      passed: false,
      expected: 'stdout matching /goodbye/g',
      actual: 'hello world\n',
    });
    const excluded = await runCommand({ command, excludedOutput: [/wor.d/] });
    expect(excluded).toMatchObject({ passed: false, expected: 'stdout not matching /wor.d/' });
    expect(excluded.actual).toMatch(/^found "world"/);
  });

  it('keeps stderr apart from stdout', async () => {
    const command = 'echo fine; echo oops >&2';
    expect(
      await runCommand({
        command,
        excludedOutput: [/oops/],
        expectedError: [/^oops$/m],
        expectedOutput: [/fine/],
      }),
    ).toMatchObject({ passed: true });
    const failed = await runCommand({ command, excludedError: [/oops/] });
    expect(failed).toMatchObject({ passed: false, expected: 'stderr not matching /oops/' });
    expect(failed.actual).toContain('found "oops"');
    expect((await runCommand({ command, expectedError: [/fine/] })).expected).toBe('stderr matching /fine/');
  });

  it('applies workdir, user and env, with the image defaults otherwise', async () => {
    const command = 'echo "$(pwd) $(id -u) $GREETING $EXTRA"';
    expect((await runCommand({ command })).output).toBe('/app 65534 hello \n');
    const overridden = await runCommand({
      command,
      workdir: '/tmp',
      user: '0',
      env: { EXTRA: 'with spaces', GREETING: 'hi' },
    });
    expect(overridden.output).toBe('/tmp 0 hi with spaces\n');
  });

  it('keeps, clears or replaces the entrypoint', async () => {
    const kept = await runCommand({ command: 'hello', args: ['there'], shell: false });
    expect(kept.output).toBe('entry: hello there\n');
    const cleared = await runCommand({ command: 'echo', args: ['plain'], shell: false, entrypoint: [] });
    expect(cleared.output).toBe('plain\n');
    const replaced = await runCommand({
      command: 'echo $GREETING-$0',
      shell: false,
      entrypoint: ['sh', '-c'],
    });
    expect(replaced.output).toBe('hello-sh\n');
  });

  it('stops a command at its timeout', async () => {
    const started = Date.now();
    const result = await runCommand({
      command: "echo begun; trap 'exit 143' TERM; sleep 100 & wait",
      timeout: 2,
    });
    expect(result).toMatchObject({ passed: false, timedOut: true, expected: 'to finish within 2 s' });
    // Killed at once (issue #13): a SIGTERM trap cannot hold the test past its timeout.
    expect(result.actual).toMatch(/timed out and was stopped \(exit code 137\); output: begun/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs commands in parallel', async () => {
    const started = Date.now();
    const results = await runLimited(
      [1, 2, 3, 4].map((n) => () => runCommand({ command: `sleep 2; echo ${n}` })),
      4,
    );
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(results.map((result) => [result.passed, result.output])).toEqual([
      [true, '1\n'],
      [true, '2\n'],
      [true, '3\n'],
      [true, '4\n'],
    ]);
  });
});

describe('file tests', () => {
  it('checks permissions, owner and contents', async () => {
    const results = await runFiles([
      {
        path: '/app/run.sh',
        permissions: '-rwxr-x---',
        uid: 1000,
        gid: 1000,
        expectedContents: [/^#!\/bin\/sh/],
      },
      { path: '/etc/config.txt', permissions: '-rw-r--r--', uid: 0, excludedContents: [/password/] },
      { path: '/app/suid', permissions: '-rwsr-xr-x' },
      { path: '/tmp', permissions: 'drwxrwxrwt' },
      { path: '/bin/sh', permissions: 'lrwxrwxrwx' },
      { path: '/nope', shouldExist: false },
    ]);
    expect(results.filter((result) => !result.passed)).toEqual([]);
    expect(results.every((result) => result.kind === 'file')).toBe(true);
  });

  it('fails for the right reason', async () => {
    const results = await runFiles([
      { name: 'perms', path: '/app/run.sh', permissions: '-rwxr-xr-x' },
      { name: 'missing', path: '/nope/file' },
      { name: 'present', path: '/etc/config.txt', shouldExist: false },
      { name: 'uid', path: '/app/run.sh', uid: 0 },
      { name: 'gid', path: '/etc/config.txt', gid: 1000 },
      { name: 'expected', path: '/etc/config.txt', expectedContents: [/mode=development/] },
      { name: 'excluded', path: '/etc/config.txt', excludedContents: [/debug=true/] },
      { name: 'directory contents', path: '/app', expectedContents: [/x/] },
    ]);
    expect(results.map(({ name, passed, expected, actual }) => ({ name, passed, expected, actual }))).toEqual(
      [
        { name: 'perms', passed: false, expected: 'permissions -rwxr-xr-x', actual: '-rwxr-x---' },
        { name: 'missing', passed: false, expected: '/nope/file to exist', actual: 'not found' },
        {
          name: 'present',
          passed: false,
          expected: '/etc/config.txt not to exist',
          actual: 'exists: -rw-r--r-- 0:0',
        },
        { name: 'uid', passed: false, expected: 'uid 0', actual: 'uid 1000' },
        { name: 'gid', passed: false, expected: 'gid 1000', actual: 'gid 0' },
        {
          name: 'expected',
          passed: false,
          expected: 'contents matching /mode=development/',
          actual: 'mode=production\ndebug=true\n',
        },
        {
          name: 'excluded',
          passed: false,
          expected: 'contents not matching /debug=true/',
          actual: 'found "debug=true" in: mode=production\ndebug=true\n',
        },
        {
          name: 'directory contents',
          passed: false,
          expected: 'a regular file (to check its contents)',
          actual: 'drwxr-xr-x',
        },
      ],
    );
  });
});

describe('metadata test', () => {
  it('passes for the image configuration', async () => {
    const test: MetadataTest = {
      env: [{ key: 'GREETING', value: /^hello$/ }],
      labels: [{ key: 'org.example.team', value: /platform/ }],
      exposedPorts: ['8080', '8080/tcp'],
      volumes: ['/data'],
      entrypoint: ['echo', 'entry:'],
      cmd: ['default-cmd'],
      workdir: '/app',
      user: 'nobody',
    };
    const results = await runMetadataTest(engine, image, test);
    expect(results.map((result) => [result.name, result.passed])).toEqual([
      ['metadata: env GREETING', true],
      ['metadata: label org.example.team', true],
      ['metadata: exposed port 8080/tcp', true],
      ['metadata: exposed port 8080/tcp', true],
      ['metadata: volume /data', true],
      ['metadata: entrypoint', true],
      ['metadata: cmd', true],
      ['metadata: workdir', true],
      ['metadata: user', true],
    ]);
  });

  it('fails each check for the right reason', async () => {
    const test: MetadataTest = {
      env: [
        { key: 'APP_MODE', value: /^dev/ },
        { key: 'UNSET', value: /x/ },
      ],
      labels: [{ key: 'org.example.team', value: /^security$/ }],
      exposedPorts: ['9090'],
      volumes: ['/cache'],
      entrypoint: ['sh'],
      cmd: [],
      workdir: '/',
      user: 'root',
    };
    const results = await runMetadataTest(engine, image, test);
    expect(results.map(({ name, passed, expected, actual }) => ({ name, passed, expected, actual }))).toEqual(
      [
        {
          name: 'metadata: env APP_MODE',
          passed: false,
          expected: 'env APP_MODE matching /^dev/',
          actual: 'production',
        },
        {
          name: 'metadata: env UNSET',
          passed: false,
          expected: 'env UNSET matching /x/',
          actual: 'env UNSET is not set',
        },
        {
          name: 'metadata: label org.example.team',
          passed: false,
          expected: 'label org.example.team matching /^security$/',
          actual: 'platform',
        },
        {
          name: 'metadata: exposed port 9090/tcp',
          passed: false,
          expected: 'port 9090/tcp exposed',
          actual: '8080/tcp',
        },
        { name: 'metadata: volume /cache', passed: false, expected: 'volume /cache', actual: '/data' },
        { name: 'metadata: entrypoint', passed: false, expected: '["sh"]', actual: '["echo","entry:"]' },
        { name: 'metadata: cmd', passed: false, expected: '[]', actual: '["default-cmd"]' },
        { name: 'metadata: workdir', passed: false, expected: '/', actual: '/app' },
        { name: 'metadata: user', passed: false, expected: 'root', actual: 'nobody' },
      ],
    );
  });
});

describe('services', () => {
  const echo: ServiceSpec = {
    name: 'echo-svc',
    image: serviceImage,
    env: { GREETING: 'pong' },
    command: ['sh', '-c', 'echo starting; exec nc -ll -p 8080 -e echo $GREETING'],
    readiness: ['sh', '-c', 'nc 127.0.0.1 8080 </dev/null | grep -q pong'],
    timeout: 15,
  };

  it('reports service images that are not present', async () => {
    const missing = `shipshape-test/not-here:${run}`;
    expect(await checkServiceImages(engine, [echo, { ...echo, name: 'other', image: missing }])).toEqual([
      missing,
    ]);
  });

  it('starts services reachable by name and removes them all', async () => {
    const prefix = `shipshape-svc-${run}`;
    const services = await startServices(
      engine,
      [
        echo,
        // No readiness command: the image HEALTHCHECK decides.
        {
          name: 'healthy',
          image: healthImage,
          env: {},
          command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 1000'],
          timeout: 20,
        },
        // Neither: running is ready.
        { name: 'plain', image: serviceImage, env: {}, command: ['sleep', '1000'], timeout: 5 },
      ],
      { labels, prefix },
    );
    try {
      expect(services.network).toBe(`${prefix}-net`);
      const health = await docker(['inspect', '--format', '{{.State.Health.Status}}', `${prefix}-healthy`]);
      expect(health.stdout.trim()).toBe('healthy');
      const reached = await runCommand(
        { command: 'nc echo-svc 8080 </dev/null', expectedOutput: [/^pong$/m] },
        services.network,
      );
      expect(reached).toMatchObject({ passed: true });
    } finally {
      const mounts = await docker([
        'inspect',
        '--format',
        '{{range .Mounts}}{{.Name}} {{end}}',
        `${prefix}-echo-svc`,
      ]);
      const volume = mounts.stdout.trim();
      await services.stop();
      expect(volume).toMatch(/^[a-f0-9]{64}$/);
      expect((await docker(['volume', 'inspect', volume])).code).not.toBe(0);
    }
    expect(await labelled('ps -a')).toEqual([]);
    expect(await labelled('network ls')).toEqual([]);
    expect(await labelled('volume ls')).toEqual([]);
  });

  it('names a service that is not ready in time and cleans up', async () => {
    const slow: ServiceSpec = {
      name: 'never-ready',
      image: serviceImage,
      env: {},
      command: ['sh', '-c', 'echo warming up; exec sleep 1000'],
      readiness: ['sh', '-c', 'echo still cold >&2; false'],
      timeout: 1,
    };
    const started = Date.now();
    const error = await startServices(engine, [echo, slow], {
      labels,
      prefix: `shipshape-slow-${run}`,
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^Service 'never-ready' \(.*\) was not ready within 1 s: readiness command exited with 1: still cold\.\nLast log lines:\nwarming up$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await labelled('ps -a')).toEqual([]);
    expect(await labelled('network ls')).toEqual([]);
  });

  it('fails at once when a service exits', async () => {
    const crashing: ServiceSpec = {
      name: 'crashing',
      image: serviceImage,
      env: {},
      command: ['sh', '-c', 'echo bad config >&2; exit 4'],
      // Without one, a check that sees it still running would call it ready.
      readiness: ['false'],
      timeout: 30,
    };
    const started = Date.now();
    await expect(
      startServices(engine, [crashing], { labels, prefix: `shipshape-crash-${run}` }),
    ).rejects.toThrow(
      /Service 'crashing' .* the container exited with code 4\.\nLast log lines:\nbad config/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await labelled('ps -a')).toEqual([]);
  });
});

describe("container-structure-test's format through the bundled action", () => {
  const copyright =
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nLicense: GPL-2\n';
  beforeAll(async () => {
    await build(cstImage, {
      'tool.sh': '#!/bin/sh\necho "tool 2.1.3"\n',
      copyright,
      Dockerfile: [
        `FROM ${fx.base}`,
        'COPY tool.sh /usr/local/bin/tool',
        'COPY copyright /usr/share/doc/busybox/copyright',
        'COPY copyright /usr/share/doc/shipshape-fixture/copyright',
        'RUN chmod 0754 /usr/local/bin/tool && ln -s busybox /usr/share/doc/busybox-static',
        'ENV APP_MODE=production APP_VERSION=2.1.3',
        'LABEL org.example.team=platform org.example.build=build-42',
        'EXPOSE 8080',
        'VOLUME /data',
        'WORKDIR /srv',
        'USER 65534',
        'ENTRYPOINT ["echo", "entry:"]',
        'CMD ["serve"]',
        '',
      ].join('\n'),
    });
    await build(cstLicenseImage, {
      agpl: 'License: AGPL-3+\n GNU Affero General Public License\n',
      Dockerfile: [
        `FROM ${cstImage}`,
        'USER 0',
        'COPY agpl /usr/share/doc/shipshape-agpl/copyright',
        'RUN mkdir -p /usr/share/doc/shipshape-undocumented',
        '',
      ].join('\n'),
    });
  });

  /** The run's engine objects left after its post step: containers and committed images. */
  async function leftovers(result: ActionResult): Promise<string[]> {
    const runKey = result.state['run-key'];
    const images = await docker(['image', 'ls', '-q', '--filter', `label=dev.shipshape.run=${runKey}`]);
    return [...(await containersOf(runKey)), ...images.stdout.split('\n').filter(Boolean)];
  }

  const testOnly = (ref: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction({
      inputs: {
        images: '',
        'test-only': 'true',
        'image-ref': ref,
        'allow-paths-outside-workspace': 'false',
        ...inputs,
      },
      env,
    });

  const everyKey = '__tests__/fixtures/cst/every-key.yaml';
  const commandTests = [
    'env from every source',
    'variables from the image',
    "root, with the capability, without the image's entrypoint",
    'privileged',
    'bind mount, read-only',
    'setup before, teardown after',
  ];

  it('passes a file that uses every key', async () => {
    // Some engines (a daemon that itself lacks capabilities) cannot start a privileged container.
    const privileged = await docker(['run', '--rm', '--network', 'none', '--privileged', fx.base, 'true']);
    const runnerEnv = { SHIPSHAPE_FIXTURE_PASSED: 'passed-through' };
    const result = await testOnly(cstImage, { 'tests-file': everyKey }, runnerEnv);
    const passedExcept = (failed: string[]) => {
      // 6 command tests, 4 file tests, 1 license test, 13 metadata checks.
      expect(JSON.parse(result.outputs['test-results'])).toEqual({
        total: 24,
        passed: 24 - failed.length,
        failed: failed.length,
      });
      for (const name of [
        ...commandTests,
        'tool mode and owner',
        'tool executable at all',
        'no keys',
        'tool version',
        'license test',
        'metadata: env APP_VERSION',
        'metadata: env DEBUG unset',
        'metadata: label org.example.build',
        'metadata: unexposed port 80',
        'metadata: unmounted volume /srv',
        'metadata: entrypoint',
      ]) {
        const state = failed.includes(name) ? 'failed' : 'passed';
        expect(result.summary, name).toContain(`| \`${name}\` | ${state}`);
      }
    };
    if (privileged.code === 0) {
      expect(result.exitCode, result.log).toBe(0);
      passedExcept([]);
    } else {
      console.warn(`privileged containers cannot start on this engine: ${privileged.stderr.trim()}`);
      // `privileged: true` reached the engine: every command test's container was refused for it.
      expect(result.exitCode).toBe(1);
      passedExcept(commandTests);
      const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      for (const name of commandTests) {
        expect(errors.find((m) => m.startsWith(`Test '${name}' failed`))).toContain('unable to apply caps');
      }
      // The same file without it: only the privileged check fails, by the capability it lacks.
      const text = readFileSync(path.join(repoRoot, everyKey), 'utf8');
      expect(text).toContain('privileged: true');
      const unprivileged = await testOnly(
        cstImage,
        { tests: text.replace('privileged: true', 'privileged: false') },
        runnerEnv,
      );
      expect(unprivileged.exitCode).toBe(1);
      expect(JSON.parse(unprivileged.outputs['test-results'])).toEqual({ total: 24, passed: 23, failed: 1 });
      expect(unprivileged.annotations.map((a) => a.message)).toContainEqual(
        expect.stringMatching(
          /^Test 'privileged' failed: expected stdout matching \/\^CapEff:.*\/m, saw CapEff:\s+[0-9a-f]*[014589cd][0-9a-f]{5}\n/,
        ),
      );
      expect(await leftovers(unprivileged)).toEqual([]);
    }
    expect(await leftovers(result)).toEqual([]);
  });

  it('fails each check for the right reason', async () => {
    const failing = `
schemaVersion: '2.0.0'
commandTests:
  - name: setup fails
    setup: [[sh, -c, 'echo broken >&2; exit 4']]
    command: 'true'
  - name: teardown fails
    teardown: [['false']]
    command: 'true'
  - name: capability without privileged
    command: sh
    args: ['-c', 'grep CapEff /proc/self/status; echo "($HOME)"']
    # SYS_ADMIN (bit 21) is not among the capabilities added; $HOME is replaced from the image (unset: '').
    expectedOutput: ['^CapEff:\\s+[0-9a-f]*[2367abef][0-9a-f]{5}$']
containerRunOptions:
  capabilities: [NET_ADMIN]
fileExistenceTests:
  - name: executable by others
    path: /usr/local/bin/tool
    isExecutableBy: other
metadataTest:
  envVars:
    - key: APP_VERSION
      value: '2.1'
  unboundEnvVars: [{ key: APP_MODE }]
  labels:
    - key: org.example.build
      value: 'build-\\d+'
  unexposedPorts: ['8080']
  unmountedVolumes: [/data]
licenseTests:
  - debian: true
    files: [/usr/share/doc/shipshape-agpl/copyright]
`;
    const result = await testOnly(cstLicenseImage, { tests: failing });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    const about = (name: string) => errors.find((m) => m.startsWith(`Test '${name}' failed`)) ?? '';
    expect(about('setup fails')).toContain(
      'expected setup command ["sh","-c","echo broken >&2; exit 4"] to exit 0, saw exit code 4; output: broken',
    );
    expect(about('teardown fails')).toContain(
      'expected teardown command ["false"] to exit 0, saw exit code 1',
    );
    expect(about('capability without privileged')).toMatch(
      /expected stdout matching .*, saw CapEff:\s+[0-9a-f]*[014589cd][0-9a-f]{5}\n\(\)/,
    );
    expect(about('executable by others')).toContain('expected executable by other, saw -rwxr-xr--');
    expect(about('metadata: env APP_VERSION')).toContain('2.1.3');
    expect(about('metadata: env APP_MODE unset')).toContain('APP_MODE=production');
    expect(about('metadata: label org.example.build')).toContain('build-42');
    expect(about('metadata: unexposed port 8080')).toContain('8080/tcp');
    expect(about('metadata: unmounted volume /data')).toContain('/data');
    const license = about('license test');
    expect(license).toContain('/usr/share/doc/shipshape-agpl/copyright mentions AGPL');
    expect(license).toContain(
      'shipshape-undocumented has no /usr/share/doc/shipshape-undocumented/copyright',
    );
    expect(license).not.toMatch(/busybox|shipshape-fixture/);
    expect(JSON.parse(result.outputs['test-results'])).toMatchObject({ failed: 10 });
    expect(await leftovers(result)).toEqual([]);
  });

  const refused: [string, Record<string, string>, string[]][] = [
    [
      'a bind mount outside the workspace',
      {
        tests:
          "containerRunOptions: {bindMounts: ['/tmp:/mnt']}\ncommandTests: [{name: a, command: 'true'}]\n",
      },
      [
        "input 'tests'",
        'containerRunOptions.bindMounts[0]',
        "'/tmp'",
        'outside the workspace',
        'allow-paths-outside-workspace',
      ],
    ],
    [
      'an env file outside the workspace',
      {
        tests: "containerRunOptions: {envFile: /etc/hostname}\ncommandTests: [{name: a, command: 'true'}]\n",
      },
      ['containerRunOptions.envFile', "'/etc/hostname'", 'outside the workspace'],
    ],
    [
      'a missing env file',
      { tests: "containerRunOptions: {envFile: no/such.env}\ncommandTests: [{name: a, command: 'true'}]\n" },
      ['containerRunOptions.envFile', "'no/such.env' (", 'does not exist'],
    ],
    [
      'a runner variable of its own',
      {
        tests:
          "containerRunOptions: {envVars: [INPUT_PASSWORD]}\ncommandTests: [{name: a, command: 'true'}]\n",
      },
      ['containerRunOptions.envVars[0]', "'INPUT_PASSWORD' is the runner's own"],
    ],
    [
      'an unknown schemaVersion',
      { tests: "schemaVersion: '3.0.0'\nmetadataTest: {}\n" },
      ["input 'tests'", 'schemaVersion', "'3.0.0'", "set schemaVersion: '2.0.0'"],
    ],
  ];
  it.each(refused)('refuses %s before any container starts', async (_, inputs, fragments) => {
    const result = await testOnly(cstImage, inputs);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    for (const fragment of fragments) expect(errors[0].message).toContain(fragment);
    expect(result.outputs['test-results'] ?? '').toBe('');
    expect(await leftovers(result)).toEqual([]);
  });
});

describe('cleanup', () => {
  it('leaves no labelled container behind', async () => {
    expect(await labelled('ps -a')).toEqual([]);
  });
});
