// upsertComment against the GitHub REST stand-in, through the real Octokit it builds from the API URL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertComment, type StickyComment } from '../../../src/size/comment.js';
import { commentMarker } from '../../../src/size/render.js';
import { type GitHubApi, startGitHubApi } from '../../harness/github-api.js';

const MARKER = commentMarker('ghcr.io/acme/app');

let api: GitHubApi;

beforeEach(async () => {
  api = await startGitHubApi();
});

afterEach(async () => {
  await api.stop();
});

function sticky(overrides: Partial<StickyComment> = {}): StickyComment {
  return {
    apiUrl: `${api.url}/`,
    token: 'test-token',
    repository: 'acme/widgets',
    issue: 7,
    marker: MARKER,
    body: `${MARKER}\nnew report`,
    create: true,
    ...overrides,
  };
}

describe('upsertComment', () => {
  it('creates the comment when none has the marker and creating is asked for', async () => {
    api.seedComments('acme', 'widgets', 7, ['LGTM', commentMarker('ghcr.io/acme/other')]);
    const result = await upsertComment(sticky());
    expect(result).toEqual({
      action: 'created',
      id: 1002,
      url: 'https://github.com/acme/widgets/issues/7#issuecomment-1002',
    });
    expect(api.comments('acme', 'widgets', 7).map((c) => c.body)).toEqual([
      'LGTM',
      commentMarker('ghcr.io/acme/other'),
      `${MARKER}\nnew report`,
    ]);
    expect(api.requests.every((r) => r.headers.authorization === 'token test-token')).toBe(true);
  });

  it('creates nothing when none has the marker and creating is not asked for', async () => {
    expect(await upsertComment(sticky({ create: false }))).toEqual({ action: 'skipped' });
    expect(api.comments('acme', 'widgets', 7)).toEqual([]);
    // Who the token writes as (`GET /user`, refused to GITHUB_TOKEN), then the comments.
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /user',
      'GET /repos/acme/widgets/issues/7/comments',
    ]);
  });

  it("never edits another account's comment that carries the marker: it creates its own (issue #13)", async () => {
    const [foreign] = api.seedComments('acme', 'widgets', 7, [`${MARKER}\nplanted by someone`]);
    const result = await upsertComment(sticky());
    expect(result.action).toBe('created');
    const comments = api.comments('acme', 'widgets', 7);
    expect(comments.find((c) => c.id === foreign.id)?.body).toBe(`${MARKER}\nplanted by someone`);
    expect(comments.filter((c) => c.user.login === 'github-actions[bot]').map((c) => c.body)).toEqual([
      `${MARKER}\nnew report`,
    ]);
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('nor its own comment that only quotes the marker further down', async () => {
    api.seedComments('acme', 'widgets', 7, [`see the report: ${MARKER}`], 'actor');
    expect((await upsertComment(sticky())).action).toBe('created');
  });

  it('takes the author from size-comment-author when the token cannot tell', async () => {
    api.seedComments('acme', 'widgets', 7, [`${MARKER}\nold`], 'actor');
    const result = await upsertComment(sticky({ author: 'someone-else[bot]' }));
    expect(result.action).toBe('created');
  });

  it('updates its comment in place, found on a later page, whether creating is asked for or not', async () => {
    api.seedComments(
      'acme',
      'widgets',
      7,
      Array.from({ length: 230 }, (_, i) => `chatter ${i}`),
    );
    const [mine] = api.seedComments('acme', 'widgets', 7, [`${MARKER}\nold report`], 'actor');
    api.seedComments('acme', 'widgets', 7, ['after']);
    const result = await upsertComment(sticky({ create: false }));
    expect(result).toEqual({
      action: 'updated',
      id: mine.id,
      url: `https://github.com/acme/widgets/issues/7#issuecomment-${mine.id}`,
    });
    const comments = api.comments('acme', 'widgets', 7);
    expect(comments).toHaveLength(232);
    expect(comments[230].body).toBe(`${MARKER}\nnew report`);
    expect(comments[231].body).toBe('after');
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(4); // /user, then 3 pages
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('fails with the API error when GitHub refuses (a token without pull-requests: write)', async () => {
    api.fault({ status: 403, method: 'POST' });
    await expect(upsertComment(sticky())).rejects.toMatchObject({ status: 403 });
  });
});
