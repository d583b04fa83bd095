import { describe, expect, it } from 'vitest';
import { gitContext } from '../../../src/naming/git-context.js';
import { run } from '../../fixtures/runs.js';
import { tags } from './helpers.js';

describe('gitContext', () => {
  it('reads a push to the default branch', () => {
    expect(run('push-main')).toEqual({
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: '1'.repeat(40),
      repository: 'acme/shipshape',
      defaultBranch: 'main',
      isFork: false,
      repo: {
        name: 'shipshape',
        description: 'One step from Dockerfile to registry',
        htmlUrl: 'https://github.com/acme/shipshape',
        license: 'MIT',
      },
    });
  });

  it('reads a pull request from the same repository', () => {
    expect(run('pull-request')).toMatchObject({
      eventName: 'pull_request',
      ref: 'refs/pull/42/merge',
      sha: 'c'.repeat(40),
      prNumber: 42,
      prHeadSha: 'a42a42a42a42a42a42a42a42a42a42a42a42a42a',
      prBaseRef: 'main',
      isFork: false,
    });
  });

  it('marks a pull request from another repository as a fork', () => {
    expect(run('pull-request-fork')).toMatchObject({ prNumber: 7, isFork: true });
  });

  it('uses the pull request ref for pull_request_target, whose GITHUB_REF is the base branch', () => {
    const ctx = run('pull-request-fork', {
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_REF: 'refs/heads/main',
    });
    expect(ctx).toMatchObject({ ref: 'refs/pull/7/merge', isFork: true });
    expect(tags('', ctx)).toEqual(['pr-7']);
  });

  it('knows forks only on pull request events', () => {
    const event = {
      pull_request: { head: { repo: { full_name: 'x/y' } } },
      repository: { full_name: 'a/b' },
    };
    expect(gitContext({ GITHUB_EVENT_NAME: 'pull_request_review' }, event).isFork).toBe(false);
    expect(gitContext({ GITHUB_EVENT_NAME: 'pull_request' }, event).isFork).toBe(true);
  });

  it('falls back to empty values without a runner environment or payload', () => {
    expect(gitContext({}, {})).toEqual({
      eventName: '',
      ref: '',
      sha: '',
      repository: '',
      defaultBranch: '',
      isFork: false,
      repo: {},
    });
  });

  it('ignores payload fields of the wrong type', () => {
    const ctx = gitContext(
      { GITHUB_EVENT_NAME: 'pull_request' },
      {
        repository: { name: 5, license: 'MIT', default_branch: null },
        pull_request: { number: '42', head: [] },
      },
    );
    expect(ctx).toEqual({ ...gitContext({}, {}), eventName: 'pull_request', repo: {} });
  });
});
