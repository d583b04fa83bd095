import { describe, expect, it } from 'vitest';
import { buildCommand, buildErrorSummary, legacyCreatedImages } from '../../src/builder/arguments.js';
import { chooseBuilder } from '../../src/builder/builder.js';
import { parseClientVersion } from '../../src/engine/docker.js';

const engine = { version: '20.10.24+dfsg1', os: 'linux' };
const modern = { path: '/usr/local/bin/docker', version: '28.2.2', hasBuildx: false };
const debian = { path: '/usr/bin/docker', version: '20.10.24+dfsg1', hasBuildx: false };

describe('chooseBuilder', () => {
  it('prefers buildx where a client has it (GitHub-hosted runners)', () => {
    const choice = chooseBuilder([{ ...modern, hasBuildx: true }, debian], engine, {});
    expect(choice).toMatchObject({ kind: 'buildx', client: '/usr/local/bin/docker' });
  });
  it("uses an older client for the engine's BuildKit when the first one lacks buildx", () => {
    const choice = chooseBuilder([modern, debian], engine, {});
    expect(choice).toMatchObject({ kind: 'buildkit', client: '/usr/bin/docker' });
    expect(choice.reason).toContain('built-in BuildKit');
  });
  it('falls back to the legacy builder when no client can do BuildKit', () => {
    const choice = chooseBuilder([modern], engine, {});
    expect(choice).toMatchObject({ kind: 'legacy', client: '/usr/local/bin/docker' });
    expect(choice.reason).toContain('needs it for BuildKit');
  });
  it('falls back to the legacy builder on an engine without BuildKit', () => {
    expect(chooseBuilder([debian], { version: '18.06.3-ce', os: 'linux' }, {}).kind).toBe('legacy');
    expect(chooseBuilder([debian], { version: '20.10.0', os: 'windows' }, {}).kind).toBe('legacy');
  });
  it('honours DOCKER_BUILDKIT=0', () => {
    const choice = chooseBuilder([{ ...modern, hasBuildx: true }], engine, { DOCKER_BUILDKIT: '0' });
    expect(choice.kind).toBe('legacy');
  });
  it('needs a client', () => {
    expect(() => chooseBuilder([], engine, {})).toThrow('No docker client');
  });
});

describe('parseClientVersion', () => {
  it('reads both release and distribution versions', () => {
    expect(parseClientVersion('Docker version 28.2.2, build e6534b4')).toBe('28.2.2');
    expect(parseClientVersion('Docker version 20.10.24+dfsg1, build 297e128')).toBe('20.10.24+dfsg1');
    expect(parseClientVersion('garbage')).toBe('');
  });
});

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
