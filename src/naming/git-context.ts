/**
 * What the workflow run is about: the event, the ref, the commit and the repository, read from the
 * runner's environment and the event payload (`GITHUB_EVENT_PATH`, parsed by the caller). Pure: no I/O.
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
