import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readBuildOptions,
  readBuildPaths,
  readSecrets,
  readUserLabels,
} from '../../../src/settings/build.js';
import { inputError, inputs } from './helpers.js';

/** A workspace with `app/Dockerfile` and `docker/app.Dockerfile`. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-build-settings-'));
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'docker'));
  writeFileSync(join(root, 'app', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(root, 'docker', 'app.Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\n');
  return root;
}

describe('readBuildPaths', () => {
  const root = workspace();

  it.each([
    [{}, '.', 'Dockerfile'],
    [{ context: 'app' }, 'app', 'app/Dockerfile'],
    [{ context: ' app ', file: 'docker/app.Dockerfile' }, 'app', 'docker/app.Dockerfile'],
  ])('resolves %o against the workspace', (table, context, file) => {
    expect(readBuildPaths(inputs(table), root, false)).toEqual({
      context: join(root, context),
      file: join(root, file),
    });
  });

  it('takes an absolute file as it is', () => {
    const file = join(root, 'docker', 'app.Dockerfile');
    expect(readBuildPaths(inputs({ context: 'app', file }), root, false).file).toBe(file);
  });

  it('names a missing context or Dockerfile', () => {
    expect(inputError(() => readBuildPaths(inputs({ context: 'nope' }), root, false)).message).toBe(
      `Input 'context' has value 'nope': no directory ${join(root, 'nope')}. Give a directory in the repository.`,
    );
    expect(inputError(() => readBuildPaths(inputs({ context: 'docker' }), root, false)).message).toBe(
      `Input 'file' is empty: no Dockerfile at ${join(root, 'docker', 'Dockerfile')}. Set 'file' to the Dockerfile's path relative to the repository root.`,
    );
  });

  it('checks neither for test-only, which builds nothing', () => {
    expect(readBuildPaths(inputs({ context: 'nope' }), root, true)).toEqual({
      context: join(root, 'nope'),
      file: join(root, 'nope', 'Dockerfile'),
    });
  });
});

describe('readUserLabels', () => {
  it('reads key=value lines, the last of a repeated key winning', () => {
    expect(readUserLabels(inputs({ labels: 'team=core\norg.example.x=a=b\nteam=infra' }))).toEqual({
      team: 'infra',
      'org.example.x': 'a=b',
    });
    expect(readUserLabels(inputs({}))).toEqual({});
  });

  it('rejects a line without =', () => {
    expect(inputError(() => readUserLabels(inputs({ labels: 'team' }))).input).toBe('labels');
  });
});

describe('readSecrets', () => {
  it('reads id=value lines', () => {
    expect(readSecrets(inputs({ secrets: 'npm_token=abc=\ngh.token-2=x y' })).secrets).toEqual([
      { id: 'npm_token', value: 'abc=' },
      { id: 'gh.token-2', value: 'x y' },
    ]);
  });

  it('names the line of an id BuildKit does not accept, never its text (issue #13)', () => {
    const error = inputError(() => readSecrets(inputs({ secrets: 'A=1\nmy token=hunter2' })));
    expect(error.message).toMatch(
      /^Input 'secrets' has value 'line 2 \(hidden\)': each line must be id=value, the id made of letters, digits, '_', '\.' and '-'/,
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('my token');
  });
});

describe('readBuildOptions', () => {
  it('has defaults for every option', () => {
    expect(readBuildOptions(inputs({}))).toEqual({
      builder: 'auto',
      buildArgs: [],
      target: '',
      platforms: [],
      provenance: undefined,
      sbom: false,
      annotations: [],
      pull: false,
      noCache: false,
      addHosts: [],
      shmSize: '',
      ulimits: [],
      network: 'default',
      ssh: [],
      buildContexts: [],
      noCacheFilters: [],
      cacheFrom: [],
      cacheTo: [],
      call: 'build',
    });
  });

  it('reads every option', () => {
    expect(
      readBuildOptions(
        inputs({
          builder: 'buildah',
          'build-args': 'A=1\nB=x=y',
          target: ' final ',
          platforms: 'linux/amd64, linux/arm64/v8\nlinux/arm/v7',
          provenance: 'mode=max',
          sbom: 'true',
          annotations: 'index:k=v',
          pull: 'true',
          'no-cache': 'TRUE',
          'add-hosts': 'docker:10.180.0.1, db:::1\nweb:192.168.1.2',
          'shm-size': '2g',
          ulimit: 'nofile=1024:2048\nnproc=-1',
          network: 'none',
          call: 'check',
        }),
      ),
    ).toEqual({
      builder: 'buildah',
      buildArgs: ['A=1', 'B=x=y'],
      target: 'final',
      platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'],
      provenance: { mode: 'max', attributes: [] },
      sbom: true,
      annotations: [{ levels: ['index'], key: 'k', value: 'v' }],
      pull: true,
      noCache: true,
      addHosts: ['docker:10.180.0.1', 'db:::1', 'web:192.168.1.2'],
      shmSize: '2g',
      ulimits: ['nofile=1024:2048', 'nproc=-1'],
      network: 'none',
      ssh: [],
      buildContexts: [],
      noCacheFilters: [],
      cacheFrom: [],
      cacheTo: [],
      call: 'check',
    });
  });

  it("reads build-contexts, no-cache-filters, cache-from and cache-to in build-push-action's syntax", () => {
    const dir = mkdtempSync(join(tmpdir(), 'contexts-'));
    mkdirSync(join(dir, 'assets'));
    try {
      const options = readBuildOptions(
        inputs({
          'build-contexts':
            'assets=./assets\nalpine=docker-image://alpine:3.20\nsrc=https://github.com/acme/x.git',
          'no-cache-filters': 'deps, tools',
          'cache-from': 'type=gha\nghcr.io/acme/app:cache',
          'cache-to': 'type=registry,ref=ghcr.io/acme/app:cache,mode=max',
        }),
        {},
        dir,
      );
      expect(options).toMatchObject({
        buildContexts: [
          `assets=${join(dir, 'assets')}`,
          'alpine=docker-image://alpine:3.20',
          'src=https://github.com/acme/x.git',
        ],
        noCacheFilters: ['deps', 'tools'],
        cacheFrom: ['type=gha', 'ghcr.io/acme/app:cache'],
        cacheTo: ['type=registry,ref=ghcr.io/acme/app:cache,mode=max'],
      });
      for (const [table, message] of [
        [
          { 'build-contexts': 'assets' },
          "Input 'build-contexts' has value 'assets': each line is name=value",
        ],
        [{ 'build-contexts': 'x=./missing' }, `no directory ${join(dir, 'missing')}`],
        [{ 'build-contexts': 'up=..' }, "Input 'build-contexts' has value 'up=..': it resolves to"],
        [{ 'no-cache-filters': '-x' }, "Input 'no-cache-filters' has value '-x'"],
        [
          { 'cache-from': 'type=redis,ref=x' },
          "Input 'cache-from' has value 'type=redis,ref=x': give a BuildKit cache spec",
        ],
        [{ 'cache-to': 'ghcr.io/acme/app:cache' }, "Input 'cache-to' has value 'ghcr.io/acme/app:cache'"],
      ] as const) {
        const rules = { workspace: dir, runnerTemp: '', allowOutside: false };
        expect(inputError(() => readBuildOptions(inputs(table), {}, dir, rules)).message).toContain(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads 'ssh' as build-push-action does: the agent at SSH_AUTH_SOCK, or sockets and key files that exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssh-input-'));
    const socket = join(dir, 'agent.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      writeFileSync(join(dir, 'deploy_key'), 'key');
      const env = { SSH_AUTH_SOCK: socket };
      expect(readBuildOptions(inputs({ ssh: 'default\ngithub\ndeploy=deploy_key' }), env, dir).ssh).toEqual([
        'default',
        'github',
        `deploy=${join(dir, 'deploy_key')}`,
      ]);
      expect(inputError(() => readBuildOptions(inputs({ ssh: 'default' }), {}, dir)).message).toBe(
        "Input 'ssh' has value 'default': no SSH agent: SSH_AUTH_SOCK is not set. Start an agent first (webfactory/ssh-agent, or ssh-agent and ssh-add), or give id=path to a key file.",
      );
      expect(
        inputError(() =>
          readBuildOptions(inputs({ ssh: 'default' }), { SSH_AUTH_SOCK: join(dir, 'deploy_key') }, dir),
        ).message,
      ).toContain('which is not a socket');
      expect(
        inputError(() => readBuildOptions(inputs({ ssh: 'deploy=missing_key' }), env, dir)).message,
      ).toContain(`no agent socket or key file at ${join(dir, 'missing_key')}`);
      expect(inputError(() => readBuildOptions(inputs({ ssh: '--privileged' }), env, dir)).message).toContain(
        "Input 'ssh' has value '--privileged'",
      );
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      { builder: 'kaniko' },
      "Input 'builder' has value 'kaniko': use one of 'auto', 'buildx', 'docker', 'buildah'.",
    ],
    [
      { platforms: 'amd64' },
      "Input 'platforms' has value 'amd64': give os/architecture[/variant] in lower case, e.g. 'linux/amd64', 'linux/arm64' or 'linux/arm/v7'.",
    ],
    [{ platforms: 'linux/amd64,linux/amd64' }, "'linux/amd64' is given twice"],
    [{ provenance: 'mode=full' }, "Input 'provenance' has value 'mode=full'"],
    [{ annotations: 'layer:k=v' }, "unknown level 'layer'"],
    [{ platforms: 'Linux/AMD64' }, "Input 'platforms' has value 'Linux/AMD64'"],
    [{ 'build-args': 'A' }, "Input 'build-args' has value 'A': each line must be NAME=value"],
    [{ pull: 'yes' }, "Input 'pull' has value 'yes'"],
    [{ 'no-cache': '1' }, "Input 'no-cache' has value '1'"],
    [{ 'add-hosts': 'docker' }, "Input 'add-hosts' has value 'docker': each entry is host:ip"],
    [{ 'add-hosts': 'docker:10.0.0.300' }, "Input 'add-hosts' has value 'docker:10.0.0.300'"],
    [{ 'add-hosts': '-x:1.2.3.4' }, "Input 'add-hosts' has value '-x:1.2.3.4'"],
    [{ 'shm-size': 'big' }, "Input 'shm-size' has value 'big': give a size such as '2g'"],
    [{ ulimit: 'files=10' }, "Input 'ulimit' has value 'files=10': each entry is name=soft[:hard]"],
    [{ ulimit: 'nofile=2048:1024' }, "Input 'ulimit' has value 'nofile=2048:1024'"],
    [{ ulimit: 'nofile=-1:1024' }, "Input 'ulimit' has value 'nofile=-1:1024'"],
    [{ network: 'bridge' }, "Input 'network' has value 'bridge': use one of 'default', 'none', 'host'."],
    [{ call: 'outline' }, "Input 'call' has value 'outline': use one of 'build', 'check'."],
  ])('rejects %o', (table, message) => {
    expect(inputError(() => readBuildOptions(inputs(table))).message).toContain(message);
  });
});
