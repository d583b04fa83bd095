// The GitHub REST stand-in, driven by the real @octokit/rest client exactly as the action builds it
// (token auth, baseUrl = GITHUB_API_URL), so that report tests written against it hold against GitHub.
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubApi, startGitHubApi } from '../../harness/github-api.js';

const OWNER = 'acme';
const REPO = 'widgets';
const ISSUE = 7;
const where = { owner: OWNER, repo: REPO, issue_number: ISSUE };

let api: GitHubApi;
let octokit: Octokit;

beforeEach(async () => {
  api = await startGitHubApi();
  octokit = new Octokit({ auth: 'test-token', baseUrl: api.url });
});

afterEach(async () => {
  await api.stop();
});

/** Runs `fn`, expecting it to reject; returns the rejection. */
async function rejection(
  fn: () => Promise<unknown>,
): Promise<{ name: string; status: number; response?: { data: unknown } }> {
  try {
    await fn();
  } catch (e) {
    return e as { name: string; status: number; response?: { data: unknown } };
  }
  throw new Error('expected a rejection');
}

describe('GitHub API stand-in', () => {
  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(api.url).not.toMatch(/:0$/);
  });

  it('paginates 250 comments in three pages of 100 via octokit.paginate', async () => {
    const bodies = Array.from({ length: 250 }, (_, i) => `unrelated comment ${i}`);
    api.seedComments(OWNER, REPO, ISSUE, bodies);

    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });

    expect(all.map((c) => c.body)).toEqual(bodies);
    expect(all.map((c) => c.id)).toEqual(bodies.map((_, i) => 1000 + i));
    const gets = api.requests.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets.every((r) => r.path === `/repos/${OWNER}/${REPO}/issues/${ISSUE}/comments`)).toBe(true);
    expect(gets.map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
      { per_page: '100', page: '3' },
    ]);
  });

  it("sends GitHub's Link header: next/last first, prev/first later, none on a single page", async () => {
    api.seedComments(
      OWNER,
      REPO,
      ISSUE,
      Array.from({ length: 250 }, (_, i) => `c${i}`),
    );
    const base = `${api.url}/repos/${OWNER}/${REPO}/issues/${ISSUE}/comments?per_page=100`;

    const first = await octokit.rest.issues.listComments({ ...where, per_page: 100 });
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    expect(first.data).toHaveLength(100);

    const second = await octokit.rest.issues.listComments({ ...where, per_page: 100, page: 2 });
    expect(second.headers.link).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", ` +
        `<${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );

    const third = await octokit.rest.issues.listComments({ ...where, per_page: 100, page: 3 });
    expect(third.headers.link).toBe(`<${base}&page=2>; rel="prev", <${base}&page=1>; rel="first"`);
    expect(third.data.map((c) => c.body)).toEqual(Array.from({ length: 50 }, (_, i) => `c${200 + i}`));

    const single = await octokit.rest.issues.listComments({ ...where, issue_number: 99 });
    expect(single.headers.link).toBeUndefined();
  });

  it('defaults per_page to 30 and caps it at 100', async () => {
    api.seedComments(
      OWNER,
      REPO,
      ISSUE,
      Array.from({ length: 150 }, (_, i) => `c${i}`),
    );

    const byDefault = await octokit.rest.issues.listComments(where);
    expect(byDefault.data).toHaveLength(30);
    expect(byDefault.headers.link).toContain('page=5>; rel="last"');

    const capped = await octokit.rest.issues.listComments({ ...where, per_page: 500 });
    expect(capped.data).toHaveLength(100);
  });

  it('renders comments with the fields of the real API', async () => {
    api.seedComments(OWNER, REPO, ISSUE, ['hello']);
    const [c] = (await octokit.rest.issues.listComments(where)).data;

    expect(c).toMatchObject({
      id: 1000,
      body: 'hello',
      url: `${api.url}/repos/${OWNER}/${REPO}/issues/comments/1000`,
      html_url: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}#issuecomment-1000`,
      issue_url: `${api.url}/repos/${OWNER}/${REPO}/issues/${ISSUE}`,
      user: { login: 'octocat', type: 'User', id: 583231 },
      author_association: 'NONE',
    });
    expect(c.node_id).toMatch(/^IC_/);
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(c.updated_at).toBe(c.created_at);
  });

  it('answers an unknown repository or issue with an empty list', async () => {
    const res = await octokit.rest.issues.listComments({ owner: 'nobody', repo: 'nothing', issue_number: 1 });
    expect(res.status).toBe(200);
    expect(res.data).toEqual([]);
  });

  it('creates comments as github-actions[bot], with increasing ids and a Location header', async () => {
    const one = await octokit.rest.issues.createComment({ ...where, body: 'first report' });
    const two = await octokit.rest.issues.createComment({ ...where, body: 'second report' });

    expect(one.status).toBe(201);
    expect(one.data).toMatchObject({
      id: 1000,
      body: 'first report',
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    expect(two.data.id).toBe(1001);
    expect(one.headers.location).toBe(`${api.url}/repos/${OWNER}/${REPO}/issues/comments/1000`);
    expect(api.comments(OWNER, REPO, ISSUE).map((c) => [c.id, c.body, c.user.login])).toEqual([
      [1000, 'first report', 'github-actions[bot]'],
      [1001, 'second report', 'github-actions[bot]'],
    ]);
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', { body: 'first report' }],
      ['POST', { body: 'second report' }],
    ]);
  });

  it('rejects a comment without a body with 422', async () => {
    const err = await rejection(() =>
      octokit.request(`POST /repos/${OWNER}/${REPO}/issues/${ISSUE}/comments`, {}),
    );
    expect(err).toMatchObject({ name: 'HttpError', status: 422 });
    expect(err.response?.data).toEqual({
      message: 'Invalid request.\n\n"body" wasn\'t supplied.',
      documentation_url: 'https://docs.github.com/rest',
    });
    expect(api.comments(OWNER, REPO, ISSUE)).toEqual([]);
  });

  it('updates a comment in place', async () => {
    const [seeded] = api.seedComments(OWNER, REPO, ISSUE, ['old report']);
    const res = await octokit.rest.issues.updateComment({
      owner: OWNER,
      repo: REPO,
      comment_id: seeded.id,
      body: 'new report',
    });

    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: seeded.id, body: 'new report' });
    expect(api.comments(OWNER, REPO, ISSUE)).toMatchObject([{ id: seeded.id, body: 'new report' }]);
    expect(api.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/repos/${OWNER}/${REPO}/issues/comments/${seeded.id}`,
      body: { body: 'new report' },
    });
  });

  it('answers 404 for an unknown comment id, one from another repository, and unknown routes', async () => {
    const [seeded] = api.seedComments('other', 'repo', 1, ['elsewhere']);
    const unknown = await rejection(() =>
      octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: 4242, body: 'x' }),
    );
    expect(unknown).toMatchObject({ name: 'HttpError', status: 404 });
    expect(unknown.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
    });

    const foreign = await rejection(() =>
      octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: seeded.id, body: 'x' }),
    );
    expect(foreign.status).toBe(404);
    expect(api.comments('other', 'repo', 1)[0].body).toBe('elsewhere');

    const route = await rejection(() => octokit.rest.repos.get({ owner: OWNER, repo: REPO }));
    expect(route.status).toBe(404);
  });

  it('surfaces an injected 403 as a RequestError, for the requested number of times', async () => {
    api.fault({ status: 403, times: 1 });
    const err = await rejection(() => octokit.rest.issues.createComment({ ...where, body: 'report' }));

    expect(err.constructor.name).toBe('RequestError');
    expect(err).toMatchObject({ name: 'HttpError', status: 403 });
    expect(err.response?.data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
    });
    expect(api.comments(OWNER, REPO, ISSUE)).toEqual([]);

    const retry = await octokit.rest.issues.createComment({ ...where, body: 'report' });
    expect(retry.status).toBe(201);
  });

  it('limits a fault to one method and keeps it until cleared when times is omitted', async () => {
    api.fault({ status: 500, message: 'boom', method: 'POST' });

    expect((await octokit.rest.issues.listComments(where)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const err = await rejection(() => octokit.rest.issues.createComment({ ...where, body: 'x' }));
      expect(err.status).toBe(500);
      expect(err.response?.data).toMatchObject({ message: 'boom' });
    }
    api.fault(undefined);
    expect((await octokit.rest.issues.createComment({ ...where, body: 'x' })).status).toBe(201);
  });

  it('records the token and requires one', async () => {
    await octokit.rest.issues.listComments(where);
    expect(api.requests[0].headers.authorization).toBe('token test-token');

    const anonymous = new Octokit({ baseUrl: api.url });
    const err = await rejection(() => anonymous.rest.issues.createComment({ ...where, body: 'x' }));
    expect(err.status).toBe(401);
    expect(err.response?.data).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
    });
    expect(api.requests[1].headers.authorization).toBeUndefined();
    expect(api.comments(OWNER, REPO, ISSUE)).toEqual([]);
  });

  it('sends the JSON content type and API version headers on every response', async () => {
    const ok = await octokit.rest.issues.listComments(where);
    const missing = await rejection(() => octokit.rest.repos.get({ owner: OWNER, repo: REPO }));

    for (const headers of [
      ok.headers,
      (missing as unknown as { response: { headers: typeof ok.headers } }).response.headers,
    ]) {
      expect(headers['content-type']).toBe('application/json; charset=utf-8');
      expect(headers['x-github-api-version-selected']).toBe('2022-11-28');
    }
  });
});
