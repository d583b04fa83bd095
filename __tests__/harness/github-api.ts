// A local stand-in for the slice of the GitHub REST API that Shipshape's report step uses (issue / pull
// request comments), so that the real @octokit/rest client can run against 127.0.0.1. Set GITHUB_API_URL
// (Octokit's baseUrl) to `api.url`.
//
// Contract (as api.github.com answers, API version 2022-11-28):
//   GET   /repos/{owner}/{repo}/issues/{issue_number}/comments?per_page=&page=
//         → 200 [comment…], ascending id; per_page 30 by default, 100 at most; a `Link` header (prev, next,
//         last, first) when there is more than one page. An unknown repo or issue is just an empty list.
//   POST  /repos/{owner}/{repo}/issues/{issue_number}/comments {body} → 201 comment + Location;
//         no body → 422 "Invalid request.\n\n\"body\" wasn't supplied."
//   PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} {body} → 200 comment; unknown id → 404
// Every request needs `Authorization: token X` / `Bearer X` (else 401 "Requires authentication"); errors are
// {message, documentation_url}; anything else is 404 Not Found. `fault()` makes matching requests fail.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedRequest {
  method: string;
  /** Pathname only; the query string is parsed into `query`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names, as received. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

interface GitHubFault {
  status: number;
  /** GitHub's `message`; defaults to the usual one for the status. */
  message?: string;
  /** Only requests with this method (any method when omitted). */
  method?: string;
  /** How many requests to fail; until cleared with `fault(undefined)` when omitted. */
  times?: number;
}

export interface GitHubApi {
  /** `http://127.0.0.1:<port>`, no trailing slash: the GITHUB_API_URL / Octokit baseUrl. */
  url: string;
  /** Everything received, in order (faulted and rejected requests included). */
  requests: RecordedRequest[];
  comments(owner: string, repo: string, issue: number): StoredComment[];
  /** Adds pre-existing comments (by `octocat`, a User) to an issue; returns them. */
  /** By `octocat` unless `by: 'actor'` (the account the API's token writes as). */
  seedComments(owner: string, repo: string, issue: number, bodies: string[], by?: 'actor'): StoredComment[];
  fault(f: GitHubFault | undefined): void;
  stop(): Promise<void>;
}

export interface GitHubApiOptions {
  /** Author of comments created through the API; GITHUB_TOKEN's `github-actions[bot]` by default. */
  actor?: { login: string; id: number; type: string };
  /** Id of the first comment stored (seeded or created); 1000 by default. */
  firstCommentId?: number;
}

interface Comment extends StoredComment {
  owner: string;
  repo: string;
  issue: number;
  userId: number;
}

const DOCS = 'https://docs.github.com/rest';
const SEED_USER = { login: 'octocat', id: 583231, type: 'User' };
const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Server Error',
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const issueKey = (owner: string, repo: string, issue: number) =>
  `${owner.toLowerCase()}/${repo.toLowerCase()}#${issue}`;

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const actor = options.actor ?? { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
  const byIssue = new Map<string, Comment[]>();
  const byId = new Map<number, Comment>();
  const requests: RecordedRequest[] = [];
  let nextId = options.firstCommentId ?? 1000;
  let fault: GitHubFault | undefined;
  let used = 0;

  function store(owner: string, repo: string, issue: number, body: string, user = actor): Comment {
    const at = now();
    const c: Comment = {
      id: nextId++,
      body,
      user: { login: user.login, type: user.type },
      created_at: at,
      updated_at: at,
      owner,
      repo,
      issue,
      userId: user.id,
    };
    const key = issueKey(owner, repo, issue);
    byIssue.set(key, [...(byIssue.get(key) ?? []), c]);
    byId.set(c.id, c);
    return c;
  }

  const publicView = (c: Comment): StoredComment => ({
    id: c.id,
    body: c.body,
    user: { ...c.user },
    created_at: c.created_at,
    updated_at: c.updated_at,
  });

  /** The comment as the REST API renders it. */
  const render = (c: Comment) => ({
    url: `${origin}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/issues/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${origin}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
    id: c.id,
    node_id: `IC_kwDO${Buffer.from(`IssueComment${c.id}`).toString('base64url')}`,
    user: {
      login: c.user.login,
      id: c.userId,
      node_id: `${c.user.type === 'Bot' ? 'BOT' : 'U'}_kgDO${c.userId}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${c.userId}?v=4`,
      html_url: `https://github.com/${c.user.login.replace(/\[bot\]$/, '')}`,
      type: c.user.type,
      site_admin: false,
    },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.login.toLowerCase() === c.owner.toLowerCase() ? 'OWNER' : 'NONE',
    body: c.body,
    performed_via_github_app: null,
  });

  function commentBody(body: unknown = {}): string {
    // An empty request body counts as `{}`, as on GitHub.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'Problems parsing JSON');
    }
    const text = (body as Record<string, unknown>).body;
    if (text === undefined) throw new ApiError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
    if (typeof text !== 'string') {
      throw new ApiError(
        422,
        `Invalid request.\n\nFor 'properties/body', ${JSON.stringify(text)} is not a string.`,
      );
    }
    return text;
  }

  function list(owner: string, repo: string, issue: number, url: URL, res: ServerResponse): unknown {
    const intParam = (name: string, fallback: number) => {
      const n = Number.parseInt(url.searchParams.get(name) ?? '', 10);
      return Number.isFinite(n) && n > 0 ? n : fallback;
    };
    const perPage = Math.min(intParam('per_page', 30), 100);
    const page = intParam('page', 1);
    const all = byIssue.get(issueKey(owner, repo, issue)) ?? [];
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const pageUrl = (p: number) => {
      const u = new URL(url.pathname + url.search, origin);
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${pageUrl(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);
    if (links.length) res.setHeader('link', links.join(', '));
    return all.slice((page - 1) * perPage, page * perPage).map(render);
  }

  function route(method: string, url: URL, body: unknown, res: ServerResponse): [number, unknown] {
    const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const onIssue = seg.length === 6 && seg[0] === 'repos' && seg[3] === 'issues' && seg[5] === 'comments';
    if (onIssue && /^\d+$/.test(seg[4])) {
      const [, owner, repo, , issue] = seg;
      if (method === 'GET') return [200, list(owner, repo, Number(issue), url, res)];
      if (method === 'POST') {
        const c = store(owner, repo, Number(issue), commentBody(body));
        res.setHeader('location', `${origin}/repos/${owner}/${repo}/issues/comments/${c.id}`);
        return [201, render(c)];
      }
    }
    const onComment = seg.length === 6 && seg[0] === 'repos' && seg[3] === 'issues' && seg[4] === 'comments';
    if (onComment && method === 'PATCH' && /^\d+$/.test(seg[5])) {
      const c = byId.get(Number(seg[5]));
      // Owner and repo are case-insensitive on GitHub; a comment id from another repository is not found.
      const inRepo = c && `${c.owner}/${c.repo}`.toLowerCase() === `${seg[1]}/${seg[2]}`.toLowerCase();
      if (!c || !inRepo) throw new ApiError(404, 'Not Found');
      c.body = commentBody(body);
      c.updated_at = now();
      return [200, render(c)];
    }
    // `GET /user`: an installation token (GITHUB_TOKEN, a Bot) may not read it, as on GitHub.
    if (seg.length === 1 && seg[0] === 'user' && method === 'GET') {
      if (actor.type === 'Bot') throw new ApiError(403, 'Resource not accessible by integration');
      return [200, { login: actor.login, id: actor.id, type: actor.type }];
    }
    throw new ApiError(404, 'Not Found');
  }

  function send(res: ServerResponse, status: number, payload: unknown): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - used)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    let body: unknown = undefined;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw; // POST/PATCH answer 400 "Problems parsing JSON" (see commentBody)
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body });
    used++;

    const error = (status: number, message: string) =>
      send(res, status, { message, documentation_url: DOCS });
    if (fault && (!fault.method || fault.method.toUpperCase() === method)) {
      const { status, message } = fault;
      if (fault.times !== undefined && --fault.times <= 0) fault = undefined;
      return error(status, message ?? DEFAULT_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error');
    }
    if (!/^(token|bearer) +\S+/i.test(headers.authorization ?? ''))
      return error(401, 'Requires authentication');
    try {
      const [status, payload] = route(method, url, body, res);
      send(res, status, payload);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      error(e.status, e.message);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      send(res, 500, { message: `stand-in failure: ${String(e)}`, documentation_url: DOCS });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    comments: (owner, repo, issue) => (byIssue.get(issueKey(owner, repo, issue)) ?? []).map(publicView),
    seedComments: (owner, repo, issue, bodies, by) =>
      bodies.map((b) => publicView(store(owner, repo, issue, b, by === 'actor' ? actor : SEED_USER))),
    fault(f) {
      fault = f && (f.times ?? 1) > 0 ? { ...f } : undefined;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
