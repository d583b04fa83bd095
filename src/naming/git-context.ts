/**
 * What the workflow run is about: the event, the ref, the commit and the repository, read from the
 * runner's environment and the event payload (`GITHUB_EVENT_PATH`, parsed by the caller), and the questions
 * the tag rules ask about it (which branch, which pull request, is it the default branch). Pure: no I/O.
 */

export interface GitContext {
  /** `GITHUB_EVENT_NAME`: 'push', 'pull_request', 'schedule', … ('' outside GitHub Actions). */
  eventName: string;
  /**
   * `GITHUB_REF`: 'refs/heads/main', 'refs/tags/v1.2.3', 'refs/pull/42/merge'. For `pull_request_target`
   * (whose GITHUB_REF is the base branch) it is the pull request's ref, as docker/metadata-action does.
   */
  ref: string;
  /** `GITHUB_SHA`: the commit the workflow runs on (for pull requests, the merge commit). */
  sha: string;
  /** `GITHUB_REPOSITORY`: 'owner/name'. */
  repository: string;
  /** `repository.default_branch` from the payload; '' when unknown. */
  defaultBranch: string;
  prNumber?: number;
  /** The pull request's head commit; `type=sha` uses it on pull request events. */
  prHeadSha?: string;
  prBaseRef?: string;
  /** A pull request from another repository: it runs without the repository's secrets. */
  isFork: boolean;
  repo: {
    name?: string;
    description?: string;
    htmlUrl?: string;
    /** SPDX id of the license, e.g. 'MIT' or 'NOASSERTION'. */
    license?: string;
  };
}

/** Events whose payload is a pull request (and whose fork status matters). */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

export function gitContext(env: NodeJS.ProcessEnv, event: Record<string, unknown>): GitContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const repository = record(event.repository);
  const pr = record(event.pull_request);
  const head = record(pr?.head);
  const base = record(pr?.base);
  const prNumber = integer(pr?.number) ?? (pr ? integer(event.number) : undefined);

  let ref = env.GITHUB_REF ?? '';
  if (eventName === 'pull_request_target' && prNumber !== undefined) {
    // GITHUB_REF is the base branch here; tagging the build as that branch would be wrong.
    ref = `refs/pull/${prNumber}/merge`;
  }

  const fullName = text(repository?.full_name);
  const isFork =
    PULL_REQUEST_EVENTS.includes(eventName) &&
    pr !== undefined &&
    text(record(head?.repo)?.full_name) !== (fullName ?? env.GITHUB_REPOSITORY);

  const repo: GitContext['repo'] = {};
  const name = text(repository?.name);
  const description = text(repository?.description);
  const htmlUrl = text(repository?.html_url);
  const license = text(record(repository?.license)?.spdx_id);
  if (name !== undefined) repo.name = name;
  if (description !== undefined) repo.description = description;
  if (htmlUrl !== undefined) repo.htmlUrl = htmlUrl;
  if (license !== undefined) repo.license = license;

  const context: GitContext = {
    eventName,
    ref,
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY || fullName || '',
    defaultBranch: text(repository?.default_branch) ?? '',
    isFork,
    repo,
  };
  if (prNumber !== undefined) context.prNumber = prNumber;
  const headSha = text(head?.sha);
  if (headSha !== undefined) context.prHeadSha = headSha;
  const baseRef = text(base?.ref);
  if (baseRef !== undefined) context.prBaseRef = baseRef;
  return context;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// What the tag rules ask about the run, answered as docker/metadata-action answers

/** A short commit SHA's length, as `git rev-parse --short` and metadata-action give it. */
export const SHORT_SHA_LENGTH = 7;

export function refName(ref: string, kind: 'heads' | 'tags'): string | undefined {
  const prefix = `refs/${kind}/`;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

export function isPullRequest(ctx: GitContext): boolean {
  return ctx.eventName.startsWith('pull_request') || ctx.ref.startsWith('refs/pull/');
}

export function pullRequestNumber(ctx: GitContext): string | undefined {
  const fromRef = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ctx.ref)?.[1];
  if (fromRef !== undefined) return fromRef;
  return ctx.eventName.startsWith('pull_request') && ctx.prNumber !== undefined
    ? String(ctx.prNumber)
    : undefined;
}

/** The commit `type=sha` names: the pull request's head on pull request events, else GITHUB_SHA. */
export function tagSha(ctx: GitContext): string {
  return (isPullRequest(ctx) ? ctx.prHeadSha : undefined) || ctx.sha;
}

/** metadata-action's `{{is_default_branch}}`. */
export function isDefaultBranch(ctx: GitContext): boolean {
  const branch = refName(ctx.ref, 'heads');
  if (branch === undefined || branch === '') return false;
  if (ctx.defaultBranch !== '' && branch === ctx.defaultBranch) return true;
  // These events always run on the default branch's last commit.
  return /create|discussion|issues|schedule/.test(ctx.eventName);
}

export function isDefaultBranchPush(ctx: GitContext): boolean {
  return (
    ctx.eventName === 'push' && ctx.defaultBranch !== '' && ctx.ref === `refs/heads/${ctx.defaultBranch}`
  );
}

/** No event and no ref: not a GitHub Actions run (a local run); latest=auto then gives `latest`. */
export function isOutsideActions(ctx: GitContext): boolean {
  return ctx.eventName === '' && ctx.ref === '';
}
