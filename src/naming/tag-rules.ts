/**
 * The `tags` and `flavor` inputs, with docker/metadata-action's rule syntax and semantics: one rule per
 * line (`type=semver,pattern={{version}}`) or a plain tag (`v1`), sorted by priority. The first rule that
 * gives a value is the version, the others follow it in priority order, and `latest` comes last when
 * the flavor asks for it (`latest=auto`: when the first rule that gave a value says so). Pure: the
 * whole run context comes in as a GitContext.
 *
 * Every tag is made a valid tag as metadata-action makes it: runs of characters outside
 * `[A-Za-z0-9_.-]` become '-'. With `extensions` (the `tag-extensions` input), Shipshape also repairs
 * what Docker would still refuse (leading '.' and '-' dropped; a tag over 128 characters cut, ending in
 * a short hash of the whole) and reads several comma-separated plain tags on one line.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../common/errors.js';
import { parseSemver } from './semver.js';
import { parsePep440, releasePart } from './pep440.js';
import { isOutsideActions, pullRequestNumber, refName, shortSha, type GitContext } from './git-context.js';
import { ImageReferenceError, validateTag } from './reference.js';
import {
  GLOBAL_PLACEHOLDERS,
  SCHEDULE_PLACEHOLDERS,
  SEMVER_PLACEHOLDERS,
  evaluate,
  isRawOnly,
  parseTemplate,
  textOf,
  type Env,
  type Fail,
  type Template,
} from './tag-templates.js';

const RULE_TYPES = ['schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** docker/metadata-action's defaults: higher comes first, and the first tag is the version. */
export const DEFAULT_PRIORITIES: Readonly<Record<RuleType, number>> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
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
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
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

export interface TagOptions {
  /** `tag-extensions: true`: Shipshape's repairs of tags Docker refuses, several plain tags per line. */
  extensions?: boolean;
}

export interface ComputedTags {
  /** Tags without image names: the version, the other values in priority order, then `latest`. */
  tags: string[];
  /** The highest-priority tag; '' when there is none. */
  version: string;
  /** Whether `latest` was added. */
  latest: boolean;
  /** What metadata-action would warn about (a git tag that is not semver, a pattern that does not match). */
  warnings: string[];
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
  options: TagOptions = {},
): ComputedTags {
  const env: Env = { ctx, now };
  const extensions = options.extensions === true;
  const warnings: string[] = [];
  const flavor = parseFlavor(flavorInput);
  const lines = inputLines(tagsInput);
  const rules = (lines.length > 0 ? lines : DEFAULT_TAG_RULES).flatMap((line) =>
    parseRuleLine(line, extensions, warnings),
  );
  // Array.prototype.sort is stable: rules of equal priority keep their input order.
  rules.sort((a, b) => b.priority - a.priority);

  let version: string | undefined;
  const partial: string[] = [];
  let latest: boolean | undefined;
  for (const rule of rules) {
    if (!isEnabled(rule, env)) continue;
    const produced = produce(rule, env, warnings);
    if (produced === undefined) continue;
    const text = affixed(rule, produced.value, flavor, env);
    if (text === '') continue;
    const tag = finalize(text, extensions);
    checkTag(
      tag,
      flavored(rule, flavor) ? 'flavor' : 'tags',
      flavored(rule, flavor) ? flavorInput.trim() : rule.line,
      extensions,
    );
    if (version === undefined) version = tag;
    else if (tag !== version) partial.push(tag);
    latest ??= flavor.latest === 'auto' ? produced.latest : flavor.latest === 'true';
  }
  // metadata-action puts the flavor's text on latest as written, placeholders unexpanded.
  const latestTag = (): string => {
    const text = `${flavor.prefixOnLatest ? flavor.prefixText : ''}latest${flavor.suffixOnLatest ? flavor.suffixText : ''}`;
    const tag = finalize(text, extensions);
    checkTag(tag, 'flavor', flavorInput.trim(), extensions);
    return tag;
  };
  if (version === undefined) {
    // An extension: a run outside GitHub Actions (no event, no ref) is tagged latest alone.
    if (extensions && isOutsideActions(ctx) && flavor.latest !== 'false') {
      const tag = latestTag();
      return { tags: [tag], version: tag, latest: true, warnings };
    }
    return { tags: [], version: '', latest: false, warnings };
  }
  const tags = [version, ...new Set(partial)];
  if (latest === true) tags.push(latestTag());
  return { tags: extensions ? [...new Set(tags)] : tags, version, latest: latest === true, warnings };
}

/**
 * Makes a text a tag: runs of characters outside `[A-Za-z0-9_.-]` become '-' (metadata-action's rule).
 * With `extensions`, leading '.' and '-' are dropped too, and a result over 128 characters is cut to end
 * in '-' and 8 hex digits of the SHA-256 of the whole text. May return ''.
 */
export function sanitizeTag(text: string, extensions = false): string {
  return finalize(text, extensions);
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
  /** `value=` (raw, semver, pep440, match) or the `pattern=` of schedule, semver and pep440. */
  value?: Template;
  pattern?: Template;
  regex?: RegExp;
  match?: RegExp;
  group?: number;
}

/**
 * A line is one rule. A line without any `=` is a plain tag; with several comma-separated ones,
 * metadata-action keeps the last (a warning says so), `extensions` keeps each.
 */
function parseRuleLine(line: string, extensions: boolean, warnings: string[]): Rule[] {
  const fail: Fail = (problem) => {
    throw new InputError('tags', line, problem);
  };
  const fields = splitFields(line, fail);
  if (fields.every((field) => !field.includes('='))) {
    if (extensions) return fields.map((tag) => parseRule('raw', [['value', tag]], tag, fail));
    return [parseRule('raw', [['value', lastOf(fields, line, warnings)]], line, fail)];
  }
  let type: string | undefined;
  const bare: string[] = [];
  const attrs: [string, string][] = [];
  for (const field of fields) {
    const at = field.indexOf('=');
    if (at === -1) {
      bare.push(field);
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
  if (bare.length > 0) {
    if (type !== undefined && !['raw', 'semver', 'pep440', 'match'].includes(type)) {
      fail(`'${bare[0]}' is not an attribute; write name=value (type=${type} takes ${attributes(type)}).`);
    }
    // metadata-action reads a field without '=' as the value, the last one winning.
    const index = attrs.findIndex(([name]) => name === 'value');
    if (index !== -1) attrs.splice(index, 1);
    attrs.push(['value', lastOf(bare, line, warnings)]);
  }
  return [parseRule(type ?? 'raw', attrs, line, fail)];
}

function lastOf(values: string[], line: string, warnings: string[]): string {
  const last = values[values.length - 1];
  if (values.length > 1) {
    warnings.push(
      `Input 'tags': the line '${line}' gives several values; as docker/metadata-action, only the last ('${last}') is used. Write one tag per line, or set 'tag-extensions: true' to keep each.`,
    );
  }
  return last;
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
    case 'pep440': {
      if (pattern === undefined) {
        fail(`type=${type} needs a pattern, e.g. 'type=${type},pattern={{version}}'.`);
      }
      rule.pattern = parseTemplate(pattern, SEMVER_PLACEHOLDERS, 'the pattern', fail);
      const match = attrs.get('match');
      if (match) rule.match = regularExpression(match, false, 'match', fail);
      break;
    }
    case 'match': {
      if (pattern === undefined) {
        fail("type=match needs a pattern (a regular expression), e.g. 'type=match,pattern=\\d+\\.\\d+'.");
      }
      rule.regex = regularExpression(pattern, true, 'pattern', fail);
      const group = attrs.get('group') ?? '0';
      if (!/^\d+$/.test(group)) {
        fail(`group must be the number of a capture group, e.g. 'group=1', not '${group}'.`);
      }
      rule.group = Number(group);
      break;
    }
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

/** A regular expression, bare or (with `slashed`) as `/…/flags`, as metadata-action reads it. */
function regularExpression(text: string, slashed: boolean, name: string, fail: Fail): RegExp {
  const parts = slashed ? /^\/(.+)\/(.*)$/.exec(text) : null;
  try {
    return parts ? new RegExp(parts[1], parts[2]) : new RegExp(text);
  } catch (error) {
    return fail(`${name}= is not a valid regular expression: ${(error as Error).message}.`);
  }
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
  /** The rule's value, before its prefix and suffix. */
  value: string;
  /** What `latest=auto` decides when this is the first rule that gives a value. */
  latest: boolean;
}

function produce(rule: Rule, env: Env, warnings: string[]): Produced | undefined {
  const { ctx } = env;
  const given = (value: string | undefined, latest = false): Produced | undefined =>
    value === undefined ? undefined : { value, latest };
  switch (rule.type) {
    case 'schedule':
      return /schedule/.test(ctx.eventName) ? given(textOf(evaluate(rule.pattern ?? [], env))) : undefined;
    case 'raw':
      return given(textOf(evaluate(rule.value ?? [], env)));
    case 'sha':
      if (ctx.sha === '') return undefined;
      return given(rule.attrs.get('format') === 'long' ? ctx.sha : shortSha(ctx));
    case 'edge': {
      const branch = refName(ctx.ref, 'heads');
      const edgeBranch = rule.attrs.get('branch') || ctx.defaultBranch;
      return branch !== undefined && branch === edgeBranch ? given('edge') : undefined;
    }
    case 'ref':
      switch (rule.attrs.get('event')) {
        case 'branch':
          return given(refName(ctx.ref, 'heads'));
        case 'tag':
          return given(refName(ctx.ref, 'tags'), true);
        default:
          return given(pullRequestNumber(ctx));
      }
    case 'semver':
      return produceSemver(rule, env, warnings);
    case 'pep440':
      return producePep440(rule, env, warnings);
    case 'match':
      return produceMatch(rule, env, warnings);
  }
}

/** The text a semver, pep440 or match rule reads: its `value=` when given, else the git tag. */
function versionSource(rule: Rule, env: Env): string | undefined {
  if ((rule.attrs.get('value') ?? '') !== '') return textOf(evaluate(rule.value ?? [], env));
  return refName(env.ctx.ref, 'tags');
}

/** semver and pep440: the source, narrowed by `match=` (its first group), with '/' as '-'. */
function versionText(rule: Rule, env: Env, warnings: string[]): string | undefined {
  let text = versionSource(rule, env);
  if (text === undefined) return undefined;
  if (rule.match !== undefined) {
    const found = text.match(rule.match);
    if (found === null) warnings.push(`${rule.attrs.get('match')} does not match ${text}.`);
    else if (found[1] === undefined) {
      throw new InputError('tags', rule.line, 'match= needs a capture group, e.g. "match=v(\\d.\\d.\\d)$".');
    } else text = found[1];
  }
  return text.replace(/\//g, '-');
}

function produceSemver(rule: Rule, env: Env, warnings: string[]): Produced | undefined {
  const text = versionText(rule, env, warnings);
  if (text === undefined) return undefined;
  const version = parseSemver(text);
  if (version === undefined) {
    warnings.push(`${text} is not a valid semver. More info: https://semver.org/`);
    return undefined;
  }
  const vars: Record<string, string> = {
    version: version.version,
    major: version.major,
    minor: version.minor,
    patch: version.patch,
    raw: version.raw,
  };
  const pattern = rule.pattern ?? [];
  // A prerelease gives its whole version whatever the pattern asks for (its raw text for {{raw}}).
  if (version.prerelease !== undefined) {
    return { value: isRawOnly(pattern) ? version.raw : version.version, latest: false };
  }
  return { value: textOf(evaluate(pattern, env, vars)), latest: true };
}

function producePep440(rule: Rule, env: Env, warnings: string[]): Produced | undefined {
  const text = versionText(rule, env, warnings);
  if (text === undefined) return undefined;
  const version = parsePep440(text);
  if (version === undefined) {
    warnings.push(`${text} does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440`);
    return undefined;
  }
  const pattern = rule.pattern ?? [];
  if (version.isPrerelease || version.isPostrelease || version.isDevrelease) {
    return { value: isRawOnly(pattern) ? text : version.normal, latest: false };
  }
  const vars: Record<string, string> = {
    raw: text,
    version: version.normal,
    major: releasePart(version, 0),
    minor: releasePart(version, 1),
    patch: releasePart(version, 2),
  };
  return { value: textOf(evaluate(pattern, env, vars)), latest: true };
}

function produceMatch(rule: Rule, env: Env, warnings: string[]): Produced | undefined {
  const text = versionSource(rule, env);
  if (text === undefined || rule.regex === undefined) return undefined;
  const found = text.match(rule.regex);
  const pattern = rule.attrs.get('pattern') ?? '';
  if (found === null) {
    warnings.push(`${pattern} does not match ${text}.`);
    return undefined;
  }
  const value = found[rule.group ?? 0] as string | undefined;
  if (value === undefined) {
    warnings.push(`Group ${rule.group ?? 0} does not exist for ${pattern} pattern.`);
    return undefined;
  }
  return { value, latest: true };
}

/** The rule's own prefix and suffix when it has them (even empty), else the flavor's. */
function affixed(rule: Rule, value: string, flavor: Flavor, env: Env): string {
  const prefix = rule.prefix ?? flavor.prefix;
  const suffix = rule.suffix ?? flavor.suffix;
  return textOf(evaluate(prefix, env)) + value + textOf(evaluate(suffix, env));
}

/** The flavor's prefix or suffix is part of this rule's tags. */
function flavored(rule: Rule, flavor: Flavor): boolean {
  return (
    (rule.prefix === undefined && flavor.prefix.length > 0) ||
    (rule.suffix === undefined && flavor.suffix.length > 0)
  );
}

function checkTag(tag: string, input: string, line: string, extensions: boolean): void {
  try {
    validateTag(tag);
  } catch (error) {
    if (!(error instanceof ImageReferenceError)) throw error;
    const repair = extensions ? '' : " ('tag-extensions: true' repairs such tags)";
    // A plain tag is its own line: the message then need not repeat it.
    const problem =
      tag === line
        ? `${error.message}${repair}`
        : `it gives the tag '${tag}', which Docker refuses: ${error.message}${repair}`;
    throw new InputError(input, line, problem);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tag text

/** metadata-action's sanitizing; with `extensions`, Shipshape's repairs of what Docker would refuse. */
function finalize(text: string, extensions: boolean): string {
  const tag = text.replace(/[^a-zA-Z0-9._-]+/g, '-');
  if (!extensions) return tag;
  const trimmed = tag.replace(/^[.-]+/, '');
  if (trimmed.length <= TAG_MAX) return trimmed;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
  return `${trimmed.slice(0, TAG_MAX - HASH_LENGTH - 1)}-${hash}`;
}

// ---------------------------------------------------------------------------------------------------------
// Flavor

interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: Template;
  /** The prefix and suffix as written: metadata-action puts them on latest unexpanded. */
  prefixText: string;
  suffixText: string;
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
    prefixText: '',
    suffixText: '',
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
          flavor[which === 'prefix' ? 'prefixText' : 'suffixText'] = value;
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
