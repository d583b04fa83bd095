/**
 * Templates in the `tags` and `flavor` inputs: `{{name}}` and `{{date 'FORMAT'}}`, checked when a rule is
 * read and evaluated per run. Values from git names are marked, so the tag text can make them tag-safe.
 */
import {
  SHORT_SHA_LENGTH,
  isDefaultBranch,
  isPullRequest,
  refName,
  tagSha,
  type GitContext,
} from './git-context.js';

/** Placeholders in `value=`, `prefix=`, `suffix=`, `enable=` and the flavor's prefix and suffix. */
export const GLOBAL_PLACEHOLDERS = ['branch', 'tag', 'sha', 'base_ref', 'is_default_branch', 'date'];
export const SEMVER_PLACEHOLDERS = ['version', 'major', 'minor', 'patch', 'raw'];
export const SCHEDULE_PLACEHOLDERS = ['date'];
/** Placeholders whose text comes from a git ref name, so it is made tag-safe. */
const GIT_NAME_PLACEHOLDERS = ['branch', 'tag', 'base_ref'];
const DATE_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'];

/** Reports a mistake in the line being read; never returns. */
export type Fail = (problem: string) => never;

/** What templates are evaluated against: the run, and the time `{{date}}` gives. */
export interface Env {
  ctx: GitContext;
  now: Date;
}

/** A piece of a tag; text from git names is sanitized, the user's own text is kept as written. */
export interface Piece {
  text: string;
  fromGit: boolean;
}

type Token = { text: string } | { name: string; format?: string };
export type Template = Token[];

export function parseTemplate(text: string, allowed: readonly string[], what: string, fail: Fail): Template {
  const tokens: Template = [];
  const placeholder = /\{\{(.*?)\}\}/gs;
  let last = 0;
  for (let match = placeholder.exec(text); match !== null; match = placeholder.exec(text)) {
    if (match.index > last) tokens.push({ text: text.slice(last, match.index) });
    tokens.push(parsePlaceholder(match[1], allowed, what, fail));
    last = placeholder.lastIndex;
  }
  const tail = text.slice(last);
  if (tail.includes('{{')) {
    fail(`${what} has '{{' without a closing '}}'; write placeholders as ${list(allowed)}.`);
  }
  if (tail !== '') tokens.push({ text: tail });
  return tokens;
}

function parsePlaceholder(inner: string, allowed: readonly string[], what: string, fail: Fail): Token {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.*))?$/s.exec(inner.trim());
  const name = match?.[1];
  if (match === null || name === undefined || !allowed.includes(name)) {
    const shown = name ?? inner.trim();
    fail(`${what} has an unknown placeholder '{{${shown}}}'; the valid ones here are ${list(allowed)}.`);
  }
  const args = match[2];
  if (name === 'date') {
    const quoted = args === undefined ? null : /^'([^']*)'$|^"([^"]*)"$/.exec(args);
    if (quoted === null) {
      fail(
        `${what} has '{{${inner.trim()}}}': {{date}} takes one quoted format and nothing else, e.g. {{date 'YYYYMMDD'}} (dates are in UTC).`,
      );
    }
    const format = quoted[1] ?? quoted[2];
    checkDateFormat(format, what, fail);
    return { name, format };
  }
  if (args !== undefined) fail(`${what} has '{{${inner.trim()}}}': {{${name}}} takes no arguments.`);
  return { name };
}

function list(placeholders: readonly string[]): string {
  return placeholders.map((name) => (name === 'date' ? "{{date 'FORMAT'}}" : `{{${name}}}`)).join(', ');
}

/** Tokens of the small date format we support: moment.js's YYYY MM DD HH mm ss and [literal text]. */
const DATE_FORMAT_RE = /\[[^\]]*\]|YYYY|MM|DD|HH|mm|ss|[A-Za-z]+|[^A-Za-z[]+|\[/g;

function checkDateFormat(format: string, what: string, fail: Fail): void {
  for (const token of format.match(DATE_FORMAT_RE) ?? []) {
    if (/^[A-Za-z]/.test(token) && !DATE_TOKENS.includes(token)) {
      fail(
        `${what} has the date format '${format}' with '${token}', which is not supported; use ${DATE_TOKENS.join(', ')} (UTC) and put other letters in brackets, e.g. '[T]'.`,
      );
    }
    if (token === '[') fail(`${what} has the date format '${format}' with a '[' that is never closed.`);
  }
}

function formatDate(date: Date, format: string): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const values: Record<string, string> = {
    YYYY: String(date.getUTCFullYear()).padStart(4, '0'),
    MM: two(date.getUTCMonth() + 1),
    DD: two(date.getUTCDate()),
    HH: two(date.getUTCHours()),
    mm: two(date.getUTCMinutes()),
    ss: two(date.getUTCSeconds()),
  };
  return (format.match(DATE_FORMAT_RE) ?? [])
    .map((token) => (token.startsWith('[') ? token.slice(1, -1) : (values[token] ?? token)))
    .join('');
}

/** Evaluates a template; `vars` supplies the rule's own placeholders (semver), else the global ones. */
export function evaluate(template: Template, env: Env, vars?: Record<string, string>): Piece[] {
  return template.map((token) => {
    if ('text' in token) return { text: token.text, fromGit: false };
    if (vars !== undefined && token.name in vars) return { text: vars[token.name], fromGit: true };
    if (token.name === 'date') return { text: formatDate(env.now, token.format ?? ''), fromGit: false };
    return { text: globalValue(token.name, env.ctx), fromGit: GIT_NAME_PLACEHOLDERS.includes(token.name) };
  });
}

function globalValue(name: string, ctx: GitContext): string {
  switch (name) {
    case 'branch':
      return refName(ctx.ref, 'heads') ?? '';
    case 'tag':
      return refName(ctx.ref, 'tags') ?? '';
    case 'sha':
      return tagSha(ctx).slice(0, SHORT_SHA_LENGTH);
    case 'base_ref':
      return isPullRequest(ctx) ? (ctx.prBaseRef ?? '') : '';
    case 'is_default_branch':
      return String(isDefaultBranch(ctx));
    default:
      return '';
  }
}

export function textOf(pieces: Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}
