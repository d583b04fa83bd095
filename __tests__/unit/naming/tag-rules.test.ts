import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitContext, type GitContext } from '../../../src/naming/git-context.js';
import { isValidTag } from '../../../src/naming/reference.js';
import {
  computeTags,
  DEFAULT_PRIORITIES,
  DEFAULT_TAG_RULES,
  sanitizeTag,
} from '../../../src/naming/tag-rules.js';
import { InputError } from '../../../src/common/errors.js';
import { RUN_NAMES, run, withRef, type RunName } from '../../fixtures/runs.js';
import { NOW, tags } from './helpers.js';

function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The InputError a call throws, for assertions on its exact message. */
function inputError(call: () => unknown): InputError {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('computeTags: default rules', () => {
  it('are metadata-action’s', () => {
    expect(DEFAULT_TAG_RULES).toEqual([
      'type=schedule',
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr',
    ]);
  });

  const expected: Record<RunName, string[]> = {
    // latest=auto follows the first rule that gives a tag: a branch never, a git tag always.
    'push-main': ['main'],
    'push-feature': ['feature-Add-Thing'],
    'push-tag-v1.2.3': ['v1.2.3', 'latest'],
    'push-tag-v2.0.0-rc.1': ['v2.0.0-rc.1', 'latest'],
    'pull-request': ['pr-42'],
    'pull-request-fork': ['pr-7'],
    schedule: ['nightly', 'main'],
    'workflow-dispatch': ['main'],
  };
  it.each(RUN_NAMES)('%s', (name) => {
    const result = computeTags('', '', run(name), NOW);
    expect(result.tags).toEqual(expected[name]);
    expect(result.version).toBe(expected[name][0]);
  });

  it('treat blank and comment lines as empty input', () => {
    expect(tags('\n  \n# no rules yet\n', run('push-feature'))).toEqual(['feature-Add-Thing']);
  });

  it('give nothing outside GitHub Actions (no event, no ref); latest alone with tag-extensions', () => {
    expect(computeTags('', '', gitContext({}, {}), NOW).tags).toEqual([]);
    expect(computeTags('', '', gitContext({}, {}), NOW, { extensions: true })).toMatchObject({
      tags: ['latest'],
      version: 'latest',
    });
    expect(computeTags('', 'latest=false', gitContext({}, {}), NOW, { extensions: true }).tags).toEqual([]);
  });

  it('give nothing when no rule applies', () => {
    const ctx = withRef('workflow-dispatch', 'refs/remotes/x');
    expect(computeTags('', '', ctx, NOW)).toEqual({ tags: [], version: '', latest: false, warnings: [] });
  });
});

describe('computeTags: type=ref', () => {
  const cases: [string, RunName, string[]][] = [
    ['type=ref,event=branch', 'push-main', ['main']],
    ['type=ref,event=branch', 'push-feature', ['feature-Add-Thing']],
    ['type=ref,event=branch', 'push-tag-v1.2.3', []],
    ['type=ref,event=branch', 'pull-request', []],
    ['type=ref,event=tag', 'push-tag-v1.2.3', ['v1.2.3', 'latest']],
    ['type=ref,event=tag', 'push-tag-v2.0.0-rc.1', ['v2.0.0-rc.1', 'latest']],
    ['type=ref,event=tag', 'push-feature', []],
    ['type=ref,event=pr', 'pull-request', ['pr-42']],
    ['type=ref,event=pr', 'pull-request-fork', ['pr-7']],
    ['type=ref,event=pr', 'push-main', []],
    ['type=ref,event=pr', 'schedule', []],
    ['type=ref,event=pr,prefix=review-', 'pull-request', ['review-42']],
    ['type=ref,event=branch,prefix=br-,suffix=-x', 'push-feature', ['br-feature-Add-Thing-x']],
  ];
  it.each(cases)('%s on %s', (rule, name, expected) => {
    expect(tags(rule, run(name))).toEqual(expected);
  });

  it('gives latest for any git tag, semver or not, unless latest=false', () => {
    const ctx = withRef('push-tag-v1.2.3', 'refs/tags/release-2024');
    expect(tags('type=ref,event=tag', ctx)).toEqual(['release-2024', 'latest']);
    expect(tags('type=ref,event=tag', ctx, 'latest=false')).toEqual(['release-2024']);
  });

  it('names a pull request by its ref, as metadata-action does', () => {
    expect(tags('type=ref,event=pr', withRef('pull-request', 'refs/pull/42/head'))).toEqual(['pr-42-head']);
  });
});

describe('computeTags: type=semver', () => {
  const stable = run('push-tag-v1.2.3');
  const rc = run('push-tag-v2.0.0-rc.1');

  it.each([
    ['{{version}}', '1.2.3'],
    ['{{major}}.{{minor}}', '1.2'],
    ['{{major}}', '1'],
    ['{{minor}}', '2'],
    ['{{patch}}', '3'],
    ['{{raw}}', 'v1.2.3'],
    ['v{{major}}.{{minor}}', 'v1.2'],
    ['{{ major }}-stable', '1-stable'],
  ])('pattern %s gives %s on v1.2.3', (pattern, expected) => {
    expect(tags(`type=semver,pattern=${pattern}`, stable)).toEqual([expected, 'latest']);
  });

  it('gives the usual set, highest priority first and latest last', () => {
    const input = [
      'type=sha',
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=semver,pattern={{major}}',
    ].join('\n');
    expect(computeTags(input, '', stable, NOW)).toMatchObject({
      tags: ['1.2.3', '1.2', '1', 'sha-3333333', 'latest'],
      version: '1.2.3',
      latest: true,
    });
  });

  it('gives a prerelease its whole version whatever the pattern ({{raw}} its text), and no latest', () => {
    const input = [
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{raw}}',
      'type=semver,pattern=v{{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=semver,pattern={{major}}',
      'type=semver,pattern={{patch}}',
    ].join('\n');
    expect(tags(input, rc)).toEqual(['2.0.0-rc.1', 'v2.0.0-rc.1']);
    expect(tags('type=semver,pattern={{major}}', rc)).toEqual(['2.0.0-rc.1']);
  });

  it('gives nothing on branches and on git tags that are not semver', () => {
    expect(tags('type=semver,pattern={{version}}', run('push-main'))).toEqual([]);
    expect(tags('type=semver,pattern={{version}}', run('push-feature'))).toEqual([]);
    for (const ref of ['refs/tags/release-1', 'refs/tags/1.2', 'refs/tags/V1.2.3', 'refs/tags/v01.2.3']) {
      const result = computeTags('type=semver,pattern={{version}}', '', withRef('push-tag-v1.2.3', ref), NOW);
      expect(result.tags).toEqual([]);
      expect(result.warnings[0]).toMatch(/is not a valid semver/);
    }
  });

  it('narrows the version with match= (its first group)', () => {
    const ctx = withRef('push-tag-v1.2.3', 'refs/tags/app/v1.2.3');
    expect(tags('type=semver,pattern={{major}}.{{minor}},"match=v(\\d.\\d.\\d)$"', ctx)).toEqual([
      '1.2',
      'latest',
    ]);
    expect(() => tags('type=semver,pattern={{version}},match=v\\d', ctx)).toThrow(
      'match= needs a capture group',
    );
  });

  it('reads value= instead of the git tag, on any ref', () => {
    expect(tags('type=semver,pattern={{major}}.{{minor}},value=3.4.5', run('push-feature'))).toEqual([
      '3.4',
      'latest',
    ]);
    expect(tags('type=semver,pattern={{version}},value=v9.0.0-beta.2', run('push-feature'))).toEqual([
      '9.0.0-beta.2',
    ]);
  });

  it('drops build metadata from {{version}} and makes {{raw}} a valid tag', () => {
    const ctx = withRef('push-tag-v1.2.3', 'refs/tags/v1.2.3+build.7');
    expect(tags('type=semver,pattern={{version}}\ntype=semver,pattern={{raw}}', ctx)).toEqual([
      '1.2.3',
      'v1.2.3-build.7',
      'latest',
    ]);
  });
});

describe('computeTags: type=match', () => {
  it('takes a capture group of the git tag', () => {
    const ctx = withRef('push-tag-v1.2.3', 'refs/tags/app-v1.2.3');
    expect(tags('type=match,pattern=app-v(\\d+\\.\\d+),group=1', ctx)).toEqual(['1.2', 'latest']);
    expect(tags('type=match,pattern=/APP-(.*)/i,group=1', ctx, 'latest=false')).toEqual(['v1.2.3']);
    expect(tags('type=match,pattern=nomatch', ctx)).toEqual([]);
    expect(tags('type=match,pattern=\\d+,group=5', ctx)).toEqual([]);
  });

  it('gives latest=auto a reason whenever it matches, as metadata-action does', () => {
    expect(tags('type=match,pattern=v(\\d+),group=1', run('push-tag-v1.2.3'))).toEqual(['1', 'latest']);
    expect(tags('type=match,pattern=v(\\d+),group=1', run('push-tag-v2.0.0-rc.1'))).toEqual(['2', 'latest']);
  });
});

describe('computeTags: type=sha', () => {
  it('is sha- and 7 characters, or 40 with format=long', () => {
    expect(tags('type=sha', run('push-feature'))).toEqual(['sha-2222222']);
    expect(tags('type=sha,format=long', run('push-feature'))).toEqual([`sha-${'2'.repeat(40)}`]);
    expect(tags('type=sha,format=short,prefix=,suffix=-amd64', run('push-feature'))).toEqual([
      '2222222-amd64',
    ]);
  });

  it('names the merge commit of a pull request, its head with DOCKER_METADATA_PR_HEAD_SHA=true', () => {
    expect(tags('type=sha', run('pull-request'))).toEqual(['sha-ccccccc']);
    const head = { DOCKER_METADATA_PR_HEAD_SHA: 'true' };
    expect(tags('type=sha', run('pull-request', head))).toEqual(['sha-a42a42a']);
    expect(tags('type=sha', run('pull-request-fork', head))).toEqual(['sha-f07f07f']);
  });

  it('takes the short length from DOCKER_METADATA_SHORT_SHA_LENGTH', () => {
    expect(tags('type=sha', run('push-feature', { DOCKER_METADATA_SHORT_SHA_LENGTH: '12' }))).toEqual([
      'sha-222222222222',
    ]);
    expect(() => run('push-feature', { DOCKER_METADATA_SHORT_SHA_LENGTH: 'twelve' })).toThrow(InputError);
  });

  it('keeps its own sha- prefix over the flavor prefix, as metadata-action does', () => {
    expect(tags('type=sha\ntype=ref,event=branch', run('push-feature'), 'prefix=app-')).toEqual([
      'app-feature-Add-Thing',
      'sha-2222222',
    ]);
  });

  it('gives nothing without a commit', () => {
    expect(tags('type=sha', { ...run('push-feature'), sha: '' })).toEqual([]);
  });
});

describe('computeTags: type=schedule', () => {
  it('gives nightly on schedule events only', () => {
    expect(tags('type=schedule', run('schedule'))).toEqual(['nightly']);
    expect(tags('type=schedule', run('push-feature'))).toEqual([]);
    expect(tags('type=schedule', run('workflow-dispatch'))).toEqual([]);
  });

  it.each([
    ["{{date 'YYYYMMDD'}}", '20240305'],
    ['nightly-{{date "YYYY-MM-DD"}}', 'nightly-2024-03-05'],
    ["{{date 'YYYYMMDD[T]HHmmss'}}", '20240305T070809'],
    // As in metadata-action, what a tag cannot hold becomes '-'.
    ["{{date 'YYYY.MM.DD, HH'}}", '2024.03.05-07'],
    ["{{date 'YYYYMMDD-HHmm' tz='Asia/Tokyo'}}", '20240305-1608'],
  ])('formats %s in UTC', (pattern, expected) => {
    expect(tags(`type=schedule,pattern=${pattern}`, run('schedule'))).toEqual([expected]);
  });
});

describe('computeTags: type=edge', () => {
  it('gives edge on the default branch', () => {
    expect(tags('type=edge', run('push-main'))).toEqual(['edge']);
    expect(tags('type=edge', run('push-feature'))).toEqual([]);
    expect(tags('type=edge', run('pull-request'))).toEqual([]);
    expect(tags('type=edge', run('push-tag-v1.2.3'))).toEqual([]);
  });

  it('follows branch=', () => {
    expect(tags('type=edge,branch=feature/Add-Thing', run('push-feature'))).toEqual(['edge']);
    expect(tags('type=edge,branch=develop', run('push-main'))).toEqual([]);
  });

  it('gives nothing when the default branch is unknown', () => {
    expect(tags('type=edge', { ...run('push-main'), defaultBranch: '' })).toEqual([]);
  });
});

describe('computeTags: type=raw and plain tags', () => {
  it('takes plain tags one per line; of comma-separated ones the last, or each with tag-extensions', () => {
    const result = computeTags('v1\nlatest\nstable, lts', '', run('pull-request'), NOW);
    expect(result.tags).toEqual(['v1', 'latest', 'lts']);
    expect(result.warnings[0]).toContain("only the last ('lts') is used");
    expect(
      computeTags('v1\nlatest\nstable, lts', '', run('pull-request'), NOW, { extensions: true }).tags,
    ).toEqual(['v1', 'latest', 'stable', 'lts']);
  });

  it('keeps the user’s own text and its case', () => {
    expect(tags('type=raw,value=Release_2', run('pull-request'))).toEqual(['Release_2']);
    expect(tags('type=raw,Release_2', run('pull-request'))).toEqual(['Release_2']);
    expect(tags('type=raw,"value=x"', run('pull-request'))).toEqual(['x']);
  });

  it('expands placeholders, making git names valid tags', () => {
    const input = [
      'type=raw,value={{branch}}-{{sha}}',
      "type=raw,value=build-{{date 'YYYYMMDD'}}",
      'type=raw,value=base-{{base_ref}}',
      'type=raw,value={{tag}}',
    ].join('\n');
    expect(tags(input, run('push-feature'))).toEqual([
      'feature-Add-Thing-2222222',
      'build-20240305',
      'base-',
    ]);
    expect(tags(input.split('\n').slice(1).join('\n'), run('pull-request'))).toEqual([
      'build-20240305',
      'base-main',
    ]);
    expect(tags('type=raw,value={{tag}}', run('push-tag-v1.2.3'))).toEqual(['v1.2.3']);
    // No branch on a pull request: the user's '-' then starts the tag, which Docker refuses.
    expect(() => tags(input, run('pull-request'))).toThrow("it gives the tag '-ccccccc'");
  });

  it('gives nothing for an empty value', () => {
    expect(tags('type=raw,value=', run('pull-request'))).toEqual([]);
    // The prefix alone is a value, as in metadata-action.
    expect(tags('type=raw,value={{tag}},prefix=x-', run('pull-request'))).toEqual(['x-']);
  });
});

describe('computeTags: enable', () => {
  it('turns a rule off', () => {
    expect(tags('type=raw,value=a,enable=false\ntype=raw,value=b,enable=true', run('pull-request'))).toEqual([
      'b',
    ]);
  });

  it.each([
    ['push-main', ['main-only']],
    ['push-feature', []],
    ['schedule', ['main-only']],
    ['push-tag-v1.2.3', []],
    ['pull-request', []],
  ] as [RunName, string[]][])('{{is_default_branch}} on %s', (name, expected) => {
    expect(tags('type=raw,value=main-only,enable={{is_default_branch}}', run(name))).toEqual(expected);
  });
});

describe('computeTags: flavor', () => {
  const feature = run('push-feature');
  const main = run('push-main');

  it('latest=auto: as the first rule that gives a tag says (git tags, matches, stable versions)', () => {
    expect(tags('type=ref,event=branch', run('workflow-dispatch'))).toEqual(['main']);
    expect(tags('type=raw,value=x', main, 'latest=auto')).toEqual(['x']);
    const tag = run('push-tag-v1.2.3');
    expect(tags('type=ref,event=tag\ntype=sha', tag)).toEqual(['v1.2.3', 'sha-3333333', 'latest']);
    expect(tags('type=sha,priority=1000\ntype=ref,event=tag', tag)).toEqual(['sha-3333333', 'v1.2.3']);
  });

  it('latest=true always, latest=false never', () => {
    expect(tags('type=ref,event=pr', run('pull-request'), 'latest=true')).toEqual(['pr-42', 'latest']);
    expect(tags('', main, 'latest=false')).toEqual(['main']);
    expect(tags('', run('push-tag-v1.2.3'), 'latest=false')).toEqual(['v1.2.3']);
  });

  it('prefix and suffix apply to every tag without its own, and not to latest', () => {
    expect(
      tags('type=ref,event=branch\ntype=raw,value=x,prefix=own-', main, 'prefix=app-\nsuffix=-slim'),
    ).toEqual(['app-main-slim', 'own-x-slim']);
    expect(tags('type=ref,event=tag', run('push-tag-v1.2.3'), 'prefix=app-')).toEqual([
      'app-v1.2.3',
      'latest',
    ]);
  });

  it('onlatest=true puts them on latest too', () => {
    expect(tags('', main, 'latest=true\nprefix=app-,onlatest=true\nsuffix=-slim,onlatest=true')).toEqual([
      'app-main-slim',
      'app-latest-slim',
    ]);
    expect(tags('', main, 'latest=true\nprefix=app-,onlatest=false\nsuffix=-slim,onlatest=true')).toEqual([
      'app-main-slim',
      'latest-slim',
    ]);
  });

  it('expands placeholders in prefix and suffix', () => {
    expect(tags('type=raw,value=x', feature, 'suffix=-{{sha}}')).toEqual(['x-2222222']);
  });

  it('accepts comments, blank lines and several keys on a line', () => {
    expect(tags('', main, '# defaults\n\nlatest=false,prefix=a-')).toEqual(['a-main']);
  });
});

describe('computeTags: priority and duplicates', () => {
  it('uses metadata-action’s default priorities', () => {
    expect(DEFAULT_PRIORITIES).toEqual({
      schedule: 1000,
      semver: 900,
      pep440: 900,
      match: 800,
      edge: 700,
      ref: 600,
      raw: 200,
      sha: 100,
    });
  });

  it('orders by priority, highest first, keeping input order for equal ones', () => {
    const input = [
      'type=sha',
      'type=raw,value=r1',
      'type=ref,event=branch',
      'type=raw,value=r2',
      'type=edge',
      'type=raw,value=top,priority=5000',
      'type=raw,value=bottom,priority=-1',
    ].join('\n');
    expect(computeTags(input, '', run('push-main'), NOW)).toMatchObject({
      tags: ['top', 'edge', 'main', 'r1', 'r2', 'sha-1111111', 'bottom'],
      version: 'top',
    });
  });

  it('drops duplicates, keeping the first', () => {
    const input = 'type=raw,value=main\ntype=ref,event=branch\ntype=raw,value=latest\ntype=edge,branch=main';
    expect(tags(input, run('push-main'))).toEqual(['edge', 'main', 'latest']);
    // As metadata-action: latest is added after the others even when a rule gave it already.
    expect(tags('type=raw,value=latest\ntype=raw,value=x', run('push-main'), 'latest=true')).toEqual([
      'latest',
      'x',
      'latest',
    ]);
  });
});

describe('computeTags: tags are made valid', () => {
  const extended = (input: string, ctx: GitContext): string[] =>
    computeTags(input, '', ctx, NOW, { extensions: true }).tags;

  it('replaces invalid characters as metadata-action; strips leading dots and dashes with tag-extensions', () => {
    const ctx = withRef('push-feature', 'refs/heads/-.fix/Ünïcode bug');
    expect(() => tags('type=ref,event=branch', ctx)).toThrow(
      "it gives the tag '-.fix-n-code-bug', which Docker refuses",
    );
    expect(extended('type=ref,event=branch', ctx)).toEqual(['fix-n-code-bug']);
    expect(tags('type=ref,event=branch,prefix=b', withRef('push-feature', 'refs/heads/.x'))).toEqual(['b.x']);
    expect(tags('type=ref,event=branch', withRef('push-feature', 'refs/heads/_x'))).toEqual(['_x']);
    expect(tags('feature/x\ntype=raw,value=a:b', run('push-main'))).toEqual(['feature-x', 'a-b']);
  });

  it('cuts names over 128 characters and ends them with a hash of the whole name', () => {
    const long = `feature/${'a'.repeat(200)}`;
    const [tag] = extended('type=ref,event=branch', withRef('push-feature', `refs/heads/${long}`));
    expect(tag).toHaveLength(128);
    expect(tag).toBe(`feature-${'a'.repeat(111)}-${hash8(long)}`);
    expect(isValidTag(tag)).toBe(true);
    expect(() => tags('type=ref,event=branch', withRef('push-feature', `refs/heads/${long}`))).toThrow(
      "'tag-extensions: true' repairs such tags",
    );

    const other = extended('type=ref,event=branch', withRef('push-feature', `refs/heads/${long}b`))[0];
    expect(other).toHaveLength(128);
    expect(other).not.toBe(tag);
  });

  it('cuts the whole tag, prefix and suffix included, with tag-extensions', () => {
    const long = 'b'.repeat(300);
    const [tag] = extended(
      'type=ref,event=branch,prefix=pre-,suffix=-arm64',
      withRef('push-feature', `refs/heads/${long}`),
    );
    expect(tag).toHaveLength(128);
    expect(tag).toBe(`pre-${'b'.repeat(115)}-${hash8(`pre-${long}-arm64`)}`);
  });

  it('reports a tag Docker refuses without tag-extensions', () => {
    expect(() => tags('t'.repeat(129), run('push-feature'))).toThrow('at most 128 characters');
  });

  it('sanitizeTag', () => {
    expect(sanitizeTag('feature/Add-Thing')).toBe('feature-Add-Thing');
    expect(sanitizeTag('..--x')).toBe('..--x');
    expect(sanitizeTag('..--x', true)).toBe('x');
    expect(sanitizeTag('a//b  c')).toBe('a-b-c');
    expect(sanitizeTag('...', true)).toBe('');
    expect(sanitizeTag('x'.repeat(128), true)).toBe('x'.repeat(128));
    expect(sanitizeTag('x'.repeat(129), true)).toBe(`${'x'.repeat(119)}-${hash8('x'.repeat(129))}`);
  });

  it('every tag from every rule on every fixture is valid', () => {
    const input = [
      ...DEFAULT_TAG_RULES,
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=semver,pattern={{raw}}',
      'type=sha',
      'type=sha,format=long',
      'type=edge',
      'type=raw,value={{branch}}{{tag}}-{{sha}}',
      "type=schedule,pattern={{date 'YYYYMMDD'}}",
    ].join('\n');
    for (const name of RUN_NAMES) {
      const result = computeTags(input, 'prefix=p-,onlatest=true', run(name), NOW);
      expect(result.tags.length).toBeGreaterThan(0);
      for (const tag of result.tags) expect(isValidTag(tag), `${name}: ${tag}`).toBe(true);
    }
  });
});

describe('computeTags: errors', () => {
  const ctx = run('push-main');

  it.each([
    [
      'type=foo',
      "Input 'tags' has value 'type=foo': unknown type 'foo'; use one of schedule, semver, pep440, match, edge, ref, raw, sha.",
    ],
    [
      'type=semver',
      "Input 'tags' has value 'type=semver': type=semver needs a pattern, e.g. 'type=semver,pattern={{version}}'.",
    ],
    [
      'type=match,group=1',
      "Input 'tags' has value 'type=match,group=1': type=match needs a pattern (a regular expression), e.g. 'type=match,pattern=\\d+\\.\\d+'.",
    ],
    [
      'type=raw,prefix=x',
      "Input 'tags' has value 'type=raw,prefix=x': type=raw needs a value, e.g. 'type=raw,value=latest'.",
    ],
    [
      'type=semver,pattern={{major}}.{{minr}}',
      "Input 'tags' has value 'type=semver,pattern={{major}}.{{minr}}': the pattern has an unknown placeholder '{{minr}}'; the valid ones here are {{version}}, {{major}}, {{minor}}, {{patch}}, {{raw}}.",
    ],
    [
      'type=schedule,pattern={{version}}',
      "Input 'tags' has value 'type=schedule,pattern={{version}}': the pattern has an unknown placeholder '{{version}}'; the valid ones here are {{date 'FORMAT'}}, {{commit_date 'FORMAT'}}.",
    ],
    [
      'type=raw,value={{ref}}',
      "Input 'tags' has value 'type=raw,value={{ref}}': the value has an unknown placeholder '{{ref}}'; the valid ones here are {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}}, {{date 'FORMAT'}}, {{commit_date 'FORMAT'}}.",
    ],
    [
      'type=sha,pattern={{version}}',
      "Input 'tags' has value 'type=sha,pattern={{version}}': type=sha has no attribute 'pattern'; its attributes are format, enable, prefix, suffix, priority.",
    ],
    [
      'type=ref,event=branch,branch=main',
      "Input 'tags' has value 'type=ref,event=branch,branch=main': type=ref has no attribute 'branch'; its attributes are event, enable, prefix, suffix, priority.",
    ],
    [
      'type=sha,priority=high',
      "Input 'tags' has value 'type=sha,priority=high': priority must be a whole number, e.g. 'priority=500', not 'high'.",
    ],
    [
      'type=sha,priority=1.5',
      "Input 'tags' has value 'type=sha,priority=1.5': priority must be a whole number, e.g. 'priority=500', not '1.5'.",
    ],
    [
      'type=sha,enable=yes',
      "Input 'tags' has value 'type=sha,enable=yes': enable must be 'true', 'false' or an expression that gives one, e.g. 'enable={{is_default_branch}}'; 'yes' gives 'yes'.",
    ],
    [
      'type=sha,enable={{branch}}',
      "Input 'tags' has value 'type=sha,enable={{branch}}': enable must be 'true', 'false' or an expression that gives one, e.g. 'enable={{is_default_branch}}'; '{{branch}}' gives 'main'.",
    ],
    [
      'type=ref',
      "Input 'tags' has value 'type=ref': type=ref needs event=branch|tag|pr, e.g. 'type=ref,event=branch'.",
    ],
    [
      'type=ref,event=push',
      "Input 'tags' has value 'type=ref,event=push': type=ref needs event=branch|tag|pr, not 'push', e.g. 'type=ref,event=branch'.",
    ],
    [
      'type=sha,format=full',
      "Input 'tags' has value 'type=sha,format=full': format must be 'short' (7 characters) or 'long' (40), not 'full'.",
    ],
    [
      "type=schedule,pattern={{date 'YYYYMMDDQ'}}",
      "Input 'tags' has value 'type=schedule,pattern={{date 'YYYYMMDDQ'}}': the pattern has the date format 'YYYYMMDDQ' with 'Q', which is not supported; use YYYY, YY, MM, M, DD, D, HH, H, hh, h, mm, m, ss, s, SSS, SS, S, ZZ, Z, A, a, X, x and put other letters in brackets, e.g. '[T]'.",
    ],
    [
      "type=schedule,pattern={{date 'YYYY' tz='Mars/Olympus'}}",
      "Input 'tags' has value 'type=schedule,pattern={{date 'YYYY' tz='Mars/Olympus'}}': the pattern has the time zone 'Mars/Olympus', which is not an IANA zone such as 'Europe/Paris'.",
    ],
    [
      'type=raw,value={{branch',
      "Input 'tags' has value 'type=raw,value={{branch': the value has '{{' without a closing '}}'; write placeholders as {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}}, {{date 'FORMAT'}}, {{commit_date 'FORMAT'}}.",
    ],
    [
      'type=match,pattern=(',
      "Input 'tags' has value 'type=match,pattern=(': pattern= is not a valid regular expression: Invalid regular expression: /(/: Unterminated group.",
    ],
    [
      'type=match,pattern=x,group=one',
      "Input 'tags' has value 'type=match,pattern=x,group=one': group must be the number of a capture group, e.g. 'group=1', not 'one'.",
    ],
    [
      'type=sha,type=raw',
      "Input 'tags' has value 'type=sha,type=raw': 'type=' is given twice; a rule has one type.",
    ],
    [
      'type=sha,prefix=a,prefix=b',
      "Input 'tags' has value 'type=sha,prefix=a,prefix=b': 'prefix=' is given twice; give it once.",
    ],
    [
      'type=sha,{{version}}',
      "Input 'tags' has value 'type=sha,{{version}}': '{{version}}' is not an attribute; write name=value (type=sha takes format, enable, prefix, suffix, priority).",
    ],
    [
      'type=raw,"value=a,b',
      "Input 'tags' has value 'type=raw,\"value=a,b': a '\"' is never closed; quote a whole field, e.g. \"value=a,b\".",
    ],
    [
      '.x',
      "Input 'tags' has value '.x': the tag '.x' must start with a letter, digit or underscore (try 'x') ('tag-extensions: true' repairs such tags)",
    ],
    [
      'type=ref,event=branch,prefix=-',
      "Input 'tags' has value 'type=ref,event=branch,prefix=-': it gives the tag '-main', which Docker refuses: the tag '-main' must start with a letter, digit or underscore (try 'main') ('tag-extensions: true' repairs such tags)",
    ],
  ])('%s', (input, message) => {
    const error = inputError(() => computeTags(`v1\n${input}`, '', ctx, NOW));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(input);
    expect(error.message).toBe(message);
  });

  it('reports a rule even when it would not fire on this event', () => {
    expect(() => computeTags('type=semver,pattern={{mjaor}}', '', run('pull-request'), NOW)).toThrow(
      "unknown placeholder '{{mjaor}}'",
    );
  });

  it.each([
    [
      'latest=yes',
      "Input 'flavor' has value 'latest=yes': latest must be 'auto', 'true' or 'false', not 'yes'.",
    ],
    [
      'labelprefix=x',
      "Input 'flavor' has value 'labelprefix=x': unknown flavor 'labelprefix'; use latest=auto|true|false, prefix=… and suffix=… (each optionally with ',onlatest=true').",
    ],
    [
      'latest',
      "Input 'flavor' has value 'latest': 'latest' has no '='; use latest=auto|true|false, prefix=… and suffix=… (each optionally with ',onlatest=true').",
    ],
    [
      'prefix=a,onlatest=maybe',
      "Input 'flavor' has value 'prefix=a,onlatest=maybe': onlatest must be 'true' or 'false', not 'maybe'.",
    ],
    [
      'onlatest=true',
      "Input 'flavor' has value 'onlatest=true': onlatest belongs after a prefix or suffix, e.g. 'suffix=-alpine,onlatest=true'.",
    ],
    [
      'suffix={{version}}',
      "Input 'flavor' has value 'suffix={{version}}': the suffix has an unknown placeholder '{{version}}'; the valid ones here are {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}}, {{date 'FORMAT'}}, {{commit_date 'FORMAT'}}.",
    ],
  ])('flavor %s', (line, message) => {
    const error = inputError(() => computeTags('', `latest=auto\n${line}`, ctx, NOW));
    expect(error.input).toBe('flavor');
    expect(error.value).toBe(line);
    expect(error.message).toBe(message);
  });

  it('reports a latest tag that the flavor makes invalid against the flavor', () => {
    const error = inputError(() =>
      computeTags('type=raw,value=x,prefix=', 'latest=true,prefix=/,onlatest=true', ctx, NOW),
    );
    expect(error.input).toBe('flavor');
    expect(error.message).toContain("it gives the tag '-latest'");
  });
});
