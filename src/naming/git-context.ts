/**
 * What the workflow run is about: the event, the ref, the commit and the repository, read from the
 * runner's environment and the event payload (`GITHUB_EVENT_PATH`, parsed by the caller), and the questions
 * the tag rules ask about it (which branch, which pull request, is it the default branch). Pure: no I/O.
 */
import { InputError } from '../common/errors.js';

export interface GitContext {
  /** `GITHUB_EVENT_NAME`: 'push', 'pull_request', 'schedule', … ('' outside GitHub Actions). */
  eventName: string;
  /**
   * `GITHUB_REF`: 'refs/heads/main', 'refs/tags/v1.2.3', 'refs/pull/42/merge'. For `pull_request_target`
   * (whose GITHUB_REF is the base branch) it is the pull request's ref, as docker/metadata-action does.
   */
  ref: string;
  /**
   * `GITHUB_SHA`: the commit the workflow runs on (for pull requests, the merge commit). With
   * `DOCKER_METADATA_PR_HEAD_SHA=true` in the environment, a pull request's head commit instead, as
   * docker/metadata-action does.
   */
  sha: string;
  /** `DOCKER_METADATA_SHORT_SHA_LENGTH` (metadata-action's): the length of a short SHA; 7 when unset. */
  shortShaLength?: number;
  /** When the commit was made, from the push payload (`commits`, `head_commit`); unknown otherwise. */
  commitDate?: Date;
  /** The push payload's `base_ref` (a tag push: the branch the tag is on, `refs/heads/main`). */
  pushBaseRef?: string;
  /** `GITHUB_REPOSITORY`: 'owner/name'. */
  repository: string;
  /** `repository.default_branch` from the payload; '' when unknown. */
  defaultBranch: string;
  prNumber?: number;
  /** The pull request's head commit. */
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

  const headSha = text(head?.sha);
  let sha = env.GITHUB_SHA ?? '';
  // metadata-action's opt-in: tag a pull request's build by its head commit, not the merge commit.
  if (/true/i.test(env.DOCKER_METADATA_PR_HEAD_SHA ?? '') && /pull_request/.test(eventName) && headSha) {
    sha = headSha;
  }

  const context: GitContext = {
    eventName,
    ref,
    sha,
    shortShaLength: shortShaLength(env.DOCKER_METADATA_SHORT_SHA_LENGTH),
    repository: env.GITHUB_REPOSITORY || fullName || '',
    defaultBranch: text(repository?.default_branch) ?? '',
    isFork,
    repo,
  };
  if (prNumber !== undefined) context.prNumber = prNumber;
  if (headSha !== undefined) context.prHeadSha = headSha;
  const commitDate = commitDateOf(event, sha);
  if (commitDate !== undefined) context.commitDate = commitDate;
  const pushBaseRef = text(event.base_ref);
  if (pushBaseRef !== undefined) context.pushBaseRef = pushBaseRef;
  const baseRef = text(base?.ref);
  if (baseRef !== undefined) context.prBaseRef = baseRef;
  return context;
}

function shortShaLength(value: string | undefined): number {
  if (!value) return SHORT_SHA_LENGTH;
  const length = Number(value);
  if (Number.isNaN(length)) {
    throw new InputError(
      'DOCKER_METADATA_SHORT_SHA_LENGTH',
      value,
      "give the short SHA's length as a number, e.g. 12 (an environment variable).",
    );
  }
  return length;
}

/** metadata-action's commit date from the payload: the pushed commit's timestamp. */
function commitDateOf(event: Record<string, unknown>, sha: string): Date | undefined {
  const commits = Array.isArray(event.commits) ? event.commits.map(record) : [];
  const candidates = [...commits, record(event.head_commit)];
  const timestamp = text(candidates.find((commit) => commit?.id === sha)?.timestamp);
  const date = timestamp === undefined ? undefined : new Date(timestamp);
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
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
const SHORT_SHA_LENGTH = 7;

export function refName(ref: string, kind: 'heads' | 'tags'): string | undefined {
  const prefix = `refs/${kind}/`;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

/** metadata-action's `type=ref,event=pr`: the ref after `refs/pull/`, without `/merge`. */
export function pullRequestNumber(ctx: GitContext): string | undefined {
  return ctx.ref.startsWith('refs/pull/')
    ? ctx.ref.slice('refs/pull/'.length).replace(/\/merge$/, '')
    : undefined;
}

/** `{{sha}}` and `type=sha`'s short form: the first `shortShaLength` characters (all when shorter). */
export function shortSha(ctx: GitContext): string {
  const length = ctx.shortShaLength ?? SHORT_SHA_LENGTH;
  return length >= ctx.sha.length ? ctx.sha : ctx.sha.slice(0, length);
}

/**
 * metadata-action's `{{is_default_branch}}`: the ref without `refs/heads/` is the payload's default
 * branch, or the event always runs on the default branch's last commit.
 */
export function isDefaultBranch(ctx: GitContext): boolean {
  const branch = ctx.ref.replace(/^refs\/heads\//, '');
  if (branch === '') return false;
  if (ctx.defaultBranch !== '' && branch === ctx.defaultBranch) return true;
  return /create|discussion|issues|schedule/.test(ctx.eventName);
}

/** No event and no ref: not a GitHub Actions run (a local run). */
export function isOutsideActions(ctx: GitContext): boolean {
  return ctx.eventName === '' && ctx.ref === '';
}
