/**
 * The OCI image labels docker/metadata-action sets, from the repository and the commit. Pure: the caller
 * merges the user's `labels` over them.
 */
import type { GitContext } from './git-context.js';

const PREFIX = 'org.opencontainers.image.';

/**
 * `org.opencontainers.image.{title,description,url,source,version,created,revision,licenses}`; empty values
 * are left out, and so is every label when the context names no repository (a run outside GitHub
 * Actions): the labels describe where an image was built from, and there is nothing to describe.
 */
export function ociLabels(ctx: GitContext, version: string, created: Date): Record<string, string> {
  const url = ctx.repo.htmlUrl || (ctx.repository ? `https://github.com/${ctx.repository}` : '');
  if (url === '') return {};
  const license = ctx.repo.license === 'NOASSERTION' ? '' : (ctx.repo.license ?? '');
  const values: [string, string][] = [
    ['title', ctx.repo.name || (ctx.repository.split('/')[1] ?? '')],
    ['description', ctx.repo.description ?? ''],
    ['url', url],
    ['source', url],
    ['version', version],
    ['created', created.toISOString()],
    // The commit the workflow ran on (GITHUB_SHA; for a pull request the merge commit), as metadata-action.
    ['revision', ctx.sha],
    ['licenses', license],
  ];
  return Object.fromEntries(
    values.filter(([, value]) => value !== '').map(([key, value]) => [PREFIX + key, value]),
  );
}
