import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import type { GitContext } from '../../../src/naming/git-context.js';
import { parseImageName } from '../../../src/naming/reference.js';
import { readSizeSettings } from '../../../src/settings/size.js';
import { DIGEST } from '../registry/helpers.js';
import { MB } from '../size/helpers.js';

describe('readSizeSettings', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const push: GitContext = {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    repository: 'acme/app',
    defaultBranch: 'main',
    isFork: false,
    repo: {},
  };
  const pullRequest: GitContext = {
    ...push,
    eventName: 'pull_request',
    ref: 'refs/pull/42/merge',
    prNumber: 42,
    prHeadSha: 'b'.repeat(40),
    prBaseRef: 'main',
  };
  const firstImage = parseImageName('ghcr.io/acme/app');
  const noRules = { tags: '', flavor: '' };

  const settings = (
    inputs: Record<string, string>,
    git: GitContext = push,
    rules: { tags: string; flavor: string } = noRules,
  ) => readSizeSettings((name) => inputs[name] ?? '', git, firstImage, rules, now);

  it('has defaults: comment on change of 1%, compressed, no limit, no base on a push', () => {
    expect(settings({})).toEqual({
      base: '',
      baseSource: 'none',
      comment: 'on-change',
      commentThreshold: { kind: 'percent', value: 1 },
      limit: 0,
      limitKind: 'compressed',
      increaseLimit: undefined,
      githubToken: '',
      commentAuthor: '',
    });
  });

  it('reads every input', () => {
    expect(
      settings({
        'size-comment': 'always',
        'size-limit': '150MB',
        'size-limit-kind': 'uncompressed',
        'size-increase-limit': '5%',
        'size-comment-threshold': '10kB',
        'github-token': ' ghs_x ',
        'size-comment-author': ' my-app[bot] ',
      }),
    ).toMatchObject({
      comment: 'always',
      limit: 150 * MB,
      limitKind: 'uncompressed',
      increaseLimit: { kind: 'percent', value: 5 },
      commentThreshold: { kind: 'bytes', value: 10_000 },
      githubToken: 'ghs_x',
      commentAuthor: 'my-app[bot]',
    });
    expect(settings({ 'size-increase-limit': '1.5GiB' }).increaseLimit).toEqual({
      kind: 'bytes',
      value: 1.5 * 1024 ** 3,
    });
  });

  it('compares a pull request with the image the tag rules give its base branch', () => {
    expect(settings({}, pullRequest)).toMatchObject({
      base: 'ghcr.io/acme/app:main',
      baseSource: 'base-branch',
    });
    expect(settings({}, pullRequest, { tags: 'type=ref,event=branch', flavor: '' })).toMatchObject({
      base: 'ghcr.io/acme/app:main',
      baseSource: 'base-branch',
    });
    expect(settings({}, { ...pullRequest, prBaseRef: 'release/1.x' })).toMatchObject({
      base: 'ghcr.io/acme/app:release-1.x',
      baseSource: 'base-branch',
    });
  });

  it('has no base when the tag rules give the base branch no tag, or outside a pull request', () => {
    // The default rules tag a push to the base branch by its name: that is where main's image is.
    expect(settings({}, pullRequest, { tags: '', flavor: '' })).toMatchObject({
      base: 'ghcr.io/acme/app:main',
      baseSource: 'base-branch',
    });
    // A pull request rule alone gives the base branch no tag (latest=auto follows the first rule).
    expect(settings({}, pullRequest, { tags: 'type=ref,event=pr', flavor: '' })).toMatchObject({
      base: '',
      baseSource: 'none',
    });
    expect(settings({}, pullRequest, { tags: 'type=ref,event=pr\nstable', flavor: '' })).toMatchObject({
      base: 'ghcr.io/acme/app:stable',
      baseSource: 'base-branch',
    });
    expect(
      settings({}, { ...pullRequest, prBaseRef: 'develop' }, { tags: 'type=ref,event=pr', flavor: '' }),
    ).toMatchObject({ base: '', baseSource: 'none' });
    expect(settings({}, { ...pullRequest, prBaseRef: undefined }).baseSource).toBe('none');
    expect(readSizeSettings(() => '', pullRequest, undefined, noRules, now).baseSource).toBe('none');
  });

  it('lets size-base win, written the way Docker shows it', () => {
    expect(settings({ 'size-base': 'ghcr.io/acme/app:stable' }, pullRequest)).toMatchObject({
      base: 'ghcr.io/acme/app:stable',
      baseSource: 'input',
    });
    expect(settings({ 'size-base': ' docker.io/library/alpine ' })).toMatchObject({
      base: 'alpine:latest',
      baseSource: 'input',
    });
    expect(settings({ 'size-base': `ghcr.io/acme/app@${DIGEST}` }).base).toBe(`ghcr.io/acme/app@${DIGEST}`);
  });

  const bad: [string, string][] = [
    ['size-comment', 'sometimes'],
    ['size-limit', '10%'],
    ['size-limit', 'big'],
    ['size-increase-limit', 'lots'],
    ['size-comment-threshold', 'x'],
    ['size-limit-kind', 'zipped'],
    ['size-base', 'Bad/Name:tag'],
    ['size-base', 'https://x/y'],
  ];
  it.each(bad)('refuses %s %j with an InputError naming the input', (input, value) => {
    let error: unknown;
    try {
      settings({ [input]: value }, pullRequest);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toContain(`Input '${input}'`);
    expect((error as Error).message).toContain(value);
  });

  it('points a percentage in size-limit to size-increase-limit', () => {
    expect(() => settings({ 'size-limit': '10%' })).toThrow(/size-increase-limit/);
  });
});
