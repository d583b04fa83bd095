import { mkdirSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../src/builder/arguments.js';
import { buildahCacheTags } from '../../src/cache/buildah-tags.js';
import { cacheKeys, currentBranch } from '../../src/cache/keys.js';
import { intermediateStages, planCache, stageTag } from '../../src/cache/plan.js';
import { pruneTags } from '../../src/cache/registry-store.js';
import { registryConfig } from '../../src/engine/registry-server.js';

const registry = { type: 'registry' as const, name: 'ghcr.io/acme/app', tag: 'buildcache', insecure: false };
const local = { type: 'registry' as const, name: '127.0.0.1:5000/cache', tag: 'final', insecure: true };

describe('planCache', () => {
  it('buildx with a container driver exports every stage to the registry (mode=max)', () => {
    const plan = planCache('buildx', registry, ['deps'], {
      buildxDriver: 'docker-container',
      importCache: true,
    });
    expect(plan.from).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache']);
    expect(plan.to).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache,mode=max']);
    expect(plan.exports).toEqual([]);
  });
  it('buildx writes its local cache to a fresh directory', () => {
    const plan = planCache('buildx', { type: 'local', src: '/c/old', dest: '/c/new' }, [], {
      importCache: true,
    });
    expect(plan.from).toEqual(['type=local,src=/c/old']);
    expect(plan.to).toEqual(['type=local,dest=/c/new,mode=max']);
  });
  it("the engine's BuildKit uses inline cache images, one per stage", () => {
    const plan = planCache('buildkit', local, ['deps', 'Tools'], { importCache: true });
    expect(plan.inline).toBe(true);
    expect(plan.from).toEqual([
      '127.0.0.1:5000/cache:final',
      '127.0.0.1:5000/cache:final-stage-deps',
      '127.0.0.1:5000/cache:final-stage-tools',
    ]);
    expect(plan.exports.map((e) => [e.stage, e.make])).toEqual([
      [undefined, 'local'],
      ['deps', 'import-then-local'],
      ['Tools', 'import-then-local'],
    ]);
    expect(plan.pull).toEqual([]);
  });
  it('buildx with the docker driver has no cache exporter: inline, like the engine', () => {
    const plan = planCache('buildx', local, [], { buildxDriver: 'docker', importCache: true });
    expect(plan).toMatchObject({ inline: true, to: [], from: ['127.0.0.1:5000/cache:final'] });
  });
  it('the legacy builder pulls its cache images first, and has no inline cache', () => {
    const plan = planCache('legacy', local, ['deps'], { importCache: true });
    expect(plan.pull).toEqual(['127.0.0.1:5000/cache:final', '127.0.0.1:5000/cache:final-stage-deps']);
    expect(plan.inline).toBe(false);
    expect(plan.exports.map((e) => e.make)).toEqual(['tag', 'import']);
  });
  it('buildah gets a cache repository of its own, without TLS only on the local registry', () => {
    expect(planCache('buildah', local, [], { importCache: true })).toMatchObject({
      from: ['127.0.0.1:5000/cache-final'],
      to: ['127.0.0.1:5000/cache-final'],
      insecure: true,
    });
    expect(planCache('buildah', registry, [], { importCache: false })).toMatchObject({
      from: [],
      to: ['ghcr.io/acme/app-buildcache'],
      insecure: false,
    });
  });
  it('no-cache still writes the cache but reads none', () => {
    const plan = planCache('buildkit', local, [], { importCache: false });
    expect(plan.from).toEqual([]);
    expect(plan.exports).toHaveLength(1);
  });
  it('no backend, no cache', () => {
    expect(planCache('buildkit', undefined, ['x'], { importCache: true })).toMatchObject({
      from: [],
      to: [],
      exports: [],
    });
  });
  it('makes valid stage tags', () => {
    expect(stageTag('buildcache', 'Build_Env')).toBe('buildcache-stage-build_env');
  });
});

describe('intermediateStages', () => {
  const dockerfile = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=busybox',
    'FROM --platform=$BUILDPLATFORM ${BASE} AS deps',
    'RUN make deps',
    'FROM ${BASE}',
    'RUN echo unnamed',
    'from ${BASE} as Build',
    'FROM scratch AS final',
    'COPY --from=build /app /app',
  ].join('\n');
  it('lists the named stages before the last, and counts the unnamed ones', () => {
    expect(intermediateStages(dockerfile, '')).toEqual({ named: ['deps', 'build'], unnamed: 1 });
  });
  it('stops at the target', () => {
    expect(intermediateStages(dockerfile, 'build')).toEqual({ named: ['deps'], unnamed: 1 });
    expect(intermediateStages('FROM a\nRUN x\n', '')).toEqual({ named: [], unnamed: 0 });
  });
});

describe('cacheKeys', () => {
  const scope = {
    builder: 'buildkit',
    image: 'ghcr.io/acme/app',
    dockerfile: 'Dockerfile',
    target: '',
    platforms: [],
  };
  it('scopes by image, Dockerfile, target and platform; falls back to this branch, then the default', () => {
    const keys = cacheKeys(scope, 'feature/x', 'main', 'abc123'.repeat(4));
    expect(keys.primary).toMatch(/^shipshape-v1-buildkit-app-[0-9a-f]{12}-feature\/x-abc123abc123abc1$/);
    expect(keys.restoreKeys).toEqual([
      keys.primary.replace(/abc123abc123abc1$/, ''),
      keys.primary.replace(/feature\/x-abc123abc123abc1$/, 'main-'),
    ]);
    const other = [
      cacheKeys({ ...scope, image: 'ghcr.io/acme/tool' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, dockerfile: 'api/Dockerfile' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, target: 'test' }, 'feature/x', 'main', 'x'),
      cacheKeys({ ...scope, platforms: ['linux/arm64'] }, 'feature/x', 'main', 'x'),
    ].map((k) => k.scopeId);
    expect(new Set([keys.scopeId, ...other]).size).toBe(5);
  });
  it('has one restore key on the default branch', () => {
    expect(cacheKeys(scope, 'main', 'main', 'x').restoreKeys).toHaveLength(1);
  });
  it('takes the branch from the pull request head, else the ref', () => {
    expect(currentBranch({ GITHUB_HEAD_REF: 'topic', GITHUB_REF: 'refs/pull/1/merge' })).toBe('topic');
    expect(currentBranch({ GITHUB_REF: 'refs/heads/release/1.x' })).toBe('release/1.x');
    expect(currentBranch({ GITHUB_REF: 'refs/tags/v1', GITHUB_REF_NAME: 'v1' })).toBe('v1');
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
  it('reads the cache tags buildah used', () => {
    const log = [
      '--> Pushing cache 127.0.0.1:4/cache-final:aaa',
      '--> Cache pulled from remote 127.0.0.1:4/cache-final:bbb',
      '--> Using cache 63b157dea172',
    ];
    expect(buildahCacheTags(log)).toEqual(['cache-final:aaa', 'cache-final:bbb']);
  });
});

describe('pruneTags', () => {
  it('keeps only the tags this build used', async () => {
    const root = mkdtempSync(join(tmpdir(), 'shipshape-prune-'));
    const tags = join(root, 'docker/registry/v2/repositories/cache/_manifests/tags');
    const nested = join(root, 'docker/registry/v2/repositories/a/b/_manifests/tags');
    for (const tag of ['final', 'final-stage-old', 'final-stage-deps'])
      mkdirSync(join(tags, tag, 'current'), { recursive: true });
    mkdirSync(join(nested, 'x'), { recursive: true });
    writeFileSync(join(tags, 'final', 'current', 'link'), 'sha256:1');
    const deleted = await pruneTags(root, new Set(['cache:final', 'cache:final-stage-deps']));
    expect(deleted.sort()).toEqual(['a/b:x', 'cache:final-stage-old']);
    expect(existsSync(join(tags, 'final', 'current', 'link'))).toBe(true);
    expect(existsSync(join(tags, 'final-stage-old'))).toBe(false);
  });
  it('writes a registry configuration with deletes enabled on loopback', () => {
    expect(registryConfig('/s', '127.0.0.1:5000')).toContain('addr: 127.0.0.1:5000');
    expect(registryConfig('/s', '127.0.0.1:5000')).toMatch(/delete:\n\s+enabled: true/);
  });
});
