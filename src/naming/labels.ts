/**
 * The OCI image labels docker/metadata-action sets, from the repository and the commit. Pure: the caller
 * merges the user's `labels` over them.
 */
import type { GitContext } from './git-context.js';

const PREFIX = 'org.opencontainers.image.';

/**
 * `org.opencontainers.image.{title,description,url,source,version,created,revision,licenses}`, empty
 * values included, as metadata-action gives them; none when the context names no repository (a run
 * outside GitHub Actions): the labels describe where an image was built from, and there is nothing to
 * describe.
 */
export function ociLabels(ctx: GitContext, version: string, created: Date): Record<string, string> {
  const url = ctx.repo.htmlUrl || (ctx.repository ? `https://github.com/${ctx.repository}` : '');
  if (url === '') return {};
  const license = ctx.repo.license ?? '';
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
  return Object.fromEntries(values.map(([key, value]) => [PREFIX + key, value]));
}

/**
 * metadata-action's `labels` and `annotations` lists: the OCI set, then the user's (a later key wins),
 * sorted by key, each `key=value`.
 */
export function metadataList(oci: Record<string, string>, custom: Record<string, string>): string[] {
  const entries = Object.entries({ ...oci, ...custom });
  // metadata-action sorts with localeCompare. Its first call loads ICU's collator (≈25 ms of every
  // run); keys of lower-case letters, digits, '.' and '-' (the OCI ones, and most) sort the same by
  // code point, so the collator is only asked for other keys.
  const plain = entries.every(([key]) => /^[a-z0-9.-]*$/.test(key));
  const order = plain
    ? ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0)
    : ([a]: [string, string], [b]: [string, string]) => a.localeCompare(b);
  return entries.sort(order).map(([key, value]) => `${key}=${value}`);
}
