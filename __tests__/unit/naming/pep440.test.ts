import { describe, expect, it } from 'vitest';
import { parsePep440, releasePart } from '../../../src/naming/pep440.js';
import { computeTags } from '../../../src/naming/tag-rules.js';
import { withRef } from '../../fixtures/runs.js';
import { NOW } from './helpers.js';

describe('parsePep440', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.1.1', '1.1.1'],
    ['1.1beta2', '1.1b2'],
    ['1.1-ALPHA.3', '1.1a3'],
    ['1.0c1', '1.0rc1'],
    ['1.0preview', '1.0rc0'],
    ['1.0dev4', '1.0.dev4'],
    ['1.2post1', '1.2.post1'],
    ['1.2-1', '1.2.post1'],
    ['1.2.rev', '1.2.post0'],
    ['1!2.0', '1!2.0'],
    ['1.2.3rc2.post1.dev3+Ubuntu-01.x', '1.2.3rc2.post1.dev3+ubuntu.1.x'],
  ])('%s is %s', (text, normal) => {
    expect(parsePep440(text)?.normal).toBe(normal);
  });

  it.each(['1.2.3-beta.x', 'sometag', 'release1', '1.2.3+', '', ' 1.2', 'v', '1..2', '1.0-foo'])(
    'refuses %j',
    (text) => {
      expect(parsePep440(text)).toBeUndefined();
    },
  );

  it('tells pre-, post- and development releases', () => {
    expect(parsePep440('1.2.3rc2')).toMatchObject({ isPrerelease: true, isPostrelease: false });
    expect(parsePep440('1.0.dev4')).toMatchObject({ isPrerelease: true, isDevrelease: true });
    expect(parsePep440('1.2.post1')).toMatchObject({ isPrerelease: false, isPostrelease: true });
    expect(parsePep440('1.2+local')).toMatchObject({
      isPrerelease: false,
      isPostrelease: false,
      isDevrelease: false,
      local: 'local',
    });
  });

  it('gives 0 for release numbers that are not written', () => {
    const version = parsePep440('3.4');
    expect(version && [0, 1, 2].map((index) => releasePart(version, index))).toEqual(['3', '4', '0']);
  });
});

describe('type=pep440', () => {
  const tags = (rules: string, tag: string) =>
    computeTags(rules, '', withRef('push-tag-v1.2.3', `refs/tags/${tag}`), NOW).tags;
  const usual =
    'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}';

  it('gives a release every pattern, and latest', () => {
    expect(tags(usual, 'v1.2.3')).toEqual(['1.2.3', '1.2', '1', 'latest']);
    expect(tags('type=pep440,pattern={{raw}}', 'v1.2.3')).toEqual(['v1.2.3', 'latest']);
  });

  it('gives a pre-, post- or development release its normal form (its text for {{raw}}), no latest', () => {
    expect(tags(usual, '1.2.3rc2')).toEqual(['1.2.3rc2']);
    expect(tags(usual, '1.2post1')).toEqual(['1.2.post1']);
    expect(tags('type=pep440,pattern={{raw}}\n' + usual, 'v1.0dev4')).toEqual(['v1.0dev4', '1.0.dev4']);
  });

  it('gives nothing, with a warning, for a tag that is not PEP 440', () => {
    const result = computeTags(usual, '', withRef('push-tag-v1.2.3', 'refs/tags/sometag'), NOW);
    expect(result.tags).toEqual([]);
    expect(result.warnings[0]).toContain('sometag does not conform to PEP 440');
  });
});
