import { describe, expect, it } from 'vitest';
import { intermediateStages, planCache, platformBackend, stageTag } from '../../../src/cache/plan.js';

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
  it('cache-write: false reads the cache on every builder and writes nothing', () => {
    const buildx = planCache('buildx', registry, ['deps'], {
      buildxDriver: 'docker-container',
      importCache: true,
      write: false,
    });
    expect(buildx.from).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache']);
    expect(buildx.to).toEqual([]);
    for (const kind of ['buildkit', 'legacy', 'buildah'] as const) {
      const plan = planCache(kind, local, ['deps'], { importCache: true, write: false });
      expect(plan.from.length, kind).toBeGreaterThan(0);
      expect(plan.to, kind).toEqual([]);
      expect(plan.exports, kind).toEqual([]);
    }
    const buildxLocal = planCache('buildx', { type: 'local', src: '/c/old', dest: '/c/new' }, [], {
      importCache: true,
      write: false,
    });
    expect(buildxLocal).toMatchObject({ from: ['type=local,src=/c/old'], to: [] });
  });
  it('cache-mode: min caches the final image only: buildx mode=min, no stage images on the engine', () => {
    const buildx = planCache('buildx', registry, ['deps'], {
      buildxDriver: 'docker-container',
      importCache: true,
      cacheMode: 'min',
    });
    expect(buildx.to).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache,mode=min']);
    const local = planCache('buildx', { type: 'local', src: '/c/old', dest: '/c/new' }, [], {
      importCache: true,
      cacheMode: 'min',
    });
    expect(local.to).toEqual(['type=local,dest=/c/new,mode=min']);
    const engine = planCache('buildkit', registry, ['deps', 'tools'], {
      importCache: true,
      cacheMode: 'min',
    });
    expect(engine.exports.map((item) => item.ref)).toEqual(['ghcr.io/acme/app:buildcache']);
    expect(engine.from).toEqual(['ghcr.io/acme/app:buildcache']);
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

describe('platformBackend', () => {
  it("keeps the cache's name for the primary platform and suffixes every other one", () => {
    expect(platformBackend(registry, 'linux/amd64', true)).toEqual(registry);
    expect(platformBackend(registry, 'linux/arm64/v8', false)).toEqual({
      ...registry,
      tag: 'buildcache-linux-arm64-v8',
    });
    expect(platformBackend({ type: 'local', src: '/c/old', dest: '/c/new' }, 'linux/arm64', false)).toEqual({
      type: 'local',
      src: '/c/old-linux-arm64',
      dest: '/c/new-linux-arm64',
    });
  });
  it('each platform gets its own stage images, and every tag stays valid', () => {
    const plan = planCache('buildkit', platformBackend(local, 'linux/arm64', false), ['deps'], {
      importCache: true,
    });
    expect(plan.from).toEqual([
      '127.0.0.1:5000/cache:final-linux-arm64',
      '127.0.0.1:5000/cache:final-linux-arm64-stage-deps',
    ]);
    const long = platformBackend({ ...registry, tag: 'x'.repeat(128) }, 'linux/arm64', false);
    expect(long.type === 'registry' && long.tag).toMatch(/^x{116}-linux-arm64$/);
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
