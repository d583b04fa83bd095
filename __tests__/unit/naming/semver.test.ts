import { describe, expect, it } from 'vitest';
import { isStableSemver, parseSemver } from '../../../src/naming/semver.js';

describe('parseSemver', () => {
  it('reads major, minor, patch and the text as given, with or without a v', () => {
    expect(parseSemver('v1.2.3')).toEqual({
      major: '1',
      minor: '2',
      patch: '3',
      version: '1.2.3',
      raw: 'v1.2.3',
    });
    expect(parseSemver(' 10.20.30 ')).toEqual({
      major: '10',
      minor: '20',
      patch: '30',
      version: '10.20.30',
      raw: '10.20.30',
    });
  });

  it('keeps the prerelease in the version and drops build metadata', () => {
    expect(parseSemver('v2.0.0-rc.1+build.5')).toEqual({
      major: '2',
      minor: '0',
      patch: '0',
      prerelease: 'rc.1',
      version: '2.0.0-rc.1',
      raw: 'v2.0.0-rc.1+build.5',
    });
    expect(parseSemver('1.0.0+20240305')?.version).toBe('1.0.0');
    expect(parseSemver('1.0.0-0a.x-y')?.prerelease).toBe('0a.x-y');
  });

  it.each([
    '1.2',
    '1.2.3.4',
    'V1.2.3',
    'vv1.2.3',
    '01.2.3',
    '1.02.3',
    '1.2.3-01',
    '1.2.3-',
    '1.2.3-rc..1',
    '1.2.3+',
    'release-1.2.3',
    '',
    `1.2.${'9'.repeat(17)}`,
    `1.2.3-${'a'.repeat(260)}`,
  ])('rejects %j', (text) => {
    expect(parseSemver(text)).toBeUndefined();
  });
});

describe('isStableSemver', () => {
  it('is true for a release and false for a prerelease or something else', () => {
    expect(isStableSemver('v1.2.3')).toBe(true);
    expect(isStableSemver('1.2.3+build')).toBe(true);
    expect(isStableSemver('1.2.3-beta')).toBe(false);
    expect(isStableSemver('main')).toBe(false);
  });
});
