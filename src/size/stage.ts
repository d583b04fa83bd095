import type { Logger } from '../common/logger.js';
import type { Docker, ImageInspect } from '../engine/docker.js';
import type { GitContext } from '../naming/git-context.js';
import type { RegistryClient } from '../registry/api.js';
import type { SizeGroup } from '../settings/size.js';
import { changedEnough } from './budgets.js';
import { upsertComment } from './comment.js';
import { commentMarker, renderSizeReport, type SizeReport } from './render.js';
import { buildSizeReport, type SizeHints } from './report.js';

export interface SizeStageResult {
  report: SizeReport;
  /** The report as the job summary and the pull-request comment show it. */
  markdown: string;
}

export interface SizeContext {
  docker: Docker;
  registry: RegistryClient;
  /** The built image, as the engine described it. */
  image: ImageInspect;
  /** Manifest digest when the image was pushed; empty otherwise. */
  digest: string;
  /** Registries that may already hold this image's layers, with exact sizes. */
  hints?: SizeHints;
  git: GitContext;
  /** `GITHUB_API_URL`: where the pull-request comment goes. */
  apiUrl: string;
  log: Logger;
}

/**
 * Starts measuring the size report: nothing it reads is changed by the tests, so an image that is not
 * pushed is measured beside them. Never rejects: a report that cannot be made is an `Error` value,
 * which `sizeStage` turns into a warning (or a budget failure).
 */
export function measureSize(settings: SizeGroup, context: SizeContext): Promise<SizeReport | Error> {
  return buildSizeReport(
    {
      settings,
      docker: context.docker,
      image: context.image,
      digest: context.digest,
      hints: context.hints,
      warn: (m) => context.log.warning(m),
    },
    context.registry,
  ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/**
 * The size report and the pull-request comment; `undefined` (with a warning) when the report
 * cannot be made. The budgets it exceeds are in `report.exceeded`: the step fails on them once
 * the report is out. `measured` is a report `measureSize` already started; else it is measured now.
 */
export async function sizeStage(
  settings: SizeGroup,
  context: SizeContext,
  measured: Promise<SizeReport | Error> = measureSize(settings, context),
): Promise<SizeStageResult | undefined> {
  const { log } = context;
  const report = await measured;
  if (report instanceof Error) {
    log.warning(`The size report could not be made: ${report.message}`);
    // A budget never passes on a size that could not be measured.
    const budgets = [
      settings.limit > 0 && "'size-limit'",
      settings.increaseLimit && "'size-increase-limit'",
    ].filter(Boolean);
    if (budgets.length > 0) {
      throw new Error(
        `Input ${budgets.join(' and ')} could not be checked: the size report failed (${report.message}). A budget never passes on an unknown size.`,
      );
    }
    return undefined;
  }
  const name = settings.subject.image?.familiar ?? '';
  const markdown = renderSizeReport(report, name);
  await commentOnPullRequest(settings, { report, markdown, name }, context);
  return { report, markdown };
}

/** One comment per image on the pull request, updated in place; problems are warnings. */
async function commentOnPullRequest(
  size: SizeGroup,
  made: { report: SizeReport; markdown: string; name: string },
  context: Pick<SizeContext, 'git' | 'apiUrl' | 'log'>,
): Promise<void> {
  const { git, log } = context;
  if (git.prNumber === undefined || size.comment === 'never') return;
  const summaryNote = 'the full report is in the job summary';
  if (git.isFork) {
    log.warning(
      `Size comment skipped: this pull request comes from a fork, whose token cannot comment; ${summaryNote}.`,
    );
    return;
  }
  if (!size.githubToken) {
    log.warning(`Size comment skipped: input 'github-token' is empty; ${summaryNote}.`);
    return;
  }
  const create = size.comment === 'always' || changedEnough(size, made.report.diff);
  try {
    const result = await upsertComment({
      apiUrl: context.apiUrl,
      token: size.githubToken,
      repository: git.repository,
      issue: git.prNumber,
      marker: commentMarker(made.name),
      body: made.markdown,
      create,
      author: size.commentAuthor,
    });
    log.info(
      result.action === 'skipped'
        ? `Size comment not posted: the compressed size did not change by more than 'size-comment-threshold'.`
        : `Size comment ${result.action} on pull request #${git.prNumber}${result.url ? `: ${result.url}` : ''}.`,
    );
  } catch (error) {
    const status = (error as { status?: number }).status;
    const fix =
      status === 403 || status === 404
        ? " Give the job 'permissions: pull-requests: write' (the token cannot write to this pull request)."
        : '';
    log.warning(
      `Could not post the size comment on pull request #${git.prNumber}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}.${fix} ${summaryNote[0].toUpperCase()}${summaryNote.slice(1)}.`,
    );
  }
}
