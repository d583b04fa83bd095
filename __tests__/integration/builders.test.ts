// Builder choice and the build inputs every builder takes, against the real engine and buildah.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, removeImages, writeContext } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';
import { runAction, withoutMaskCommands } from '../harness/run-action.js';

const fx = useIntegrationFixtures({ buildahBase: true });

describe('builder', () => {
  it('fails before building when buildx is asked for and no client has it', async () => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'builders-it/x', builder: 'buildx' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0].message).toContain(
      "Input 'builder' has value 'buildx': no docker client on PATH has the buildx plugin",
    );
  });

  it('refuses secrets with the legacy builder, naming the input', async () => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'builders-it/x', secrets: 'token=abc' },
      env: { DOCKER_BUILDKIT: '0' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0].message).toContain("Input 'secrets' has value 'token'");
    expect(result.annotations[0].message).not.toContain('abc');
  });

  it("refuses attestations on the engine's builder before building, naming the input and the builder that can (issue #12)", async () => {
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'builders-it/x',
        builder: 'docker',
        platforms: 'linux/amd64,linux/arm64',
        provenance: 'mode=max',
      },
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^Input 'provenance' has value 'mode=max': .*only buildx/);
    expect(result.log).not.toContain('Build linux/');
  });

  it("refuses 'call: check' on the engine's BuildKit and on buildah before anything runs, naming buildx", async () => {
    for (const builder of ['docker', 'buildah']) {
      const result = await runAction({
        inputs: { context: 'examples/hello', images: 'builders-it/check', builder, call: 'check' },
      });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/^Input 'call' has value 'check': build checks are buildx's/);
      expect(errors[0].message).toContain('docker/setup-buildx-action');
      expect(result.log).not.toMatch(/::group::Build (checks )?with/);
    }
  });

  it('builds with buildah and hands the image to the engine for the tests', async () => {
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'builders-it/buildah',
        builder: 'buildah',
        'test-run': 'hello',
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain('Builder: buildah');
    expect(result.log).toContain('Hello from Shipshape');
    const inspected = await docker(['image', 'inspect', '--format', '{{.Id}}', 'builders-it/buildah:latest']);
    expect(inspected.stdout.trim()).toBe(result.outputs.imageid);
    await removeImages(['builders-it/buildah:latest']);
  });
});

describe('the legacy builder', () => {
  it('writes every label in one LABEL step, and the image carries them all', async () => {
    const image = 'builders-it/legacy-labels';
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: image,
        labels: 'acme.note=say "hi" to $USER',
        'keep-images': 'true',
      },
      env: { DOCKER_BUILDKIT: '0' },
    });
    try {
      expect(result.exitCode, result.log).toBe(0);
      const steps = result.log.split('\n').filter((line) => /Step \d+\/\d+ : LABEL /.test(line));
      // The Dockerfile's own LABEL, then one step for every label Shipshape adds (not one each).
      expect(steps, steps.join('\n')).toHaveLength(2);
      expect(steps[1]).toContain('"dev.shipshape.run"=');
      expect(steps[1]).toContain('"acme.note"=');
      const inspected = await docker([
        'image',
        'inspect',
        '--format',
        '{{json .Config.Labels}}',
        `${image}:latest`,
      ]);
      const labels = JSON.parse(inspected.stdout) as Record<string, string>;
      expect(labels['acme.note']).toBe('say "hi" to $USER');
      expect(labels['dev.shipshape.run']).toMatch(/\//);
      expect(labels['org.opencontainers.image.title']).toBeTruthy();
    } finally {
      await removeImages([`${image}:latest`]);
    }
  });
});

describe.each([
  { name: 'engine BuildKit', builder: 'docker' },
  { name: 'buildah', builder: 'buildah' },
])('secrets with $name', ({ builder }) => {
  it('reach the build as a file and never appear in the log', async () => {
    const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
    const context = writeContext({
      Dockerfile: [
        `FROM ${fx.base}`,
        `RUN --mount=type=secret,id=token sha256sum /run/secrets/token | cut -c1-64 > /token.sha && echo ${randomBytes(4).toString('hex')}`,
        '',
      ].join('\n'),
    });
    const image = `builders-it/secret-${builder}`;
    const result = await runAction({
      inputs: { context, images: image, builder, secrets: `token=${secret}`, 'test-run': 'cat /token.sha' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain(createHash('sha256').update(secret).digest('hex'));
    // The runner masks the value after `::add-mask::`; no other line may carry it.
    expect(result.log).toContain(`::add-mask::${secret}`);
    // Only in mask commands (the runner prints none of them): the value, and its whole line (issue #13).
    expect(withoutMaskCommands(result.log)).not.toContain(secret);
    expect(JSON.stringify(result.state)).not.toContain(secret);
    expect(JSON.stringify(result.outputs)).not.toContain(secret);
    expect(result.log).toContain('"token=***"');
    await removeImages([`${image}:latest`]);
  });

  it('take a multi-line value from secret-envs and a file from secret-files', async () => {
    const pem = `-----BEGIN KEY-----\n${randomBytes(12).toString('hex')}\n-----END KEY-----`;
    const context = writeContext({
      Dockerfile: [
        `FROM ${fx.base}`,
        `RUN --mount=type=secret,id=pem --mount=type=secret,id=npmrc sha256sum /run/secrets/pem /run/secrets/npmrc | cut -c1-64 > /sums && echo ${randomBytes(4).toString('hex')}`,
        '',
      ].join('\n'),
      'npmrc.secret': 'registry-token-in-a-file\n',
    });
    const image = `builders-it/secret-sources-${builder}`;
    const result = await runAction({
      inputs: {
        context,
        images: image,
        builder,
        'secret-envs': 'pem=MY_PEM',
        'secret-files': `npmrc=${join(context, 'npmrc.secret')}`,
        'test-run': 'cat /sums',
      },
      env: { MY_PEM: pem },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain(createHash('sha256').update(pem).digest('hex'));
    expect(result.log).toContain(createHash('sha256').update('registry-token-in-a-file\n').digest('hex'));
    // Each line of the multi-line value is masked, and appears nowhere else.
    const middle = pem.split('\n')[1];
    expect(result.log).toContain(`::add-mask::${middle}`);
    expect(withoutMaskCommands(result.log)).not.toContain(middle);
    await removeImages([`${image}:latest`]);
  });
});

describe.each<{ name: string; builder: string; env: Record<string, string>; limits: boolean }>([
  { name: 'engine BuildKit', builder: 'docker', env: {}, limits: false },
  { name: 'the legacy builder', builder: 'docker', env: { DOCKER_BUILDKIT: '0' }, limits: true },
  { name: 'buildah', builder: 'buildah', env: {}, limits: true },
])("build-push-action's add-hosts, shm-size, ulimit and network with $name", ({ builder, env, limits }) => {
  it.each([
    { network: 'none', hosts: builder !== 'buildah' },
    { network: 'default', hosts: true },
  ])('reach the RUN steps (network: $network)', async ({ network, hosts }) => {
    const marker = randomBytes(4).toString('hex');
    // Each check prints its marker only when it holds; the build fails (set -e) otherwise.
    const checks = [
      ...(hosts ? ['grep -q "10.1.2.3[[:space:]]*myhost" /etc/hosts && echo HOSTS-OK'] : []),
      network === 'none'
        ? '[ "$(ls /sys/class/net)" = lo ] && echo NETWORK-OK'
        : 'ls /sys/class/net | grep -qv "^lo$" && echo NETWORK-OK',
      ...(limits
        ? [
            'df -k /dev/shm | grep -q " 262144 " && echo SHM-OK',
            '[ "$(ulimit -n)" = 1234 ] && echo ULIMIT-OK',
          ]
        : []),
    ];
    const context = writeContext({
      Dockerfile: [`FROM ${fx.base}`, `RUN set -e; echo ${marker}; ${checks.join('; ')}`, ''].join('\n'),
    });
    const image = `builders-it/build-options-${builder}-${limits ? 'limits' : 'plain'}-${network}`;
    const result = await runAction({
      inputs: {
        context,
        images: image,
        builder,
        ...(hosts ? { 'add-hosts': 'myhost:10.1.2.3' } : {}),
        network,
        ...(limits ? { 'shm-size': '256m', ulimit: 'nofile=1234:1234' } : {}),
      },
      env,
    });
    expect(result.exitCode, result.log).toBe(0);
    const oks = [...(hosts ? ['HOSTS-OK'] : []), 'NETWORK-OK', ...(limits ? ['SHM-OK', 'ULIMIT-OK'] : [])];
    for (const ok of oks) {
      expect(result.log, ok).toMatch(new RegExp(`(^|\\s)${ok}$`, 'm'));
    }
    await removeImages([`${image}:latest`]);
  });

  if (!limits) {
    it('refuses shm-size and ulimit, which this builder would ignore, before building', async () => {
      const result = await runAction({
        inputs: { context: 'examples/hello', images: 'builders-it/x', builder, 'shm-size': '2g' },
        env,
      });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(
        /^Input 'shm-size' has value '2g': the engine's built-in BuildKit ignores it/,
      );
      expect(result.log).not.toMatch(/#\d+ \[/);
    });
  }
});

describe.each([
  { name: 'engine BuildKit', builder: 'docker' },
  { name: 'buildah', builder: 'buildah' },
])("build-push-action's ssh with $name", ({ builder }) => {
  it('forwards the agent at SSH_AUTH_SOCK and an agent made from a key file to RUN --mount=type=ssh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-it-'));
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'deploy_key')]);
      const context = writeContext({
        Dockerfile: [
          `FROM ${fx.base}`,
          // Each marker is made by the shell, so that the step's own header line cannot show it.
          `RUN --mount=type=ssh test -S "$SSH_AUTH_SOCK" && echo "SSH-DEFAULT-$(echo OK)" ${randomBytes(4).toString('hex')}`,
          'RUN --mount=type=ssh,id=deploy test -S "$SSH_AUTH_SOCK" && echo "SSH-KEY-$(echo OK)"',
          'RUN test -z "$SSH_AUTH_SOCK" && echo "NO-SSH-$(echo WITHOUT-MOUNT)"',
          '',
        ].join('\n'),
      });
      const image = `builders-it/ssh-${builder}`;
      const result = await runAction({
        inputs: { context, images: image, builder, ssh: `default\ndeploy=${join(dir, 'deploy_key')}` },
        env: { SSH_AUTH_SOCK: socket },
      });
      expect(result.exitCode, result.log).toBe(0);
      expect(result.log).toMatch(/(^|\s)SSH-DEFAULT-OK [0-9a-f]{8}$/m);
      expect(result.log).toMatch(/(^|\s)SSH-KEY-OK$/m);
      expect(result.log).toMatch(/(^|\s)NO-SSH-WITHOUT-MOUNT$/m);
      await removeImages([`${image}:latest`]);
    } finally {
      agent.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a missing agent before anything is built', async () => {
    const result = await runAction({
      inputs: { context: 'examples/hello', images: 'builders-it/x', builder, ssh: 'default' },
      env: { SSH_AUTH_SOCK: '' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error')[0].message).toContain(
      "Input 'ssh' has value 'default': no SSH agent: SSH_AUTH_SOCK is not set",
    );
  });
});

describe("build-push-action's build-contexts", () => {
  it('gives buildah a directory of the workspace as a named context, and refuses the engine BuildKit', async () => {
    const marker = randomBytes(4).toString('hex');
    const context = writeContext({
      Dockerfile: [`FROM ${fx.base}`, 'COPY --from=extra note.txt /note.txt', 'RUN cat /note.txt', ''].join(
        '\n',
      ),
      'extra/note.txt': `EXTRA-CONTEXT-${marker}\n`,
    });
    const image = 'builders-it/build-contexts';
    const result = await runAction({
      workspace: context,
      inputs: { images: image, builder: 'buildah', 'build-contexts': 'extra=./extra' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toMatch(new RegExp(`^EXTRA-CONTEXT-${marker}$`, 'm'));
    await removeImages([`${image}:latest`]);

    const refused = await runAction({
      workspace: context,
      inputs: { images: image, builder: 'docker', 'build-contexts': 'extra=./extra' },
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.annotations.filter((a) => a.level === 'error')[0].message).toMatch(
      /^Input 'build-contexts' has value 'extra=.*\/extra': the engine's built-in BuildKit has no extra build contexts/,
    );
  });
});
