// Tags from the git context, login and push, through the bundled action, against registries with
// htpasswd authentication.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, removeImages } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';
import { defaultEvent, runAction, withoutMaskCommands } from '../harness/run-action.js';

const users = [
  { username: 'alice', password: 'alice-Secret-1234' },
  { username: 'bob', password: 'bob-Secret-5678' },
];
const fx = useIntegrationFixtures({ registries: users.map((htpasswd) => ({ htpasswd })) });

function registryAuth(passwords = users.map((u) => u.password)): string {
  return fx.registries
    .map((r, i) => `- registry: ${r.host}\n  username: ${users[i].username}\n  password: ${passwords[i]}`)
    .join('\n');
}

describe('login and push', () => {
  it('logs in to two registries, pushes every tag to both, and the digest pulls back from each', async () => {
    const images = fx.registries.map((r) => `${r.host}/publish-it/hello`);
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: images.join('\n'),
        tags: 'type=ref,event=branch\ntype=sha\nv1',
        'registry-auth': registryAuth(),
        push: 'auto',
        'test-run': 'hello',
      },
      env: { GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.tags.split('\n').sort()).toEqual(
      images
        .flatMap((image) => [`${image}:main`, `${image}:sha-abcdef0`, `${image}:v1`, `${image}:latest`])
        .sort(),
    );
    expect(result.outputs.version).toBe('main');
    expect(result.outputs.labels).toContain(
      'org.opencontainers.image.revision=abcdef0123456789abcdef0123456789abcdef01',
    );
    expect(result.outputs.labels).toContain(
      'org.opencontainers.image.source=https://github.com/acme/shipshape-test',
    );
    const metadata = JSON.parse(result.outputs.metadata) as {
      digest: string;
      imageid: string;
      version: string;
    };
    expect(metadata).toMatchObject({
      digest: result.outputs.digest,
      imageid: result.outputs.imageid,
      version: 'main',
    });

    // The post step logged out and removed this run's DOCKER_CONFIG.
    const session = JSON.parse(result.state.login) as { configDir: string; registries: string[] };
    expect(session.registries.sort()).toEqual(fx.registries.map((r) => r.host).sort());
    expect(existsSync(session.configDir)).toBe(false);

    // Nothing secret anywhere the runner keeps.
    const everything = [
      result.log,
      JSON.stringify(result.state),
      JSON.stringify(result.outputs),
      result.jobSummary,
    ];
    // Mask commands (which the runner never prints) carry the secret: the value and each input line.
    for (const { password } of users) {
      expect(everything.map(withoutMaskCommands).join('\n')).not.toContain(password);
    }

    // Pull back by digest from each registry, logged in with a fresh config.
    for (const [i, image] of images.entries()) {
      await removeImages(result.outputs.tags.split('\n'));
      const login = await docker(
        ['login', '--username', users[i].username, '--password-stdin', fx.registries[i].host],
        {
          input: users[i].password,
        },
      );
      expect(login.code).toBe(0);
      const pulled = await docker(['pull', `${image}@${result.outputs.digest}`]);
      expect(pulled.code, pulled.stderr).toBe(0);
      await docker(['logout', fx.registries[i].host]);
      await removeImages([`${image}@${result.outputs.digest}`]);
    }
  });

  it("logout: false keeps the login for the job's later steps, as docker/login-action does", async () => {
    const image = `${fx.registries[0].host}/publish-it/kept`;
    // The runner's temp directory outlives the steps (the harness removes its own at the end).
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await runAction({
      env: { RUNNER_TEMP: runnerTemp },
      inputs: {
        context: 'examples/hello',
        images: image,
        tags: 'v1',
        registry: fx.registries[0].host,
        username: users[0].username,
        password: users[0].password,
        logout: 'false',
        push: 'true',
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.post?.exitCode).toBe(0);
    const session = JSON.parse(result.state.login) as { configDir: string; keep?: boolean };
    expect(session.keep).toBe(true);
    // Exported to the later steps, and still there after the post step.
    expect(result.env.DOCKER_CONFIG).toBe(session.configDir);
    expect(result.env.REGISTRY_AUTH_FILE).toBe(`${session.configDir}/config.json`);
    expect(existsSync(`${session.configDir}/config.json`)).toBe(true);
    expect(result.post?.stdout).toMatch(/'logout' is false: the login to .* stays for the job's later steps/);
    // A later step pulls with that login alone.
    await removeImages([`${image}:v1`]);
    const pulled = await docker(['--config', session.configDir, 'pull', `${image}:v1`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    await removeImages([`${image}:v1`]);
    expect(result.post?.stdout ?? '').not.toMatch(/Phase logout/);
    rmSync(runnerTemp, { recursive: true, force: true });
  });

  it('a wrong password fails fast and names the registry', async () => {
    const started = Date.now();
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: `${fx.registries[0].host}/publish-it/denied`,
        registry: fx.registries[0].host,
        username: users[0].username,
        password: 'wrong-password-000',
        push: 'true',
      },
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain(fx.registries[0].host);
    expect(withoutMaskCommands(result.log)).not.toContain('wrong-password-000');
  });

  it('pushes nothing on a pull request with push: auto', async () => {
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: `${fx.registries[0].host}/publish-it/pr`,
        'registry-auth': registryAuth(),
        push: 'auto',
      },
      eventName: 'pull_request',
      env: { GITHUB_REF: 'refs/pull/42/merge', GITHUB_HEAD_REF: 'topic', GITHUB_BASE_REF: 'main' },
      event: {
        ...defaultEvent,
        number: 42,
        pull_request: {
          number: 42,
          head: {
            sha: 'fedcba9876543210fedcba9876543210fedcba98',
            repo: { full_name: 'acme/shipshape-test' },
          },
          base: { ref: 'main' },
        },
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.tags).toBe(`${fx.registries[0].host}/publish-it/pr:pr-42`);
    expect(result.outputs.digest).toBe('');
    await removeImages([`${fx.registries[0].host}/publish-it/pr:pr-42`]);
  });

  it('skips login and push with a notice on a pull request from a fork', async () => {
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: `${fx.registries[0].host}/publish-it/fork`,
        registry: fx.registries[0].host,
        username: users[0].username,
        password: users[0].password,
        push: 'true',
      },
      eventName: 'pull_request',
      env: { GITHUB_REF: 'refs/pull/7/merge', GITHUB_HEAD_REF: 'fork-topic' },
      event: {
        ...defaultEvent,
        number: 7,
        pull_request: {
          number: 7,
          head: {
            sha: 'fedcba9876543210fedcba9876543210fedcba98',
            repo: { full_name: 'someone/shipshape-test' },
          },
          base: { ref: 'main' },
        },
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.annotations.some((a) => a.level === 'notice' && /fork/.test(a.message))).toBe(true);
    expect(result.log).not.toContain('Logged in to');
    expect(result.outputs.digest).toBe('');
    await removeImages([`${fx.registries[0].host}/publish-it/fork:pr-7`]);
  });
});
