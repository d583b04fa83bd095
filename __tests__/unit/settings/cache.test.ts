import { describe, expect, it } from 'vitest';
import { parseImageName } from '../../../src/naming/reference.js';
import { isFeatureAvailable } from '@actions/cache';
import { actionsCacheService, readCacheSettings } from '../../../src/settings/cache.js';
import { inputError, inputs } from './helpers.js';

const service = {
  ACTIONS_CACHE_SERVICE_V2: 'True',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_RUNTIME_TOKEN: 't',
};
const image = parseImageName('ghcr.io/acme/app');
const build = { file: '/w/Dockerfile', target: 'final', platforms: ['linux/arm64'], noCache: false };

describe('readCacheSettings', () => {
  it('uses the Actions cache where the service is available, with the build as the key scope', () => {
    expect(
      readCacheSettings(
        inputs({ 'cache-key-files': 'package-lock.json\n\n go.sum ' }),
        service,
        image,
        build,
      ),
    ).toEqual({
      mode: 'gha',
      ref: 'ghcr.io/acme/app:buildcache',
      keyFiles: ['package-lock.json', 'go.sum'],
      image: 'ghcr.io/acme/app',
      dockerfile: '/w/Dockerfile',
      target: 'final',
      platforms: ['linux/arm64'],
      importCache: true,
      write: true,
      cacheMode: 'max',
    });
  });

  it("reads 'cache-write' and 'cache-mode' as build-push-action names them, naming a wrong value", () => {
    const settings = readCacheSettings(
      inputs({ 'cache-write': 'false', 'cache-mode': 'min' }),
      service,
      image,
      build,
    );
    expect(settings).toMatchObject({ write: false, cacheMode: 'min' });
    expect(
      inputError(() => readCacheSettings(inputs({ 'cache-mode': 'all' }), service, image, build)).message,
    ).toBe("Input 'cache-mode' has value 'all': use one of 'min', 'max'.");
    expect(
      inputError(() => readCacheSettings(inputs({ 'cache-write': 'never' }), service, image, build)).message,
    ).toContain("Input 'cache-write' has value 'never'");
  });

  it('uses no cache by default without the service (both variables needed)', () => {
    expect(readCacheSettings(inputs({}), {}, image, build).mode).toBe('none');
    expect(readCacheSettings(inputs({}), { ACTIONS_RESULTS_URL: 'x' }, image, build).mode).toBe('none');
    expect(readCacheSettings(inputs({ cache: 'gha' }), {}, image, build).mode).toBe('gha');
  });

  it("finds GitHub Enterprise Server's legacy cache service as @actions/cache does, and uses it by default", () => {
    const ghes = {
      GITHUB_SERVER_URL: 'https://ghes.example.com',
      ACTIONS_CACHE_URL: 'https://ghes.example.com/cache/',
      ACTIONS_RUNTIME_TOKEN: 't',
    };
    expect(actionsCacheService(ghes)).toEqual({ service: 'legacy', url: 'https://ghes.example.com/cache/' });
    expect(readCacheSettings(inputs({}), ghes, image, build).mode).toBe('gha');
    // GHES never has the v2 service, even when the variable asks for it.
    expect(
      actionsCacheService({ ...ghes, ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: 'x' })?.service,
    ).toBe('legacy');
    expect(actionsCacheService(service)).toEqual({ service: 'v2', url: 'https://results.example/' });
  });

  it('decides exactly as @actions/cache does, for every mix of the variables (with the token)', () => {
    const saved = { ...process.env };
    const names = [
      'GITHUB_SERVER_URL',
      'ACTIONS_CACHE_SERVICE_V2',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_CACHE_URL',
    ];
    const values: Record<string, (string | undefined)[]> = {
      GITHUB_SERVER_URL: [
        undefined,
        'https://github.com',
        'https://acme.ghe.com',
        'https://ghes.example.com',
        'http://x.localhost',
      ],
      ACTIONS_CACHE_SERVICE_V2: [undefined, 'True'],
      ACTIONS_RESULTS_URL: [undefined, 'https://results/'],
      ACTIONS_CACHE_URL: [undefined, 'https://cache/'],
    };
    let compared = 0;
    try {
      const combos = names.reduce<Record<string, string | undefined>[]>(
        (all, name) => all.flatMap((combo) => values[name].map((value) => ({ ...combo, [name]: value }))),
        [{}],
      );
      for (const combo of combos) {
        for (const name of names) delete process.env[name];
        for (const [name, value] of Object.entries(combo)) if (value !== undefined) process.env[name] = value;
        const env = { ...combo, ACTIONS_RUNTIME_TOKEN: 't' };
        expect(actionsCacheService(env) !== undefined, JSON.stringify(combo)).toBe(isFeatureAvailable());
        compared++;
      }
    } finally {
      for (const name of names) delete process.env[name];
      Object.assign(process.env, saved);
    }
    expect(compared).toBe(40);
    expect(actionsCacheService({ ...service, ACTIONS_RUNTIME_TOKEN: '' })).toBeUndefined();
  });

  it.each([
    ['', 'ghcr.io/acme/app:buildcache'],
    ['ghcr.io/acme/cache', 'ghcr.io/acme/cache:buildcache'],
    ['acme/cache:main', 'acme/cache:main'],
    ['docker.io/library/cache:x', 'cache:x'],
  ])('makes the registry cache image of cache-ref %j', (ref, expected) => {
    expect(readCacheSettings(inputs({ cache: 'registry', 'cache-ref': ref }), {}, image, build).ref).toBe(
      expected,
    );
  });

  it('reads the cache but does not import it with no-cache', () => {
    expect(readCacheSettings(inputs({}), service, image, { ...build, noCache: true }).importCache).toBe(
      false,
    );
  });

  it('has no cache image without an image (test-only)', () => {
    expect(readCacheSettings(inputs({ 'cache-ref': 'x:y' }), service, undefined, build)).toMatchObject({
      ref: '',
      image: '',
    });
  });

  it('rejects an unknown mode, a digest and an invalid reference', () => {
    expect(inputError(() => readCacheSettings(inputs({ cache: 'local' }), {}, image, build)).message).toBe(
      "Input 'cache' has value 'local': use one of 'gha', 'registry', 'none'.",
    );
    const digest = `ghcr.io/acme/cache@sha256:${'a'.repeat(64)}`;
    expect(
      inputError(() => readCacheSettings(inputs({ 'cache-ref': digest }), {}, image, build)).message,
    ).toBe(
      `Input 'cache-ref' has value '${digest}': a cache image is written to, so give a tag, not a digest.`,
    );
    const invalid = inputError(() =>
      readCacheSettings(inputs({ 'cache-ref': 'Acme/Cache' }), {}, image, build),
    );
    expect(invalid.input).toBe('cache-ref');
    expect(invalid.value).toBe('Acme/Cache');
  });
});
