/**
 * The `tags` and `flavor` inputs, with docker/metadata-action's rule syntax and semantics: one rule per
 * line (`type=semver,pattern={{version}}`) or a plain tag (`v1`), sorted by priority, deduplicated, with
 * `latest` added at the end by the `flavor`. Pure: the whole run context comes in as a GitContext.
 *
 * Values that come from git (branch and tag names, versions) are made valid tags: characters outside
 * `[A-Za-z0-9_.-]` become '-', leading '.' and '-' are dropped, and a name too long for a tag is cut and
 * ends with a short hash of the whole, so two long names stay apart. What the user wrote (plain tags,
 * `value=`, `prefix=`, `suffix=`, patterns) is kept as written and must itself be a valid tag part.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../common/errors.js';
import {
  SHORT_SHA_LENGTH,
  isDefaultBranchPush,
  isOutsideActions,
  pullRequestNumber,
  refName,
  tagSha,
  type GitContext,
} from './git-context.js';
import { ImageReferenceError, validateTag } from './reference.js';
import { isStableSemver, parseSemver } from './semver.js';
import {
  GLOBAL_PLACEHOLDERS,
  SCHEDULE_PLACEHOLDERS,
  SEMVER_PLACEHOLDERS,
  evaluate,
  parseTemplate,
  textOf,
  type Env,
  type Fail,
  type Piece,
  type Template,
} from './tag-templates.js';

const RULE_TYPES = ['schedule', 'semver', 'match', 'edge', 'ref', 'raw', 'sha'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** docker/metadata-action's defaults: higher comes first, and the first tag is the version. */
export const DEFAULT_PRIORITIES: Readonly<Record<RuleType, number>> = {
  schedule: 1000,
  semver: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

/** The rules used when the `tags` input is empty (docker/metadata-action's defaults). */
export const DEFAULT_TAG_RULES: readonly string[] = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr',
];

const COMMON_ATTRIBUTES = ['enable', 'prefix', 'suffix', 'priority'];
const TYPE_ATTRIBUTES: Record<RuleType, string[]> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format'],
};
const REF_EVENTS = ['branch', 'tag', 'pr'];
const SHA_FORMATS = ['short', 'long'];
const TAG_MAX = 128;
const HASH_LENGTH = 8;

export interface ComputedTags {
  /** Tags without image names, highest priority first, no duplicates. */
  tags: string[];
  /** The highest-priority tag; '' when there is none. */
  version: string;
}

/**
 * The tags for this run. `tagsInput`: one rule or plain tag per line (empty: DEFAULT_TAG_RULES);
 * `flavorInput`: `latest=auto|true|false`, `prefix=…[,onlatest=true]`, `suffix=…[,onlatest=true]`.
 * Throws InputError('tags' | 'flavor', line, …) for a mistake in either, or for a tag Docker would refuse.
 */
export function computeTags(
  tagsInput: string,
  flavorInput: string,
  ctx: GitContext,
  now: Date = new Date(),
): ComputedTags {
  const env: Env = { ctx, now };
  const flavor = parseFlavor(flavorInput);
  const lines = inputLines(tagsInput);
  const rules = (lines.length > 0 ? lines : DEFAULT_TAG_RULES).flatMap((line) => parseRuleLine(line));
  // Array.prototype.sort is stable: rules of equal priority keep their input order.
  rules.sort((a, b) => b.priority - a.priority);

  const tags: string[] = [];
  let stableVersion = false;
  for (const rule of rules) {
    if (!isEnabled(rule, env)) continue;
    const produced = produce(rule, env);
    if (produced === undefined) continue;
    const tag = finalize([
      ...affix(rule, 'prefix', flavor, env),
      ...produced.pieces,
      ...affix(rule, 'suffix', flavor, env),
    ]);
    // A tag the flavor's prefix or suffix spoils is that input's mistake, not the rule's.
    const flavored =
      (rule.prefix === undefined && evaluate(flavor.prefix, env).length > 0) ||
      (rule.suffix === undefined && evaluate(flavor.suffix, env).length > 0);
    if (flavored && !validTag(tag)) {
      const own = finalize([
        ...(rule.prefix === undefined ? [] : evaluate(rule.prefix, env)),
        ...produced.pieces,
        ...(rule.suffix === undefined ? [] : evaluate(rule.suffix, env)),
      ]);
      if (validTag(own)) checkTag(tag, 'flavor', flavorInput.trim());
    }
    checkTag(tag, 'tags', rule.line);
    tags.push(tag);
    stableVersion ||= produced.stableVersion;
  }

  const latest =
    flavor.latest === 'true' ||
    (flavor.latest === 'auto' && (stableVersion || isDefaultBranchPush(ctx) || isOutsideActions(ctx)));
  if (latest) {
    const tag = finalize([
      ...(flavor.prefixOnLatest ? evaluate(flavor.prefix, env) : []),
      { text: 'latest', fromGit: false },
      ...(flavor.suffixOnLatest ? evaluate(flavor.suffix, env) : []),
    ]);
    checkTag(tag, 'flavor', flavorInput.trim());
    tags.push(tag);
  }

  const unique = [...new Set(tags)];
  return { tags: unique, version: unique[0] ?? '' };
}

/**
 * Makes a git name a valid tag: runs of characters outside `[A-Za-z0-9_.-]` become '-', leading '.' and
 * '-' are dropped, and a result over 128 characters is cut to end in '-' and 8 hex digits of the SHA-256
 * of the whole name. May return '' (a name of only '.', '-' and symbols).
 */
export function sanitizeTag(name: string): string {
  return finalize([{ text: name, fromGit: true }]);
}

// ---------------------------------------------------------------------------------------------------------
// Rules

interface Rule {
  line: string;
  type: RuleType;
  attrs: Map<string, string>;
  priority: number;
  enable: Template;
  prefix?: Template;
  suffix?: Template;
  /** `value=` (raw, semver, match) or the `pattern=` of schedule and semver. */
  value?: Template;
  pattern?: Template;
  regex?: RegExp;
  group?: number;
}

/** A line is one rule, or, when it has no `=` at all, one or more comma-separated plain tags. */
function parseRuleLine(line: string): Rule[] {
  const fail: Fail = (problem) => {
    throw new InputError('tags', line, problem);
  };
  const fields = splitFields(line, fail);
  if (fields.every((field) => !field.includes('='))) {
    return fields.map((tag) => parseRule('raw', [['value', tag]], tag, fail));
  }
  let type: string | undefined;
  let bare: string | undefined;
  const attrs: [string, string][] = [];
  for (const field of fields) {
    const at = field.indexOf('=');
    if (at === -1) {
      if (bare !== undefined) fail(`'${bare}' and '${field}' are both values; a rule has one value.`);
      bare = field;
      continue;
    }
    const key = field.slice(0, at).trim().toLowerCase();
    const value = field.slice(at + 1).trim();
    if (key === '') fail(`'${field}' has no attribute name before '='; write name=value.`);
    if (key === 'type') {
      if (type !== undefined) fail("'type=' is given twice; a rule has one type.");
      type = value;
    } else {
      if (attrs.some(([name]) => name === key)) fail(`'${key}=' is given twice; give it once.`);
      attrs.push([key, value]);
    }
  }
  if (bare !== undefined) {
    if (type !== undefined && type !== 'raw') {
      fail(`'${bare}' is not an attribute; write name=value (type=${type} takes ${attributes(type)}).`);
    }
    if (attrs.some(([name]) => name === 'value')) fail(`'${bare}' and 'value=' are both values; give one.`);
    attrs.push(['value', bare]);
  }
  return [parseRule(type ?? 'raw', attrs, line, fail)];
}

function attributes(type: string): string {
  const known = (RULE_TYPES as readonly string[]).includes(type) ? TYPE_ATTRIBUTES[type as RuleType] : [];
  return [...known, ...COMMON_ATTRIBUTES].join(', ');
}

/** Splits on commas outside `{{…}}` and outside double quotes (CSV style, `""` for a quote). */
function splitFields(line: string, fail: Fail): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === '{' && line[i + 1] === '{') {
      const end = line.indexOf('}}', i + 2);
      const stop = end === -1 ? line.length : end + 2;
      current += line.slice(i, stop);
      i = stop - 1;
    } else if (char === ',') {
      fields.push(current.trim());
      current = '';
    } else current += char;
  }
  if (quoted) fail('a \'"\' is never closed; quote a whole field, e.g. "value=a,b".');
  fields.push(current.trim());
  const nonEmpty = fields.filter((field) => field !== '');
  if (nonEmpty.length === 0) fail('the line has no rule; remove it or write a rule such as type=sha.');
  return nonEmpty;
}

/** Reads one rule: its type, then the attributes every type may have, then those of its own type. */
function parseRule(typeText: string, attrList: [string, string][], line: string, fail: Fail): Rule {
  if (!(RULE_TYPES as readonly string[]).includes(typeText)) {
    fail(`unknown type '${typeText}'; use one of ${RULE_TYPES.join(', ')}.`);
  }
  const type = typeText as RuleType;
  const attrs = new Map(attrList);
  const allowed = [...TYPE_ATTRIBUTES[type], ...COMMON_ATTRIBUTES];
  for (const name of attrs.keys()) {
    if (!allowed.includes(name)) {
      fail(`type=${type} has no attribute '${name}'; its attributes are ${allowed.join(', ')}.`);
    }
  }
  const rule = parseSharedAttributes(line, type, attrs, fail);
  parseTypeAttributes(rule, fail);
  return rule;
}

/** `priority=`, `enable=`, `prefix=`, `suffix=` and `value=`: read the same way whatever the type. */
function parseSharedAttributes(line: string, type: RuleType, attrs: Map<string, string>, fail: Fail): Rule {
  const priorityText = attrs.get('priority');
  if (priorityText !== undefined && !/^[+-]?\d+$/.test(priorityText)) {
    fail(`priority must be a whole number, e.g. 'priority=500', not '${priorityText}'.`);
  }
  const rule: Rule = {
    line,
    type,
    attrs,
    priority: priorityText === undefined ? DEFAULT_PRIORITIES[type] : Number(priorityText),
    enable: parseTemplate(attrs.get('enable') ?? 'true', GLOBAL_PLACEHOLDERS, 'enable', fail),
  };
  // A rule's own prefix (including the built-in 'sha-' and 'pr-') replaces the flavor's, as in metadata-action.
  const prefix = attrs.get('prefix') ?? defaultPrefix(type, attrs);
  if (prefix !== undefined) rule.prefix = parseTemplate(prefix, GLOBAL_PLACEHOLDERS, 'the prefix', fail);
  const suffix = attrs.get('suffix');
  if (suffix !== undefined) rule.suffix = parseTemplate(suffix, GLOBAL_PLACEHOLDERS, 'the suffix', fail);
  const value = attrs.get('value');
  if (value !== undefined) rule.value = parseTemplate(value, GLOBAL_PLACEHOLDERS, 'the value', fail);
  return rule;
}

/** What each type requires of its own attributes; patterns are parsed here, once per rule. */
function parseTypeAttributes(rule: Rule, fail: Fail): void {
  const { type, attrs } = rule;
  const pattern = attrs.get('pattern');
  switch (type) {
    case 'schedule':
      rule.pattern = parseTemplate(pattern ?? 'nightly', SCHEDULE_PLACEHOLDERS, 'the pattern', fail);
      break;
    case 'semver':
      if (pattern === undefined) {
        fail("type=semver needs a pattern, e.g. 'type=semver,pattern={{version}}'.");
      }
      rule.pattern = parseTemplate(pattern, SEMVER_PLACEHOLDERS, 'the pattern', fail);
      break;
    case 'match':
      parseMatchPattern(rule, pattern, fail);
      break;
    case 'ref': {
      const event = attrs.get('event');
      if (event === undefined || !REF_EVENTS.includes(event)) {
        fail(
          `type=ref needs event=${REF_EVENTS.join('|')}${event === undefined ? '' : `, not '${event}'`}, e.g. 'type=ref,event=branch'.`,
        );
      }
      break;
    }
    case 'raw':
      if (attrs.get('value') === undefined) fail("type=raw needs a value, e.g. 'type=raw,value=latest'.");
      break;
    case 'sha': {
      const format = attrs.get('format') ?? 'short';
      if (!SHA_FORMATS.includes(format)) {
        fail(`format must be 'short' (7 characters) or 'long' (40), not '${format}'.`);
      }
      break;
    }
    case 'edge':
      break;
  }
}

/** `pattern=` is a regular expression, bare or as `/…/flags`; `group=` picks its capture group. */
function parseMatchPattern(rule: Rule, pattern: string | undefined, fail: Fail): void {
  if (pattern === undefined) {
    fail("type=match needs a pattern (a regular expression), e.g. 'type=match,pattern=\\d+\\.\\d+'.");
  }
  const slashed = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  try {
    rule.regex = slashed ? new RegExp(slashed[1], slashed[2]) : new RegExp(pattern);
  } catch (error) {
    fail(`the pattern is not a valid regular expression: ${(error as Error).message}.`);
  }
  const group = rule.attrs.get('group') ?? '0';
  if (!/^\d+$/.test(group))
    fail(`group must be the number of a capture group, e.g. 'group=1', not '${group}'.`);
  rule.group = Number(group);
}

function defaultPrefix(type: RuleType, attrs: Map<string, string>): string | undefined {
  if (type === 'sha') return 'sha-';
  if (type === 'ref' && attrs.get('event') === 'pr') return 'pr-';
  return undefined;
}

function isEnabled(rule: Rule, env: Env): boolean {
  const value = textOf(evaluate(rule.enable, env));
  if (value !== 'true' && value !== 'false') {
    const written = rule.attrs.get('enable') ?? '';
    throw new InputError(
      'tags',
      rule.line,
      `enable must be 'true', 'false' or an expression that gives one, e.g. 'enable={{is_default_branch}}'; '${written}' gives '${value}'.`,
    );
  }
  return value === 'true';
}

interface Produced {
  pieces: Piece[];
  /** The tag comes from a version that is semver and not a prerelease: latest=auto adds `latest`. */
  stableVersion: boolean;
}

function produce(rule: Rule, env: Env): Produced | undefined {
  const { ctx } = env;
  const gitName = (text: string | undefined): Produced | undefined =>
    text ? { pieces: [{ text, fromGit: true }], stableVersion: false } : undefined;
  switch (rule.type) {
    case 'schedule':
      return ctx.eventName === 'schedule' ? nonEmpty(evaluate(rule.pattern ?? [], env), false) : undefined;
    case 'raw':
      return nonEmpty(evaluate(rule.value ?? [], env), false);
    case 'sha': {
      const sha = tagSha(ctx);
      return gitName(rule.attrs.get('format') === 'long' ? sha : sha.slice(0, SHORT_SHA_LENGTH));
    }
    case 'edge': {
      const branch = refName(ctx.ref, 'heads');
      const edgeBranch = rule.attrs.get('branch') || ctx.defaultBranch;
      return branch !== undefined && edgeBranch !== '' && branch === edgeBranch
        ? { pieces: [{ text: 'edge', fromGit: false }], stableVersion: false }
        : undefined;
    }
    case 'ref':
      switch (rule.attrs.get('event')) {
        case 'branch':
          return gitName(refName(ctx.ref, 'heads'));
        case 'tag': {
          const produced = gitName(refName(ctx.ref, 'tags'));
          if (produced) produced.stableVersion = isStableSemver(refName(ctx.ref, 'tags') ?? '');
          return produced;
        }
        default:
          return gitName(pullRequestNumber(ctx));
      }
    case 'semver':
      return produceSemver(rule, env);
    case 'match':
      return produceMatch(rule, env);
  }
}

function nonEmpty(pieces: Piece[], stableVersion: boolean): Produced | undefined {
  return textOf(pieces) === '' ? undefined : { pieces, stableVersion };
}

/** The version a semver or match rule reads: its `value=`, else the git tag on tag refs. */
function versionSource(rule: Rule, env: Env, slashToDash: boolean): string | undefined {
  if (rule.value !== undefined && rule.value.length > 0) return textOf(evaluate(rule.value, env));
  const tag = refName(env.ctx.ref, 'tags');
  return tag === undefined ? undefined : slashToDash ? tag.replace(/\//g, '-') : tag;
}

function produceSemver(rule: Rule, env: Env): Produced | undefined {
  const source = versionSource(rule, env, true);
  const version = source === undefined ? undefined : parseSemver(source);
  if (version === undefined) return undefined;
  const pattern = rule.pattern ?? [];
  // A prerelease must not move `1`, `1.2` or `latest`: only {{version}} and {{raw}} apply to it.
  const partial = pattern.some(
    (token) => 'name' in token && ['major', 'minor', 'patch'].includes(token.name),
  );
  if (version.prerelease !== undefined && partial) return undefined;
  const vars: Record<string, string> = {
    version: version.version,
    major: version.major,
    minor: version.minor,
    patch: version.patch,
    raw: version.raw,
  };
  return nonEmpty(evaluate(pattern, env, vars), version.prerelease === undefined);
}

function produceMatch(rule: Rule, env: Env): Produced | undefined {
  const source = versionSource(rule, env, false);
  if (source === undefined || rule.regex === undefined) return undefined;
  const found = rule.regex.exec(source)?.[rule.group ?? 0];
  if (!found) return undefined;
  return { pieces: [{ text: found, fromGit: true }], stableVersion: isStableSemver(source) };
}

function affix(rule: Rule, which: 'prefix' | 'suffix', flavor: Flavor, env: Env): Piece[] {
  const own = rule[which];
  return evaluate(own ?? flavor[which], env);
}

function validTag(tag: string): boolean {
  try {
    validateTag(tag);
    return true;
  } catch {
    return false;
  }
}

function checkTag(tag: string, input: string, line: string): void {
  try {
    validateTag(tag);
  } catch (error) {
    if (!(error instanceof ImageReferenceError)) throw error;
    // A plain tag is its own line: the message then need not repeat it.
    const problem =
      tag === line ? error.message : `it gives the tag '${tag}', which Docker refuses: ${error.message}`;
    throw new InputError(input, line, problem);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tag text

/** Sanitizes the git pieces, then cuts an over-long result inside its longest git piece. */
function finalize(pieces: Piece[]): string {
  const whole = textOf(pieces);
  const parts = pieces.map((piece) => ({
    fromGit: piece.fromGit,
    text: piece.fromGit ? piece.text.replace(/[^A-Za-z0-9_.-]+/g, '-') : piece.text,
  }));
  for (const part of parts) {
    if (part.text === '') continue;
    if (!part.fromGit) break;
    part.text = part.text.replace(/^[.-]+/, '');
    if (part.text !== '') break;
  }
  const tag = parts.map((part) => part.text).join('');
  const gitParts = parts.filter((part) => part.fromGit && part.text !== '');
  if (tag.length <= TAG_MAX || gitParts.length === 0) return tag;

  const hash = `-${createHash('sha256').update(whole).digest('hex').slice(0, HASH_LENGTH)}`;
  const excess = tag.length - TAG_MAX + hash.length;
  const longest = gitParts.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  if (longest.text.length > excess) {
    // The user's prefix and suffix stay whole; the git name is cut and carries the hash.
    longest.text = longest.text.slice(0, longest.text.length - excess) + hash;
    return parts.map((part) => part.text).join('');
  }
  return tag.slice(0, TAG_MAX - hash.length) + hash;
}

// ---------------------------------------------------------------------------------------------------------
// Flavor

interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: Template;
  prefixOnLatest: boolean;
  suffix: Template;
  suffixOnLatest: boolean;
}

const FLAVOR_FORM =
  "use latest=auto|true|false, prefix=… and suffix=… (each optionally with ',onlatest=true')";

function parseFlavor(input: string): Flavor {
  const flavor: Flavor = {
    latest: 'auto',
    prefix: [],
    prefixOnLatest: false,
    suffix: [],
    suffixOnLatest: false,
  };
  for (const line of inputLines(input)) {
    const fail: Fail = (problem) => {
      throw new InputError('flavor', line, problem);
    };
    let last: 'prefix' | 'suffix' | undefined;
    for (const field of splitFields(line, fail)) {
      const at = field.indexOf('=');
      if (at === -1) fail(`'${field}' has no '='; ${FLAVOR_FORM}.`);
      const key = field.slice(0, at).trim().toLowerCase();
      const value = field.slice(at + 1).trim();
      switch (key) {
        case 'latest':
          if (value !== 'auto' && value !== 'true' && value !== 'false') {
            fail(`latest must be 'auto', 'true' or 'false', not '${value}'.`);
          }
          flavor.latest = value;
          last = undefined;
          break;
        case 'prefix':
        case 'suffix': {
          const which = key;
          flavor[which] = parseTemplate(value, GLOBAL_PLACEHOLDERS, `the ${which}`, fail);
          last = which;
          break;
        }
        case 'onlatest':
          if (value !== 'true' && value !== 'false')
            fail(`onlatest must be 'true' or 'false', not '${value}'.`);
          if (last === undefined)
            fail("onlatest belongs after a prefix or suffix, e.g. 'suffix=-alpine,onlatest=true'.");
          flavor[last === 'prefix' ? 'prefixOnLatest' : 'suffixOnLatest'] = value === 'true';
          break;
        default:
          fail(`unknown flavor '${key}'; ${FLAVOR_FORM}.`);
      }
    }
  }
  return flavor;
}

function inputLines(input: string): string[] {
  return input
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
