import { describe, expect, it } from 'vitest';
import {
  buildCommand,
  buildErrorSummary,
  legacyCreatedImages,
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
