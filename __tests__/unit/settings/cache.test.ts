import { describe, expect, it } from 'vitest';
import { parseImageName } from '../../../src/naming/reference.js';
import { readCacheSettings } from '../../../src/settings/cache.js';
import { inputError, inputs } from './helpers.js';

const service = { ACTIONS_RESULTS_URL: 'https://results.example/', ACTIONS_RUNTIME_TOKEN: 't' };
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
    });
  });

  it('uses no cache by default without the service (both variables needed)', () => {
    expect(readCacheSettings(inputs({}), {}, image, build).mode).toBe('none');
    expect(readCacheSettings(inputs({}), { ACTIONS_RESULTS_URL: 'x' }, image, build).mode).toBe('none');
    expect(readCacheSettings(inputs({ cache: 'gha' }), {}, image, build).mode).toBe('gha');
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
