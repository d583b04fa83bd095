/**
 * Templates in the `tags`, `flavor`, `labels` and `annotations` inputs, as docker/metadata-action's
 * Handlebars expressions: `{{name}}`, `{{date 'FORMAT' [tz='Area/City']}}` and
 * `{{commit_date 'FORMAT' [tz=…]}}` (moment.js formats). Checked when a rule is read, evaluated per run.
 */
import { InputError } from '../common/errors.js';
import { isDefaultBranch, refName, shortSha, type GitContext } from './git-context.js';

/** Placeholders in `value=`, `prefix=`, `suffix=`, `enable=` and the flavor's prefix and suffix. */
export const GLOBAL_PLACEHOLDERS = [
  'branch',
  'tag',
  'sha',
  'base_ref',
  'is_default_branch',
  'is_not_default_branch',
  'date',
  'commit_date',
];
export const SEMVER_PLACEHOLDERS = ['version', 'major', 'minor', 'patch', 'raw'];
export const SCHEDULE_PLACEHOLDERS = ['date', 'commit_date'];
/** Placeholders whose text comes from a git ref name. */
const GIT_NAME_PLACEHOLDERS = ['branch', 'tag', 'base_ref'];
const DATE_PLACEHOLDERS = ['date', 'commit_date'];
/** moment.js's format without an argument; for UTC it ends in 'Z' instead of '+00:00'. */
const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';

/** Reports a mistake in the line being read; never returns. */
export type Fail = (problem: string) => never;

/** What templates are evaluated against: the run, and the time `{{date}}` gives. */
export interface Env {
  ctx: GitContext;
  now: Date;
}

/** A piece of a tag; `fromGit` marks text the run gave (a git name, a date, a version). */
export interface Piece {
  text: string;
  fromGit: boolean;
}

type Token = { text: string } | { name: string; format?: string; tz?: string };
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
  if (DATE_PLACEHOLDERS.includes(name)) return parseDateArguments(name, inner.trim(), args ?? '', what, fail);
  if (args !== undefined) fail(`${what} has '{{${inner.trim()}}}': {{${name}}} takes no arguments.`);
  return { name };
}

/**
 * `'FORMAT'` or `"FORMAT"`, then optionally `tz='Area/City'`. A bare word where the format goes is, as
 * in Handlebars, a variable that is not there: the date then has moment.js's default format.
 */
function parseDateArguments(name: string, inner: string, args: string, what: string, fail: Fail): Token {
  const form = `{{${name} 'FORMAT'}} or {{${name} 'FORMAT' tz='Area/City'}}`;
  const match = /^(?:'([^']*)'|"([^"]*)"|([A-Za-z_][\w-]*))(?:\s+tz=(?:'([^']*)'|"([^"]*)"))?\s*$/.exec(args);
  if (match === null) fail(`${what} has '{{${inner}}}': write ${form} (dates are in UTC by default).`);
  const token: { name: string; format?: string; tz?: string } = { name };
  const format = match[1] ?? match[2];
  if (format !== undefined) {
    checkDateFormat(format, what, fail);
    token.format = format;
  }
  const tz = match[4] ?? match[5];
  if (tz !== undefined) {
    if (!isTimeZone(tz))
      fail(`${what} has the time zone '${tz}', which is not an IANA zone such as 'Europe/Paris'.`);
    token.tz = tz;
  }
  return token;
}

function list(placeholders: readonly string[]): string {
  return placeholders
    .map((name) => (DATE_PLACEHOLDERS.includes(name) ? `{{${name} 'FORMAT'}}` : `{{${name}}}`))
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Dates: moment.js's format tokens, in a time zone

/** The moment.js tokens supported, longest first; other letters moment reads as tokens are refused. */
const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's'];
const MORE_TOKENS = ['SSS', 'SS', 'S', 'ZZ', 'Z', 'A', 'a', 'X', 'x'];
const DATE_FORMAT_RE =
  /\[[^\]]*\]|Y{1,6}|M{1,4}|D{1,4}|d{1,4}|H{1,2}|h{1,2}|k{1,2}|m{1,2}|s{1,2}|S{1,9}|Z{1,2}|z{1,2}|[A-Za-z]|[^A-Za-z[]+|\[/g;
/** Letters moment.js reads as (parts of) tokens; any other letter is kept as it is. */
const MOMENT_LETTERS = /^[MQDdEewWYyGgNnAaHhkmsSZXxLoz]$/;

function checkDateFormat(format: string, what: string, fail: Fail): void {
  for (const token of format.match(DATE_FORMAT_RE) ?? []) {
    if (token === '[') fail(`${what} has the date format '${format}' with a '[' that is never closed.`);
    if (MOMENT_LETTERS.test(token[0]) && ![...DATE_TOKENS, ...MORE_TOKENS].includes(token)) {
      fail(
        `${what} has the date format '${format}' with '${token}', which is not supported; use ${[...DATE_TOKENS, ...MORE_TOKENS].join(', ')} and put other letters in brackets, e.g. '[T]'.`,
      );
    }
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `date` in `tz`, and the zone's offset from UTC in minutes. */
function inZone(date: Date, tz: string): { fields: Record<string, number>; offset: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(date);
  const fields: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const offset = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  return { fields, offset };
}

function formatDate(date: Date, format: string | undefined, tz = 'UTC'): string {
  const { fields, offset } = inZone(date, tz);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const sign = offset < 0 ? '-' : '+';
  const zone = (colon: boolean): string =>
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${colon ? ':' : ''}${pad(Math.abs(offset) % 60)}`;
  const hour12 = fields.hour % 12 === 0 ? 12 : fields.hour % 12;
  const ms = date.getTime() % 1000;
  const values: Record<string, string> = {
    YYYY: pad(fields.year, 4),
    YY: pad(fields.year % 100),
    MM: pad(fields.month),
    M: String(fields.month),
    DD: pad(fields.day),
    D: String(fields.day),
    HH: pad(fields.hour),
    H: String(fields.hour),
    hh: pad(hour12),
    h: String(hour12),
    mm: pad(fields.minute),
    m: String(fields.minute),
    ss: pad(fields.second),
    s: String(fields.second),
    SSS: pad(ms, 3),
    SS: pad(Math.floor(ms / 10)),
    S: String(Math.floor(ms / 100)),
    Z: zone(true),
    ZZ: zone(false),
    A: fields.hour < 12 ? 'AM' : 'PM',
    a: fields.hour < 12 ? 'am' : 'pm',
    X: String(Math.floor(date.getTime() / 1000)),
    x: String(date.getTime()),
  };
  // moment.js: no format gives ISO 8601, with 'Z' for UTC.
  const used = format ?? (offset === 0 && tz === 'UTC' ? 'YYYY-MM-DDTHH:mm:ss[Z]' : DEFAULT_DATE_FORMAT);
  return (used.match(DATE_FORMAT_RE) ?? [])
    .map((token) => (token.startsWith('[') ? token.slice(1, -1) : (values[token] ?? token)))
    .join('');
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

/** Evaluates a template; `vars` supplies the rule's own placeholders (semver), else the global ones. */
export function evaluate(template: Template, env: Env, vars?: Record<string, string>): Piece[] {
  return template.map((token) => {
    if ('text' in token) return { text: token.text, fromGit: false };
    if (vars !== undefined && token.name in vars) return { text: vars[token.name], fromGit: true };
    if (token.name === 'date' || token.name === 'commit_date') {
      const date = token.name === 'date' ? env.now : (env.ctx.commitDate ?? env.now);
      return { text: formatDate(date, token.format, token.tz), fromGit: true };
    }
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
      return shortSha(ctx);
    case 'base_ref':
      return baseRef(ctx);
    case 'is_default_branch':
      return String(isDefaultBranch(ctx));
    case 'is_not_default_branch':
      return String(!isDefaultBranch(ctx));
    default:
      return '';
  }
}

/** metadata-action's `{{base_ref}}`: the push payload's `base_ref` on tags, the base branch on pull requests. */
function baseRef(ctx: GitContext): string {
  if (ctx.ref.startsWith('refs/tags/') && ctx.pushBaseRef !== undefined) {
    return ctx.pushBaseRef.replace(/^refs\/heads\//, '');
  }
  if (ctx.ref.startsWith('refs/pull/') && ctx.prBaseRef !== undefined) return ctx.prBaseRef;
  return '';
}

export function textOf(pieces: Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

/** Whether a pattern is `{{raw}}` alone (metadata-action then keeps a prerelease's text as it is). */
export function isRawOnly(template: Template): boolean {
  return template.length === 1 && 'name' in template[0] && template[0].name === 'raw';
}

/**
 * A `labels` or `annotations` value with its placeholders expanded, as metadata-action expands them;
 * throws InputError(input, text, …) for an unknown placeholder.
 */
export function expandText(text: string, env: Env, input: string): string {
  if (!text.includes('{{')) return text;
  const fail: Fail = (problem) => {
    throw new InputError(input, text, problem);
  };
  return textOf(evaluate(parseTemplate(text, GLOBAL_PLACEHOLDERS, 'the value', fail), env));
}
