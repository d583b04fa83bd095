import type { Octokit } from '@octokit/rest';

export interface StickyComment {
  /** `GITHUB_API_URL`: api.github.com, or a GHES `https://host/api/v3`. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  issue: number;
  /** The hidden marker that tells this comment from every other one. */
  marker: string;
  body: string;
  /** Create one when none exists yet (`size-comment: always`, or `on-change` with a change). */
  create: boolean;
  /** Login whose comments are ours; empty: the token's own (`GET /user`), else GITHUB_TOKEN's bot. */
  author?: string;
}

/** Who GITHUB_TOKEN (an installation token, which cannot read `/user`) writes comments as. */
const ACTIONS_BOT = 'github-actions[bot]';

/**
 * One comment per image on the pull request, found by its hidden marker across every page of
 * comments and updated in place; created only when asked and none exists.
 */
export async function upsertComment(
  comment: StickyComment,
  client?: Octokit,
): Promise<{ action: 'created' | 'updated' | 'skipped'; id?: number; url?: string }> {
  // Loaded only here: a run without a pull-request comment never pays for parsing Octokit.
  const octokit =
    client ??
    new (await import('@octokit/rest')).Octokit({
      auth: comment.token,
      baseUrl: comment.apiUrl.replace(/\/+$/, ''),
    });
  const [owner, repo] = comment.repository.split('/');
  const author = comment.author || (await tokenLogin(octokit));
  // Ours: written by this token's account and starting with the marker. Anyone can post the marker;
  // such a comment is never edited (nor does it block ours).
  const existing = (
    await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: comment.issue,
      per_page: 100,
    })
  ).find((item) => item.user?.login === author && (item.body ?? '').startsWith(comment.marker));
  if (existing) {
    const updated = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body: comment.body,
    });
    return { action: 'updated', id: existing.id, url: updated.data.html_url };
  }
  if (!comment.create) return { action: 'skipped' };
  const created = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: comment.issue,
    body: comment.body,
  });
  return { action: 'created', id: created.data.id, url: created.data.html_url };
}

/** The token's own login; `github-actions[bot]` for GITHUB_TOKEN, which `/user` refuses (403). */
async function tokenLogin(octokit: Octokit): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404) return ACTIONS_BOT;
    throw error;
  }
}
