import { describe, expect, it } from 'vitest';
import {
  hostPlatform,
  parseAnnotations,
  parsePlatforms,
  parseProvenance,
  parseSbom,
  parseTestPlatforms,
} from '../../../src/settings/platforms.js';

describe('platforms', () => {
  it('takes os/architecture[/variant], comma-separated or one per line', () => {
    expect(parsePlatforms('platforms', 'linux/amd64,linux/arm64\nlinux/arm/v7')).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7',
    ]);
    expect(parsePlatforms('platforms', '')).toEqual([]);
  });

  it.each([
    ['linux', /os\/architecture\[\/variant\]/],
    ['Linux/AMD64', /lower case: 'linux\/amd64'/],
    ['linux/amd64/v9x', /unknown variant 'v9x' of amd64/],
    ['linux/x86_64', /unknown architecture 'x86_64'/],
    ['plan9/amd64', /unknown operating system 'plan9'/],
    ['linux/s390x/v2', /has no variants/],
    ['linux//amd64', /os\/architecture/],
  ])('refuses %s, naming the input and the fix', (value, fix) => {
    expect(() => parsePlatforms('platforms', value)).toThrow(fix);
    expect(() => parsePlatforms('platforms', value)).toThrow(/Input 'platforms'/);
  });

  it('refuses a platform given twice', () => {
    expect(() => parsePlatforms('platforms', 'linux/amd64\nlinux/arm64,linux/amd64')).toThrow(
      /'linux\/amd64' is given twice/,
    );
  });
});

describe('hostPlatform', () => {
  it("is the runner's own architecture's platform, else the first", () => {
    expect(hostPlatform(['linux/arm64', 'linux/amd64'], 'amd64')).toBe('linux/amd64');
    expect(hostPlatform(['linux/arm64', 'linux/ppc64le'], 'amd64')).toBe('linux/arm64');
    expect(hostPlatform([], 'amd64')).toBeUndefined();
  });
});

describe('test-platforms', () => {
  const built = ['linux/amd64', 'linux/arm64'];
  it('is all by default', () => {
    expect(parseTestPlatforms('', built)).toBe('all');
    expect(parseTestPlatforms('all', built)).toBe('all');
  });
  it('lists platforms of platforms', () => {
    expect(parseTestPlatforms('linux/arm64', built)).toEqual(['linux/arm64']);
  });
  it('refuses a platform that is not built', () => {
    expect(() => parseTestPlatforms('linux/s390x', built)).toThrow(
      /Input 'test-platforms'.*'linux\/s390x' is not built \(platforms: linux\/amd64, linux\/arm64\)/,
    );
    expect(() => parseTestPlatforms('linux/arm64', [])).toThrow(/'platforms' is empty/);
  });
});

describe('provenance and sbom', () => {
  it('takes build-push-action values', () => {
    expect(parseProvenance('')).toBeUndefined();
    expect(parseProvenance('false')).toBe(false);
    expect(parseProvenance('true')).toEqual({ mode: 'min', attributes: [] });
    expect(parseProvenance('mode=max')).toEqual({ mode: 'max', attributes: [] });
    expect(parseProvenance('mode=max,builder-id=https://ci/1')).toEqual({
      mode: 'max',
      attributes: [['builder-id', 'https://ci/1']],
    });
    expect(parseSbom('true')).toBe(true);
    expect(parseSbom('')).toBe(false);
  });
  it.each(['yes', 'mode=full', 'mode=', 'level=max'])('refuses provenance %s', (value) => {
    expect(() => parseProvenance(value)).toThrow(/Input 'provenance'/);
  });
  it('refuses sbom other than true or false', () => {
    expect(() => parseSbom('spdx')).toThrow(/Input 'sbom' has value 'spdx'/);
  });
});

describe('annotations', () => {
  it("takes metadata-action's level prefixes", () => {
    expect(
      parseAnnotations(
        'org.opencontainers.image.title=app\nindex:org.opencontainers.image.description=a=b\nmanifest,index:k=v',
      ),
    ).toEqual([
      { levels: [], key: 'org.opencontainers.image.title', value: 'app' },
      { levels: ['index'], key: 'org.opencontainers.image.description', value: 'a=b' },
      { levels: ['manifest', 'index'], key: 'k', value: 'v' },
    ]);
  });
  it('refuses a line without = or with an unknown level', () => {
    expect(() => parseAnnotations('index:novalue')).toThrow(/Input 'annotations' has value 'index:novalue'/);
    expect(() => parseAnnotations('layer:k=v')).toThrow(/unknown level 'layer'/);
  });
});
