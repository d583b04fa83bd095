import { describe, expect, it } from 'vitest';
import {
  buildCommand,
  buildxPushCommand,
  metadataDigest,
  buildErrorSummary,
  legacyCreatedImages,
  createdDuring,
  legacyLabelInstruction,
} from '../../../src/builder/arguments.js';

describe('buildCommand', () => {
  const request = {
    context: '/ctx',
    file: '/ctx/Dockerfile',
    references: ['a:v1', 'a:latest'],
    buildArgs: ['X=1'],
    labels: { l: 'v' },
    target: 'final',
    iidFile: '/tmp/iid',
  };
  it('builds with buildx into the engine', () => {
    const { args, env } = buildCommand('buildx', request);
    expect(args.slice(0, 3)).toEqual(['buildx', 'build', '--load']);
    expect(args).toEqual(expect.arrayContaining(['--tag', 'a:v1', '--tag', 'a:latest', '--target', 'final']));
    expect(args.at(-1)).toBe('/ctx');
    expect(env.DOCKER_BUILDKIT).toBe('1');
  });
  it("asks the engine's BuildKit for a plain log", () => {
    const { args, env } = buildCommand('buildkit', request);
    expect(args.slice(0, 3)).toEqual(['build', '--progress', 'plain']);
    expect(args).toEqual(
      expect.arrayContaining(['--build-arg', 'X=1', '--label', 'l=v', '--iidfile', '/tmp/iid']),
    );
    expect(env.DOCKER_BUILDKIT).toBe('1');
  });
  it('passes add-hosts, shm-size, ulimit and network to every builder with the same flags', () => {
    const options = {
      ...request,
      addHosts: ['docker:10.180.0.1', 'db:::1'],
      shmSize: '2g',
      ulimits: ['nofile=1024:2048'],
      network: 'none' as const,
      ssh: ['default', 'deploy=/k'],
    };
    for (const kind of ['buildx', 'buildkit', 'legacy', 'buildah'] as const) {
      const { args } = buildCommand(kind, options);
      const flags = args.filter((_arg, i) =>
        ['--add-host', '--shm-size', '--ulimit', '--network', '--ssh'].includes(args[i - 1] ?? ''),
      );
      expect(flags, kind).toEqual([
        'docker:10.180.0.1',
        'db:::1',
        '2g',
        'nofile=1024:2048',
        'none',
        'default',
        'deploy=/k',
      ]);
      expect(args.at(-1)).toBe('/ctx');
    }
    expect(buildCommand('buildah', { ...options, network: 'default' }).args).not.toContain('--network');
    const buildx = buildCommand('buildx', {
      ...request,
      buildContexts: ['alpine=docker-image://alpine:3.20'],
      noCacheFilters: ['deps'],
      cache: {
        from: ['type=registry,ref=r:c'],
        to: ['type=registry,ref=r:c,mode=max'],
        inline: false,
        insecure: false,
      },
      userCache: { from: ['type=gha'], to: ['type=gha,mode=max'] },
    }).args;
    const pairs = buildx.flatMap((arg, i) =>
      arg.startsWith('--') && !buildx[i + 1]?.startsWith('--') ? [[arg, buildx[i + 1]]] : [],
    );
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['--build-context', 'alpine=docker-image://alpine:3.20'],
        ['--no-cache-filter', 'deps'],
      ]),
    );
    // The user's cache specs come after the ones `cache` sets up.
    expect(buildx.filter((_a, i) => buildx[i - 1] === '--cache-from')).toEqual([
      'type=registry,ref=r:c',
      'type=gha',
    ]);
    expect(buildx.filter((_a, i) => buildx[i - 1] === '--cache-to')).toEqual([
      'type=registry,ref=r:c,mode=max',
      'type=gha,mode=max',
    ]);
    expect(buildCommand('buildkit', request).args).not.toContain('--shm-size');
  });
  it('removes intermediate containers of a failed legacy build', () => {
    const { args, env } = buildCommand('legacy', { ...request, target: '' });
    expect(args).toContain('--force-rm');
    expect(args).not.toContain('--progress');
    expect(args).not.toContain('--target');
    expect(env.DOCKER_BUILDKIT).toBe('0');
  });
});

describe('legacyCreatedImages', () => {
  it('collects the images each step created and skips cached ones', () => {
    const log = [
      'Step 1/4 : FROM base',
      ' ---> 674db686c36c',
      'Step 2/4 : RUN echo a',
      ' ---> Using cache',
      ' ---> c48410840cd1',
      'Step 3/4 : RUN echo b',
      ' ---> Running in 27633ce7a410',
      'Removing intermediate container 27633ce7a410',
      ' ---> 512f825ada22',
      'Step 4/4 : CMD ["sh"]',
      ' ---> Running in 0123456789ab',
      ' ---> d9d3ef5d546a',
      'Successfully built d9d3ef5d546a',
    ];
    // Not the base image of the FROM step, not the cached step's image.
    expect(legacyCreatedImages(log)).toEqual(['512f825ada22', 'd9d3ef5d546a']);
  });
});

describe('createdDuring', () => {
  it('keeps only the candidates the engine says were made while the build ran', () => {
    const started = Date.parse('2026-11-30T10:00:00Z');
    const images = [
      { Id: `sha256:512f825ada22${'0'.repeat(52)}`, Created: '2026-11-30T10:00:03.5Z' },
      // A RUN step printed ' ---> <id>' of someone else's image, made an hour earlier.
      { Id: `sha256:f00dfeedbeef${'1'.repeat(52)}`, Created: '2026-11-30T09:00:00Z' },
      { Id: `sha256:d9d3ef5d546a${'2'.repeat(52)}`, Created: '2026-11-30T10:00:00.000000001Z' },
      // Made a moment before the build started: not this build's.
      { Id: `sha256:cccccccccccc${'4'.repeat(52)}`, Created: '2026-11-30T09:59:59.999Z' },
      { Id: `sha256:aaaaaaaaaaaa${'3'.repeat(52)}`, Created: 'not a time' },
    ];
    const candidates = [
      '512f825ada22',
      'f00dfeedbeef',
      'd9d3ef5d546a',
      'aaaaaaaaaaaa',
      'bbbbbbbbbbbb',
      'cccccccccccc',
    ];
    expect(createdDuring(images, candidates, started)).toEqual(['512f825ada22', 'd9d3ef5d546a']);
  });
});

describe('buildErrorSummary', () => {
  it('keeps the last non-empty lines', () => {
    const log = [
      '#1 ok',
      '',
      ...Array.from({ length: 20 }, (_, i) => `line ${i}`),
      'ERROR: failed to solve',
      '',
    ];
    const summary = buildErrorSummary(log, 3);
    expect(summary).toBe('line 18\nline 19\nERROR: failed to solve');
  });
});

describe('build arguments for the cache', () => {
  const request = {
    context: '/c',
    file: '/c/Dockerfile',
    references: ['a:1'],
    buildArgs: [],
    labels: {},
    target: '',
    iidFile: '/i',
  };
  it('passes cache, platform, pull and secrets to BuildKit', () => {
    const { args } = buildCommand('buildkit', {
      ...request,
      platforms: ['linux/amd64'],
      pull: true,
      noCache: true,
      secretFiles: [{ id: 'npm', path: '/tmp/s' }],
      cache: { from: ['r:1'], to: [], inline: true, insecure: false },
    });
    expect(args).toEqual(
      expect.arrayContaining([
        '--platform',
        'linux/amd64',
        '--pull',
        '--no-cache',
        '--secret',
        'id=npm,src=/tmp/s',
      ]),
    );
    expect(args).toEqual(
      expect.arrayContaining(['--cache-from', 'r:1', '--build-arg', 'BUILDKIT_INLINE_CACHE=1']),
    );
  });
  it('asks buildah for layers, docker format, its pull policy and TLS only where needed', () => {
    const { args, env } = buildCommand('buildah', {
      ...request,
      cache: { from: ['127.0.0.1:1/c'], to: ['127.0.0.1:1/c'], inline: false, insecure: true },
    });
    expect(args.slice(0, 4)).toEqual(['build', '--layers', '--format', 'docker']);
    expect(args).toEqual(
      expect.arrayContaining(['--pull=false', '--cache-to', '127.0.0.1:1/c', '--tls-verify=false']),
    );
    expect(env).toEqual({});
  });
});

describe('legacyLabelInstruction', () => {
  it('says every label in one LABEL instruction, quoting keys and values and escaping \\ " and $', () => {
    expect(
      legacyLabelInstruction(
        { 'dev.shipshape.run': 'acme/app/1/1', 'org.opencontainers.image.title': 'say "hi" \\ to $USER' },
        'FROM busybox\n',
      ),
    ).toBe(
      'LABEL "dev.shipshape.run"="acme/app/1/1" "org.opencontainers.image.title"="say \\"hi\\" \\\\ to \\$USER"',
    );
  });

  it('gives nothing for no labels, a value with a line break, or a Dockerfile with its own escape character', () => {
    expect(legacyLabelInstruction({}, 'FROM busybox\n')).toBeUndefined();
    expect(legacyLabelInstruction({ description: 'two\nlines' }, 'FROM busybox\n')).toBeUndefined();
    expect(legacyLabelInstruction({ a: 'b' }, '# escape=`\nFROM busybox\n')).toBeUndefined();
    expect(legacyLabelInstruction({ a: 'b' }, '# syntax=docker/dockerfile:1\nFROM busybox\n')).toBe(
      'LABEL "a"="b"',
    );
  });
});

describe('buildx build --push of several platforms', () => {
  const request = {
    context: '/w',
    file: '/w/Dockerfile',
    references: ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:latest'],
    buildArgs: ['A=1'],
    labels: { team: 'core' },
    target: '',
    iidFile: '/t/iid',
    platforms: ['linux/amd64', 'linux/arm64'],
  };
  const options = { metadataFile: '/t/metadata.json', provenance: undefined, sbom: false, annotations: [] };

  it("pushes instead of loading, every platform at once, with build-push-action's provenance default", () => {
    const { args, env } = buildxPushCommand(request, options);
    expect(args).toEqual([
      'buildx',
      'build',
      '--push',
      '--metadata-file',
      '/t/metadata.json',
      '--progress',
      'plain',
      '--file',
      '/w/Dockerfile',
      '--iidfile',
      '/t/iid',
      '--tag',
      'ghcr.io/acme/app:v1',
      '--tag',
      'ghcr.io/acme/app:latest',
      '--build-arg',
      'A=1',
      '--label',
      'team=core',
      '--platform',
      'linux/amd64,linux/arm64',
      '--provenance=mode=min',
      '--sbom=false',
      '/w',
    ]);
    expect(env).toEqual({ DOCKER_BUILDKIT: '1' });
    expect(args).not.toContain('--load');
  });

  it('provenance, sbom and annotations as given', () => {
    const { args } = buildxPushCommand(request, {
      ...options,
      provenance: { mode: 'max', attributes: [['builder-id', 'https://ci/1']] },
      sbom: true,
      annotations: [
        { levels: [], key: 'org.opencontainers.image.title', value: 'app' },
        { levels: ['index', 'manifest'], key: 'k', value: 'a=b' },
      ],
    });
    expect(args.slice(-7)).toEqual([
      '--provenance=mode=max,builder-id=https://ci/1',
      '--sbom=true',
      '--annotation',
      'org.opencontainers.image.title=app',
      '--annotation',
      'index,manifest:k=a=b',
      '/w',
    ]);
    expect(buildxPushCommand(request, { ...options, provenance: false }).args).toContain(
      '--provenance=false',
    );
  });

  it("reads the digest from buildx's metadata file", () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(metadataDigest(JSON.stringify({ 'containerimage.digest': digest, 'image.name': 'x' }))).toBe(
      digest,
    );
    expect(metadataDigest('{}')).toBe('');
    expect(metadataDigest('not json')).toBe('');
  });
});
