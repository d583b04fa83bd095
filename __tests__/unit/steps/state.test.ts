import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLEANUP } from '../../../src/settings/cleanup.js';
import { loadState, saveState, type MainState } from '../../../src/steps/state.js';
import { parseFileCommand } from '../../harness/run-action.js';

/** A state reader over a table of saved values, as `core.getState` gives them ('' when unset). */
function reader(saved: Record<string, string>): (key: string) => string {
  return (key) => saved[key] ?? '';
}

const full: MainState = {
  runKey: 'acme/app/100/1/build/aaaa',
  cleanup: {
    policy: 'aggressive',
    untilMs: 3_600_000,
    keepStorageBytes: 1e9,
    strict: true,
    keepImages: true,
  },
  createdImages: ['sha256:a', 'sha256:b'],
  replacedImages: ['sha256:c'],
  pushed: { imageId: 'sha256:a', references: ['ghcr.io/acme/app:v1'] },
  buildahImages: ['d1'],
  usedBuildah: true,
  temporary: ['shipshape-1/linux-arm64:build'],
  cacheSave: {
    dir: '/tmp/shipshape-cache-1/layer-cache',
    root: '/tmp/shipshape-cache-1',
    key: 'shipshape-v1-key',
    budgetMs: 42_000,
  },
  login: { configDir: '/tmp/docker-config', registries: ['ghcr.io'], keep: true },
  tempPaths: ['/tmp/shipshape-cache-1', '/tmp/shipshape-abc'],
  dockerRoot: '/var/lib/docker',
};

describe('loadState', () => {
  it('gives undefined when main did not save a run key (it stopped at the inputs)', () => {
    expect(loadState(reader({}))).toBeUndefined();
    expect(
      loadState(reader({ cleanup: JSON.stringify(full.cleanup), 'created-images': '["x"]' })),
    ).toBeUndefined();
  });

  it('gives the defaults for everything main did not save', () => {
    expect(loadState(reader({ 'run-key': 'k' }))).toEqual({
      runKey: 'k',
      cleanup: DEFAULT_CLEANUP,
      createdImages: [],
      replacedImages: [],
      pushed: undefined,
      buildahImages: [],
      usedBuildah: false,
      temporary: [],
      tempPaths: [],
      cacheSave: undefined,
      login: undefined,
    });
  });

  it('falls back for malformed JSON in every key', () => {
    const damaged = Object.fromEntries(
      [
        'cleanup',
        'created-images',
        'replaced-images',
        'pushed',
        'buildah-images',
        'buildah-used',
        'cache-save',
        'login',
      ].map((key) => [key, '{not json']),
    );
    expect(loadState(reader({ 'run-key': 'k', ...damaged }))).toEqual(loadState(reader({ 'run-key': 'k' })));
  });

  it('falls back per field of a partial or mistyped cleanup value, never to a wider policy', () => {
    const state = loadState(
      reader({
        'run-key': 'k',
        cleanup: JSON.stringify({
          policy: 'everything',
          untilMs: '60000',
          keepStorageBytes: 7,
          strict: 'true',
        }),
      }),
    );
    expect(state?.cleanup).toEqual({ ...DEFAULT_CLEANUP, keepStorageBytes: 7 });
  });

  it('keeps only the strings of a list', () => {
    const state = loadState(
      reader({ 'run-key': 'k', 'created-images': '["sha256:a", 3, null, "sha256:b"]' }),
    );
    expect(state?.createdImages).toEqual(['sha256:a', 'sha256:b']);
    expect(loadState(reader({ 'run-key': 'k', 'replaced-images': '{"a": "b"}' }))?.replacedImages).toEqual(
      [],
    );
  });

  it('drops a pushed image, cache save or login without its required field', () => {
    const state = loadState(
      reader({
        'run-key': 'k',
        pushed: '{"references": ["app:v1"]}',
        'cache-save': '{"dir": "/tmp/c"}',
        login: '{"registries": ["ghcr.io"]}',
      }),
    );
    expect(state).toMatchObject({ pushed: undefined, cacheSave: undefined, login: undefined });
  });

  it('gives a cache save without a usable budget a budget of 0 (too little to save)', () => {
    const state = loadState(
      reader({
        'run-key': 'k',
        'cache-save': '{"dir": "/c/layer-cache", "root": "/c", "key": "k1", "budgetMs": "soon"}',
      }),
    );
    expect(state?.cacheSave).toEqual({ dir: '/c/layer-cache', root: '/c', key: 'k1', budgetMs: 0 });
  });
});

describe('saveState', () => {
  let previous: string | undefined;
  let file: string;
  beforeEach(() => {
    previous = process.env.GITHUB_STATE;
    file = join(mkdtempSync(join(tmpdir(), 'shipshape-state-')), 'state');
    writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.GITHUB_STATE;
    else process.env.GITHUB_STATE = previous;
  });

  it('writes what loadState reads back', () => {
    saveState(full);
    const saved = parseFileCommand(readFileSync(file, 'utf8'));
    expect(Object.keys(saved).sort()).toEqual(
      [
        'run-key',
        'cleanup',
        'created-images',
        'replaced-images',
        'pushed',
        'buildah-images',
        'buildah-used',
        'temporary-references',
        'cache-save',
        'login',
        'temporary-paths',
        'docker-root',
      ].sort(),
    );
    expect(loadState(reader(saved))).toEqual(full);
  });

  it('writes only the keys it is given', () => {
    saveState({ runKey: 'k', createdImages: [] });
    expect(parseFileCommand(readFileSync(file, 'utf8'))).toEqual({ 'run-key': 'k', 'created-images': '[]' });
  });
});

describe('state', () => {
  it('reads what main saved and tolerates a damaged value', () => {
    const saved: Record<string, string> = {
      'run-key': 'k',
      cleanup:
        '{"policy":"dangling","untilMs":1800000,"keepStorageBytes":0,"strict":true,"keepImages":false}',
      'created-images': '["sha256:a"]',
      'replaced-images': '["sha256:b"]',
      pushed: '{"imageId":"sha256:a","references":["app:v1"]}',
      'cache-save': '{"dir":"/tmp/c/layer-cache","root":"/tmp/c","key":"k1","budgetMs":42000}',
    };
    expect(loadState((key) => saved[key] ?? '')).toEqual({
      runKey: 'k',
      cleanup: {
        policy: 'dangling',
        untilMs: 1_800_000,
        keepStorageBytes: 0,
        strict: true,
        keepImages: false,
      },
      createdImages: ['sha256:a'],
      replacedImages: ['sha256:b'],
      pushed: { imageId: 'sha256:a', references: ['app:v1'] },
      buildahImages: [],
      usedBuildah: false,
      temporary: [],
      tempPaths: [],
      cacheSave: { dir: '/tmp/c/layer-cache', root: '/tmp/c', key: 'k1', budgetMs: 42000 },
      login: undefined,
    });
    // A damaged cleanup value falls back to the default policy, never to a wider one.
    saved.cleanup = '{"policy":"everything"}';
    expect(loadState((key) => saved[key] ?? '')?.cleanup.policy).toBe('run');
    saved['created-images'] = '{not json';
    expect(loadState((key) => saved[key] ?? '')?.createdImages).toEqual([]);
    expect(loadState(() => '')).toBeUndefined();
  });
});
