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
      shortShaLength: 7,
      commitDate: new Date('2024-03-05T07:00:00Z'),
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
      shortShaLength: 7,
      repository: '',
      defaultBranch: '',
      isFork: false,
      repo: {},
    });
  });

  it('reads the commit date and base_ref of a push payload', () => {
    const sha = 'e'.repeat(40);
    const event = {
      base_ref: 'refs/heads/main',
      commits: [{ id: 'f'.repeat(40), timestamp: '2024-01-01T00:00:00Z' }],
      head_commit: { id: sha, timestamp: '2024-02-03T04:05:06+01:00' },
    };
    const ctx = gitContext({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1', GITHUB_SHA: sha }, event);
    expect(ctx.commitDate?.toISOString()).toBe('2024-02-03T03:05:06.000Z');
    expect(ctx.pushBaseRef).toBe('refs/heads/main');
    expect(tags('type=raw,value=on-{{base_ref}}', ctx)).toEqual(['on-main']);
    expect(gitContext({ GITHUB_SHA: 'other' }, event).commitDate).toBeUndefined();
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
