/**
 * Container image references, parsed the way Docker does (distribution/reference):
 * `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`.
 *
 * Parsing follows Docker's normalization (`docker.io` default, `library/` for one-component Hub names) so
 * that what we validate is exactly what `docker build -t` / `docker push` will accept. Errors name the
 * broken rule in plain words and carry a suggestion only when the suggested text itself parses.
 */

export interface ImageReference {
  /** Registry host, e.g. 'docker.io', 'ghcr.io', '127.0.0.1:5000', '[::1]:5000'. */
  registry: string;
  /** Repository path, e.g. 'library/ubuntu', 'acme/app'. */
  path: string;
  /** Tag as written; undefined when not given. */
  tag?: string;
  /** Digest as written; undefined when not given. */
  digest?: string;
  /** Shortest name Docker shows ('ubuntu', 'acme/app', 'ghcr.io/acme/app'); no tag or digest. */
  familiar: string;
  /** Fully qualified reference: name + ':' + (tag ?? 'latest' when no digest) + ('@' + digest). */
  canonical: string;
  /** Fully qualified name without tag or digest, e.g. 'docker.io/library/ubuntu'. */
  name: string;
}

export type ReferenceRule =
  | 'empty'
  | 'whitespace'
  | 'url-scheme'
  | 'image-id'
  | 'host'
  | 'port'
  | 'missing-path'
  | 'empty-component'
  | 'lower-case'
  | 'path-component'
  | 'name-length'
  | 'name-has-tag'
  | 'name-has-digest'
  | 'tag-empty'
  | 'tag-charset'
  | 'tag-start'
  | 'tag-length'
  | 'digest';

/** Thrown for any invalid reference or tag. Not called `ReferenceError` to avoid shadowing the JS global. */
export class ImageReferenceError extends Error {
  readonly rule: ReferenceRule;
  readonly suggestion?: string;

  constructor(rule: ReferenceRule, detail: string, suggestion?: string) {
    super(suggestion === undefined ? detail : `${detail} (try '${suggestion}')`);
    this.name = 'ImageReferenceError';
    this.rule = rule;
    this.suggestion = suggestion;
  }
}

const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_REGISTRY = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const NAME_MAX = 255;
const TAG_MAX = 128;

const DOMAIN_COMPONENT = '(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])';
const DOMAIN_NAME_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*$`);
const IPV6_RE = /^\[[A-Fa-f0-9:]+\]$/;
const PORT_RE = /^[0-9]+$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG_RE = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,${TAG_MAX - 1}}$`);
const TAG_CHARS_RE = /^[A-Za-z0-9_.-]*$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID_RE = /^[a-f0-9]{64}$/;
const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// Registered algorithms have a fixed lower-case hex length (go-digest); others only get the generic check.
const DIGEST_HEX_LENGTH = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

const DIGEST_FORM =
  "a digest is written as algorithm:hex, e.g. 'sha256:' followed by 64 lower-case hex digits";

interface Problem {
  rule: ReferenceRule;
  detail: string;
  /** Candidate fix; only offered to the user after it has been checked. */
  fixed?: string;
}

type Mode = 'reference' | 'name';

/** Parses `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`; throws ImageReferenceError when any rule is broken. */
export function parseReference(text: string): ImageReference {
  return parse(text, 'reference', true);
}

/**
 * The names the engine lists an image by (`docker image ls` RepoTags, RepoDigests): `name:tag`
 * and `name@digest` in their familiar form (`busybox:1`, not `docker.io/library/busybox:1`).
 * Empty for text that is not a reference.
 */
export function engineNames(text: string): string[] {
  try {
    const ref = parseReference(text);
    const names =
      ref.tag !== undefined || ref.digest === undefined ? [`${ref.familiar}:${ref.tag ?? 'latest'}`] : [];
    if (ref.digest) names.push(`${ref.familiar}@${ref.digest}`);
    return names;
  } catch {
    return [];
  }
}

/** Like parseReference, but the text must be a bare name: no tag and no digest. */
export function parseImageName(text: string): ImageReference {
  return parse(text, 'name', true);
}

/** Throws ImageReferenceError when `tag` is not a valid Docker tag. */
export function validateTag(tag: string): void {
  const problem = tagProblem(tag);
  if (problem) {
    const fixed = problem.fixed !== undefined && TAG_RE.test(problem.fixed) ? problem.fixed : undefined;
    throw new ImageReferenceError(problem.rule, problem.detail, fixed);
  }
}

export function isValidTag(tag: string): boolean {
  return tagProblem(tag) === undefined;
}

/** `ref` with `tag`, written the way Docker shows it ('ubuntu:v1', 'ghcr.io/acme/app:v1'). */
export function withTag(ref: ImageReference, tag: string): string {
  validateTag(tag);
  return `${ref.familiar}:${tag}`;
}

/** Checks the parts in Docker's order, so the first broken rule is the one reported. */
function parse(text: string, mode: Mode, suggest: boolean): ImageReference {
  const parts = splitReference(text);
  const { registry, path, name } = qualify(parts);
  const problem =
    textProblem(text) ??
    checkHost(parts) ??
    checkPath(parts) ??
    checkLength(name) ??
    (mode === 'name' ? checkBareName(parts) : undefined) ??
    checkTag(parts) ??
    checkDigest(parts);
  if (problem) {
    // Suggestions are checked with suggestions off, so checking never recurses more than one level.
    const { fixed } = problem;
    const useful = suggest && fixed !== undefined && fixed !== text && isValid(fixed, mode);
    throw new ImageReferenceError(problem.rule, problem.detail, useful ? fixed : undefined);
  }
  const { tag, digest } = parts;
  const familiar = registry === DEFAULT_REGISTRY ? familiarHubPath(path) : name;
  const canonical =
    name + (tag !== undefined ? `:${tag}` : digest === undefined ? ':latest' : '') + optional('@', digest);
  return { registry, path, tag, digest, familiar, canonical, name };
}

function isValid(text: string, mode: Mode): boolean {
  try {
    parse(text, mode, false);
    return true;
  } catch {
    return false;
  }
}

/** The text cut where Docker cuts it; every part as written, nothing checked yet. */
interface Parts {
  /** Registry host; undefined when the first component belongs to the path. */
  host?: string;
  /** The host reading comes only from upper case ('My_Org/app'), not from '.', ':' or 'localhost'. */
  hostByCase: boolean;
  /** Repository path, without the 'library/' Docker adds. */
  path: string;
  tag?: string;
  digest?: string;
  /** `[HOST/]PATH`: what suggestions are built on. */
  written: string;
  /** Everything before the digest: `[HOST/]PATH[:TAG]`. */
  beforeDigest: string;
}

function splitReference(text: string): Parts {
  // Neither name nor tag may contain '@', so the first '@' starts the digest.
  const at = text.indexOf('@');
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);

  // Docker's rule: the first component is a host only if it has '.', ':', is 'localhost' or has upper case.
  const slash = beforeDigest.indexOf('/');
  const first = slash === -1 ? '' : beforeDigest.slice(0, slash);
  const hostByCase = first !== first.toLowerCase() && !/[.:]/.test(first) && first !== 'localhost';
  const explicitHost = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || hostByCase);
  const host = explicitHost ? first : undefined;
  const rest = explicitHost ? beforeDigest.slice(slash + 1) : beforeDigest;

  const colon = rest.indexOf(':');
  const path = colon === -1 ? rest : rest.slice(0, colon);
  const tag = colon === -1 ? undefined : rest.slice(colon + 1);
  const written = host === undefined ? path : `${host}/${path}`;
  return { host, hostByCase, path, tag, digest, written, beforeDigest };
}

/** `prefix + value`, or '' when there is no value. */
function optional(prefix: string, value: string | undefined): string {
  return value === undefined ? '' : prefix + value;
}

/** What follows the name as written: `[:TAG][@DIGEST]`. */
function tagAndDigest(parts: Parts): string {
  return optional(':', parts.tag) + optional('@', parts.digest);
}

/** Docker's normalization: 'docker.io' when no host is given, 'library/' for one-component Hub paths. */
function qualify({ host, path }: Parts): { registry: string; path: string; name: string } {
  const registry = host === undefined || host === LEGACY_REGISTRY ? DEFAULT_REGISTRY : host;
  const official = registry === DEFAULT_REGISTRY && !path.includes('/');
  const qualified = official ? OFFICIAL_PREFIX + path : path;
  return { registry, path: qualified, name: `${registry}/${qualified}` };
}

/** Docker hides 'docker.io/' and, for one-component official images, 'library/'. */
function familiarHubPath(path: string): string {
  const short = path.slice(OFFICIAL_PREFIX.length);
  return path.startsWith(OFFICIAL_PREFIX) && !short.includes('/') ? short : path;
}

/** Mistakes in the text as a whole, reported before any of its parts. */
function textProblem(text: string): Problem | undefined {
  if (text.trim() === '') return { rule: 'empty', detail: 'the image reference is empty' };
  if (text.trim() !== text) {
    return {
      rule: 'whitespace',
      detail: 'the image reference must not start or end with whitespace',
      fixed: text.trim(),
    };
  }
  const scheme = SCHEME_RE.exec(text);
  if (scheme) {
    return {
      rule: 'url-scheme',
      detail: `the image reference must not include a URL scheme ('${scheme[0]}'); start with the registry host`,
      fixed: text.slice(scheme[0].length),
    };
  }
  if (IMAGE_ID_RE.test(text)) {
    return {
      rule: 'image-id',
      detail: 'a string of 64 hex digits looks like an image ID, not an image name',
    };
  }
  return undefined;
}

/** A broken host may be a misread path or tag; the problem then names what the user meant. */
function checkHost(parts: Parts): Problem | undefined {
  const { host } = parts;
  if (host === undefined) return undefined;
  const problem = hostProblem(host);
  if (!problem) return undefined;
  if (parts.hostByCase) {
    // 'My_Org/app' is a host only because of its upper case; the user meant a Docker Hub path.
    return {
      rule: 'lower-case',
      detail: `the path component '${host}' must be lower case`,
      fixed: parts.written.toLowerCase() + tagAndDigest(parts),
    };
  }
  const tagged = misreadTag(host, parts.beforeDigest);
  if (tagged) {
    // Docker reads 'app:feature/x' as host 'app:feature', but the user meant a tag containing '/'.
    const tagFix = tagged.problem.fixed;
    return {
      ...tagged.problem,
      fixed: tagFix === undefined ? undefined : `${tagged.name}:${tagFix}${optional('@', parts.digest)}`,
    };
  }
  return problem;
}

function hostProblem(host: string): Problem | undefined {
  return host.startsWith('[') ? ipv6HostProblem(host) : namedHostProblem(host);
}

/** `[ADDRESS]` or `[ADDRESS]:PORT`. */
function ipv6HostProblem(host: string): Problem | undefined {
  const end = host.indexOf(']');
  if (end === -1)
    return { rule: 'host', detail: `the IPv6 registry host '${host}' is missing its closing ']'` };
  const hostName = host.slice(0, end + 1);
  const after = host.slice(end + 1);
  if (after !== '' && !after.startsWith(':')) {
    return {
      rule: 'host',
      detail: `the IPv6 registry host '${hostName}' may be followed only by ':' and a port`,
    };
  }
  if (!IPV6_RE.test(hostName)) {
    return {
      rule: 'host',
      detail: `the IPv6 registry host '${hostName}' may contain only hex digits and ':' inside the brackets`,
    };
  }
  return portProblem(hostName, after === '' ? undefined : after.slice(1));
}

/** `NAME` or `NAME:PORT`, where NAME is a domain name or an IPv4 address. */
function namedHostProblem(host: string): Problem | undefined {
  const colon = host.indexOf(':');
  const hostName = colon === -1 ? host : host.slice(0, colon);
  const port = colon === -1 ? undefined : host.slice(colon + 1);
  if (port !== undefined && port.includes(':')) {
    return {
      rule: 'host',
      detail: `the registry host '${host}' has more than one ':'; write IPv6 addresses in brackets, e.g. '[::1]:5000'`,
    };
  }
  if (hostName === '')
    return { rule: 'host', detail: `the registry host '${host}' has no host name before the port` };
  if (!DOMAIN_NAME_RE.test(hostName)) {
    return {
      rule: 'host',
      detail: `the registry host '${hostName}' is not a valid host name: its parts between dots may contain only letters, digits and '-', and must not be empty or start or end with '-'`,
    };
  }
  return portProblem(hostName, port);
}

function portProblem(hostName: string, port: string | undefined): Problem | undefined {
  if (port === '') return { rule: 'port', detail: `the registry port after '${hostName}:' is empty` };
  if (port !== undefined && !PORT_RE.test(port)) {
    return { rule: 'port', detail: `the registry port '${port}' must be a number` };
  }
  return undefined;
}

/** For 'app:feature/x': the name and tag the user most likely meant, when the host reading fails. */
function misreadTag(first: string, beforeDigest: string): { name: string; problem: Problem } | undefined {
  const colon = first.indexOf(':');
  if (colon <= 0 || first.startsWith('[')) return undefined;
  const before = first.slice(0, colon);
  if (PORT_RE.test(first.slice(colon + 1)) || !PATH_COMPONENT_RE.test(before) || before === 'localhost') {
    return undefined;
  }
  const problem = tagProblem(beforeDigest.slice(colon + 1));
  return problem && { name: before, problem };
}

/** The repository path: present, no empty components, each lower case and in the grammar. */
function checkPath(parts: Parts): Problem | undefined {
  const { host, path, written } = parts;
  if (path === '') {
    return host === undefined
      ? { rule: 'missing-path', detail: 'the image name is missing' }
      : { rule: 'missing-path', detail: `the image path is missing after the registry host '${host}/'` };
  }
  const components = path.split('/');
  if (components.includes('')) {
    const where = written.startsWith('/')
      ? "the name starts with '/'"
      : written.endsWith('/')
        ? "the name ends with '/'"
        : "the name contains '//'";
    return {
      rule: 'empty-component',
      detail: `the name has an empty path component (${where})`,
      fixed: written.replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '') + tagAndDigest(parts),
    };
  }
  for (const component of components) {
    // Checked before the grammar, as Docker does, because it is the most common mistake and easy to fix.
    if (component !== component.toLowerCase()) {
      return {
        rule: 'lower-case',
        detail: `the path component '${component}' must be lower case`,
        fixed: written.toLowerCase() + tagAndDigest(parts),
      };
    }
    if (!PATH_COMPONENT_RE.test(component)) {
      return {
        rule: 'path-component',
        detail: `the path component '${component}' is not valid: use lower-case letters and digits, separated by '.', '_', '__' or '-', and start and end with a letter or digit`,
      };
    }
  }
  return undefined;
}

function checkLength(name: string): Problem | undefined {
  if (name.length <= NAME_MAX) return undefined;
  return {
    rule: 'name-length',
    detail: `the full image name (registry host included) is ${name.length} characters long; it must not be longer than ${NAME_MAX} characters`,
  };
}

/** For `images` and the like: a name alone, whose tags come from elsewhere. */
function checkBareName({ tag, digest, written }: Parts): Problem | undefined {
  if (tag !== undefined) {
    return {
      rule: 'name-has-tag',
      detail: `image names are given without tags; put '${tag}' in the tags input`,
      fixed: written,
    };
  }
  if (digest !== undefined) {
    return {
      rule: 'name-has-digest',
      detail: `image names are given without a digest; remove '@${digest}'`,
      fixed: written,
    };
  }
  return undefined;
}

function checkTag({ tag, digest, written }: Parts): Problem | undefined {
  if (tag === undefined) return undefined;
  const after = optional('@', digest);
  if (tag === '') return { rule: 'tag-empty', detail: "the tag after ':' is empty", fixed: written + after };
  const problem = tagProblem(tag);
  return (
    problem && {
      ...problem,
      fixed: problem.fixed === undefined ? undefined : `${written}:${problem.fixed}${after}`,
    }
  );
}

function tagProblem(tag: string): Problem | undefined {
  if (tag === '') return { rule: 'tag-empty', detail: 'the tag is empty' };
  if (!TAG_CHARS_RE.test(tag)) {
    return {
      rule: 'tag-charset',
      detail: `the tag '${tag}' may contain only letters, digits, '_', '.' and '-'`,
      // Branch names like 'feature/x' are the usual cause; '-' is the conventional replacement.
      fixed: tag.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, ''),
    };
  }
  if (!/^[A-Za-z0-9_]/.test(tag)) {
    return {
      rule: 'tag-start',
      detail: `the tag '${tag}' must start with a letter, digit or underscore`,
      fixed: tag.replace(/^[.-]+/, ''),
    };
  }
  if (tag.length > TAG_MAX) {
    return {
      rule: 'tag-length',
      detail: `the tag is ${tag.length} characters long; a tag may be at most ${TAG_MAX} characters`,
    };
  }
  return undefined;
}

function checkDigest({ tag, digest, written }: Parts): Problem | undefined {
  const problem = digest === undefined ? undefined : digestProblem(digest);
  return (
    problem && {
      ...problem,
      fixed: problem.fixed === undefined ? undefined : `${written}${optional(':', tag)}@${problem.fixed}`,
    }
  );
}

function digestProblem(digest: string): Problem | undefined {
  if (digest === '') return { rule: 'digest', detail: `the digest after '@' is empty; ${DIGEST_FORM}` };
  if (IMAGE_ID_RE.test(digest)) {
    return {
      rule: 'digest',
      detail: `the digest '${digest}' has no algorithm; ${DIGEST_FORM}`,
      fixed: `sha256:${digest}`,
    };
  }
  if (!DIGEST_RE.test(digest))
    return { rule: 'digest', detail: `the digest '${digest}' is not valid; ${DIGEST_FORM}` };
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const known = DIGEST_HEX_LENGTH.get(algorithm.toLowerCase());
  if (known === undefined) return undefined;
  if (algorithm !== algorithm.toLowerCase() || hex.length !== known || hex !== hex.toLowerCase()) {
    return {
      rule: 'digest',
      detail: `the digest '${digest}' is not valid; a ${algorithm.toLowerCase()} digest is '${algorithm.toLowerCase()}:' followed by exactly ${known} lower-case hex digits (got ${hex.length})`,
      fixed: hex.length === known ? digest.toLowerCase() : undefined,
    };
  }
  return undefined;
}
