import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6661:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _steps_post_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6234);

await (0,_steps_post_js__WEBPACK_IMPORTED_MODULE_0__/* .runPost */ .a)();
// A cache upload abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6234:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPost)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/steps/runner-commands.ts



/**
 * The runner's side of the workflow-command protocol: inputs, outputs, state, masks, annotations,
 * groups and the job summary, written exactly as `@actions/core` 3 writes them (a test holds each
 * function to its `@actions/core` twin, byte for byte).
 *
 * Why not `@actions/core` itself: its entry module loads its OIDC client, hence undici and Node's
 * TLS and HTTP/2 stacks, and `@actions/exec` for `platform`, at import. On these machines that cost
 * 70 ms of every post step and 40 ms of every main step (issue #14's overhead budget is 400 ms per
 * job), for requests this action never makes. `@actions/cache` still brings them, loaded only when a
 * cache is restored or saved.
 */
/** `@actions/core` `toCommandValue`: strings as they are, anything else as JSON. */
function commandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return String(input);
    return JSON.stringify(input);
}
function escapeData(value) {
    return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** `::command key=value,…::message` on stdout; properties without a value are left out. */
function issueCommand(command, properties, message) {
    const given = Object.entries(properties).filter(([, value]) => value);
    const props = given.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
    process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${external_node_os_.EOL}`);
}
function annotationProperties(properties) {
    return {
        title: properties.title,
        file: properties.file,
        line: properties.startLine,
        endLine: properties.endLine,
        col: properties.startColumn,
        endColumn: properties.endColumn,
    };
}
/** `name<<delimiter` … `delimiter` appended to the file the runner named in `GITHUB_<command>`. */
function issueFileCommand(command, name, value) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!existsSync(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${randomUUID()}`;
    const converted = commandValue(value);
    if (name.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (converted.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    appendFileSync(filePath, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, 'utf8');
}
/** The input's value (`INPUT_<NAME>`), trimmed; `''` when unset. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return issueFileCommand('OUTPUT', name, value);
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, commandValue(value));
}
/** Sets an environment variable here and for the job's later steps (`GITHUB_ENV`). */
function exportVariable(name, value) {
    process.env[name] = commandValue(value);
    if (process.env.GITHUB_ENV)
        return issueFileCommand('ENV', name, value);
    issueCommand('set-env', { name }, commandValue(value));
}
/** Hands a value to this action's post step (`STATE_<name>` there). */
function saveState(name, value) {
    if (process.env.GITHUB_STATE)
        return issueFileCommand('STATE', name, value);
    issueCommand('save-state', { name }, commandValue(value));
}
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
/** The runner replaces `secret` with `***` in everything it prints after this line. */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
function info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
function notice(message, properties = {}) {
    issueCommand('notice', annotationProperties(properties), message);
}
function warning(message, properties = {}) {
    issueCommand('warning', annotationProperties(properties), message);
}
function error(message, properties = {}) {
    issueCommand('error', annotationProperties(properties), message);
}
/** An error annotation, and the step fails when the process ends. */
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
/** `work`'s log lines folded under `name` in the job log. */
async function group(name, work) {
    issueCommand('group', {}, name);
    try {
        return await work();
    }
    finally {
        issueCommand('endgroup', {}, '');
    }
}
/** Appends markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
function appendSummary(markdown) {
    const filePath = process.env.GITHUB_STEP_SUMMARY;
    if (!filePath) {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    }
    try {
        (0,external_node_fs_.accessSync)(filePath, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`);
    }
    (0,external_node_fs_.appendFileSync)(filePath, markdown, 'utf8');
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/common/errors.ts
/** A mistake in the workflow file: names the input, the value and the fix. */
class errors_InputError extends Error {
    input;
    value;
    constructor(input, value, problem) {
        super(`Input '${input}' ${value === '' ? 'is empty' : `has value '${shorten(value)}'`}: ${problem}`);
        this.input = input;
        this.value = value;
        this.name = 'InputError';
    }
}
function shorten(value) {
    const oneLine = value.replace(/\n/g, '\\n');
    return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}
/** One of a fixed set of values; empty gives the fallback, anything else names the choices. */
function errors_oneOf(input, raw, values, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (values.includes(value))
        return value;
    throw new errors_InputError(input, value, `use one of ${values.map((v) => `'${v}'`).join(', ')}.`);
}

;// CONCATENATED MODULE: ./src/naming/reference.ts
/**
 * Container image references, parsed the way Docker does (distribution/reference):
 * `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`.
 *
 * Parsing follows Docker's normalization (`docker.io` default, `library/` for one-component Hub names) so
 * that what we validate is exactly what `docker build -t` / `docker push` will accept. Errors name the
 * broken rule in plain words and carry a suggestion only when the suggested text itself parses.
 */
/** Thrown for any invalid reference or tag. Not called `ReferenceError` to avoid shadowing the JS global. */
class reference_ImageReferenceError extends Error {
    rule;
    suggestion;
    constructor(rule, detail, suggestion) {
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
const DIGEST_FORM = "a digest is written as algorithm:hex, e.g. 'sha256:' followed by 64 lower-case hex digits";
/** Parses `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`; throws ImageReferenceError when any rule is broken. */
function reference_parseReference(text) {
    return parse(text, 'reference', true);
}
/**
 * The names the engine lists an image by (`docker image ls` RepoTags, RepoDigests): `name:tag`
 * and `name@digest` in their familiar form (`busybox:1`, not `docker.io/library/busybox:1`).
 * Empty for text that is not a reference.
 */
function engineNames(text) {
    try {
        const ref = reference_parseReference(text);
        const names = ref.tag !== undefined || ref.digest === undefined ? [`${ref.familiar}:${ref.tag ?? 'latest'}`] : [];
        if (ref.digest)
            names.push(`${ref.familiar}@${ref.digest}`);
        return names;
    }
    catch {
        return [];
    }
}
/** Like parseReference, but the text must be a bare name: no tag and no digest. */
function parseImageName(text) {
    return parse(text, 'name', true);
}
/** Throws ImageReferenceError when `tag` is not a valid Docker tag. */
function validateTag(tag) {
    const problem = tagProblem(tag);
    if (problem) {
        const fixed = problem.fixed !== undefined && TAG_RE.test(problem.fixed) ? problem.fixed : undefined;
        throw new reference_ImageReferenceError(problem.rule, problem.detail, fixed);
    }
}
function isValidTag(tag) {
    return tagProblem(tag) === undefined;
}
/** `ref` with `tag`, written the way Docker shows it ('ubuntu:v1', 'ghcr.io/acme/app:v1'). */
function withTag(ref, tag) {
    validateTag(tag);
    return `${ref.familiar}:${tag}`;
}
/** Checks the parts in Docker's order, so the first broken rule is the one reported. */
function parse(text, mode, suggest) {
    const parts = splitReference(text);
    const { registry, path, name } = qualify(parts);
    const problem = textProblem(text) ??
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
        throw new reference_ImageReferenceError(problem.rule, problem.detail, useful ? fixed : undefined);
    }
    const { tag, digest } = parts;
    const familiar = registry === DEFAULT_REGISTRY ? familiarHubPath(path) : name;
    const canonical = name + (tag !== undefined ? `:${tag}` : digest === undefined ? ':latest' : '') + optional('@', digest);
    return { registry, path, tag, digest, familiar, canonical, name };
}
function isValid(text, mode) {
    try {
        parse(text, mode, false);
        return true;
    }
    catch {
        return false;
    }
}
function splitReference(text) {
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
function optional(prefix, value) {
    return value === undefined ? '' : prefix + value;
}
/** What follows the name as written: `[:TAG][@DIGEST]`. */
function tagAndDigest(parts) {
    return optional(':', parts.tag) + optional('@', parts.digest);
}
/** Docker's normalization: 'docker.io' when no host is given, 'library/' for one-component Hub paths. */
function qualify({ host, path }) {
    const registry = host === undefined || host === LEGACY_REGISTRY ? DEFAULT_REGISTRY : host;
    const official = registry === DEFAULT_REGISTRY && !path.includes('/');
    const qualified = official ? OFFICIAL_PREFIX + path : path;
    return { registry, path: qualified, name: `${registry}/${qualified}` };
}
/** Docker hides 'docker.io/' and, for one-component official images, 'library/'. */
function familiarHubPath(path) {
    const short = path.slice(OFFICIAL_PREFIX.length);
    return path.startsWith(OFFICIAL_PREFIX) && !short.includes('/') ? short : path;
}
/** Mistakes in the text as a whole, reported before any of its parts. */
function textProblem(text) {
    if (text.trim() === '')
        return { rule: 'empty', detail: 'the image reference is empty' };
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
function checkHost(parts) {
    const { host } = parts;
    if (host === undefined)
        return undefined;
    const problem = hostProblem(host);
    if (!problem)
        return undefined;
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
function hostProblem(host) {
    return host.startsWith('[') ? ipv6HostProblem(host) : namedHostProblem(host);
}
/** `[ADDRESS]` or `[ADDRESS]:PORT`. */
function ipv6HostProblem(host) {
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
function namedHostProblem(host) {
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
function portProblem(hostName, port) {
    if (port === '')
        return { rule: 'port', detail: `the registry port after '${hostName}:' is empty` };
    if (port !== undefined && !PORT_RE.test(port)) {
        return { rule: 'port', detail: `the registry port '${port}' must be a number` };
    }
    return undefined;
}
/** For 'app:feature/x': the name and tag the user most likely meant, when the host reading fails. */
function misreadTag(first, beforeDigest) {
    const colon = first.indexOf(':');
    if (colon <= 0 || first.startsWith('['))
        return undefined;
    const before = first.slice(0, colon);
    if (PORT_RE.test(first.slice(colon + 1)) || !PATH_COMPONENT_RE.test(before) || before === 'localhost') {
        return undefined;
    }
    const problem = tagProblem(beforeDigest.slice(colon + 1));
    return problem && { name: before, problem };
}
/** The repository path: present, no empty components, each lower case and in the grammar. */
function checkPath(parts) {
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
function checkLength(name) {
    if (name.length <= NAME_MAX)
        return undefined;
    return {
        rule: 'name-length',
        detail: `the full image name (registry host included) is ${name.length} characters long; it must not be longer than ${NAME_MAX} characters`,
    };
}
/** For `images` and the like: a name alone, whose tags come from elsewhere. */
function checkBareName({ tag, digest, written }) {
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
function checkTag({ tag, digest, written }) {
    if (tag === undefined)
        return undefined;
    const after = optional('@', digest);
    if (tag === '')
        return { rule: 'tag-empty', detail: "the tag after ':' is empty", fixed: written + after };
    const problem = tagProblem(tag);
    return (problem && {
        ...problem,
        fixed: problem.fixed === undefined ? undefined : `${written}:${problem.fixed}${after}`,
    });
}
function tagProblem(tag) {
    if (tag === '')
        return { rule: 'tag-empty', detail: 'the tag is empty' };
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
function checkDigest({ tag, digest, written }) {
    const problem = digest === undefined ? undefined : digestProblem(digest);
    return (problem && {
        ...problem,
        fixed: problem.fixed === undefined ? undefined : `${written}${optional(':', tag)}@${problem.fixed}`,
    });
}
function digestProblem(digest) {
    if (digest === '')
        return { rule: 'digest', detail: `the digest after '@' is empty; ${DIGEST_FORM}` };
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
    if (known === undefined)
        return undefined;
    if (algorithm !== algorithm.toLowerCase() || hex.length !== known || hex !== hex.toLowerCase()) {
        return {
            rule: 'digest',
            detail: `the digest '${digest}' is not valid; a ${algorithm.toLowerCase()} digest is '${algorithm.toLowerCase()}:' followed by exactly ${known} lower-case hex digits (got ${hex.length})`,
            fixed: hex.length === known ? digest.toLowerCase() : undefined,
        };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/common/units.ts
/**
 * Sizes and durations as people write them in a workflow: `500MB`, `10GB`, `1.5GiB`; `30m`, `24h`, `7d`.
 * Decimal units are powers of 1000 and binary ones (`KiB`, `MiB`…) powers of 1024, as the SI and IEC
 * define them; a bare number is bytes.
 */
const SIZE_UNITS = {
    b: 1,
    k: 1e3,
    kb: 1e3,
    m: 1e6,
    mb: 1e6,
    g: 1e9,
    gb: 1e9,
    t: 1e12,
    tb: 1e12,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    tib: 1024 ** 4,
};
/** Bytes, or `undefined` when the text is not a size. */
function units_parseSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
    if (!match)
        return undefined;
    const unit = SIZE_UNITS[(match[2] || 'b').toLowerCase()];
    if (unit === undefined)
        return undefined;
    return Math.round(Number(match[1]) * unit);
}
const DURATION_UNITS = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 7 * 86_400_000,
};
/** Milliseconds of `30m`, `24h`, `7d`, `1h30m`; `undefined` when the text is not a duration. */
function units_parseDuration(text) {
    const value = text.trim();
    if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/.test(value))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
        total += Number(amount) * DURATION_UNITS[unit];
    }
    return Math.round(total);
}
/** A percentage: `5%` -> 5; `undefined` otherwise. */
function parsePercent(text) {
    const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
    return match ? Number(match[1]) : undefined;
}

;// CONCATENATED MODULE: ./src/settings/parse.ts



function parse_lines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
}
/** Lists accept one item per line or comma-separated items, as the docker/* actions do. */
function list(value) {
    return parse_lines(value)
        .flatMap((line) => line.split(','))
        .map((item) => item.trim())
        .filter(Boolean);
}
function unique(items) {
    return [...new Set(items)];
}
function keyValueLines(value, input, form) {
    return parse_lines(value).map((line) => {
        const at = line.indexOf('=');
        if (at < 0)
            throw new InputError(input, line, `each line must be ${form}; this line has no '='.`);
        if (at === 0)
            throw new InputError(input, line, `each line must be ${form}; the name before '=' is empty.`);
        return [line.slice(0, at).trim(), line.slice(at + 1)];
    });
}
const TRUE = (/* unused pure expression or super */ null && (['true', 'True', 'TRUE']));
const FALSE = (/* unused pure expression or super */ null && (['false', 'False', 'FALSE']));
function parse_booleanInput(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (TRUE.includes(value))
        return true;
    if (FALSE.includes(value))
        return false;
    throw new InputError(input, value, "use 'true' or 'false'.");
}
/** Upper bounds of the numeric inputs (README, "Inputs"): anything larger is a mistake. */
const LIMITS = {
    /** Sizes: 1 PB. */
    bytes: 1e15,
    /** Ages and durations: 10 years. */
    ms: 3650 * 86_400_000,
    /** Seconds a test may take: below Node's longest timer (2^31 − 1 ms, 24.8 days). */
    seconds: 2_000_000,
    /** Counts (`test-parallelism`). */
    count: 1024,
};
/** A size (`500MB`, `10GB`, `1.5GiB`, or bytes); `0` is allowed and means none. */
function parse_sizeInput(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    const bytes = parseSize(value);
    if (bytes !== undefined && !(bytes <= LIMITS.bytes)) {
        throw new InputError(input, value, 'give a size of at most 1PB.');
    }
    if (bytes === undefined) {
        throw new InputError(input, value, "give a size: a number with a unit, e.g. '500MB', '10GB' or '1.5GiB' (kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), or bytes.");
    }
    return bytes;
}
function parse_durationInput(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    const ms = parseDuration(value);
    if (ms !== undefined && !(ms <= LIMITS.ms)) {
        throw new InputError(input, value, "give a duration of at most 10 years ('3650d').");
    }
    if (ms === undefined) {
        throw new InputError(input, value, "give a duration: a number with a unit s, m, h, d or w, e.g. '30m', '24h' or '7d'.");
    }
    return ms;
}
function positiveSeconds(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    const seconds = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
        throw new InputError(input, value, "give a positive number of seconds, e.g. '300'.");
    }
    if (seconds > LIMITS.seconds) {
        throw new InputError(input, value, `give at most ${LIMITS.seconds} seconds (23 days).`);
    }
    return seconds;
}
function positiveInteger(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw new InputError(input, value, "give a whole number of at least 1, e.g. '4'.");
    }
    if (Number(value) > LIMITS.count) {
        throw new InputError(input, value, `give at most ${LIMITS.count}.`);
    }
    return Number(value);
}
function isDirectory(path) {
    try {
        return statSync(path).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(path) {
    try {
        return statSync(path).isFile();
    }
    catch {
        return false;
    }
}
function isSocket(path) {
    try {
        return statSync(path).isSocket();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/settings/paths.ts



/** The input that lets paths leave the workspace; off unless the user says so. */
const OUTSIDE_INPUT = 'allow-paths-outside-workspace';
/** Whether `path` is `root` or below it (both already real). */
function isInside(path, root) {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
function real(path) {
    try {
        return realpathSync(path);
    }
    catch {
        return undefined;
    }
}
function outside(input, raw, resolved, where) {
    return new InputError(input, raw, `it resolves to ${resolved}, outside ${where}. Give a path in the repository, or set '${OUTSIDE_INPUT}: true' to allow it.`);
}
/**
 * An existing path that is read: its real path must be in the workspace. A path that does not
 * exist is returned as it is (the caller says it is missing).
 */
function readablePath(input, raw, path, rules) {
    const resolved = real(path);
    if (!resolved || rules.allowOutside)
        return path;
    const workspace = real(rules.workspace) ?? resolve(rules.workspace);
    if (!isInside(resolved, workspace))
        throw outside(input, raw, resolved, `the workspace (${workspace})`);
    return path;
}
/**
 * A file that is written: its directory's real path must be in the workspace or RUNNER_TEMP, and
 * the file itself must not be a symlink (the writer also opens it without following one).
 */
function writablePath(input, raw, path, rules) {
    let link = false;
    try {
        link = lstatSync(path).isSymbolicLink();
    }
    catch {
        // not there yet: written fresh
    }
    if (link) {
        throw new InputError(input, raw, `${path} is a symbolic link; give the path of a regular file.`);
    }
    if (rules.allowOutside)
        return path;
    // The nearest existing directory decides (the report's directories are made on writing).
    let dir = dirname(path);
    while (!real(dir) && dirname(dir) !== dir)
        dir = dirname(dir);
    const resolved = join(real(dir) ?? dir, relative(dir, dirname(path)), basename(path));
    const roots = [rules.workspace, rules.runnerTemp]
        .filter(Boolean)
        .map((root) => real(root) ?? resolve(root));
    if (!roots.some((root) => isInside(resolved, root))) {
        throw outside(input, raw, resolved, `the workspace and RUNNER_TEMP (${roots.join(', ')})`);
    }
    return path;
}
/**
 * `cache-key-files` globs: each is read from the workspace, so none may be absolute or climb out
 * of it with `..` (`/**` would walk the whole machine).
 */
function paths_workspaceGlobs(input, globs, rules) {
    if (rules.allowOutside)
        return globs;
    for (const glob of globs) {
        const pattern = glob.replace(/^!+/, '');
        const climbs = pattern.split(/[\\/]/).includes('..');
        if (isAbsolute(pattern) || pattern.startsWith('~') || climbs) {
            throw new InputError(input, glob, `patterns are read from the workspace: give one relative to the repository root without '..', or set '${OUTSIDE_INPUT}: true' to allow it.`);
        }
    }
    return globs;
}

;// CONCATENATED MODULE: ./src/settings/cache.ts




const CACHE_WRITE_MODES = (/* unused pure expression or super */ null && (['min', 'max']));
/**
 * The GitHub Actions cache service `@actions/cache` would talk to here, decided as it decides (its
 * `internal/config.ts`, `isFeatureAvailable`), without loading it: on GitHub Enterprise Server (a
 * `GITHUB_SERVER_URL` other than github.com, `*.ghe.com` or `*.localhost`) the legacy service at
 * `ACTIONS_CACHE_URL`; elsewhere the v2 service at `ACTIONS_RESULTS_URL` when
 * `ACTIONS_CACHE_SERVICE_V2` is set, else the legacy one. Either needs `ACTIONS_RUNTIME_TOKEN`.
 * `undefined` when there is none.
 */
function cache_actionsCacheService(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN)
        return undefined;
    const v2 = !isGhes(env.GITHUB_SERVER_URL) && Boolean(env.ACTIONS_CACHE_SERVICE_V2);
    const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
    return url ? { service: v2 ? 'v2' : 'legacy', url } : undefined;
}
/** `@actions/cache`'s `isGhes()`: a server other than github.com, a `*.ghe.com` or a `*.localhost` one. */
function isGhes(serverUrl) {
    let host;
    try {
        host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase();
    }
    catch {
        return false;
    }
    return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}
const CACHE_MODES = (/* unused pure expression or super */ null && (['gha', 'registry', 'none']));
/** `cache`, `cache-ref`, `cache-key-files`; `gha` is the default where the cache service is available. */
function readCacheSettings(read, env, firstImage, build, rules) {
    const serviceAvailable = cache_actionsCacheService(env) !== undefined;
    return {
        mode: oneOf('cache', read('cache'), CACHE_MODES, serviceAvailable ? 'gha' : 'none'),
        ref: firstImage ? cacheReference(read('cache-ref'), firstImage) : '',
        keyFiles: rules
            ? workspaceGlobs('cache-key-files', lines(read('cache-key-files')), rules)
            : lines(read('cache-key-files')),
        image: firstImage?.name ?? '',
        dockerfile: build.file,
        target: build.target,
        platforms: build.platforms,
        importCache: !build.noCache,
        write: booleanInput('cache-write', read('cache-write'), true),
        cacheMode: oneOf('cache-mode', read('cache-mode'), CACHE_WRITE_MODES, 'max'),
    };
}
function cacheReference(raw, firstImage) {
    const value = raw.trim();
    if (value === '')
        return `${firstImage.familiar}:buildcache`;
    try {
        const reference = parseReference(value);
        if (reference.digest)
            throw new InputError('cache-ref', value, 'a cache image is written to, so give a tag, not a digest.');
        return `${reference.familiar}:${reference.tag ?? 'buildcache'}`;
    }
    catch (error) {
        if (error instanceof ImageReferenceError)
            throw new InputError('cache-ref', value, error.message);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/cache/gha.ts



/** Loaded on first use: the library and the Azure SDK behind it are most of the bundle's start-up time. */
const actionsCache = () => __nccwpck_require__.e(/* import() */ 329).then(__nccwpck_require__.bind(__nccwpck_require__, 5329));
/**
 * At most this long, restore and save together, is lost to a cache service that is down, slow or
 * failing. Once the service has answered a restore with an entry, its download runs under the
 * library's own timeouts instead: a large entry is not a failing service.
 */
const CACHE_SERVICE_BUDGET_MS = 30_000;
/** A save with less time than this left is not started. */
const MIN_SAVE_MS = 5_000;
/**
 * Restores the cache directory from the GitHub Actions cache. Any failure is one warning and a
 * miss: the build goes on without the cache.
 */
async function restoreDirectory(dir, primary, restoreKeys, log) {
    const started = Date.now();
    let answeredAt;
    const elapsed = () => (answeredAt ?? Date.now()) - started;
    // The restore leaves at least a save's minimum of the budget.
    const budget = new Budget(CACHE_SERVICE_BUDGET_MS - MIN_SAVE_MS, 'restoring the layer cache');
    try {
        const cache = await actionsCache();
        // The watch stays on until the library is done, even once the restore was given up.
        const call = watchLibrary(() => fromParent(dir, (path) => cache.restoreCache([path], primary, restoreKeys, {
            // The library's own defaults allow minutes per download segment; a cache is never worth that.
            timeoutInMs: 30_000,
            segmentTimeoutInMs: 60_000,
        })), (line) => {
            // The service found an entry: from here on it is a download, not a failing service.
            if (/^Cache hit for/.test(line)) {
                answeredAt = Date.now();
                budget.stop();
            }
            budget.watchAttempts(line);
        });
        const { value: matched, failures } = await budget.race(call);
        if (failures.length > 0) {
            const failure = failures.join('; ');
            log.warning(`The layer cache could not be restored; building without it, and not saving it in this job. The cache service answered: ${failure}`);
            await rm(dir, { recursive: true, force: true });
            return { hit: 'false', elapsedMs: elapsed(), failure };
        }
        if (!matched)
            return { hit: 'false', elapsedMs: elapsed() };
        log.info(`Layer cache restored from key ${matched}`);
        return { hit: matched === primary ? 'true' : 'partial', elapsedMs: elapsed() };
    }
    catch (error) {
        const failure = describe(error);
        log.warning(`The layer cache could not be restored; building without it, and not saving it in this job. ${failure}`);
        await rm(dir, { recursive: true, force: true });
        return { hit: 'false', elapsedMs: elapsed(), failure };
    }
    finally {
        budget.stop();
    }
}
/** Saves the cache directory within what is left of the time budget; a failure is a warning, never a failed job. */
async function saveDirectory(dir, key, budgetMs, log, 
/** Why the service is not asked again (what it answered the restore). */
serviceFailure) {
    if (serviceFailure) {
        log.warning(`The layer cache was not saved: the cache service failed when it was restored (${serviceFailure}), so it is not asked again in this job.`);
        return false;
    }
    if (budgetMs < MIN_SAVE_MS) {
        log.warning(`The layer cache was not saved: the cache service already cost ${Math.round((CACHE_SERVICE_BUDGET_MS - budgetMs) / 1000)} s in this job.`);
        return false;
    }
    const budget = new Budget(budgetMs, 'saving the layer cache');
    try {
        const cache = await actionsCache();
        const call = watchLibrary(() => fromParent(dir, (path) => cache.saveCache([path], key)), (line) => budget.watchAttempts(line));
        const { value: id, failures } = await budget.race(call);
        // -1: the service refused or failed, or another job holds the key.
        if (id === -1) {
            log.warning(`The layer cache was not saved under key ${key}${failures.length > 0 ? `: the cache service answered: ${failures.join('; ')}` : ' (another job may be saving the same key)'}; the next run restores an older entry or builds without one.`);
            return false;
        }
        return true;
    }
    catch (error) {
        log.warning(`The layer cache was not saved. ${describe(error)}`);
        return false;
    }
    finally {
        budget.stop();
    }
}
/**
 * Runs a call of `@actions/cache` and holds back the `::error::`/`::warning::` lines it prints about
 * its own failures ("Failed to restore: …"): the library turns every failure into a miss, and its
 * 5xx `::error::` would show a failed step on a job that succeeds. They are returned, decoded, for
 * one warning of ours that says what the service answered. Every other line passes through;
 * `onLine` sees each plain line as it is written.
 */
async function watchLibrary(work, onLine = () => { }) {
    const failures = [];
    const stdout = process.stdout;
    const write = stdout.write;
    stdout.write = function (chunk, ...rest) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const kept = text
            .split(/(?<=\n)/)
            .filter((line) => {
            const failure = /^::(?:error|warning)(?: [^:]*)?::(Failed to (?:restore|save)[^\r\n]*)/.exec(line);
            if (failure)
                failures.push(decodeCommandText(failure[1]));
            else
                onLine(line.trimEnd());
            return !failure;
        })
            .join('');
        if (kept === '')
            return true;
        return write.call(this, kept, ...rest);
    };
    try {
        return { value: await work(), failures };
    }
    finally {
        stdout.write = write;
    }
}
/** A workflow command's message as written (`%25`, `%0D`, `%0A` escaped), back to text. */
function decodeCommandText(text) {
    return text.replace(/%0D/g, '').replace(/%0A/g, ' ').replace(/%25/g, '%');
}
/**
 * A time budget that a call of the library races against; `stop` ends it (the rest is not
 * counted). The library retries a failing request five times over about 25 s: the second failed
 * attempt gives up at once, quoting what the service answered.
 */
class Budget {
    ms;
    what;
    timer;
    giveUp = () => { };
    expired;
    /** What the service answered the last failed attempt (`Failed request: (503) Service Unavailable`). */
    lastAnswer;
    constructor(ms, what) {
        this.ms = ms;
        this.what = what;
        this.expired = new Promise((_, reject) => {
            this.giveUp = reject;
            this.timer = setTimeout(() => {
                const answered = this.lastAnswer ? `; the cache service answered: ${this.lastAnswer}` : '';
                reject(new Error(`${this.what} took longer than ${Math.round(ms / 1000)} s; gave up${answered}`));
            }, ms);
        });
        this.expired.catch(() => undefined);
    }
    race(work) {
        work.catch(() => undefined);
        return Promise.race([work, this.expired]);
    }
    /** Reads the library's `Attempt N of M failed with error: …` lines. */
    watchAttempts(line) {
        const attempt = /^Attempt (\d+) of \d+ failed with error: (.*?)\. Retrying request/.exec(line);
        if (!attempt)
            return;
        this.lastAnswer = attempt[2];
        if (Number(attempt[1]) >= 2) {
            clearTimeout(this.timer);
            this.giveUp(new Error(`${this.what}: the cache service failed twice; it answered: ${attempt[2]}`));
        }
    }
    stop() {
        clearTimeout(this.timer);
    }
}
/** Whether `@actions/cache` has a service here (v2, or GHES's legacy one), without loading it. */
function cacheServiceAvailable(env = process.env) {
    return actionsCacheService(env) !== undefined;
}
/** Bytes of every file below `dir`. */
async function directorySize(dir) {
    let total = 0;
    let entries;
    try {
        entries = await readdir(dir, { withFileTypes: true });
    }
    catch {
        return 0;
    }
    for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory())
            total += await directorySize(path);
        else if (entry.isFile())
            total += (await stat(path)).size;
    }
    return total;
}
/**
 * `@actions/cache` makes the paths it is given part of an entry's version, and reads and writes them
 * relative to GITHUB_WORKSPACE (the working directory for globbing). Each run's directory is its
 * own (`$RUNNER_TEMP/shipshape-cache-…/layer-cache`), so the library is given the name alone, with
 * the workspace and working directory set to its parent for the call: every run has one version.
 * The library reads both when a call starts; they are put back when it ends.
 */
async function fromParent(dir, work) {
    const cwd = process.cwd();
    const workspace = process.env.GITHUB_WORKSPACE;
    const libraryTemp = await libraryTempDirs();
    process.env.GITHUB_WORKSPACE = (0,external_node_path_.dirname)(dir);
    process.chdir((0,external_node_path_.dirname)(dir));
    try {
        return await work((0,external_node_path_.basename)(dir));
    }
    finally {
        process.chdir(cwd);
        if (workspace === undefined)
            delete process.env.GITHUB_WORKSPACE;
        else
            process.env.GITHUB_WORKSPACE = workspace;
        await libraryTemp.removeNew();
    }
}
/**
 * The library downloads and packs its archive in a directory of its own under RUNNER_TEMP (a UUID)
 * and removes only the archive: the directories it made during a call are removed after it.
 */
async function libraryTempDirs() {
    const root = process.env.RUNNER_TEMP;
    const list = async () => (root ? await (0,promises_namespaceObject.readdir)(root).catch(() => []) : []);
    const before = new Set(await list());
    return {
        removeNew: async () => {
            for (const name of await list()) {
                if (before.has(name) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name))
                    continue;
                await (0,promises_namespaceObject.rm)((0,external_node_path_.join)(root, name), { recursive: true, force: true }).catch(() => undefined);
            }
        },
    };
}
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/cache/save.ts


/** The post step's cache stage: save the layer cache to the Actions cache, then remove its directory. */
async function saveCacheStage(save, log) {
    if (await saveDirectory(save.dir, save.key, save.budgetMs, log, save.serviceFailure)) {
        log.info(`Layer cache saved under key ${save.key}`);
    }
    await (0,promises_namespaceObject.rm)(save.root, { recursive: true, force: true }).catch((error) => log.warning(`Could not remove the layer cache directory ${save.root}: ${error.message}`));
}

;// CONCATENATED MODULE: ./src/common/format.ts
/** `1234567` -> `1.23 MB`: decimal units, as Docker and registries show sizes. */
function formatBytes(bytes) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let value = Math.abs(bytes);
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    const text = unit === 0 ? String(value) : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
    return `${bytes < 0 ? '-' : ''}${text} ${units[unit]}`;
}
function formatDuration(ms) {
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
/** Makes text safe inside a markdown table cell. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function shortId(id) {
    return id.replace(/^sha256:/, '').slice(0, 12);
}
const OUTPUT_LIMIT = 1500;
/** A program's output for a markdown code block (`fencedBlock`): its tail. */
function trimOutput(output) {
    const text = output.trimEnd();
    return text.length > OUTPUT_LIMIT ? `…${text.slice(-OUTPUT_LIMIT)}` : text || '(no output)';
}
/** The longest run of backticks in `text`. */
function longestBackticks(text) {
    return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
/**
 * Untrusted text as an inline code span in a table cell: a fence longer than any backtick run
 * inside (a backtick in a test name cannot end it), one line, `|` escaped for the table.
 */
function codeSpan(text) {
    const oneLine = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
    const fence = '`'.repeat(longestBackticks(oneLine) + 1);
    const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${oneLine}${pad}${fence}`;
}
/** Untrusted text as a fenced code block, its fence longer than any backtick run inside (at least 3). */
function fencedBlock(text, info = '') {
    const fence = '`'.repeat(Math.max(3, longestBackticks(text) + 1));
    return `${fence}${info}\n${text}\n${fence}`;
}
/**
 * Untrusted text as plain markdown in a table cell: links, images, emphasis, HTML and headings read
 * as the characters they are.
 */
function escapeMarkdown(text) {
    return cell(text.replace(/[\\`*_{}[\]()#+!<>~]/g, (c) => `\\${c}`));
}

;// CONCATENATED MODULE: ./src/cleanup/report.ts

const KIND_ROWS = [
    { kind: 'container', label: 'Containers' },
    { kind: 'image', label: 'Images' },
    { kind: 'network', label: 'Networks' },
    { kind: 'volume', label: 'Volumes' },
    { kind: 'build cache', label: 'Build cache' },
];
/** What a cleanup removed, per kind and owner, and the disk before and after. */
function cleanupSummary(result, context) {
    const sum = (objects) => objects.reduce((total, object) => total + object.bytes, 0);
    const out = [
        // A blank line first: this follows the main step's table in the same job summary.
        '',
        `### ${context.title ?? 'Shipshape cleanup'}`,
        '',
        `Policy \`${context.policy}\`.`,
        '',
        '| Removed | Count | Of this run | Disk space |',
        '|---|---|---|---|',
    ];
    for (const { kind, label } of KIND_ROWS) {
        const objects = result.removed.filter((object) => object.kind === kind);
        const count = kind === 'build cache' ? (objects.length > 0 ? 'pruned' : '0') : String(objects.length);
        const ofRun = objects.filter((object) => object.owner === 'run').length;
        const bytes = kind === 'network' ? '' : formatBytes(sum(objects));
        out.push(`| ${label} | ${count} | ${kind === 'build cache' ? '' : ofRun} | ${bytes} |`);
    }
    out.push(`| **Total** | ${result.removed.filter((o) => o.kind !== 'build cache').length} | ${result.removed.filter((o) => o.owner === 'run').length} | **${formatBytes(result.bytesFreed)}** (${result.bytesFreed} bytes) |`);
    out.push('', '| Disk | Before | After |', '|---|---|---|');
    const free = (state) => state.freeBytes === undefined ? 'unknown' : formatBytes(state.freeBytes);
    out.push(`| Free at \`${context.before.path || '?'}\` | ${free(context.before)} | ${free(context.after)} |`);
    for (const row of context.before.usage) {
        const later = context.after.usage.find((other) => other.type === row.type);
        const show = (r) => r ? `${formatBytes(r.size)} in ${r.count} (${formatBytes(r.reclaimable)} reclaimable)` : '';
        out.push(`| Docker ${row.type.toLowerCase()} | ${show(row)} | ${show(later)} |`);
    }
    if (result.failures.length > 0) {
        out.push('', 'Could not remove:', '');
        for (const failure of result.failures)
            out.push(`- ${failure.kind} \`${shortId(failure.id)}\`: ${cell(failure.reason)}`);
    }
    if (result.kept.length > 0) {
        out.push('', `<details><summary>Kept ${result.kept.length} object(s) the policy chose but the engine still needs</summary>`, '');
        for (const kept of result.kept.slice(0, 50))
            out.push(`- ${kept.kind} \`${shortId(kept.id)}\`: ${cell(kept.reason)}`);
        out.push('</details>');
    }
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/cleanup/ownership.ts

/** The label every container and image of one action invocation carries; its value is unique. */
const RUN_LABEL = 'dev.shipshape.run';
/**
 * Set on the one volume each run holds while it runs (its lease): other runs' `dangling` and
 * `aggressive` cleanups leave the objects of a run with a lease alone. A volume costs no image and
 * survives nothing but its removal, which the post step does.
 */
const LEASE_LABEL = 'dev.shipshape.lease';
/**
 * `dev.shipshape.uses.<n>` on a lease: an image the run uses without having made it (a base, a
 * service, the image `test-only` tests), as `name:tag` or `name@digest`. Other runs' cleanups never
 * remove an image a live lease names, however long ago it arrived.
 */
const LEASE_USES_PREFIX = 'dev.shipshape.uses.';
/** At most this many images named on a lease (a label each). */
const MAX_USES = 64;
/**
 * Labels naming this run. The random part keeps matrix legs apart: they share repository, run id,
 * attempt and job, and may share one daemon on a self-hosted host.
 */
function createOwnership(env, nonce = randomBytes(4).toString('hex')) {
    const repository = env.GITHUB_REPOSITORY ?? 'local';
    const runId = env.GITHUB_RUN_ID ?? '0';
    const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
    const job = env.GITHUB_JOB ?? 'job';
    const runKey = `${repository}/${runId}/${attempt}/${job}/${nonce}`;
    return {
        runKey,
        labels: {
            [RUN_LABEL]: runKey,
            'dev.shipshape.repository': repository,
            'dev.shipshape.run-id': runId,
            'dev.shipshape.run-attempt': attempt,
            'dev.shipshape.job': job,
        },
    };
}
function runFilter(runKey) {
    return `label=${RUN_LABEL}=${runKey}`;
}
/** The lease volume's name: unique per invocation, like the run key. */
function leaseName(runKey) {
    return `shipshape-lease-${runKey.split('/').pop()}`;
}
function leaseLabels(ownership, uses = []) {
    const named = [...new Set(uses)].slice(0, MAX_USES).map((ref, i) => [`${LEASE_USES_PREFIX}${i}`, ref]);
    return { ...ownership.labels, [LEASE_LABEL]: 'true', ...Object.fromEntries(named) };
}

;// CONCATENATED MODULE: ./src/cleanup/policy.ts

/** A lease older than this belongs to a runner that died: no job runs longer (self-hosted limit, 5 days). */
const LEASE_TTL_MS = 5 * 86_400_000;
const STOPPED = ['exited', 'created', 'dead'];
/** Run keys with a lease younger than the TTL, other than this run's: their objects are never touched. */
function liveRuns(volumes, ownKey, now) {
    return new Set(liveLeases(volumes, ownKey, now).map((volume) => volume.labels[RUN_LABEL]));
}
/** The images live runs' leases name (`dev.shipshape.uses.<n>`): bases, services, tested images. */
function usedByLiveRuns(volumes, ownKey, now) {
    return new Set(liveLeases(volumes, ownKey, now).flatMap((volume) => Object.entries(volume.labels)
        .filter(([key]) => key.startsWith(LEASE_USES_PREFIX))
        .map(([, reference]) => reference)));
}
function liveLeases(volumes, ownKey, now) {
    return volumes.filter((volume) => {
        const key = volume.labels[RUN_LABEL];
        if (volume.labels[LEASE_LABEL] !== 'true' || !key || key === ownKey)
            return false;
        const created = Date.parse(volume.created);
        // A lease we cannot date protects: never remove what might belong to a running job.
        return !Number.isFinite(created) || now - created < LEASE_TTL_MS;
    });
}
/**
 * Decides what a policy removes, from a snapshot of the daemon; pure, so every rule is unit-tested.
 * This run's objects go under every policy but `false`; others' only under `dangling`/`aggressive`,
 * only when older than `until`, never a running container, an image any kept container uses, or
 * anything labelled as a live run's.
 */
function planRemovals(snapshot, run, options, now) {
    const plan = {
        containers: [],
        images: [],
        untag: [],
        volumes: [],
        networks: [],
        pruneBuildCache: false,
    };
    if (options.policy === 'false')
        return plan;
    const wide = options.policy === 'dangling' || options.policy === 'aggressive';
    const live = liveRuns(snapshot.volumes, run.runKey, now);
    const used = usedByLiveRuns(snapshot.volumes, run.runKey, now);
    const own = (labels) => labels[RUN_LABEL] === run.runKey;
    const ofLiveRun = (labels) => live.has(labels[RUN_LABEL] ?? '');
    // An image a live run's lease names (by a tag, a digest or its ID) is that run's to keep.
    const usedByLiveRun = (image) => used.has(image.id) || [...image.repoTags, ...(image.repoDigests ?? [])].some((ref) => used.has(ref));
    const old = (created) => {
        const time = Date.parse(created);
        // An unreadable time is treated as new: never remove what we cannot date.
        return Number.isFinite(time) && now - time >= options.untilMs;
    };
    for (const container of snapshot.containers) {
        // This run's containers go even when running: a cancelled run leaves its tests running.
        if (own(container.labels))
            plan.containers.push(container.id);
        else if (wide &&
            STOPPED.includes(container.status) &&
            old(container.created) &&
            !ofLiveRun(container.labels))
            plan.containers.push(container.id);
    }
    const removedContainers = new Set(plan.containers);
    const inUse = new Set(snapshot.containers.filter((c) => !removedContainers.has(c.id)).map((c) => c.image));
    const created = new Set(run.createdImages);
    const replaced = new Set(run.replacedImages);
    const images = [];
    for (const image of snapshot.images) {
        if (inUse.has(image.id) || usedByLiveRun(image))
            continue;
        // What the build recorded as created goes only when no live run owns it (the record can be wrong).
        const mine = (created.has(image.id) && !ofLiveRun(image.labels)) || own(image.labels);
        if (image.dangling && mine)
            images.push(image);
        // A tag this run moved to its new image: the old image is this run's doing, unless a live run owns it.
        else if (image.dangling && replaced.has(image.id) && !ofLiveRun(image.labels))
            images.push(image);
        else if (wide && image.dangling && old(arrival(image)) && !ofLiveRun(image.labels))
            images.push(image);
        else if (options.policy === 'aggressive' &&
            !image.dangling &&
            !mine &&
            old(arrival(image)) &&
            !ofLiveRun(image.labels))
            images.push(image);
    }
    plan.images = images.sort((a, b) => time(b.created) - time(a.created)).map((image) => image.id);
    if (run.pushed) {
        const pushedId = run.pushed.imageId;
        const tags = new Set(snapshot.images.find((image) => image.id === pushedId)?.repoTags ?? []);
        // Only tags that still point at the pushed image: another run may have moved one since.
        plan.untag = run.pushed.references.filter((reference) => tags.has(reference));
    }
    // Names only this run made: whatever they still name goes with them (never the user's tags).
    const allTags = new Set(snapshot.images.flatMap((image) => image.repoTags));
    plan.untag.push(...(run.temporary ?? []).filter((reference) => allTags.has(reference)));
    plan.volumes = snapshot.volumes.filter((volume) => own(volume.labels)).map((volume) => volume.name);
    plan.networks = [...snapshot.networks];
    plan.pruneBuildCache = options.policy === 'aggressive';
    return plan;
}
/** When an image arrived on this daemon: the later of its creation and its last tagging. */
function arrival(image) {
    const tagged = image.lastTagged ? time(image.lastTagged) : 0;
    return tagged > time(image.created) ? image.lastTagged : image.created;
}
/** Milliseconds since the epoch; the engine prints times with and without fractions and offsets. */
function time(iso) {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? ms : 0;
}

;// CONCATENATED MODULE: ./src/cleanup/buildah.ts


/**
 * The buildah side of a policy: this run's working containers and images always (but `false`);
 * under `dangling`, untagged images older than `until`; under `aggressive`, also tagged images
 * no working container uses. buildah keeps no build cache apart from its images.
 */
async function cleanBuildah(buildah, facts, options, now = Date.now()) {
    const result = { removed: [], bytesFreed: 0, failures: [], kept: [] };
    if (options.policy === 'false')
        return result;
    const mine = await runContainers(buildah, facts.runKey);
    const containers = await buildah.remove('rm', mine);
    for (const id of containers.removed)
        result.removed.push({ kind: 'container', id, bytes: 0, owner: 'run' });
    result.failures.push(...containers.failed.map((failure) => ({ kind: 'container', ...failure })));
    const [images, labelled] = await Promise.all([
        buildah.listImages(),
        buildah.listImages([runFilter(facts.runKey)]),
    ]);
    const own = new Set([...facts.images, ...labelled.map((image) => image.id)]);
    const used = new Set((await buildah.listContainers()).map((container) => container.imageId));
    const old = (created) => now - Date.parse(created) >= options.untilMs;
    const chosen = images.filter((image) => {
        if (used.has(image.id) || used.has(image.id.replace(/^sha256:/, '')))
            return false;
        if (own.has(image.id))
            return true;
        if (options.policy === 'dangling')
            return image.names.length === 0 && old(image.created);
        return options.policy === 'aggressive' && old(image.created);
    });
    // Newest first: a layer image's children go before it.
    chosen.sort((a, b) => time(b.created) - time(a.created));
    const removal = await buildah.remove('rmi', chosen.map((image) => [image.id, ...image.names]));
    for (const id of removal.removed)
        result.removed.push({ kind: 'image', id, bytes: 0, owner: own.has(id) ? 'run' : 'other' });
    for (const failure of removal.failed) {
        if (own.has(failure.id))
            result.failures.push({ kind: 'image', ...failure });
        else
            result.kept.push({ kind: 'image', ...failure });
    }
    return result;
}
/** Working containers whose configuration carries the run label (a build's step containers). */
async function runContainers(buildah, runKey) {
    const containers = await buildah.listContainers();
    const labelled = await Promise.all(containers.map(async ({ id }) => ((await buildah.containerLabels(id))[RUN_LABEL] === runKey ? id : '')));
    return labelled.filter(Boolean);
}

;// CONCATENATED MODULE: external "node:readline"
const external_node_readline_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./src/engine/layer-store.ts






/**
 * The chain IDs of a layer stack: the first layer's is its diff ID, each next one
 * `sha256(parent chain ID + " " + diff ID)`, as the engine names its layer directories.
 */
function chainIds(diffIds) {
    const chain = [];
    for (const diffId of diffIds) {
        const parent = chain.at(-1);
        chain.push(parent ? `sha256:${(0,external_node_crypto_.createHash)('sha256').update(`${parent} ${diffId}`).digest('hex')}` : diffId);
    }
    return chain;
}
/**
 * Where a tar-split file entry's bytes are: the layer's directory joined with the entry name, never
 * outside it (`../` in a name is refused).
 */
function entryPath(layerDir, name) {
    const relative = (0,external_node_path_.normalize)(name).replace(/^(\.\/)+/, '');
    if (relative.startsWith('..') || relative.startsWith('/'))
        throw new Error(`tar entry ${name} leaves the layer`);
    return (0,external_node_path_.join)(layerDir, relative);
}
/**
 * The Docker engine's own store of image configurations and layers (overlay2), read directly where
 * the daemon is local and its data readable. A layer's tar is rebuilt exactly as the engine
 * rebuilds it for `docker save` and `docker push`: from its `tar-split` record (the tar headers and
 * padding, kept when the layer was made) and the files of its directory. Nothing is copied.
 */
class LayerStore {
    root;
    constructor(root) {
        this.root = root;
    }
    /** The store under the engine's data root (`docker info`'s DockerRootDir); `undefined` when unreadable. */
    static async open(rootDir) {
        if (!rootDir)
            return undefined;
        try {
            await (0,promises_namespaceObject.access)((0,external_node_path_.join)(rootDir, 'image', 'overlay2', 'layerdb', 'sha256'), external_node_fs_.constants.R_OK);
            await (0,promises_namespaceObject.access)((0,external_node_path_.join)(rootDir, 'overlay2'), external_node_fs_.constants.R_OK);
            return new LayerStore(rootDir);
        }
        catch {
            return undefined;
        }
    }
    /** An image's configuration (the JSON whose digest is the image ID); `undefined` when not stored. */
    async imageConfig(imageId) {
        const hex = imageId.replace(/^sha256:/, '');
        if (!/^[0-9a-f]{64}$/.test(hex))
            return undefined;
        return (0,promises_namespaceObject.readFile)((0,external_node_path_.join)(this.root, 'image', 'overlay2', 'imagedb', 'content', 'sha256', hex)).catch(() => undefined);
    }
    /**
     * The tar of layer `index` of a stack, streamed chunk by chunk (a file at a time, never a whole
     * layer in memory). Throws when the store lacks the layer or a file is shorter than its record.
     */
    async *layerTar(diffIds, index) {
        const chainId = chainIds(diffIds.slice(0, index + 1))[index];
        const layerDb = (0,external_node_path_.join)(this.root, 'image', 'overlay2', 'layerdb', 'sha256', chainId.replace(/^sha256:/, ''));
        const cacheId = (await (0,promises_namespaceObject.readFile)((0,external_node_path_.join)(layerDb, 'cache-id'), 'utf8')).trim();
        if (!/^[0-9a-zA-Z]+$/.test(cacheId))
            throw new Error(`layer ${chainId} has no usable cache-id`);
        const layerDir = (0,external_node_path_.join)(this.root, 'overlay2', cacheId, 'diff');
        const lines = (0,external_node_readline_namespaceObject.createInterface)({
            input: (0,external_node_fs_.createReadStream)((0,external_node_path_.join)(layerDb, 'tar-split.json.gz')).pipe((0,external_node_zlib_.createGunzip)()),
            crlfDelay: Infinity,
        });
        for await (const line of lines) {
            if (!line)
                continue;
            const entry = JSON.parse(line);
            if (entry.type === 2) {
                if (entry.payload)
                    yield Buffer.from(entry.payload, 'base64');
            }
            else if (entry.type === 1 && (entry.size ?? 0) > 0) {
                yield* fileBytes(entryPath(layerDir, entry.name ?? ''), entry.size ?? 0);
            }
        }
    }
}
async function* fileBytes(path, size) {
    let read = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 })) {
        const bytes = chunk;
        read += bytes.length;
        yield bytes;
    }
    if (read !== size)
        throw new Error(`${path} has ${read} bytes, its layer record says ${size}`);
}

;// CONCATENATED MODULE: ./src/cleanup/prune.ts
const DEFAULTS = {
    budgetMs: 60_000,
    firstDelayMs: 1000,
    maxDelayMs: 10_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
/** The daemon's answer (HTTP 409) while another prune of the same kind runs. */
function isPruneConflict(result) {
    return /a prune operation is already running|\b409\b.*prune/i.test(`${result.stderr}\n${result.stdout}`);
}
/**
 * Runs a prune, and while the daemon answers that another prune is running (another job on the
 * same daemon), waits with exponential backoff and tries again, up to the budget.
 */
async function retryPruneConflict(prune, options = {}) {
    const { budgetMs, firstDelayMs, maxDelayMs, sleep } = { ...DEFAULTS, ...options };
    let waitedMs = 0;
    let delay = firstDelayMs;
    for (let attempts = 1;; attempts++) {
        const value = await prune();
        if (!isPruneConflict(value.result))
            return { gaveUp: false, value, attempts, waitedMs };
        if (waitedMs + delay > budgetMs)
            return { gaveUp: true, attempts, waitedMs };
        await sleep(delay);
        waitedMs += delay;
        delay = Math.min(delay * 2, maxDelayMs);
    }
}

;// CONCATENATED MODULE: ./src/cleanup/cleanup.ts




/** What blocks a removal for a good reason: the object is in use, or has a child; not an error. */
const IN_USE = /being used by|is using its referenced image|dependent child images|in use|must be forced/i;
/**
 * Applies a cleanup policy to the Docker daemon: gathers what the policy looks at, plans with
 * `planRemovals`, removes by ID (never a daemon-wide prune that could reach other runs' objects;
 * the build cache is the exception, and only under `aggressive`), and counts the bytes.
 */
async function cleanDaemon(docker, given, options, more = {}) {
    const { retry = {}, now = Date.now() } = more;
    const result = emptyResult();
    if (options.policy === 'false')
        return result;
    const wide = options.policy !== 'run';
    const daemon = await gather(docker, given, wide);
    await more.beforeRemoving?.catch(() => undefined);
    const { run } = daemon;
    const plan = planRemovals(daemon, run, options, now);
    const owner = (labels) => labels?.[RUN_LABEL] === run.runKey ? 'run' : 'other';
    const anonymous = plan.containers.flatMap((id) => daemon.containers.find((c) => c.id === id)?.anonymousVolumes ?? []);
    // The engine measures volumes only in its verbose report: asked for only when there is one to
    // measure beyond the lease, which holds nothing.
    const measured = [...plan.volumes.filter((name) => name !== leaseName(run.runKey)), ...anonymous];
    const volumeSizes = measured.length > 0 ? await docker.volumeSizes() : new Map();
    // Containers first: they hold images and volumes. Then networks, images and volumes side by side
    // (none holds another), reported in that order.
    await removeContainers(docker, plan.containers, { ...daemon, wide, volumeSizes, owner }, result);
    const parts = [emptyResult(), emptyResult(), emptyResult()];
    await Promise.all([
        removeNetworks(docker, plan.networks, parts[0]),
        removeImages(docker, plan, daemon.before, run, parts[1]),
        removeVolumes(docker, plan.volumes, { runKey: run.runKey, volumeSizes }, parts[2]),
    ]);
    for (const part of parts) {
        result.removed.push(...part.removed);
        result.failures.push(...part.failures);
        result.kept.push(...part.kept);
    }
    if (plan.pruneBuildCache)
        await pruneBuildCache(docker, options.keepStorageBytes, retry, result);
    result.bytesFreed = result.removed.reduce((sum, object) => sum + object.bytes, 0);
    return result;
}
function emptyResult() {
    return { removed: [], bytesFreed: 0, failures: [], kept: [] };
}
/** What the policy looks at: containers, networks, volumes and images, and the run's facts made whole. */
async function gather(docker, given, wide) {
    const [containers, networks, volumes, listed, topImageIds, danglingIds, store] = await Promise.all([
        // Under `run` every listed container is this run's and goes: measure them in the same call.
        docker
            .listContainerIds(wide ? [] : [runFilter(given.runKey)])
            .then((containerIds) => docker.inspectContainers(containerIds, !wide)),
        docker.listNetworks([runFilter(given.runKey)]),
        // This run's volumes, and every lease: who is still running.
        Promise.all([
            docker.listVolumes([runFilter(given.runKey)]),
            wide ? docker.listVolumes([`label=${LEASE_LABEL}=true`]) : Promise.resolve([]),
        ]).then(([mine, leases]) => [...mine, ...leases]),
        docker.listImageSummaries(),
        docker.listImageIds([]),
        docker.listImageIds(['dangling=true']),
        wide ? undefined : docker.rootDir().then(LayerStore.open, () => undefined),
    ]);
    const allImageIds = listed
        ? [...new Set(listed.map((image) => image.Id))]
        : await docker.listImageIds([], true);
    // Under `run` nothing needs an image's tag time (`docker inspect` only): the listing and the
    // image's own configuration in the engine's store say the rest, without a request per image.
    const before = listed && store
        ? await describeFromStore(docker, listed, store)
        : await docker.inspectImages(allImageIds);
    // The legacy builder's log names intermediate images by 12-digit IDs: match them to full ones.
    const run = {
        ...given,
        createdImages: fullIds(given.createdImages, allImageIds),
        replacedImages: fullIds(given.replacedImages, allImageIds),
    };
    const top = new Set(topImageIds);
    const dangling = new Set(danglingIds);
    const images = before
        .filter((image) => top.has(image.Id) || run.createdImages.includes(image.Id))
        .map((image) => ({
        id: image.Id,
        created: image.Created,
        lastTagged: image.Metadata?.LastTagTime,
        repoTags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
        repoDigests: image.RepoDigests ?? [],
        labels: image.Config?.Labels ?? {},
        dangling: dangling.has(image.Id),
    }));
    return { containers, images, volumes, networks, before, run };
}
/**
 * The images as `inspectImages` describes them, for what cleanup under `run` reads (tags, digests,
 * size, labels, creation time, layers; no tag time): from the listing, and each image's configuration
 * read from the engine's store. An image whose configuration is not there is inspected.
 */
async function describeFromStore(docker, listed, store) {
    const unique = [...new Map(listed.map((image) => [image.Id, image])).values()];
    const described = await Promise.all(unique.map(async (image) => {
        const config = parseConfig(await store.imageConfig(image.Id));
        if (!config)
            return image.Id;
        return {
            Id: image.Id,
            RepoTags: image.RepoTags,
            RepoDigests: (image.RepoDigests ?? []).filter((digest) => digest !== '<none>@<none>'),
            Size: image.Size,
            Created: config.created ?? '',
            RootFS: { Layers: config.rootfs?.diff_ids ?? [] },
            Config: { Labels: image.Labels },
        };
    }));
    const missing = described.filter((item) => typeof item === 'string');
    const inspected = new Map((await docker.inspectImages(missing)).map((image) => [image.Id, image]));
    return described.flatMap((item) => {
        if (typeof item !== 'string')
            return [item];
        const image = inspected.get(item);
        return image ? [image] : [];
    });
}
function parseConfig(bytes) {
    if (!bytes)
        return undefined;
    try {
        const config = JSON.parse(bytes.toString('utf8'));
        const diffIds = config.rootfs?.diff_ids;
        if (!Array.isArray(diffIds) || !diffIds.every((id) => typeof id === 'string'))
            return undefined;
        return {
            created: typeof config.created === 'string' ? config.created : undefined,
            rootfs: { diff_ids: diffIds },
        };
    }
    catch {
        return undefined;
    }
}
/** Removes the planned containers with their anonymous volumes, counting each one's writable layer. */
async function removeContainers(docker, ids, context, result) {
    const { containers, volumeSizes, owner } = context;
    const byId = new Map(containers.map((container) => [container.id, container]));
    const sized = new Map((context.wide ? await docker.inspectContainers(ids, true) : containers).map((container) => [
        container.id,
        container.sizeRw,
    ]));
    const removal = await docker.removeContainers(ids);
    for (const id of removal.removed) {
        const container = byId.get(id);
        result.removed.push({
            kind: 'container',
            id,
            bytes: sized.get(id) ?? 0,
            owner: owner(container?.labels),
        });
        for (const volume of container?.anonymousVolumes ?? [])
            result.removed.push({
                kind: 'volume',
                id: volume,
                bytes: volumeSizes.get(volume) ?? 0,
                owner: owner(container?.labels),
            });
    }
    for (const failure of removal.failed)
        sortFailure(result, 'container', failure, owner(byId.get(failure.id)?.labels));
}
async function removeNetworks(docker, ids, result) {
    for (const id of ids) {
        try {
            await docker.removeNetwork(id);
            result.removed.push({ kind: 'network', id, bytes: 0, owner: 'run' });
        }
        catch (error) {
            result.failures.push({ kind: 'network', id, reason: error.message });
        }
    }
}
async function removeVolumes(docker, names, context, result) {
    if (names.length === 0)
        return;
    const removal = await docker.removeVolumes(names);
    for (const name of removal.removed) {
        // The lease is the action's bookkeeping, not something the run left on the disk.
        if (name !== leaseName(context.runKey))
            result.removed.push({
                kind: 'volume',
                id: name,
                bytes: context.volumeSizes.get(name) ?? 0,
                owner: 'run',
            });
    }
    for (const failure of removal.failed)
        result.failures.push({ kind: 'volume', ...failure });
}
/** `aggressive`: the build cache down to `keep-storage`, waiting out another job's prune. */
async function pruneBuildCache(docker, keepStorageBytes, retry, result) {
    const pruned = await retryPruneConflict(() => docker.pruneBuildCache(keepStorageBytes), retry);
    const id = 'builder prune';
    if (pruned.gaveUp) {
        result.failures.push({
            kind: 'build cache',
            id,
            reason: `another prune was still running after ${Math.round(pruned.waitedMs / 1000)} s of retries; the build cache was not pruned`,
        });
    }
    else if (pruned.value.result.exitCode !== 0) {
        result.failures.push({ kind: 'build cache', id, reason: pruned.value.result.stderr.trim() });
    }
    else if (pruned.value.reclaimed > 0) {
        result.removed.push({
            kind: 'build cache',
            id: 'build cache',
            bytes: pruned.value.reclaimed,
            owner: 'other',
        });
    }
}
async function removeImages(docker, plan, before, run, result) {
    if (plan.images.length + plan.untag.length === 0)
        return;
    const byId = new Map(before.map((image) => [image.Id, image]));
    // A tagged image goes by its tags (an ID with several tags needs force, which would also take an image in use).
    const refsOf = (id) => {
        const tags = (byId.get(id)?.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
        return tags.length > 0 ? tags : [id];
    };
    // Dangling images have no children, so chunks can go side by side; each chunk keeps newest-first order.
    const chunks = splitInterleaved(plan.images, plan.images.length > 40 ? 4 : 1);
    const outcomes = await Promise.all([
        ...chunks.map((ids) => docker.removeImages(ids.flatMap(refsOf))),
        docker.removeImages(plan.untag),
    ]);
    const after = new Set(await docker.listImageIds([], true));
    const gone = before.filter((image) => !after.has(image.Id));
    const survivors = before.filter((image) => after.has(image.Id));
    const sizes = exclusiveSizes(gone, survivors);
    // This run's: labelled with it, made by its builds, or the image it pushed.
    const ownerOf = (id) => byId.get(id)?.Config?.Labels?.[RUN_LABEL] === run.runKey ||
        run.createdImages.includes(id) ||
        id === run.pushed?.imageId
        ? 'run'
        : 'other';
    for (const image of gone) {
        result.removed.push({
            kind: 'image',
            id: image.Id,
            bytes: sizes.get(image.Id) ?? 0,
            owner: ownerOf(image.Id),
        });
    }
    const reasons = new Map(outcomes.flatMap((outcome) => outcome.failed.map((f) => [f.id, f.reason])));
    for (const id of plan.images) {
        if (!after.has(id))
            continue;
        const reason = refsOf(id)
            .map((ref) => reasons.get(ref))
            .find(Boolean) ?? 'still present after removal';
        sortFailure(result, 'image', { id, reason }, ownerOf(id));
    }
}
/** Others' objects that stay for a good reason are noted, not warned about; this run's are failures. */
function sortFailure(result, kind, failure, owner) {
    if (owner === 'other' || IN_USE.test(failure.reason))
        result.kept.push({ kind, ...failure });
    else
        result.failures.push({ kind, ...failure });
}
/** `sha256:…` IDs for the given IDs, short ones matched by prefix; ones no image has are dropped. */
function fullIds(ids, known) {
    return ids.flatMap((id) => {
        const hex = id.replace(/^sha256:/, '');
        const match = known.find((full) => full.replace(/^sha256:/, '').startsWith(hex));
        return match ? [match] : [];
    });
}
function splitInterleaved(items, count) {
    const chunks = Array.from({ length: count }, () => []);
    items.forEach((item, i) => chunks[i % count].push(item));
    return chunks.filter((chunk) => chunk.length > 0);
}
/**
 * Bytes the removed images held beyond what survives: each removed image is charged its size minus
 * the largest surviving image whose layers are a prefix of its own (its base or parent). Images
 * share layers, so summing whole image sizes would overcount. A removed image whose removed parent
 * is also listed is charged only the difference to that parent.
 */
function exclusiveSizes(removed, survivors) {
    const sizes = new Map();
    const candidates = [
        ...survivors.map((image) => ({ image, survives: true, index: -1 })),
        ...removed.map((image, index) => ({ image, survives: false, index })),
    ];
    removed.forEach((image, index) => {
        const layers = image.RootFS.Layers ?? [];
        let shared = 0;
        for (const other of candidates) {
            if (other.image.Id === image.Id)
                continue;
            const otherLayers = other.image.RootFS.Layers ?? [];
            // Among removed images a strict ancestor counts, and of several with the same layers only the
            // first is charged for them: the layers are freed once.
            const counts = other.survives || otherLayers.length < layers.length || other.index < index;
            if (!counts || other.image.Size <= shared || otherLayers.length > layers.length)
                continue;
            if (otherLayers.every((layer, i) => layers[i] === layer))
                shared = other.image.Size;
        }
        sizes.set(image.Id, Math.max(0, image.Size - shared));
    });
    return sizes;
}
/** Several cleanups (the disk guard's policies, one after the other) as one result. */
function mergeResults(results) {
    return {
        removed: results.flatMap((r) => r.removed),
        bytesFreed: results.reduce((sum, r) => sum + r.bytesFreed, 0),
        failures: results.flatMap((r) => r.failures),
        kept: results.flatMap((r) => r.kept),
    };
}

;// CONCATENATED MODULE: ./src/cleanup/disk.ts

/** Free bytes on the filesystem holding `path`, or `undefined` (no such path here: a remote daemon). */
async function freeBytesAt(path) {
    if (!path)
        return undefined;
    try {
        const stats = await (0,promises_namespaceObject.statfs)(path);
        return stats.bavail * stats.bsize;
    }
    catch {
        return undefined;
    }
}
/** Where the builder keeps its data: buildah's storage root, else the Docker root dir. */
async function dataRoot(docker, buildah) {
    return buildah ? await buildah.storageRoot() : await docker.rootDir();
}
async function measureDisk(docker, path) {
    const [freeBytes, usage] = await Promise.all([freeBytesAt(path), docker.diskUsage()]);
    return { path, freeBytes, usage };
}

;// CONCATENATED MODULE: ./src/cleanup/stage.ts




/**
 * The post step's cleanup: this run's objects under every policy, others' as the policy says, with
 * the disk measured before and after. `undefined` when the policy is `false` (only the lease goes).
 */
async function cleanupStage(options, run, engine) {
    const { docker, log } = engine;
    if (options.policy === 'false') {
        // The lease is the action's own bookkeeping, not the user's: it goes even so.
        await docker.removeVolumes([leaseName(run.runKey)]);
        log.info("Cleanup is off (input 'cleanup' is false).");
        return undefined;
    }
    const usesBuildah = run.usedBuildah === true || run.buildahImages.length > 0;
    const buildah = usesBuildah ? engine.buildah : undefined;
    // The disk before is measured while the daemon's objects are listed: both only read.
    const measured = Promise.all([dataRoot(docker, buildah), docker.diskUsage()]).then(async ([path, usage]) => ({ path, freeBytes: await freeBytesAt(path), usage }));
    const results = [await cleanDaemon(docker, run, options, { beforeRemoving: measured })];
    const before = await measured;
    const { path } = before;
    if (buildah) {
        const facts = { images: run.buildahImages, runKey: run.runKey };
        results.push(await cleanBuildah(buildah, facts, options));
    }
    const result = mergeResults(results);
    const after = await measureDisk(docker, path);
    const mine = result.removed.filter((object) => object.owner === 'run').length;
    log.info(`Cleanup '${options.policy}': removed ${result.removed.length} object(s) (${mine} of this run), freeing ${result.bytesFreed} bytes.`);
    for (const kept of result.kept)
        log.info(`Kept ${kept.kind} ${kept.id}: ${kept.reason}`);
    for (const failure of result.failures)
        log.warning(`Could not remove ${failure.kind} ${failure.id}: ${failure.reason}`);
    return { result, before, after };
}

;// CONCATENATED MODULE: ./src/cleanup/temp-paths.ts


/**
 * A path the post step may remove: one main made, named `shipshape-…`, directly in one of the run's
 * temporary roots (RUNNER_TEMP, the system's temporary directory). Anything else in the state is
 * not this run's to remove, whoever wrote it.
 */
function ownedTempPath(path, roots) {
    const full = (0,external_node_path_.resolve)(path);
    return ((0,external_node_path_.basename)(full).startsWith('shipshape-') && roots.some((root) => root && (0,external_node_path_.dirname)(full) === (0,external_node_path_.resolve)(root)));
}
/** Removes every temporary directory of the run that is still there; a failure is a warning. */
async function removeTempPaths(paths, roots, log) {
    let removed = 0;
    for (const path of new Set(paths)) {
        if (!ownedTempPath(path, roots)) {
            log.warning(`Not removing ${path}: it is not a temporary directory of this run.`);
            continue;
        }
        try {
            await (0,promises_namespaceObject.rm)(path, { recursive: true, force: true });
            removed++;
        }
        catch (error) {
            log.warning(`Could not remove the temporary directory ${path}: ${error.message}`);
        }
    }
    return removed;
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/engine/exec.ts


class ProgramNotFoundError extends Error {
}
/** Every program this process started and that has not exited: what a cancelled step stops. */
const running = new Set();
function track(child) {
    running.add(child);
    child.once('close', () => running.delete(child));
    child.once('error', () => running.delete(child));
}
/**
 * Stops every program still running (SIGTERM, then SIGKILL after `graceMs`): a cancelled step must
 * not leave a `docker build` client building or a test's client waiting. Resolves when all exited.
 */
async function stopAllPrograms(graceMs = 2_000) {
    const children = [...running];
    await Promise.all(children.map((child) => new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null)
            return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('close', () => {
            clearTimeout(kill);
            resolve();
        });
        child.kill('SIGTERM');
    })));
    return children.length;
}
/** Runs one program without a shell and collects its output. Never throws for a non-zero exit. */
function execProgram(bin, args, options = {}) {
    return new Promise((resolve, reject) => {
        const env = { ...process.env };
        for (const [name, value] of Object.entries(options.env ?? {})) {
            if (value === undefined)
                delete env[name];
            else
                env[name] = value;
        }
        const child = (0,external_node_child_process_namespaceObject.spawn)(bin, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
        track(child);
        const chunks = { stdout: [], stderr: [] };
        const partial = { stdout: '', stderr: '' };
        let timedOut = false;
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                child.kill('SIGKILL');
            }, options.timeoutMs);
        for (const stream of ['stdout', 'stderr']) {
            child[stream].on('data', (chunk) => {
                chunks[stream].push(chunk);
                if (!options.onLine)
                    return;
                const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
                partial[stream] = lines.pop() ?? '';
                for (const line of lines)
                    options.onLine(line.replace(/\r$/, ''), stream);
            });
        }
        child.on('error', (error) => {
            if (timer)
                clearTimeout(timer);
            reject(error.code === 'ENOENT' ? new ProgramNotFoundError(`${bin} was not found on PATH`) : error);
        });
        child.on('close', (code, signal) => {
            if (timer)
                clearTimeout(timer);
            for (const stream of ['stdout', 'stderr']) {
                if (options.onLine && partial[stream])
                    options.onLine(partial[stream], stream);
            }
            const stdoutBytes = Buffer.concat(chunks.stdout);
            resolve({
                exitCode: code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1),
                stdout: stdoutBytes.toString('utf8'),
                stderr: Buffer.concat(chunks.stderr).toString('utf8'),
                timedOut,
                ...(options.binary ? { stdoutBytes } : {}),
            });
        });
        child.stdin.on('error', () => undefined); // a program that exits without reading stdin is fine
        child.stdin.end(options.input ?? '');
    });
}
const signalNumbers = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };
/**
 * Prints a program's output to the job log with workflow commands switched off, so a build or test
 * that prints `::set-output` or `::error::` cannot forge commands to the runner.
 */
function createLogPassthrough(write = (t) => process.stdout.write(t)) {
    const token = randomUUID();
    return {
        start: () => write(`::stop-commands::${token}\n`),
        line: (text) => write(`${text}\n`),
        stop: () => write(`::${token}::\n`),
    };
}
/**
 * Runs `work` with a program's output going to `write` between `::stop-commands::` and its token:
 * the `line` it is handed prints one line; workflow commands stay off until `work` ends.
 */
async function withGuardedOutput(write, work) {
    const passthrough = createLogPassthrough(write);
    passthrough.start();
    try {
        return await work((text) => passthrough.line(text));
    }
    finally {
        passthrough.stop();
    }
}
/** Starts a long-running program (a local registry) that the caller stops. */
function startBackground(bin, args, options = {}) {
    const child = spawn(bin, args, {
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let text = '';
    let done = false;
    const exit = new Promise((resolve) => {
        child.on('close', () => {
            done = true;
            resolve();
        });
        child.on('error', (error) => {
            text += `${error.message}\n`;
            done = true;
            resolve();
        });
    });
    const keep = (chunk) => {
        text = (text + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    return {
        pid: child.pid ?? 0,
        output: () => text,
        exited: () => done,
        stop: async (graceMs = 5000) => {
            if (done)
                return;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            await exit;
            clearTimeout(timer);
        },
    };
}
function streamProgram(bin, args) {
    const child = (0,external_node_child_process_namespaceObject.spawn)(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
    });
    const finished = new Promise((resolve) => {
        child.on('error', (error) => resolve({ exitCode: 127, stderr: error.message }));
        child.on('close', (code) => resolve({ exitCode: code ?? 1, stderr }));
    });
    return { stdout: child.stdout, finished, kill: () => child.kill('SIGKILL') };
}

;// CONCATENATED MODULE: ./src/engine/buildah.ts

/** The one place that runs buildah, the daemonless builder. */
class Buildah {
    bin;
    constructor(bin = 'buildah') {
        this.bin = bin;
    }
    /** Runs buildah; only the engine's own methods do. */
    exec(args, options = {}) {
        return execProgram(this.bin, args, options);
    }
    /** One `buildah build …` (arguments from builder/arguments.ts), its log streamed. */
    build(args, options) {
        return this.exec(args, options);
    }
    /** `buildah version 1.28.2 (image-spec …)` -> `1.28.2`; empty when buildah is not installed. */
    async version() {
        try {
            const result = await this.exec(['--version'], { timeoutMs: 10_000 });
            return /version\s+([0-9][^\s]*)/.exec(result.stdout)?.[1] ?? '';
        }
        catch {
            return '';
        }
    }
    /** Copies an image from buildah's storage into the Docker engine, where tests run it. */
    async pushToDocker(image, reference) {
        return this.exec(['push', '--quiet', image, `docker-daemon:${reference}`]);
    }
    /** One `buildah manifest …` command (arguments from publish/buildah-manifest.ts). */
    manifest(args, options = {}) {
        return this.exec(['manifest', ...args], options);
    }
    /** Every image in buildah's storage, intermediate ones included; `filters` as `buildah images --filter`. */
    async listImages(filters = []) {
        const args = ['images', '--all', '--json', '--no-trunc', ...filters.flatMap((f) => ['--filter', f])];
        const result = await this.exec(args);
        if (result.exitCode !== 0)
            return [];
        const raw = (JSON.parse(result.stdout.trim() || 'null') ?? []);
        return raw.map((image) => ({
            id: image.id.startsWith('sha256:') ? image.id : `sha256:${image.id}`,
            names: image.names ?? [],
            created: image.createdatraw ?? new Date((image.created ?? 0) * 1000).toISOString(),
        }));
    }
    /** Working containers (buildah's, not the Docker engine's): a failed build leaves its own. */
    async listContainers() {
        const result = await this.exec(['containers', '--all', '--json']);
        if (result.exitCode !== 0)
            return [];
        const raw = (JSON.parse(result.stdout.trim() || 'null') ?? []);
        return raw.map((container) => ({ id: container.id, imageId: container.imageid }));
    }
    /** A working container's labels (what its configuration carries); empty when it cannot be read. */
    async containerLabels(id) {
        const result = await this.exec([
            'inspect',
            '--type',
            'container',
            '--format',
            '{{json .Docker.Config.Labels}}',
            id,
        ]);
        if (result.exitCode !== 0)
            return {};
        return (JSON.parse(result.stdout.trim() || 'null') ?? {});
    }
    /**
     * Removes each item alone, so one failure does not stop the rest. An image with names goes by
     * its names (`[id, ...names]`): buildah refuses an ID with several, and forcing would also take
     * a container's image.
     */
    async remove(kind, items) {
        const removed = [];
        const failed = [];
        for (const item of items) {
            const [id, ...names] = typeof item === 'string' ? [item] : item;
            const result = await this.exec([kind, ...(names.length > 0 ? names : [id])]);
            if (result.exitCode === 0 || /image not known|container not known|no such/i.test(result.stderr))
                removed.push(id);
            else
                failed.push({ id, reason: result.stderr.trim() });
        }
        return { removed, failed };
    }
    /** Where buildah keeps images and containers (`/var/lib/containers/storage`). */
    async storageRoot() {
        const result = await this.exec(['info', '--format', '{{.store.GraphRoot}}'], { timeoutMs: 30_000 });
        return result.exitCode === 0 ? result.stdout.trim() : '';
    }
}

;// CONCATENATED MODULE: ./src/engine/labels.ts
/** `--label key=value` for each label: how every container, network and image gets its owner. */
function labelArgs(labels) {
    return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

;// CONCATENATED MODULE: ./src/engine/container-args.ts

/** `docker container run|create` arguments for a spec; `run` waits unless `detach`. */
function containerArgs(verb, spec, detach = false) {
    const args = ['container', verb, ...(detach ? ['--detach'] : []), ...(spec.removeWhenDone ? ['--rm'] : [])];
    if (spec.name)
        args.push('--name', spec.name);
    args.push('--network', spec.network);
    if (spec.platform)
        args.push('--platform', spec.platform);
    for (const publish of spec.publish ?? [])
        args.push('--publish', publish);
    for (const volume of spec.volumes ?? [])
        args.push('--volume', volume);
    if (spec.privileged)
        args.push('--privileged');
    for (const cap of spec.capAdd ?? [])
        args.push('--cap-add', cap);
    if (spec.networkAlias)
        args.push('--network-alias', spec.networkAlias);
    args.push(...labelArgs(spec.labels));
    for (const [key, value] of Object.entries(spec.env ?? {}))
        args.push('--env', `${key}=${value}`);
    if (spec.workdir)
        args.push('--workdir', spec.workdir);
    if (spec.user)
        args.push('--user', spec.user);
    const command = spec.command ?? [];
    if (!spec.entrypoint)
        return [...args, spec.image, ...command];
    const [entry = '', ...rest] = spec.entrypoint;
    return [...args, `--entrypoint=${entry}`, spec.image, ...rest, ...command];
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: ./src/engine/engine-api.ts




/**
 * The Docker Engine API over the daemon's unix socket: what the `docker` CLI would ask, without a
 * process per question. Only `Docker.connect()` uses it, and only for a daemon the CLI itself would
 * reach (`engineSocket`); every failure to reach the socket sends the caller back to the CLI.
 */
/** The daemon answered with an error status; `message` reads as the CLI prints it. */
class EngineApiError extends Error {
    status;
    daemonMessage;
    path;
    constructor(status, 
    /** The daemon's own words (`No such image: app:1`). */
    daemonMessage, path) {
        super(`Error response from daemon: ${daemonMessage}`);
        this.status = status;
        this.daemonMessage = daemonMessage;
        this.path = path;
    }
}
/** Nothing answered on the socket (no daemon listening, no permission, the connection dropped). */
class EngineUnreachableError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
/** No complete answer within the time given. */
class EngineTimeoutError extends Error {
    timeoutMs;
    constructor(timeoutMs) {
        super(`no answer within ${Math.round(timeoutMs / 1000)} s`);
        this.timeoutMs = timeoutMs;
    }
}
/** Requests on one socket at once; more wait their turn (inspecting hundreds of images in cleanup). */
const MAX_SOCKETS = 16;
class EngineApi {
    socketPath;
    // No TLS on a unix socket, so no server name: an empty one spares Node's IP check of the host
    // name, whose first call compiles a large regular expression (about 14 ms of each step's start).
    agent = new external_node_http_.Agent({
        keepAlive: true,
        maxSockets: MAX_SOCKETS,
        ...{ servername: '' },
    });
    constructor(socketPath) {
        this.socketPath = socketPath;
    }
    /** GET of a JSON document. */
    get(path, options = {}) {
        return this.request('GET', path, options);
    }
    /**
     * `GET /_ping`, which the daemon answers at once: its `Server` header (`Docker/20.10.24 (linux)`),
     * `undefined` when it sent none.
     */
    serverHeader(options = {}) {
        return this.request('GET', '/_ping', options, (_body, response) => {
            const server = response.headers.server;
            return typeof server === 'string' ? server : undefined;
        });
    }
    /**
     * One request; resolves with the parsed JSON answer (`undefined` for an empty one), rejects with
     * EngineApiError for an error status, EngineTimeoutError, or EngineUnreachableError.
     */
    async request(method, path, options = {}, read = parseAnswer) {
        try {
            return await this.once(method, path, options, read);
        }
        catch (error) {
            // A kept-alive connection the daemon closed meanwhile: the request never reached it, ask again.
            if (error instanceof StaleConnectionError)
                return this.once(method, path, options, read);
            throw error;
        }
    }
    once(method, path, options, read) {
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(options.query ?? {})) {
            if (value !== undefined)
                query.set(name, value);
        }
        const search = query.toString();
        const url = search ? `${path}?${search}` : path;
        const body = options.body === undefined ? undefined : JSON.stringify(options.body);
        return new Promise((resolve, reject) => {
            const req = (0,external_node_http_.request)({
                socketPath: this.socketPath,
                agent: this.agent,
                method,
                path: url,
                headers: {
                    host: 'docker',
                    ...(body === undefined
                        ? {}
                        : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
                },
            });
            const { timeoutMs } = options;
            let timedOut = false;
            const timer = timeoutMs === undefined
                ? undefined
                : setTimeout(() => {
                    timedOut = true;
                    req.destroy(new EngineTimeoutError(timeoutMs));
                }, timeoutMs);
            const fail = (error) => {
                if (timer)
                    clearTimeout(timer);
                reject(timedOut ? new EngineTimeoutError(timeoutMs ?? 0) : transportError(error, req.reusedSocket));
            };
            req.on('error', fail);
            req.on('response', (response) => {
                const chunks = [];
                response.on('data', (chunk) => chunks.push(chunk));
                response.on('error', fail);
                response.on('end', () => {
                    if (timer)
                        clearTimeout(timer);
                    const bytes = Buffer.concat(chunks);
                    const status = response.statusCode ?? 0;
                    if (status >= 400) {
                        reject(new EngineApiError(status, errorMessage(status, response, bytes.toString('utf8'), url), url));
                        return;
                    }
                    try {
                        resolve(read(bytes, response));
                    }
                    catch (error) {
                        reject(new Error(`The Docker daemon's answer to ${method} ${url} is not JSON: ${String(error)}`));
                    }
                });
            });
            req.end(body);
        });
    }
}
class StaleConnectionError extends EngineUnreachableError {
}
/** The daemon's JSON answer; `undefined` for an empty one. */
function parseAnswer(body) {
    const text = body.toString('utf8');
    return (text.trim() ? JSON.parse(text) : undefined);
}
function transportError(error, reusedSocket) {
    const code = error.code ?? 'ERROR';
    if (reusedSocket && code === 'ECONNRESET')
        return new StaleConnectionError(code, error.message);
    return new EngineUnreachableError(code, error.message);
}
/** What the daemon said, as the CLI's client reads an error answer. */
function errorMessage(status, response, text, url) {
    const statusText = `${status} ${external_node_http_.STATUS_CODES[status] ?? ''}`.trim();
    if (!text.trim())
        return `request returned ${statusText} for API route ${url}`;
    if (String(response.headers['content-type'] ?? '').startsWith('application/json')) {
        try {
            const message = JSON.parse(text).message;
            if (typeof message === 'string' && message.trim())
                return message.trim();
            return `API returned a ${statusText} but provided no error-message`;
        }
        catch {
            // not JSON after all: the text as it is
        }
    }
    return text.trim();
}
/** One path segment per `/`-separated part of a name (`ghcr.io/acme/app:1`), each percent-encoded. */
function pathOf(name) {
    return name.split('/').map(encodeURIComponent).join('/');
}
/**
 * The CLI's `--filter key=value` strings as the API's `filters` parameter, `{"key":{"value":true}}`
 * (keys lower-cased and both trimmed, as the CLI does); `undefined` when there is none.
 */
function apiFilters(filters) {
    const byKey = {};
    for (const filter of filters) {
        if (!filter)
            continue;
        const at = filter.indexOf('=');
        if (at < 0) {
            throw new Error(`invalid argument "${filter}" for "-f, --filter" flag: bad format of filter (expected name=value)`);
        }
        const key = filter.slice(0, at).trim().toLowerCase();
        (byKey[key] ??= {})[filter.slice(at + 1).trim()] = true;
    }
    return Object.keys(byKey).length > 0 ? JSON.stringify(byKey) : undefined;
}
const machine = {
    readFile(path) {
        try {
            return (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            return undefined;
        }
    },
    isSocket(path) {
        try {
            return (0,external_node_fs_.statSync)(path).isSocket();
        }
        catch {
            return false;
        }
    },
    get home() {
        return (0,external_node_os_.homedir)();
    },
};
/**
 * The unix socket of the daemon the `docker` CLI would talk to, when that is certain: DOCKER_HOST
 * unset or `unix://…`, no context but `default` (DOCKER_CONTEXT, the config's `currentContext`), no
 * pinned DOCKER_API_VERSION, the socket there, and SHIPSHAPE_DOCKER_API not `0`/`false`. Otherwise
 * `socketPath` is undefined and `reason` says why: every call then runs the CLI.
 */
function engineSocket(env, probe = machine) {
    if (/^(0|false|no|off)$/i.test(env.SHIPSHAPE_DOCKER_API ?? '')) {
        return { reason: `SHIPSHAPE_DOCKER_API is ${env.SHIPSHAPE_DOCKER_API}` };
    }
    if (env.DOCKER_API_VERSION)
        return { reason: `DOCKER_API_VERSION pins the CLI to ${env.DOCKER_API_VERSION}` };
    const host = env.DOCKER_HOST;
    if (host && !host.startsWith('unix://'))
        return { reason: `DOCKER_HOST is ${host}, not a unix socket` };
    const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
    if (!socketPath)
        return { reason: 'DOCKER_HOST names no socket' };
    if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') {
        return { reason: `DOCKER_CONTEXT is ${env.DOCKER_CONTEXT}` };
    }
    const configFile = (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(probe.home, '.docker'), 'config.json');
    const config = probe.readFile(configFile);
    if (config !== undefined && config.trim()) {
        let context;
        try {
            context = JSON.parse(config)?.currentContext;
        }
        catch {
            return { reason: `${configFile} is not JSON` };
        }
        if (context !== undefined && context !== '' && context !== 'default') {
            return { reason: `${configFile} selects the context ${String(context)}` };
        }
    }
    if (!probe.isSocket(socketPath))
        return { reason: `no socket at ${socketPath}` };
    return { socketPath, reason: `the daemon's socket ${socketPath}` };
}
/**
 * fvbommel/sortorder's NaturalLess, which the CLI sorts `volume ls` and `network ls` by: runs of
 * digits compare as numbers (fewer leading zeros first), everything else byte by byte.
 */
function naturalCompare(a, b) {
    const digit = (c) => c >= '0' && c <= '9';
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        const [ca, cb] = [a[i], b[j]];
        if (digit(ca) !== digit(cb))
            return digit(ca) ? -1 : 1;
        if (!digit(ca)) {
            if (ca !== cb)
                return ca < cb ? -1 : 1;
            i++;
            j++;
            continue;
        }
        while (i < a.length && a[i] === '0')
            i++;
        while (j < b.length && b[j] === '0')
            j++;
        const [startA, startB] = [i, j];
        while (i < a.length && digit(a[i]))
            i++;
        while (j < b.length && digit(b[j]))
            j++;
        const [numberA, numberB] = [a.slice(startA, i), b.slice(startB, j)];
        if (numberA.length !== numberB.length)
            return numberA.length - numberB.length;
        if (numberA !== numberB)
            return numberA < numberB ? -1 : 1;
        if (startA !== startB)
            return startA - startB;
    }
    return Math.sign(a.length - b.length);
}

;// CONCATENATED MODULE: ./src/engine/container-run.ts

/**
 * `docker container run` (attached, no TTY) over the Engine API: create, start, wait, read the logs.
 * No client process is started, which is most of what a short test command costs beyond the
 * container itself. The result is the CLI's: the exit code, stdout and stderr apart, and for a
 * container that cannot start the CLI's exit code (125, 126, 127) and message.
 */
/** The body of `POST /containers/create` for a spec, as the CLI makes it from the same flags. */
function containerCreateBody(spec) {
    const body = {
        Image: spec.image,
        Labels: spec.labels,
        AttachStdout: true,
        AttachStderr: true,
        HostConfig: {
            NetworkMode: spec.network,
            ...(spec.volumes?.length ? { Binds: spec.volumes } : {}),
            ...(spec.privileged ? { Privileged: true } : {}),
            ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
        },
    };
    const env = Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`);
    if (env.length)
        body.Env = env;
    if (spec.workdir)
        body.WorkingDir = spec.workdir;
    if (spec.user)
        body.User = spec.user;
    const command = spec.command ?? [];
    if (spec.entrypoint) {
        // `--entrypoint` takes one word (an empty one clears the image's); the rest goes before the command.
        const [entry = '', ...rest] = spec.entrypoint;
        body.Entrypoint = [entry];
        const cmd = [...rest, ...command];
        if (cmd.length)
            body.Cmd = cmd;
    }
    else if (command.length) {
        body.Cmd = command;
    }
    return body;
}
/** Whether the API path can run this spec as the CLI would; published ports and aliases stay with the CLI. */
function runsOverApi(spec) {
    return !spec.publish?.length && !spec.networkAlias;
}
/**
 * A container log stream without a TTY: frames of an 8-byte header (stream 1 = stdout, 2 = stderr,
 * then the payload's length, big-endian) and the payload.
 */
function demuxLogs(bytes) {
    const parts = { stdout: [], stderr: [] };
    let at = 0;
    while (at + 8 <= bytes.length) {
        const stream = bytes[at];
        const size = bytes.readUInt32BE(at + 4);
        const payload = bytes.subarray(at + 8, at + 8 + size);
        if (stream === 2)
            parts.stderr.push(payload);
        else if (stream === 1 || stream === 0)
            parts.stdout.push(payload);
        at += 8 + size;
    }
    return {
        stdout: Buffer.concat(parts.stdout).toString('utf8'),
        stderr: Buffer.concat(parts.stderr).toString('utf8'),
    };
}
/** What `docker run` prints and exits with when the daemon refuses to start a container (docker/cli `runStartContainerErr`). */
function startFailure(message) {
    const trimmed = message.replace(/^Error response from daemon: /, '');
    const exitCode = /executable file not found|no such file or directory|system cannot find the file specified/.test(trimmed)
        ? 127
        : /permission denied|is a directory/.test(trimmed)
            ? 126
            : 125;
    return {
        exitCode,
        stdout: '',
        stderr: `docker: Error response from daemon: ${trimmed}.\n`,
        timedOut: false,
    };
}
/**
 * Runs `spec` to its end over the API; `undefined` when the CLI must (its image is not on the daemon:
 * the CLI pulls it). `timeoutMs` is a backstop, as for the CLI path: the container is killed, the
 * result says `timedOut`. A container made by a `removeWhenDone` spec is removed; others are the
 * caller's to remove, as after `docker run` without `--rm`.
 */
async function runContainerOverApi(api, spec, timeoutMs) {
    let id;
    try {
        const created = await api.request('POST', '/containers/create', {
            query: { name: spec.name || undefined, platform: spec.platform },
            body: containerCreateBody(spec),
        });
        id = created.Id;
    }
    catch (error) {
        if (!(error instanceof EngineApiError))
            throw error;
        if (error.status === 404 && /no such image/i.test(error.daemonMessage))
            return undefined;
        return startFailure(error.daemonMessage);
    }
    const path = `/containers/${pathOf(id)}`;
    try {
        try {
            await api.request('POST', `${path}/start`);
        }
        catch (error) {
            if (error instanceof EngineApiError)
                return startFailure(error.daemonMessage);
            throw error;
        }
        let exitCode;
        let timedOut = false;
        try {
            // `not-running` answers at once for a container that already stopped: no start/wait race.
            const waited = await api.request('POST', `${path}/wait`, {
                query: { condition: 'not-running' },
                timeoutMs,
            });
            exitCode = waited?.StatusCode ?? 1;
        }
        catch (error) {
            if (!(error instanceof EngineTimeoutError))
                throw error;
            timedOut = true;
            await api.request('POST', `${path}/kill`).catch(() => undefined);
            exitCode = 137;
        }
        const logs = await api
            .request('GET', `${path}/logs`, { query: { stdout: '1', stderr: '1' } }, (body) => body)
            .then(demuxLogs, (error) => ({
            stdout: '',
            stderr: `(the container's output could not be read: ${error.message})\n`,
        }));
        return { exitCode, ...logs, timedOut };
    }
    finally {
        if (spec.removeWhenDone) {
            await api.request('DELETE', path, { query: { force: '1', v: '1' } }).catch(() => undefined);
        }
    }
}

;// CONCATENATED MODULE: ./src/engine/docker.ts





function toContainerDetails(raw) {
    return {
        id: raw.Id,
        name: raw.Name.replace(/^\//, ''),
        created: raw.Created,
        status: raw.State.Status,
        image: raw.Image,
        labels: raw.Config?.Labels ?? {},
        sizeRw: raw.SizeRw ?? 0,
        // Anonymous volumes are named by a 64-hex ID; named ones outlive the container.
        anonymousVolumes: (raw.Mounts ?? [])
            .filter((mount) => mount.Type === 'volume' && /^[a-f0-9]{64}$/.test(mount.Name ?? ''))
            .map((mount) => mount.Name ?? ''),
    };
}
/** Docker's human sizes (`24.84MB`, `2.395kB`, `0B`) are powers of 1000. */
function parseHumanSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([kMGTP]?)B$/i.exec(text.trim());
    if (!match)
        return undefined;
    const power = ' kmgtp'.indexOf((match[2] || ' ').toLowerCase());
    return Math.round(Number(match[1]) * 1000 ** Math.max(0, power));
}
function parseDiskUsageRow(row) {
    return {
        type: row.Type ?? '',
        count: Number(row.TotalCount) || 0,
        size: parseHumanSize(row.Size ?? '') ?? 0,
        // `24.84MB (100%)`
        reclaimable: parseHumanSize((row.Reclaimable ?? '').split(' ')[0]) ?? 0,
    };
}
const sum = (values) => values.reduce((total, value) => total + value, 0);
/**
 * The four rows `docker system df` prints, from the daemon's answer, in exact bytes where the CLI
 * prints 4 significant digits. The sums are the CLI's own (docker/cli 28, formatter/disk_usage.go):
 * images hold the layers' size, reclaimable but for what images used by containers hold alone;
 * containers their writable layers, reclaimable but for running, paused or restarting ones; volumes
 * their measured sizes, reclaimable when no container refers to them; the build cache its unshared
 * records, reclaimable but for those in use. A daemon that sums itself (API 1.52) is read as it is.
 */
function diskUsageRows(df) {
    const row = (type, count, size, reclaimable) => ({
        type,
        count,
        size,
        // The CLI prints a negative amount its own parser (parseHumanSize) reads as nothing.
        reclaimable: Math.max(0, reclaimable),
    });
    if (df.ImageUsage || df.ContainerUsage || df.VolumeUsage || df.BuildCacheUsage) {
        const totals = (type, usage) => row(type, usage?.TotalCount ?? 0, usage?.TotalSize ?? 0, usage?.Reclaimable ?? 0);
        return [
            totals('Images', df.ImageUsage),
            totals('Containers', df.ContainerUsage),
            totals('Local Volumes', df.VolumeUsage),
            totals('Build Cache', df.BuildCacheUsage),
        ];
    }
    const images = df.Images ?? [];
    const layers = df.LayersSize ?? 0;
    const usedByContainers = images
        .filter((image) => (image.Containers ?? 0) !== 0 && image.Size !== -1 && image.SharedSize !== -1)
        .map((image) => (image.Size ?? 0) - (image.SharedSize ?? 0));
    const containers = df.Containers ?? [];
    const active = new Set(['running', 'paused', 'restarting']);
    const measured = (df.Volumes ?? []).flatMap((volume) => volume.UsageData && volume.UsageData.Size !== -1 ? [volume.UsageData] : []);
    const cache = (df.BuildCache ?? []).filter((record) => !record.Shared);
    const cacheSize = sum(cache.map((record) => record.Size ?? 0));
    return [
        row('Images', images.length, layers, layers - sum(usedByContainers)),
        row('Containers', containers.length, sum(containers.map((container) => container.SizeRw ?? 0)), sum(containers.filter((c) => !active.has(c.State ?? '')).map((c) => c.SizeRw ?? 0))),
        row('Local Volumes', (df.Volumes ?? []).length, sum(measured.map((usage) => usage.Size)), sum(measured.filter((usage) => usage.RefCount === 0).map((usage) => usage.Size))),
        row('Build Cache', (df.BuildCache ?? []).length, cacheSize, cacheSize - sum(cache.filter((record) => record.InUse).map((record) => record.Size ?? 0))),
    ];
}
/** Bytes per volume from `GET /system/df?verbose=1`; one the engine could not measure holds 0, as `-v` reads. */
function volumeSizesOf(df) {
    const sizes = new Map();
    for (const volume of df.VolumeUsage?.Items ?? df.Volumes ?? []) {
        sizes.set(volume.Name, Math.max(0, volume.UsageData?.Size ?? 0));
    }
    return sizes;
}
/** `GET /images/{id}/history` as `docker history --no-trunc` prints it: tabs in commands become spaces. */
function historyEntries(raw) {
    return (raw ?? []).map((entry) => ({
        createdBy: (entry.CreatedBy ?? '').replaceAll('\t', ' '),
        size: Number(entry.Size) || 0,
    }));
}
/** `GET /volumes`, in the CLI's order (natural, by name). */
function volumeDetails(raw) {
    return [...(raw?.Volumes ?? [])]
        .sort((a, b) => naturalCompare(a.Name, b.Name))
        .map((volume) => ({ name: volume.Name, created: volume.CreatedAt ?? '', labels: volume.Labels ?? {} }));
}
/**
 * What one `docker image rm A B …` did to each ref: `Deleted: sha256:…` for an image removed,
 * `Untagged: ref` for a reference removed, and an `Error …` line naming a ref or its short ID.
 */
function parseImageRemoval(refs, stdout, stderr, exitCode) {
    const deleted = [...stdout.matchAll(/Deleted: (sha256:[a-f0-9]{64})/g)].map((match) => match[1]);
    const errors = docker_lines(stderr).filter((line) => !/DEPRECATED|legacy builder|buildx|docs\.docker\.com/i.test(line));
    const removed = [];
    const failed = [];
    for (const ref of refs) {
        const isId = /^(sha256:)?[a-f0-9]{12,64}$/.test(ref);
        const short = ref.replace(/^sha256:/, '').slice(0, 12);
        const error = errors.find((line) => mentions(line, ref) || (isId && mentions(line, short)));
        // An image already gone is what we wanted.
        if (error && !/No such image/i.test(error))
            failed.push({ id: ref, reason: error });
        else
            removed.push(ref);
    }
    // A failure that names no ref (the daemon went away): nothing is known to be removed.
    if (exitCode !== 0 && failed.length === 0 && errors.length > 0 && deleted.length === 0) {
        const explained = errors.some((line) => /No such image/i.test(line));
        if (!explained)
            return { removed: [], deleted, failed: refs.map((id) => ({ id, reason: errors.join(' ') })) };
    }
    return { removed, deleted, failed };
}
/** Whether `line` names `token` as a whole word: `app:1` is not named by a line about `app:1.2`. */
function mentions(line, token) {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[\\s"'(])${escaped}($|[\\s"'):,])`).test(line);
}
/** IDs per `docker rm`/`inspect` call: long enough to batch, short enough for any argv limit. */
const BATCH = 50;
function batchesOf(items) {
    const batches = [];
    for (let start = 0; start < items.length; start += BATCH)
        batches.push(items.slice(start, start + BATCH));
    return batches;
}
class DockerError extends Error {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
    }
}
function daemonDown(detail, result) {
    const where = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
    return new DockerError(`The Docker daemon at ${where} does not answer (${detail}). Start dockerd, or set DOCKER_HOST to a daemon that runs.`, result);
}
/** A refusal by the daemon, worded as `checked` words the same failure of the CLI. */
function cliFailure(command) {
    return (error) => {
        if (error instanceof EngineApiError)
            throw new DockerError(`docker ${command} failed: ${error.message}`);
        throw error;
    };
}
/** An object the daemon does not have (or would not show): skipped, as `docker … inspect` skips it. */
function skipRefused(error) {
    if (error instanceof EngineApiError)
        return undefined;
    throw error;
}
/** A refusal (or no answer in time) read as the CLI's failure reads: `value`. */
function failedAs(value) {
    return (error) => {
        if (error instanceof EngineApiError || error instanceof EngineTimeoutError)
            return value;
        throw error;
    };
}
/** A refusal as a value, for the removals that report each object's own. */
function skipRefusedAs(error) {
    if (error instanceof EngineApiError)
        return error;
    throw error;
}
const isDefined = (value) => value !== undefined;
/**
 * The one place that runs the Docker CLI. Every method returns typed results; callers never parse
 * docker output themselves. Made by `Docker.connect()`, the reads go to the daemon's socket when it
 * is certainly the CLI's daemon, with the same results; `new Docker()` runs the CLI for everything.
 */
/** `Docker/20.10.24+dfsg1 (linux)` -> version and OS, arch unknown (''); `undefined` for anything else. */
function parseServerHeader(header) {
    const match = /^Docker\/(\d[^\s()]*)\s+\(([a-z0-9]+)\)/.exec(header.trim());
    return match ? { version: match[1], os: match[2], arch: '' } : undefined;
}
class Docker {
    bin;
    api;
    /** The daemon's root dir, asked once: it cannot change while the daemon runs. */
    rootDirAnswer;
    /** The daemon's version, asked once. */
    serverAnswer;
    /** The daemon's version and OS from `/_ping`, asked once. */
    briefAnswer;
    constructor(bin = 'docker', options = {}) {
        this.bin = bin;
        this.api = options.api;
    }
    /**
     * The engine's default client (`docker` on PATH), asking the daemon's socket directly when
     * `engineSocket` finds the CLI would reach that same daemon (else the CLI for everything).
     */
    static connect(env = process.env) {
        const { socketPath } = engineSocket(env);
        return new Docker('docker', { api: socketPath ? new EngineApi(socketPath) : undefined });
    }
    /** Where reads go now: the daemon's socket, or the CLI. */
    get transport() {
        return this.api ? 'api' : 'cli';
    }
    /**
     * Runs `call` on the Engine API when this client has it; `undefined` sends the caller to its CLI
     * path: no API, or the socket did not answer (then never again: the CLI says what is wrong).
     */
    async viaApi(call) {
        const api = this.api;
        if (!api)
            return undefined;
        try {
            return { value: await call(api) };
        }
        catch (error) {
            if (!(error instanceof EngineUnreachableError))
                throw error;
            this.api = undefined;
            return undefined;
        }
    }
    /** Runs this client; only the engine's own methods do (and test doubles override it). */
    exec(args, options = {}) {
        return execProgram(this.bin, args, options);
    }
    /**
     * `docker login --username U --password-stdin [SERVER]` into `configDir`: the password reaches the
     * client on stdin only, never in argv, the environment or the log.
     */
    login(server, credential, configDir, timeoutMs) {
        return this.exec(['login', '--username', credential.username, '--password-stdin', ...server], {
            input: credential.password,
            env: { DOCKER_CONFIG: configDir },
            timeoutMs,
        });
    }
    /** `docker logout [SERVER]` from `configDir`. */
    logout(server, configDir, timeoutMs) {
        return this.exec(['logout', ...server], { env: { DOCKER_CONFIG: configDir }, timeoutMs });
    }
    /** One build (`build …` or `buildx build …`, arguments from builder/arguments.ts), its log streamed. */
    build(args, options) {
        return this.exec(args, options);
    }
    /**
     * Runs a container to its end (`docker container run`), returning its exit code and output. Over
     * the Engine API where the socket is ours (no client process: container-run.ts); the CLI for an
     * image the daemon does not have (it pulls), published ports and network aliases.
     */
    async runContainer(spec, timeoutMs) {
        if (runsOverApi(spec)) {
            const viaApi = await this.viaApi((api) => runContainerOverApi(api, spec, timeoutMs));
            if (viaApi?.value)
                return viaApi.value;
        }
        return this.exec(containerArgs('run', spec), { timeoutMs });
    }
    /** Starts a container in the background (`docker container run --detach`). */
    startContainer(spec) {
        return this.exec(containerArgs('run', spec, true));
    }
    /** Creates a container without starting it: its files can be read with `copyFromContainer`. */
    createContainer(spec) {
        return this.exec(containerArgs('create', spec));
    }
    /**
     * `docker container commit CONTAINER`: a new image of the container's file system and
     * configuration (its labels too, so the run's ownership labels carry over). The ID, or the error.
     */
    async commitContainer(container) {
        const viaApi = await this.viaApi((api) => api.request('POST', '/commit', { query: { container } }).then(({ Id }) => ({ id: Id }), (error) => {
            if (!(error instanceof EngineApiError))
                throw error;
            return { error: error.daemonMessage };
        }));
        if (viaApi)
            return viaApi.value;
        const result = await this.exec(['container', 'commit', container]);
        return result.exitCode === 0
            ? { id: result.stdout.trim() }
            : { error: result.stderr.trim() || `exit code ${result.exitCode}` };
    }
    /** `docker container exec CONTAINER COMMAND…`. */
    execInContainer(id, command, timeoutMs) {
        return this.exec(['container', 'exec', id, ...command], { timeoutMs });
    }
    async checked(args, options = {}) {
        const result = await this.exec(args, options);
        if (result.exitCode !== 0) {
            const detail = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
            throw new DockerError(`docker ${args[0]} ${args[1] ?? ''} failed: ${detail}`.replace(/ +/g, ' '), result);
        }
        return result;
    }
    /**
     * Asks the daemon for its version; fails within `timeoutMs` when it does not answer. Asked once
     * per client: the main step's entry asks before the rest of the action loads.
     */
    server(timeoutMs = 10_000) {
        const answer = (this.serverAnswer ??= this.askServer(timeoutMs));
        answer.catch(() => {
            if (this.serverAnswer === answer)
                this.serverAnswer = undefined; // asked again next time
        });
        return answer;
    }
    /**
     * The daemon's version and OS the quick way: `/_ping`'s `Server` header (`Docker/20.10.24 (linux)`),
     * answered at once, where `/version` first runs the engine's runtimes to learn their versions. Its
     * `arch` is '' (not asked): only a build for several platforms needs it, and asks `server()`. Without
     * the socket, or a header that says less, it is `server()`.
     */
    serverBrief(timeoutMs = 10_000) {
        const answer = (this.briefAnswer ??= this.askBrief(timeoutMs));
        answer.catch(() => {
            if (this.briefAnswer === answer)
                this.briefAnswer = undefined;
        });
        return answer;
    }
    async askBrief(timeoutMs) {
        const header = await this.viaApi((api) => api.serverHeader({ timeoutMs }).catch((error) => {
            // A daemon that does not answer within the time fails now, as `server()` would: asking
            // `/version` next would only wait as long again.
            if (error instanceof EngineTimeoutError)
                throw daemonDown(error.message);
            if (error instanceof EngineApiError)
                return undefined;
            throw error;
        }));
        const brief = parseServerHeader(header?.value ?? '');
        return brief ?? this.server(timeoutMs);
    }
    async askServer(timeoutMs) {
        const viaApi = await this.viaApi(async (api) => {
            try {
                const answer = await api.get('/version', { timeoutMs });
                return answer?.Version
                    ? { version: answer.Version, os: answer.Os ?? '', arch: answer.Arch ?? '' }
                    : 'no version in its answer';
            }
            catch (error) {
                if (error instanceof EngineApiError || error instanceof EngineTimeoutError)
                    return error.message;
                throw error;
            }
        });
        if (typeof viaApi?.value === 'string')
            throw daemonDown(viaApi.value);
        if (viaApi)
            return viaApi.value;
        const result = await this.exec(['version', '--format', '{{.Server.Version}}|{{.Server.Os}}|{{.Server.Arch}}'], { timeoutMs });
        const [version = '', os = '', arch = ''] = result.stdout.trim().split('|');
        if (result.exitCode !== 0 || !version || version === '<no value>') {
            const detail = result.timedOut
                ? `no answer within ${Math.round(timeoutMs / 1000)} s`
                : (result.stderr || result.stdout).trim().split('\n').pop();
            throw daemonDown(detail, result);
        }
        return { version, os, arch: arch === '<no value>' ? '' : arch };
    }
    async inspectImages(refs) {
        if (refs.length === 0)
            return [];
        const viaApi = await this.viaApi((api) => Promise.all(refs.map((ref) => api.get(`/images/${pathOf(ref)}/json`).catch(skipRefused))));
        if (viaApi)
            return viaApi.value.filter(isDefined);
        // Missing images make the command exit 1 but still print the ones found.
        const result = await this.exec(['image', 'inspect', ...refs]);
        const text = result.stdout.trim();
        return text ? JSON.parse(text) : [];
    }
    /**
     * Every image (intermediate ones included) as `GET /images/json?all=1` lists it: ID, tags, digests,
     * size and labels in one call. `undefined` without the Engine API (the CLI lists less).
     */
    async listImageSummaries() {
        const viaApi = await this.viaApi((api) => api.get('/images/json', { query: { all: '1' } }).catch(cliFailure('image ls')));
        return viaApi ? (viaApi.value ?? []) : undefined;
    }
    async listImageIds(filters = [], all = false) {
        const viaApi = await this.viaApi((api) => api
            .get('/images/json', {
            query: { all: all ? '1' : undefined, filters: apiFilters(filters) },
        })
            .catch(cliFailure('image ls')));
        if (viaApi)
            return [...new Set((viaApi.value ?? []).map((image) => image.Id))];
        const args = ['image', 'ls', '--quiet', '--no-trunc', ...(all ? ['--all'] : [])];
        for (const filter of filters)
            args.push('--filter', filter);
        const result = await this.checked(args);
        return [...new Set(docker_lines(result.stdout))];
    }
    /**
     * Removes images (IDs or references) in one `docker image rm` call, in the order given, so a child
     * goes before its parent; one that is in use fails alone. `deleted` lists every ID the engine
     * reported deleted: the images, their untagged parents, and their layers.
     */
    async removeImages(refs) {
        if (refs.length === 0)
            return { removed: [], deleted: [], failed: [] };
        // One DELETE per ref, in order, printed as `docker image rm` prints it: the same parse reads it.
        const viaApi = await this.viaApi(async (api) => {
            const [stdout, stderr] = [[], []];
            for (const ref of refs) {
                try {
                    const answer = await api.request('DELETE', `/images/${pathOf(ref)}`);
                    for (const item of answer ?? []) {
                        stdout.push(item.Deleted ? `Deleted: ${item.Deleted}` : `Untagged: ${item.Untagged ?? ''}`);
                    }
                }
                catch (error) {
                    if (!(error instanceof EngineApiError))
                        throw error;
                    stderr.push(error.message);
                }
            }
            return { stdout: stdout.join('\n'), stderr: stderr.join('\n'), exitCode: stderr.length > 0 ? 1 : 0 };
        });
        if (viaApi) {
            const { stdout, stderr, exitCode } = viaApi.value;
            return parseImageRemoval(refs, stdout, stderr, exitCode);
        }
        const result = await this.exec(['image', 'rm', ...refs]);
        return parseImageRemoval(refs, result.stdout, result.stderr, result.exitCode);
    }
    async tag(source, target) {
        await this.checked(['image', 'tag', source, target]);
    }
    /**
     * Force-removes containers with their anonymous volumes, in batches of one `docker rm` call each;
     * the CLI prints each ID it removed, so one failure does not hide the others.
     */
    async removeContainers(ids) {
        const removed = [];
        const failed = [];
        // `docker rm --force --volumes`, one DELETE each, side by side; one already gone is removed.
        const viaApi = await this.viaApi((api) => Promise.all(ids.map((id) => api
            .request('DELETE', `/containers/${pathOf(id)}`, { query: { v: '1', force: '1' } })
            .then(() => undefined, skipRefusedAs))));
        if (viaApi) {
            viaApi.value.forEach((error, i) => {
                if (!error || /No such container/i.test(error.message))
                    removed.push(ids[i]);
                else
                    failed.push({ id: ids[i], reason: error.message });
            });
            return { removed, failed };
        }
        const batches = batchesOf(ids);
        // Side by side: the daemon removes containers independently, and each call waits on disk.
        const results = await Promise.all(batches.map((batch) => this.exec(['container', 'rm', '--force', '--volumes', ...batch])));
        batches.forEach((batch, i) => {
            const result = results[i];
            const printed = new Set(docker_lines(result.stdout));
            for (const id of batch) {
                const error = docker_lines(result.stderr).find((line) => line.includes(id.slice(0, 12)));
                if (printed.has(id) || (error && /No such container/i.test(error)))
                    removed.push(id);
                else if (error || result.exitCode !== 0)
                    failed.push({ id, reason: error ?? (result.stderr.trim() || `exit code ${result.exitCode}`) });
                else
                    removed.push(id);
            }
        });
        return { removed, failed };
    }
    /** Every container (running or not) with what cleanup decides on; missing IDs are skipped. */
    async inspectContainers(ids, withSize = false) {
        if (ids.length === 0)
            return [];
        const viaApi = await this.viaApi((api) => Promise.all(ids.map((id) => api
            .get(`/containers/${pathOf(id)}/json`, {
            query: { size: withSize ? '1' : undefined },
        })
            .catch(skipRefused))));
        if (viaApi)
            return viaApi.value.filter(isDefined).map(toContainerDetails);
        // `--size` walks each writable layer: asked only for containers about to be removed.
        const size = withSize ? ['--size'] : [];
        const results = await Promise.all(batchesOf(ids).map((batch) => this.exec(['container', 'inspect', ...size, ...batch])));
        return results.flatMap((result) => {
            const text = result.stdout.trim();
            return text ? JSON.parse(text).map(toContainerDetails) : [];
        });
    }
    /** IDs of containers matching every filter (`label=…`, `status=exited`), running ones included. */
    async listContainerIds(filters = []) {
        const viaApi = await this.viaApi((api) => api
            .get('/containers/json', {
            query: { all: '1', filters: apiFilters(filters) },
        })
            .catch(cliFailure('container ls')));
        if (viaApi)
            return (viaApi.value ?? []).map((container) => container.Id);
        const args = ['container', 'ls', '--all', '--quiet', '--no-trunc'];
        for (const filter of filters)
            args.push('--filter', filter);
        return docker_lines((await this.checked(args)).stdout);
    }
    async createVolume(name, labels) {
        const body = { Name: name, Driver: 'local', DriverOpts: {}, Labels: labels };
        const viaApi = await this.viaApi((api) => api.request('POST', '/volumes/create', { body }).catch(cliFailure('volume create')));
        if (viaApi)
            return;
        await this.checked(['volume', 'create', ...labelArgs(labels), name]);
    }
    async listVolumes(filters) {
        // The listing carries what `volume inspect` would add: one request.
        const viaApi = await this.viaApi((api) => api
            .get('/volumes', { query: { filters: apiFilters(filters) } })
            .catch(cliFailure('volume ls')));
        if (viaApi)
            return volumeDetails(viaApi.value);
        const args = ['volume', 'ls', '--quiet'];
        for (const filter of filters)
            args.push('--filter', filter);
        const names = docker_lines((await this.checked(args)).stdout);
        if (names.length === 0)
            return [];
        const result = await this.exec([
            'volume',
            'inspect',
            '--format',
            '{{.Name}}|{{.CreatedAt}}|{{json .Labels}}',
            ...names,
        ]);
        return docker_lines(result.stdout).map((line) => {
            const [name, created, labels] = line.split('|');
            return { name, created, labels: JSON.parse(labels || 'null') ?? {} };
        });
    }
    /** Removes volumes one by one; one in use or already gone is reported, not thrown. */
    async removeVolumes(names) {
        const removed = [];
        const failed = [];
        const viaApi = await this.viaApi(async (api) => {
            for (const name of names) {
                const error = await api
                    .request('DELETE', `/volumes/${pathOf(name)}`)
                    .then(() => undefined, skipRefusedAs);
                if (!error || /no such volume/i.test(error.message))
                    removed.push(name);
                else
                    failed.push({ id: name, reason: error.message });
            }
        });
        if (viaApi)
            return { removed, failed };
        // The socket failed part way: what it removed is gone, and `volume rm` of it says "no such volume".
        removed.length = 0;
        failed.length = 0;
        for (const name of names) {
            const result = await this.exec(['volume', 'rm', name]);
            if (result.exitCode === 0 || /no such volume/i.test(result.stderr))
                removed.push(name);
            else
                failed.push({ id: name, reason: result.stderr.trim() });
        }
        return { removed, failed };
    }
    /** Where the engine keeps images and containers (`/var/lib/docker`). */
    rootDir() {
        const answer = (this.rootDirAnswer ??= this.askRootDir());
        void answer.then((path) => {
            if (!path && this.rootDirAnswer === answer)
                this.rootDirAnswer = undefined; // no answer: ask again
        }, () => {
            if (this.rootDirAnswer === answer)
                this.rootDirAnswer = undefined;
        });
        return answer;
    }
    /** The root dir the main step already learned (its state): the post step need not ask again. */
    knowRootDir(path) {
        if (path)
            this.rootDirAnswer = Promise.resolve(path);
    }
    async askRootDir() {
        const viaApi = await this.viaApi((api) => api
            .get('/info', { timeoutMs: 30_000 })
            .then((info) => info?.DockerRootDir ?? '', failedAs('')));
        if (viaApi)
            return viaApi.value;
        const result = await this.exec(['info', '--format', '{{.DockerRootDir}}'], { timeoutMs: 30_000 });
        return result.exitCode === 0 ? result.stdout.trim() : '';
    }
    /** `docker system df`: per kind (Images, Containers, Local Volumes, Build Cache) size and reclaimable bytes. */
    async diskUsage() {
        const viaApi = await this.viaApi((api) => api
            .get('/system/df', { timeoutMs: 120_000 })
            .then((df) => diskUsageRows(df ?? {}), failedAs([])));
        if (viaApi)
            return viaApi.value;
        const result = await this.exec(['system', 'df', '--format', '{{json .}}'], { timeoutMs: 120_000 });
        if (result.exitCode !== 0)
            return [];
        return docker_lines(result.stdout).map((line) => parseDiskUsageRow(JSON.parse(line)));
    }
    /**
     * Every history entry of an image, newest first, with the bytes of the layer it made (0 for an
     * entry that made none): `docker history`.
     */
    async history(image) {
        const viaApi = await this.viaApi((api) => api
            .get(`/images/${pathOf(image)}/history`)
            .catch(cliFailure('image history')));
        if (viaApi)
            return historyEntries(viaApi.value);
        const result = await this.checked([
            'image',
            'history',
            '--no-trunc',
            '--human=false',
            '--format',
            '{{json .}}',
            image,
        ]);
        return docker_lines(result.stdout).map((line) => {
            const entry = JSON.parse(line);
            return { createdBy: entry.CreatedBy ?? '', size: Number(entry.Size) || 0 };
        });
    }
    /** `docker save` of one image, its tar read from the client's stdout (nothing written to disk). */
    saveStream(image) {
        return streamProgram(this.bin, ['image', 'save', image]);
    }
    /** Bytes each local volume holds, from `docker system df -v` (the engine measures them). */
    async volumeSizes() {
        const viaApi = await this.viaApi((api) => api
            .get('/system/df', { query: { verbose: '1' }, timeoutMs: 120_000 })
            .then((df) => volumeSizesOf(df ?? {}), failedAs(new Map())));
        if (viaApi)
            return viaApi.value;
        const result = await this.exec(['system', 'df', '--verbose', '--format', '{{json .}}'], {
            timeoutMs: 120_000,
        });
        const sizes = new Map();
        if (result.exitCode !== 0)
            return sizes;
        try {
            const data = JSON.parse(result.stdout);
            for (const volume of data.Volumes ?? [])
                sizes.set(volume.Name, parseHumanSize(volume.Size) ?? 0);
        }
        catch {
            // An engine whose verbose output is not JSON: sizes unknown.
        }
        return sizes;
    }
    /**
     * Prunes BuildKit's build cache down to `keepStorage` bytes, oldest unused records first. The daemon
     * answers 409 while another prune runs; the caller retries (see cleanup/prune.ts).
     */
    async pruneBuildCache(keepStorage) {
        const result = await this.exec([
            'builder',
            'prune',
            '--force',
            '--all',
            '--keep-storage',
            String(keepStorage),
        ]);
        const reclaimed = /Total reclaimed space:\s*(\S+)/.exec(result.stdout)?.[1];
        return { reclaimed: reclaimed ? (parseHumanSize(reclaimed) ?? 0) : 0, result };
    }
    /** SIGKILL at once (`docker container kill`): a test's `sh` as PID 1 ignores SIGTERM. */
    killContainer(id) {
        return this.exec(['container', 'kill', id]);
    }
    /** True when the image is present locally; never pulls. */
    async imageExists(reference) {
        const viaApi = await this.viaApi((api) => api.get(`/images/${pathOf(reference)}/json`).then(() => true, failedAs(false)));
        if (viaApi)
            return viaApi.value;
        return (await this.exec(['image', 'inspect', '--format', '{{.Id}}', reference])).exitCode === 0;
    }
    async createNetwork(name, labels = {}) {
        await this.checked(['network', 'create', ...labelArgs(labels), name]);
    }
    async listNetworks(filters) {
        const viaApi = await this.viaApi((api) => api
            .get('/networks', { query: { filters: apiFilters(filters) } })
            .catch(cliFailure('network ls')));
        if (viaApi) {
            const networks = [...(viaApi.value ?? [])].sort((a, b) => naturalCompare(a.Name, b.Name));
            return networks.map((network) => network.Id); // in the CLI's order: natural, by name
        }
        const args = ['network', 'ls', '--quiet', '--no-trunc'];
        for (const filter of filters)
            args.push('--filter', filter);
        return docker_lines((await this.checked(args)).stdout);
    }
    /** Removes a network; one already gone is fine. */
    async removeNetwork(name) {
        const result = await this.exec(['network', 'rm', name]);
        if (result.exitCode !== 0 && !/No such network|not found/i.test(result.stderr)) {
            throw new DockerError(`docker network rm ${name} failed: ${result.stderr.trim()}`, result);
        }
    }
    /** The container's state, or `undefined` when there is no such container. */
    async inspectContainer(id) {
        const viaApi = await this.viaApi((api) => api
            .get(`/containers/${pathOf(id)}/json`)
            .then(({ State: state }) => ({
            status: state.Status,
            health: state.Health?.Status ?? '',
            exitCode: state.ExitCode ?? 0,
        }), skipRefused));
        if (viaApi)
            return viaApi.value;
        const format = '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}';
        const result = await this.exec(['container', 'inspect', '--format', format, id]);
        if (result.exitCode !== 0)
            return undefined;
        const [status = '', health = '', exitCode = ''] = result.stdout.trim().split('|');
        return { status, health, exitCode: Number(exitCode) || 0 };
    }
    /** The last `tail` lines the container printed, stdout and stderr together. */
    async containerLogs(id, tail) {
        const result = await this.exec(['container', 'logs', '--tail', String(tail), id]);
        return [result.stdout, result.stderr].filter((text) => text.trim()).join('\n');
    }
    /** `docker cp CONTAINER:PATH -`: the path as a tar stream in `stdoutBytes`. */
    async copyFromContainer(id, path) {
        return this.exec(['container', 'cp', `${id}:${path}`, '-'], { binary: true });
    }
    /** The driver of the current buildx builder: `docker` (the engine's BuildKit), `docker-container`, … */
    async buildxDriver() {
        const result = await this.exec(['buildx', 'inspect'], { timeoutMs: 30_000 });
        return /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? '';
    }
    async pull(reference) {
        return this.exec(['image', 'pull', '--quiet', reference]);
    }
    /** Pushes one reference and returns the manifest digest the registry reported. */
    async push(reference, onLine) {
        const result = await this.exec(['image', 'push', reference], { onLine });
        if (result.exitCode !== 0) {
            throw new DockerError(`docker push ${reference} failed: ${lastLines(result.stderr || result.stdout, 5)}`, result);
        }
        return { digest: parsePushDigest(result.stdout), result };
    }
}
/** `latest: digest: sha256:abc… size: 528` -> `sha256:abc…`. */
function parsePushDigest(output) {
    return /digest:\s*(sha256:[a-f0-9]{64})/.exec(output)?.[1] ?? '';
}
function docker_lines(text) {
    return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
}
function lastLines(text, count) {
    return docker_lines(text).slice(-count).join('\n');
}

;// CONCATENATED MODULE: ./src/common/logger.ts
/** A workflow command's message, escaped as the runner reads it (`%`, CR and LF). */
function logger_escapeData(message) {
    return message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
const line = (text) => void process.stdout.write(`${text}\n`);
/**
 * The job log written straight to stdout, in the runner's workflow-command format: what a stage
 * uses when its caller passes no logger of its own.
 */
const logger_stdoutLogger = {
    info: (message) => line(message),
    notice: (message) => line(`::notice::${logger_escapeData(message)}`),
    warning: (message) => line(`::warning::${logger_escapeData(message)}`),
    group: async (title, work) => {
        line(`::group::${title}`);
        try {
            return await work();
        }
        finally {
            line('::endgroup::');
        }
    },
};

;// CONCATENATED MODULE: ./src/registry/login.ts





class LoginError extends (/* unused pure expression or super */ null && (Error)) {
}
/** How Docker Hub is named in `registries` (and how `docker login` without a server reaches it). */
const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['', 'docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Key of Docker Hub in config.json `auths` / `credHelpers`. */
const HUB_AUTH_KEY = 'https://index.docker.io/v1/';
/** What a registry says to a wrong username, password or token. */
const WRONG_CREDENTIALS = /\b401\b|unauthorized|incorrect username or password|authentication required|invalid credentials/i;
/** One `docker login` attempt; a registry that does not answer in this time is tried again. */
const LOGIN_TIMEOUT_MS = 45_000;
/**
 * A failure worth another try, as docker/login-action retries: a 5xx answer, a timeout, a connection
 * reset or cut short. Wrong credentials, and nothing listening, fail at once.
 */
function transientLoginFailure(result) {
    if (result.timedOut)
        return true;
    const text = `${result.stderr}\n${result.stdout}`;
    if (WRONG_CREDENTIALS.test(text)) {
        return false;
    }
    return /connection reset|broken pipe|\bEOF\b|i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|timeout awaiting response headers|received unexpected HTTP status: 5\d\d|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)/i.test(text);
}
/** What DOCKER_CONFIG and REGISTRY_AUTH_FILE were before `login` changed them, per session directory. */
const previousEnv = new Map();
/** `''`, `docker.io`, `https://index.docker.io/v1/` -> `docker.io`; `https://ghcr.io/` -> `ghcr.io`. */
function normalizeRegistry(registry) {
    const host = registry
        .trim()
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}
/** The server argument of `docker login`/`logout`: none for Docker Hub. */
function serverArgs(registry) {
    return registry === DOCKER_HUB ? [] : [registry];
}
function authKey(registry) {
    return registry === DOCKER_HUB ? HUB_AUTH_KEY : registry;
}
/**
 * Creates a DOCKER_CONFIG directory for this run under `tempRoot` (mode 0700), copies the user's
 * existing docker config.json into it (from $DOCKER_CONFIG or ~/.docker, so earlier logins still work)
 * and symlinks its `cli-plugins` folder (so buildx stays available), sets process.env.DOCKER_CONFIG and
 * process.env.REGISTRY_AUTH_FILE (buildah reads the same `auths` file) to it, then logs in to each
 * registry with `docker login --username U --password-stdin REGISTRY` (password only through stdin,
 * never argv/env/log). Fails with LoginError naming the registry and the likely cause; on failure the
 * directory is removed again and the environment restored.
 */
async function login(docker, credentials, tempRoot, log = stdoutLogger, retry = {}) {
    await mkdir(tempRoot, { recursive: true });
    const configDir = await mkdtemp(join(tempRoot, 'shipshape-docker-config-'));
    await chmod(configDir, 0o700);
    const session = { configDir, registries: [] };
    const registries = [...new Set(credentials.map((c) => normalizeRegistry(c.registry)))];
    const sourceDir = process.env.DOCKER_CONFIG || join(homedir(), '.docker');
    try {
        const config = await readUserConfig(sourceDir, log);
        isolateFromCredentialStore(config, registries.map(authKey));
        await writeFile(join(configDir, 'config.json'), JSON.stringify(config, null, '\t') + '\n', {
            mode: 0o600,
        });
        const plugins = join(sourceDir, 'cli-plugins');
        if (await exists(plugins))
            await symlink(plugins, join(configDir, 'cli-plugins'));
    }
    catch (error) {
        await rm(configDir, { recursive: true, force: true });
        throw error;
    }
    previousEnv.set(configDir, {
        dockerConfig: process.env.DOCKER_CONFIG,
        authFile: process.env.REGISTRY_AUTH_FILE,
    });
    process.env.DOCKER_CONFIG = configDir;
    process.env.REGISTRY_AUTH_FILE = join(configDir, 'config.json');
    for (const credential of credentials) {
        const registry = normalizeRegistry(credential.registry);
        const result = await loginWithRetries(docker, registry, credential, configDir, log, retry);
        if (result.exitCode !== 0) {
            await logout(docker, session); // the registries logged in to so far, the directory, the environment
            throw new LoginError(loginFailure(registry, result, credential.password));
        }
        if (!session.registries.includes(registry))
            session.registries.push(registry);
        log.info(`Logged in to ${registry} as ${credential.username}`);
    }
    return session;
}
/** `docker login` to one registry, tried again after a transient failure with a doubling wait. */
async function loginWithRetries(docker, registry, credential, configDir, log, retry) {
    const attempts = Math.max(1, Math.floor(retry.attempts ?? 3));
    const baseDelayMs = retry.baseDelayMs ?? 1000;
    const sleep = retry.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1;; attempt++) {
        const result = await docker.login(serverArgs(registry), credential, configDir, LOGIN_TIMEOUT_MS);
        if (result.exitCode === 0 || attempt >= attempts || !transientLoginFailure(result))
            return result;
        const wait = baseDelayMs * 2 ** (attempt - 1);
        const reason = result.timedOut
            ? `no answer within ${LOGIN_TIMEOUT_MS / 1000} s`
            : (lines(scrub(result.stderr || result.stdout, credential.password)).pop() ??
                `exit code ${result.exitCode}`);
        log.info(`Login to ${registry} failed (attempt ${attempt} of ${attempts}): ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
    }
}
/**
 * `docker logout` for each registry (with DOCKER_CONFIG pointing at the session directory), then
 * removes the directory and restores DOCKER_CONFIG/REGISTRY_AUTH_FILE when they still point at it.
 * Never throws; returns warnings.
 */
async function logout(docker, session) {
    const warnings = [];
    for (const registry of session.registries) {
        try {
            const result = await docker.logout(serverArgs(registry), session.configDir, 60_000);
            if (result.exitCode !== 0) {
                const detail = docker_lines(result.stderr || result.stdout).pop() ?? `exit code ${result.exitCode}`;
                warnings.push(`docker logout ${registry} failed: ${detail}`);
            }
        }
        catch (error) {
            warnings.push(`docker logout ${registry} failed: ${error.message}`);
        }
    }
    try {
        await (0,promises_namespaceObject.rm)(session.configDir, { recursive: true, force: true });
    }
    catch (error) {
        warnings.push(`Could not remove the login directory ${session.configDir} (it holds registry credentials): ${error.message}`);
    }
    restoreEnv(session.configDir);
    return warnings;
}
function restoreEnv(configDir) {
    const previous = previousEnv.get(configDir) ?? {};
    previousEnv.delete(configDir);
    const set = (name, value) => {
        if (value === undefined)
            delete process.env[name];
        else
            process.env[name] = value;
    };
    if (process.env.DOCKER_CONFIG === configDir)
        set('DOCKER_CONFIG', previous.dockerConfig);
    if (process.env.REGISTRY_AUTH_FILE === (0,external_node_path_.join)(configDir, 'config.json')) {
        set('REGISTRY_AUTH_FILE', previous.authFile);
    }
}
async function exists(path) {
    try {
        await lstat(path);
        return true;
    }
    catch {
        return false;
    }
}
async function readUserConfig(dir, log) {
    let text;
    try {
        text = await readFile(join(dir, 'config.json'), 'utf8');
    }
    catch {
        return { auths: {} };
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            return parsed;
    }
    catch {
        // reported below
    }
    log.warning(`${join(dir, 'config.json')} is not a JSON object; earlier registry logins are not used.`);
    return { auths: {} };
}
/**
 * Keeps this run's credentials in the session file only: a `credsStore` (an OS keychain) would receive
 * them, and `docker logout` would then delete the user's own stored login. Earlier logins that live in
 * the store keep working through per-registry `credHelpers`, which buildah reads too.
 */
function isolateFromCredentialStore(config, keys) {
    config.auths ??= {};
    if (config.credsStore) {
        const helpers = (config.credHelpers ??= {});
        for (const [key, entry] of Object.entries(config.auths)) {
            if (!entry?.auth && !entry?.identitytoken)
                helpers[key] ??= config.credsStore;
        }
        delete config.credsStore;
    }
    for (const key of keys) {
        if (config.credHelpers)
            delete config.credHelpers[key];
        delete config.auths[key];
    }
}
function loginFailure(registry, result, password) {
    const text = scrub(`${result.stderr}\n${result.stdout}`, password);
    const last = lines(scrub(result.stderr, password)).pop() ?? lines(text).pop() ?? '';
    const said = last ? ` (${last.replace(/^Error response from daemon:\s*/, '')})` : '';
    if (result.timedOut) {
        return `Login to ${registry} failed: the registry is unreachable (no answer within ${LOGIN_TIMEOUT_MS / 1000} s). Check the registry host name and the runner's network.`;
    }
    if (WRONG_CREDENTIALS.test(text)) {
        return `Login to ${registry} failed: wrong credentials${said}. Check 'username' and 'password' (or 'registry-auth'): the password or token may be wrong, expired or revoked.`;
    }
    if (/connection refused|no such host|i\/o timeout|timeout|timed out|no route to host|network is unreachable|connection reset|server misbehaving/i.test(text)) {
        return `Login to ${registry} failed: the registry is unreachable${said}. Check the registry host name and port and that the registry is running.`;
    }
    return `Login to ${registry} failed${said || ` (exit code ${result.exitCode})`}.`;
}
/** Removes the password from text that reaches an error message, in case a registry echoes it. */
function scrub(text, password) {
    return password ? text.split(password).join('***') : text;
}

;// CONCATENATED MODULE: ./src/steps/runner.ts



/** The job log, through the runner's workflow commands. */
const runnerLog = {
    info: (message) => info(message),
    notice: (message) => notice(message),
    warning: (message) => warning(message),
    group: (title, work) => group(title, work),
};
/** The event payload the runner wrote, `{}` when there is none. */
async function readEvent(env = process.env) {
    try {
        return JSON.parse(await readFile(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
    }
    catch {
        return {};
    }
}
/** Where the run may write temporary files: the runner's temp directory, else the system's. */
function tempRoot(env = process.env) {
    return env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
}
/** Appends markdown to the job summary. */
async function addSummary(markdown) {
    appendSummary(markdown);
}

;// CONCATENATED MODULE: ./src/settings/cleanup.ts


/** The cleanup group of the settings: what the post step removes and how. */
const CLEANUP_POLICIES = ['run', 'dangling', 'aggressive', 'false'];
/** What a run does when its inputs say nothing: the inputs' defaults, and the post step's fallback. */
const DEFAULT_CLEANUP = {
    policy: 'run',
    untilMs: 86_400_000,
    keepStorageBytes: 5e9,
    strict: false,
    keepImages: false,
};
/** `cleanup`, `cleanup-until`, `keep-storage`, `cleanup-strict`, `keep-images`. */
function readCleanupSettings(read) {
    return {
        policy: oneOf('cleanup', read('cleanup'), CLEANUP_POLICIES, DEFAULT_CLEANUP.policy),
        untilMs: durationInput('cleanup-until', read('cleanup-until'), DEFAULT_CLEANUP.untilMs),
        keepStorageBytes: sizeInput('keep-storage', read('keep-storage'), DEFAULT_CLEANUP.keepStorageBytes),
        strict: booleanInput('cleanup-strict', read('cleanup-strict'), DEFAULT_CLEANUP.strict),
        keepImages: booleanInput('keep-images', read('keep-images'), DEFAULT_CLEANUP.keepImages),
    };
}
function readGuardSettings(read) {
    return { minFreeSpace: sizeInput('min-free-space', read('min-free-space'), 0) };
}

;// CONCATENATED MODULE: ./src/steps/state.ts


const KEYS = {
    runKey: 'run-key',
    cleanup: 'cleanup',
    createdImages: 'created-images',
    replacedImages: 'replaced-images',
    pushed: 'pushed',
    buildahImages: 'buildah-images',
    usedBuildah: 'buildah-used',
    temporary: 'temporary-references',
    cacheSave: 'cache-save',
    login: 'login',
    tempPaths: 'temporary-paths',
    dockerRoot: 'docker-root',
};
function state_saveState(state) {
    if (state.runKey !== undefined)
        core.saveState(KEYS.runKey, state.runKey);
    if (state.cleanup !== undefined)
        core.saveState(KEYS.cleanup, JSON.stringify(state.cleanup));
    for (const key of [
        'createdImages',
        'replacedImages',
        'buildahImages',
        'pushed',
        'temporary',
        'tempPaths',
    ]) {
        if (state[key] !== undefined)
            core.saveState(KEYS[key], JSON.stringify(state[key]));
    }
    if (state.dockerRoot !== undefined)
        core.saveState(KEYS.dockerRoot, state.dockerRoot);
    if (state.usedBuildah !== undefined)
        core.saveState(KEYS.usedBuildah, String(state.usedBuildah));
    if (state.cacheSave !== undefined)
        core.saveState(KEYS.cacheSave, JSON.stringify(state.cacheSave));
    if (state.login !== undefined)
        core.saveState(KEYS.login, JSON.stringify(state.login));
}
/** What main saved; `undefined` when main stopped before it knew which run it was (bad inputs). */
function loadState(read = getState) {
    const runKey = read(KEYS.runKey);
    if (!runKey)
        return undefined;
    const cacheSave = parseJson(read(KEYS.cacheSave));
    const login = parseJson(read(KEYS.login));
    const pushed = parseJson(read(KEYS.pushed));
    return {
        runKey,
        cleanup: cleanupOptions(parseJson(read(KEYS.cleanup))),
        createdImages: strings(parseJson(read(KEYS.createdImages))),
        replacedImages: strings(parseJson(read(KEYS.replacedImages))),
        pushed: pushed && typeof pushed.imageId === 'string'
            ? { imageId: pushed.imageId, references: strings(pushed.references) }
            : undefined,
        buildahImages: strings(parseJson(read(KEYS.buildahImages))),
        usedBuildah: read(KEYS.usedBuildah) === 'true',
        temporary: strings(parseJson(read(KEYS.temporary))),
        tempPaths: strings(parseJson(read(KEYS.tempPaths))),
        dockerRoot: read(KEYS.dockerRoot).startsWith('/') ? read(KEYS.dockerRoot) : undefined,
        cacheSave: cacheSave &&
            typeof cacheSave.dir === 'string' &&
            typeof cacheSave.root === 'string' &&
            typeof cacheSave.key === 'string'
            ? {
                ...cacheSave,
                budgetMs: Number(cacheSave.budgetMs) || 0,
                serviceFailure: typeof cacheSave.serviceFailure === 'string' ? cacheSave.serviceFailure : undefined,
            }
            : undefined,
        login: login && typeof login.configDir === 'string'
            ? {
                configDir: login.configDir,
                registries: strings(login.registries),
                ...(login.keep === true ? { keep: true } : {}),
            }
            : undefined,
    };
}
function parseJson(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function strings(value) {
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
/** Main's cleanup settings; what a state main did not finish writing falls back to the defaults. */
function cleanupOptions(value) {
    const given = (value && typeof value === 'object' ? value : {});
    return {
        policy: CLEANUP_POLICIES.includes(given.policy)
            ? given.policy
            : DEFAULT_CLEANUP.policy,
        untilMs: Number.isFinite(given.untilMs) ? Number(given.untilMs) : DEFAULT_CLEANUP.untilMs,
        keepStorageBytes: Number.isFinite(given.keepStorageBytes)
            ? Number(given.keepStorageBytes)
            : DEFAULT_CLEANUP.keepStorageBytes,
        strict: given.strict === true,
        keepImages: given.keepImages === true,
    };
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __nccwpck_require__(643);
;// CONCATENATED MODULE: ./src/steps/timings.ts

/**
 * Wall seconds per phase, in the order the phases first ran, with one log line per phase. A phase
 * that throws still counts up to its failure; a phase timed twice adds up.
 */
class PhaseTimer {
    log;
    now;
    started;
    times = new Map();
    constructor(log = () => { }, now = () => external_node_perf_hooks_.performance.now()) {
        this.log = log;
        this.now = now;
        this.started = now();
    }
    /** Runs `work` as `phase`. */
    async time(phase, work) {
        const start = this.now();
        try {
            return await work();
        }
        finally {
            const seconds = (this.now() - start) / 1000;
            this.times.set(phase, (this.times.get(phase) ?? 0) + seconds);
            this.log(phaseLine(phase, seconds));
        }
    }
    /** Runs `work` as `phase` when `when`; else runs it untimed, and the phase stays absent. */
    async timeIf(when, phase, work) {
        return when ? this.time(phase, work) : work();
    }
    /** Whether no phase ran yet. */
    get empty() {
        return this.times.size === 0;
    }
    /** Every phase, then `total`: the wall time since the timer started (logged too). */
    finish() {
        const total = (this.now() - this.started) / 1000;
        this.log(phaseLine('total', total));
        return [...this.times]
            .map(([phase, seconds]) => ({ phase, seconds }))
            .concat({ phase: 'total', seconds: total });
    }
}
function phaseLine(phase, seconds) {
    return `Phase ${phase}: ${seconds.toFixed(3)} s`;
}
/** The `timings` output: `{"phase": seconds}` in the order the phases ran, to the millisecond. */
function timingsJson(phases) {
    return JSON.stringify(Object.fromEntries(phases.map(({ phase, seconds }) => [phase, round(seconds)])));
}
/** A markdown table: phase, seconds, share of `total` (of the phases' sum when there is no total). */
function timingsTable(phases, title) {
    const total = phases.find((time) => time.phase === 'total')?.seconds ??
        phases.reduce((sum, time) => sum + time.seconds, 0);
    const rows = phases.map(({ phase, seconds }) => {
        const share = total > 0 ? `${((100 * seconds) / total).toFixed(1)}%` : '—';
        const name = phase === 'total' ? '**total**' : phase;
        return `| ${name} | ${round(seconds).toFixed(3)} | ${share} |`;
    });
    // A blank line first: this follows another table in the same job summary.
    return ['', `### ${title}`, '', '| Phase | Seconds | Share |', '|---|--:|--:|', ...rows, ''].join('\n');
}
function round(seconds) {
    return Math.round(Math.max(0, seconds) * 1000) / 1000;
}

;// CONCATENATED MODULE: ./src/steps/post.ts












/** The post step: saves the layer cache, logs out, removes what this run created. Warns, never fails the job. */
async function runPost() {
    const timer = new PhaseTimer((message) => runnerLog.info(message));
    try {
        const state = loadState();
        if (!state) {
            runnerLog.info('The main step stopped before it created anything; nothing to save or clean up.');
            return;
        }
        const docker = Docker.connect();
        if (state.dockerRoot)
            docker.knowRootDir(state.dockerRoot);
        const { cacheSave, login } = state;
        if (cacheSave)
            await timer.time('cache-save', () => saveCacheStage(cacheSave, runnerLog));
        if (login?.keep) {
            runnerLog.info(`'logout' is false: the login to ${login.registries.join(', ')} stays for the job's later steps.`);
        }
        else if (login) {
            for (const warning of await timer.time('logout', () => logout(docker, login)))
                runnerLog.warning(warning);
        }
        // Whatever happened in main (a full disk, a cancel, a failed step), no temporary directory stays.
        if (state.tempPaths?.length)
            await removeTempPaths(state.tempPaths, [tempRoot(), (0,external_node_os_.tmpdir)()], runnerLog);
        const options = state.cleanup;
        const cleaned = await timer.time('cleanup', () => cleanupStage(options, state, { docker, buildah: new Buildah(), log: runnerLog }));
        if (!cleaned)
            return;
        await addSummary(cleanupSummary(cleaned.result, { policy: options.policy, ...cleaned }));
        if (options.strict && cleaned.result.failures.length > 0) {
            setFailed(`Cleanup left ${cleaned.result.failures.length} object(s) of this run behind (input 'cleanup-strict' is true); see the warnings above.`);
        }
    }
    catch (error) {
        const message = `The post step failed: ${error instanceof Error ? error.message : String(error)}`;
        if (loadState()?.cleanup.strict)
            setFailed(message);
        else
            runnerLog.warning(message);
    }
    finally {
        await postTimings(timer);
    }
}
/** Post's own table: its outputs would reach no later step, so its phases are in the job summary only. */
async function postTimings(timer) {
    if (timer.empty)
        return;
    await addSummary(timingsTable(timer.finish(), 'Timings (post step)')).catch((error) => runnerLog.warning(`Could not add the post step's timings to the job summary: ${error.message}`));
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(6661);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
