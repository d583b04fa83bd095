export const id = 737;
export const ids = [737];
export const modules = {

/***/ 5737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
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
    if (!(0,external_node_fs_.existsSync)(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const converted = commandValue(value);
    if (name.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (converted.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    (0,external_node_fs_.appendFileSync)(filePath, `${name}<<${delimiter}${external_node_os_.EOL}${converted}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`, 'utf8');
}
/** The input's value (`INPUT_<NAME>`), trimmed; `''` when unset. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return issueFileCommand('OUTPUT', name, value);
    process.stdout.write(external_node_os_.EOL);
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

;// CONCATENATED MODULE: ./src/common/errors.ts
/** A mistake in the workflow file: names the input, the value and the fix. */
class InputError extends Error {
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
function oneOf(input, raw, values, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (values.includes(value))
        return value;
    throw new InputError(input, value, `use one of ${values.map((v) => `'${v}'`).join(', ')}.`);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/naming/dockerfile.ts
/** Lines with comments dropped, then `\` continuations joined (Docker drops comments first). */
function joinContinuations(text) {
    const joined = [];
    let pending = '';
    for (const line of text.split(/\r?\n/)) {
        if (line.trimStart().startsWith('#'))
            continue;
        if (/\\\s*$/.test(line)) {
            pending += `${line.replace(/\\\s*$/, '')} `;
            continue;
        }
        joined.push(pending + line);
        pending = '';
    }
    if (pending)
        joined.push(pending);
    return joined;
}
function stagesOf(dockerfile) {
    const stages = [];
    for (const line of joinContinuations(dockerfile)) {
        const match = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
        if (match)
            stages.push({ from: match[1], name: match[2]?.toLowerCase() });
    }
    return stages;
}
/**
 * The image the built stage (`target`, else the last) finally starts from, following `FROM stage`
 * back to an image; `${ARG}` defaults before the first FROM and build arguments are substituted.
 * `undefined` for `scratch` or when it cannot be told (an ARG without a value).
 */
function finalBaseImage(dockerfile, target, buildArgs) {
    const args = new Map();
    for (const line of joinContinuations(dockerfile)) {
        if (/^\s*FROM\s/i.test(line))
            break;
        const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
        if (arg && arg[2] !== undefined)
            args.set(arg[1], arg[2].replace(/^["']|["']$/g, ''));
    }
    for (const buildArg of buildArgs) {
        const at = buildArg.indexOf('=');
        if (at > 0)
            args.set(buildArg.slice(0, at), buildArg.slice(at + 1));
    }
    const stages = stagesOf(dockerfile);
    let index = target ? stages.findIndex((stage) => stage.name === target.toLowerCase()) : stages.length - 1;
    if (index < 0)
        index = stages.length - 1;
    for (let hops = 0; index >= 0 && hops <= stages.length; hops++) {
        let unknown = false;
        // `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`: as Docker expands them.
        const from = stages[index].from.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, braced, op, word, bare) => {
            const value = args.get(braced ?? bare ?? '');
            if (op === '-')
                return value ? value : (word ?? '');
            if (op === '+')
                return value ? (word ?? '') : '';
            if (value === undefined)
                unknown = true;
            return value ?? '';
        });
        if (unknown)
            return undefined;
        const earlier = stages.findIndex((stage, i) => i < index && stage.name === from.toLowerCase());
        if (earlier < 0)
            return from && from.toLowerCase() !== 'scratch' ? from : undefined;
        index = earlier;
    }
    return undefined;
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
class ImageReferenceError extends Error {
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
function parseReference(text) {
    return parse(text, 'reference', true);
}
/**
 * The names the engine lists an image by (`docker image ls` RepoTags, RepoDigests): `name:tag`
 * and `name@digest` in their familiar form (`busybox:1`, not `docker.io/library/busybox:1`).
 * Empty for text that is not a reference.
 */
function engineNames(text) {
    try {
        const ref = parseReference(text);
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
        throw new ImageReferenceError(problem.rule, problem.detail, fixed);
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
        throw new ImageReferenceError(problem.rule, problem.detail, useful ? fixed : undefined);
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
function parseSize(text) {
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
function parseDuration(text) {
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



function lines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
}
/** Lists accept one item per line or comma-separated items, as the docker/* actions do. */
function list(value) {
    return lines(value)
        .flatMap((line) => line.split(','))
        .map((item) => item.trim())
        .filter(Boolean);
}
function unique(items) {
    return [...new Set(items)];
}
function keyValueLines(value, input, form) {
    return lines(value).map((line) => {
        const at = line.indexOf('=');
        if (at < 0)
            throw new InputError(input, line, `each line must be ${form}; this line has no '='.`);
        if (at === 0)
            throw new InputError(input, line, `each line must be ${form}; the name before '=' is empty.`);
        return [line.slice(0, at).trim(), line.slice(at + 1)];
    });
}
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
function booleanInput(input, raw, fallback) {
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
function sizeInput(input, raw, fallback) {
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
function durationInput(input, raw, fallback) {
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
        return (0,external_node_fs_.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isFile();
    }
    catch {
        return false;
    }
}
function isSocket(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isSocket();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/settings/platforms.ts


/**
 * `platforms`, `test-platforms`, `provenance`, `sbom` and `annotations`: what a multi-platform build
 * is asked to make, in build-push-action's and metadata-action's syntax.
 */
/** Operating systems and architectures as Go (and so the OCI image spec and BuildKit) spell them. */
const OSES = ['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix'];
const ARCHITECTURES = {
    amd64: ['v1', 'v2', 'v3', 'v4'],
    arm64: ['v8', 'v8.0', 'v8.1', 'v8.2', 'v8.3', 'v8.4', 'v8.5', 'v8.6', 'v8.7', 'v8.8', 'v9', 'v9.0'],
    arm: ['v5', 'v6', 'v7', 'v8'],
    '386': [],
    ppc64le: [],
    ppc64: [],
    s390x: [],
    riscv64: [],
    mips64le: [],
    mips64: [],
    mipsle: [],
    mips: [],
    loong64: [],
    wasm: [],
};
const FORM = "give os/architecture[/variant] in lower case, e.g. 'linux/amd64', 'linux/arm64' or 'linux/arm/v7'";
/** One platform, checked against the names BuildKit and the registries know. */
function parsePlatform(input, platform) {
    const parts = platform.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((part) => !part)) {
        throw new InputError(input, platform, `${FORM}.`);
    }
    if (platform !== platform.toLowerCase()) {
        throw new InputError(input, platform, `platforms are lower case: '${platform.toLowerCase()}'.`);
    }
    const [os, architecture, variant] = parts;
    if (!OSES.includes(os)) {
        throw new InputError(input, platform, `unknown operating system '${os}' (known: ${OSES.join(', ')}).`);
    }
    const variants = ARCHITECTURES[architecture];
    if (!variants) {
        throw new InputError(input, platform, `unknown architecture '${architecture}' (known: ${Object.keys(ARCHITECTURES).join(', ')}).`);
    }
    if (variant !== undefined && !variants.includes(variant)) {
        throw new InputError(input, platform, variants.length === 0
            ? `architecture '${architecture}' has no variants; give '${os}/${architecture}'.`
            : `unknown variant '${variant}' of ${architecture} (known: ${variants.join(', ')}).`);
    }
    return platform;
}
/** `platforms`: one per line or comma-separated; a platform given twice is a mistake. */
function parsePlatforms(input, raw) {
    const platforms = list(raw).map((platform) => parsePlatform(input, platform));
    const seen = new Set();
    for (const platform of platforms) {
        if (seen.has(platform)) {
            throw new InputError(input, raw, `'${platform}' is given twice; give each platform once.`);
        }
        seen.add(platform);
    }
    return platforms;
}
/**
 * The platform a run's tags and its one-platform names go to: the runner's own architecture's (so a
 * later step can run it), else the first one given.
 */
function hostPlatform(platforms, hostArch) {
    return platforms.find((platform) => platform.split('/')[1] === hostArch) ?? platforms[0];
}
/**
 * `test-platforms`: `all` (every built platform the runner can execute) or a list, each one of
 * `platforms` (whether the runner can execute it is checked before the build, on the engine).
 */
function parseTestPlatforms(raw, platforms) {
    const value = raw.trim();
    if (value === '' || value === 'all')
        return 'all';
    const chosen = parsePlatforms('test-platforms', value);
    if (platforms.length === 0) {
        throw new InputError('test-platforms', raw, "'platforms' is empty, so the image is built for the runner's platform only; set 'platforms' or use 'all'.");
    }
    for (const platform of chosen) {
        if (!platforms.includes(platform)) {
            throw new InputError('test-platforms', raw, `'${platform}' is not built (platforms: ${platforms.join(', ')}); test only platforms of 'platforms', or 'all'.`);
        }
    }
    return chosen;
}
const PROVENANCE_KEYS = ['mode', 'builder-id', 'reproducible', 'version', 'inline-only'];
/** `provenance`: `true` (mode=min), `false`, or `mode=min|max[,key=value…]`; empty: the default. */
function parseProvenance(raw) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    if (value === 'false')
        return false;
    if (value === 'true')
        return { mode: 'min', attributes: [] };
    let mode = 'min';
    const attributes = [];
    for (const part of value.split(',').map((p) => p.trim())) {
        const at = part.indexOf('=');
        const key = at > 0 ? part.slice(0, at) : '';
        const setting = at > 0 ? part.slice(at + 1) : '';
        if (!PROVENANCE_KEYS.includes(key) || !setting) {
            throw new InputError('provenance', raw, `give 'true', 'false', 'mode=min' or 'mode=max' (optionally with ${PROVENANCE_KEYS.slice(1).join(', ')} as key=value, comma-separated).`);
        }
        if (key === 'mode') {
            if (setting !== 'min' && setting !== 'max') {
                throw new InputError('provenance', raw, "mode is 'min' or 'max'.");
            }
            mode = setting;
        }
        else
            attributes.push([key, setting]);
    }
    return { mode, attributes };
}
/** Where an annotation goes, as buildx's `--annotation` and metadata-action name the levels. */
const ANNOTATION_LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];
/** `annotations`: `[level[,level]:]key=value` per line (metadata-action's `annotations` output). */
function parseAnnotations(raw) {
    return lines(raw).map((line) => {
        const equals = line.indexOf('=');
        if (equals <= 0) {
            throw new InputError('annotations', line, "give 'key=value', optionally after a level ('index:key=value').");
        }
        const head = line.slice(0, equals);
        const value = line.slice(equals + 1);
        // `org.opencontainers.image.title=…` has no level; `index,manifest:key=…` has two.
        const colon = head.indexOf(':');
        if (colon < 0)
            return { levels: [], key: head, value };
        const levels = head
            .slice(0, colon)
            .split(',')
            .map((level) => level.trim());
        const key = head.slice(colon + 1);
        for (const level of levels) {
            if (!ANNOTATION_LEVELS.includes(level)) {
                throw new InputError('annotations', line, `unknown level '${level}' (known: ${ANNOTATION_LEVELS.join(', ')}); give 'level:key=value' or 'key=value'.`);
            }
        }
        if (!key)
            throw new InputError('annotations', line, "the key is missing: give 'level:key=value'.");
        return { levels: levels, key, value };
    });
}
/** `sbom`: `true` or `false`; empty leaves it off. */
function parseSbom(raw) {
    const value = raw.trim();
    if (value === '' || value === 'false')
        return false;
    if (value === 'true')
        return true;
    throw new InputError('sbom', raw, "give 'true' or 'false'.");
}

// EXTERNAL MODULE: ./src/engine/exec.ts + 1 modules
var exec = __webpack_require__(8955);
// EXTERNAL MODULE: ./src/engine/labels.ts
var labels = __webpack_require__(9667);
;// CONCATENATED MODULE: ./src/builder/arguments.ts

/** The builder's arguments and environment for one build, for each kind of builder. */
function buildCommand(kind, request) {
    const args = kind === 'buildx'
        ? ['buildx', 'build', '--load', '--progress', 'plain']
        : kind === 'buildkit'
            ? ['build', '--progress', 'plain']
            : kind === 'buildah'
                ? // --layers: keep a layer per instruction, which is what makes a layer cache possible.
                    // --force-rm: a failed build must not leave its working container behind.
                    ['build', '--layers', '--format', 'docker', '--force-rm']
                : // --force-rm: a failed legacy build must not leave its intermediate container behind.
                    ['build', '--rm', '--force-rm'];
    args.push('--file', request.file, '--iidfile', request.iidFile);
    for (const reference of request.references)
        args.push('--tag', reference);
    for (const arg of request.buildArgs)
        args.push('--build-arg', arg);
    args.push(...(0,labels/* labelArgs */.S)(request.labels));
    if (request.target)
        args.push('--target', request.target);
    if (request.platforms?.length)
        args.push('--platform', request.platforms.join(','));
    // buildah's default pull policy looks for newer base images; Docker's (and ours) only pulls missing ones.
    if (kind === 'buildah')
        args.push(`--pull=${request.pull ? 'always' : 'false'}`);
    else if (request.pull)
        args.push('--pull');
    if (request.noCache)
        args.push('--no-cache');
    for (const secret of request.secretFiles ?? [])
        args.push('--secret', `id=${secret.id},src=${secret.path}`);
    for (const host of request.addHosts ?? [])
        args.push('--add-host', host);
    if (request.shmSize)
        args.push('--shm-size', request.shmSize);
    for (const limit of request.ulimits ?? [])
        args.push('--ulimit', limit);
    if (request.network && request.network !== 'default')
        args.push('--network', request.network);
    for (const ssh of request.ssh ?? [])
        args.push('--ssh', ssh);
    for (const context of request.buildContexts ?? [])
        args.push('--build-context', context);
    for (const stage of request.noCacheFilters ?? [])
        args.push('--no-cache-filter', stage);
    const cache = request.cache;
    if (cache) {
        for (const from of cache.from)
            args.push('--cache-from', from);
        for (const to of cache.to)
            args.push('--cache-to', to);
        if (cache.inline)
            args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
        if (kind === 'buildah' && cache.insecure)
            args.push('--tls-verify=false');
    }
    for (const from of request.userCache?.from ?? [])
        args.push('--cache-from', from);
    for (const to of request.userCache?.to ?? [])
        args.push('--cache-to', to);
    args.push(request.context);
    return { args, env: kind === 'buildah' ? {} : { DOCKER_BUILDKIT: kind === 'legacy' ? '0' : '1' } };
}
/**
 * `call: check`: buildx's build checks on the Dockerfile as this build would read it (its build args,
 * target, platforms and named contexts), with BuildKit's lint result as JSON on standard output. No
 * image is built, so no tags, labels, secrets or cache.
 */
function checkCommand(request) {
    const args = [
        'buildx',
        'build',
        '--call',
        'check,format=json',
        '--progress',
        'plain',
        '--file',
        request.file,
    ];
    for (const arg of request.buildArgs)
        args.push('--build-arg', arg);
    if (request.target)
        args.push('--target', request.target);
    if (request.platforms?.length)
        args.push('--platform', request.platforms.join(','));
    for (const context of request.buildContexts ?? [])
        args.push('--build-context', context);
    args.push(request.context);
    return args;
}
/**
 * Image IDs the legacy builder may have created, read from its log: each step ends with
 * ` ---> <id>`. Not this build's: the image a `FROM` step names, and a step answered from the cache,
 * which prints ` ---> Using cache` first. A `RUN` step can print such a line too, so these are only
 * candidates: `createdDuring` keeps those the engine's own records say were made by this build.
 */
function legacyCreatedImages(log) {
    const created = [];
    let notOurs = false;
    for (const line of log) {
        const text = line.trim();
        if (/^Step \d+\/\d+ : /.test(text)) {
            notOurs = /^Step \d+\/\d+ : FROM\s/i.test(text);
        }
        else if (text === '---> Using cache') {
            notOurs = true;
        }
        else {
            const id = /^---> ([a-f0-9]{12})$/.exec(text)?.[1];
            if (id && !notOurs)
                created.push(id);
        }
    }
    return created;
}
/**
 * The candidates the engine says were created while the build ran (`Created` no earlier than its
 * start): an ID a build step printed for an image that already existed (someone else's, a base) is
 * never taken for this build's.
 */
function createdDuring(images, candidates, startedMs) {
    const made = images.filter((image) => {
        const created = Date.parse(image.Created);
        // One clock on one host: an image this build made was committed after the build started. A
        // remote daemon with a clock behind makes this drop the build's own intermediates (left for
        // the dangling policies), never take someone else's.
        return Number.isFinite(created) && created >= startedMs;
    });
    return candidates.filter((id) => made.some((image) => image.Id.replace(/^sha256:/, '').startsWith(id)));
}
/** The builder's last lines, where both BuildKit and the legacy builder say what went wrong. */
function buildErrorSummary(log, count = 15) {
    return log
        .map((line) => line.trimEnd())
        .filter(Boolean)
        .slice(-count)
        .join('\n');
}
/**
 * One `LABEL "k"="v" …` instruction for every label, for the legacy builder, which turns each
 * `--label` into a step of its own (eleven labels, eleven steps: 1.6 s on a cached build).
 * `undefined` where one instruction cannot say it exactly: a value with a line break, or a
 * Dockerfile that changes its escape character.
 */
function legacyLabelInstruction(labels, dockerfile) {
    const entries = Object.entries(labels);
    if (entries.length === 0)
        return undefined;
    if (/^#\s*escape\s*=/im.test(dockerfile.split('\n').slice(0, 5).join('\n')))
        return undefined;
    if (entries.some(([key, value]) => /[\r\n]/.test(key + value)))
        return undefined;
    // Inside double quotes a backslash escapes `"`, `\` and `$` (which would expand a variable).
    const quote = (text) => `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
    return `LABEL ${entries.map(([key, value]) => `${quote(key)}=${quote(value)}`).join(' ')}`;
}
/**
 * `buildx build --push` for every platform at once, with the arguments of the per-platform `--load`
 * builds (so BuildKit answers every step from their cache), BuildKit writing the index, the
 * attestations and the annotations.
 */
function buildxPushCommand(request, options) {
    const { args, env } = buildCommand('buildx', request);
    const load = args.indexOf('--load');
    args.splice(load, 1, '--push', '--metadata-file', options.metadataFile);
    const context = args.pop();
    const provenance = options.provenance;
    args.push(`--provenance=${provenance === false
        ? 'false'
        : [
            `mode=${provenance?.mode ?? 'min'}`,
            ...(provenance?.attributes ?? []).map(([k, v]) => `${k}=${v}`),
        ].join(',')}`, `--sbom=${options.sbom}`);
    for (const annotation of options.annotations) {
        const levels = annotation.levels.length > 0 ? `${annotation.levels.join(',')}:` : '';
        args.push('--annotation', `${levels}${annotation.key}=${annotation.value}`);
    }
    args.push(context);
    return { args, env };
}
/** `containerimage.digest` of buildx's `--metadata-file`: the pushed index's (or image's) digest. */
function metadataDigest(text) {
    try {
        const digest = JSON.parse(text)['containerimage.digest'];
        return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : '';
    }
    catch {
        return '';
    }
}

// EXTERNAL MODULE: ./src/engine/clients.ts
var engine_clients = __webpack_require__(7230);
;// CONCATENATED MODULE: ./src/builder/checks.ts

/** The first JSON object of buildx's standard output (it prints nothing else there with format=json). */
function parseCheckResult(stdout) {
    const start = stdout.indexOf('{');
    if (start < 0)
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(stdout.slice(start));
    }
    catch {
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.warnings ?? []))
        return undefined;
    const sources = parsed.sources ?? [];
    const place = (location) => {
        const index = location?.sourceIndex ?? 0;
        if (!location || index < 0)
            return {};
        const ranges = location.ranges ?? [];
        const lines = ranges.flatMap((range) => [range.start?.line, range.end?.line]).filter(isLine);
        return {
            file: sources[index]?.filename || undefined,
            startLine: lines.length > 0 ? Math.min(...lines) : undefined,
            endLine: lines.length > 0 ? Math.max(...lines) : undefined,
        };
    };
    const warnings = (parsed.warnings ?? []).map((warning) => ({
        rule: warning.ruleName || 'check',
        message: [warning.description, warning.detail].filter(Boolean).join(': ') || (warning.ruleName ?? ''),
        url: warning.url || undefined,
        ...place(warning.location),
    }));
    const error = parsed.buildError
        ? { rule: 'buildError', message: parsed.buildError.message ?? '', ...place(parsed.buildError.location) }
        : undefined;
    return { warnings, ...(error ? { error } : {}) };
}
const isLine = (line) => typeof line === 'number' && line > 0;
/** A finding as a GitHub annotation on the Dockerfile line: the file relative to the workspace. */
function checkAnnotation(finding, dockerfile, workspace) {
    // BuildKit names the Dockerfile as the build was given it (often just its base name).
    const named = finding.file;
    const path = !named || named === (0,external_node_path_.basename)(dockerfile) || (0,external_node_path_.resolve)(workspace, named) === dockerfile
        ? dockerfile
        : (0,external_node_path_.isAbsolute)(named)
            ? named
            : (0,external_node_path_.resolve)(workspace, named);
    const inWorkspace = !(0,external_node_path_.relative)(workspace, path).startsWith('..');
    return {
        title: finding.rule,
        message: `${finding.message}${finding.url ? ` (${finding.url})` : ''}`,
        ...(inWorkspace ? { file: (0,external_node_path_.relative)(workspace, path) } : {}),
        ...(finding.startLine ? { startLine: finding.startLine, endLine: finding.endLine } : {}),
    };
}
/** Whether a buildx version has build checks (`--call check`, 0.15.0 on); an unknown version may. */
function buildxHasChecks(version) {
    const match = /^(\d+)\.(\d+)\./.exec(version);
    if (!match)
        return true;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    return major > 0 || minor >= 15;
}

;// CONCATENATED MODULE: ./src/builder/builder.ts
class BuilderUnavailableError extends Error {
}
/** Docker 23 made the CLI hand BuildKit builds to buildx; older clients speak BuildKit themselves. */
const FIRST_CLIENT_WITHOUT_BUILTIN_BUILDKIT = 23;
/** BuildKit became part of the engine in 18.09. */
const FIRST_ENGINE_WITH_BUILDKIT = [18, 9];
/**
 * Picks the builder from what the machine has: buildx when a client has it (GitHub-hosted
 * runners), else a client that can drive the engine's built-in BuildKit (Debian's docker.io beside
 * a newer client without buildx), else the legacy builder. `DOCKER_BUILDKIT=0` asks for the legacy
 * builder, as it does for `docker build`.
 */
function chooseBuilder(clients, server, env, request = { requested: 'auto', buildahVersion: '' }) {
    if (request.requested === 'buildah') {
        if (!request.buildahVersion) {
            throw new BuilderUnavailableError("Input 'builder' has value 'buildah': buildah is not installed. Install it (apt-get install buildah) or use 'auto'.");
        }
        return {
            kind: 'buildah',
            client: 'buildah',
            reason: `builder: buildah (buildah ${request.buildahVersion})`,
        };
    }
    const first = clients[0];
    if (!first)
        throw new BuilderUnavailableError('No docker client found on PATH. Install Docker (the docker CLI) on the runner.');
    const withBuildx = clients.find((client) => client.hasBuildx);
    if (request.requested === 'buildx') {
        if (!withBuildx) {
            throw new BuilderUnavailableError("Input 'builder' has value 'buildx': no docker client on PATH has the buildx plugin. Install buildx, or use 'auto' or 'docker'.");
        }
        return { kind: 'buildx', client: withBuildx.path, reason: `builder: buildx (${withBuildx.path})` };
    }
    if (env.DOCKER_BUILDKIT === '0') {
        return { kind: 'legacy', client: first.path, reason: 'DOCKER_BUILDKIT=0 asks for the legacy builder' };
    }
    if (withBuildx && request.requested === 'auto') {
        return { kind: 'buildx', client: withBuildx.path, reason: `${withBuildx.path} has the buildx plugin` };
    }
    const engineHasBuildkit = server.os !== 'windows' && atLeast(server.version, FIRST_ENGINE_WITH_BUILDKIT);
    const builtin = clients.find((client) => {
        const major = Number(client.version.split('.')[0]);
        return Number.isFinite(major) && major > 0 && major < FIRST_CLIENT_WITHOUT_BUILTIN_BUILDKIT;
    });
    if (engineHasBuildkit && builtin) {
        return {
            kind: 'buildkit',
            client: builtin.path,
            reason: `${withBuildx ? 'builder: docker' : 'no buildx'}; ${builtin.path} (client ${builtin.version}) drives the engine's built-in BuildKit (engine ${server.version})`,
        };
    }
    if (engineHasBuildkit && withBuildx) {
        // `builder: docker` on a machine whose only BuildKit route is buildx: buildx's docker driver is the engine's BuildKit.
        return {
            kind: 'buildx',
            client: withBuildx.path,
            reason: `the engine's BuildKit through ${withBuildx.path} buildx`,
        };
    }
    const why = !engineHasBuildkit
        ? `the engine (${server.os} ${server.version}) has no BuildKit`
        : `no client has buildx and every client (${clients.map((c) => c.version || '?').join(', ')}) needs it for BuildKit`;
    return { kind: 'legacy', client: first.path, reason: `${why}; using the legacy builder` };
}
function atLeast(version, minimum) {
    const parts = version.split(/[.+-]/).map(Number);
    for (let i = 0; i < minimum.length; i++) {
        const part = parts[i] ?? 0;
        if (!Number.isFinite(part))
            return false;
        if (part !== minimum[i])
            return part > minimum[i];
    }
    return true;
}

;// CONCATENATED MODULE: ./src/builder/build.ts







class BuildError extends Error {
    createdImages;
    constructor(message, createdImages) {
        super(message);
        this.createdImages = createdImages;
    }
}
async function detectBuilder(server, requested, buildah, 
/** The docker clients on PATH, when the step started probing them earlier (`probeDockerClients`). */
probed = (0,engine_clients/* probeDockerClients */.Lc)()) {
    const [clients, buildahVersion] = await Promise.all([
        probed,
        requested === 'buildah' ? buildah.version() : Promise.resolve(''),
    ]);
    return chooseBuilder(clients, server, process.env, { requested, buildahVersion });
}
/** Runs one build, streaming its log into a collapsible group of the job log. */
async function buildImage(programs, input, tempDir, title = 'Build') {
    const { builder } = programs;
    const stamp = `${process.pid}-${Date.now()}`;
    const iidFile = (0,external_node_path_.join)(tempDir, `iid-${stamp}`);
    const written = await writeSecretFiles(input.secrets ?? [], tempDir, stamp);
    const secretFiles = [...written, ...(input.givenSecretFiles ?? [])];
    const labelled = builder.kind === 'legacy' ? await labelInDockerfile(input, tempDir, stamp) : {};
    const { args, env } = buildCommand(builder.kind, { ...input, ...labelled, iidFile, secretFiles });
    const started = Date.now();
    let run;
    try {
        run = await programs.log.group(`${title} with ${builder.kind} (${builder.client})`, () => runBuild(programs, args, { env, cwd: input.context }));
    }
    finally {
        await Promise.all(written.map(({ path }) => (0,promises_.rm)(path, { force: true })));
        if (labelled.file)
            await (0,promises_.rm)(labelled.file, { force: true });
    }
    const { result, log } = run;
    const candidates = builder.kind === 'legacy' ? legacyCreatedImages(log) : [];
    const createdImages = candidates.length > 0
        ? createdDuring(await programs.docker.inspectImages(candidates), candidates, started)
        : [];
    if (result.exitCode !== 0) {
        throw new BuildError(`The build failed (exit code ${result.exitCode}):\n${buildErrorSummary(log)}`, createdImages);
    }
    const builtId = (await (0,promises_.readFile)(iidFile, 'utf8')).trim();
    await (0,promises_.rm)(iidFile, { force: true });
    const durationMs = () => Date.now() - started;
    if (builder.kind !== 'buildah') {
        const created = [...createdImages, builtId];
        return {
            imageId: builtId,
            builder,
            createdImages: created,
            buildahImages: [],
            durationMs: durationMs(),
            log,
        };
    }
    const imageId = await copyToDocker(programs, builtId, input.references);
    return {
        imageId,
        builder,
        createdImages: [imageId],
        buildahImages: [builtId],
        durationMs: durationMs(),
        log,
    };
}
/**
 * `call: check`: buildx's build checks, streamed into a collapsible group of the job log. `result` is
 * undefined when buildx printed no lint result (it failed before checking).
 */
async function checkBuild(programs, input) {
    const args = checkCommand(input);
    const { result, log } = await programs.log.group(`Build checks with buildx (${programs.builder.client})`, () => runBuild(programs, args, { env: {}, cwd: input.context }));
    return { result: parseCheckResult(result.stdout), exitCode: result.exitCode, log };
}
/**
 * The legacy builder: the labels as one `LABEL` instruction at the end of a copy of the Dockerfile
 * (one step instead of one per label). Not with `target` (the last stage may not be the one built),
 * nor where one instruction cannot hold them: then `--label` as usual.
 */
async function labelInDockerfile(input, tempDir, stamp) {
    if (input.target || Object.keys(input.labels).length === 0)
        return {};
    const dockerfile = await (0,promises_.readFile)(input.file, 'utf8').catch(() => undefined);
    const instruction = dockerfile === undefined ? undefined : legacyLabelInstruction(input.labels, dockerfile);
    if (dockerfile === undefined || !instruction)
        return {};
    const file = (0,external_node_path_.join)(tempDir, `Dockerfile-${stamp}`);
    await (0,promises_.writeFile)(file, `${dockerfile}\n${instruction}\n`);
    return { file, labels: {} };
}
/** Secrets reach the builder as files only this user can read, removed right after the build. */
function writeSecretFiles(secrets, tempDir, stamp) {
    return Promise.all(secrets.map(async ({ id, value }) => {
        const path = (0,external_node_path_.join)(tempDir, `secret-${stamp}-${id}`);
        await (0,promises_.writeFile)(path, value, { mode: 0o600 });
        return { id, path };
    }));
}
/** The builder's output goes to the job log with workflow commands switched off, and is kept. */
async function runBuild(programs, args, options) {
    const log = [];
    const passthrough = (0,exec/* createLogPassthrough */.Ld)();
    passthrough.start();
    try {
        const onLine = (line) => {
            log.push(line);
            passthrough.line(line);
        };
        const program = programs.builder.kind === 'buildah' ? programs.buildah : programs.client;
        return { result: await program.build(args, { ...options, onLine }), log };
    }
    finally {
        passthrough.stop();
    }
}
/** Tests run on the Docker engine: hand buildah's image to it under every reference. */
async function copyToDocker(programs, buildahImage, references) {
    const { docker, buildah } = programs;
    const [first, ...others] = references;
    const pushed = await buildah.pushToDocker(buildahImage, first);
    if (pushed.exitCode !== 0) {
        throw new BuildError(`Copying the image from buildah to the Docker engine failed: ${pushed.stderr.trim()}`, []);
    }
    for (const reference of others)
        await docker.tag(first, reference);
    const [image] = await docker.inspectImages([first]);
    if (!image)
        throw new BuildError(`The Docker engine does not have ${first} after buildah handed it over.`, []);
    return image.Id;
}

;// CONCATENATED MODULE: ./src/builder/stage.ts








/**
 * `call: check`: buildx's build checks instead of a build (build-push-action's `call: check`). Each
 * finding comes back as an annotation on its Dockerfile line; nothing is built, tagged or cached.
 */
async function checkStage(settings, programs, context) {
    if (context.buildxVersion && !buildxHasChecks(context.buildxVersion)) {
        throw new InputError('call', 'check', `buildx ${context.buildxVersion} (${programs.builder.client}) has no build checks; buildx 0.15 or later has. Install a newer one (docker/setup-buildx-action installs the latest), or leave 'call' at 'build'.`);
    }
    const checked = await checkBuild(programs, settings);
    if (!checked.result) {
        throw new Error(`buildx's build checks gave no result (exit code ${checked.exitCode}):\n${checked.log.slice(-10).join('\n')}`);
    }
    const annotate = (finding) => checkAnnotation(finding, settings.file, context.workspace);
    const { warnings, error } = checked.result;
    return { warnings: warnings.map(annotate), ...(error ? { error: annotate(error) } : {}) };
}
async function buildStage(settings, context) {
    const { docker } = context.programs;
    // Tags this build moves leave their old images dangling: those are this run's doing.
    const previous = await docker.inspectImages(settings.references);
    const replaced = (imageId) => previous.map((image) => image.Id).filter((id) => id !== imageId);
    if (settings.platforms.length <= 1) {
        const [platform] = settings.platforms;
        let build = await buildImage(context.programs, buildInput(settings, context), context.workDir);
        let madeFor = platform ? await platformMade(docker, build.imageId, platform) : undefined;
        if (madeFor && context.programs.builder.kind === 'legacy' && !settings.pull) {
            // The legacy builder takes a base already in the engine whatever its platform (a multi-platform
            // run leaves the last platform's there): build again with the base pulled for this platform.
            const created = build.createdImages;
            build = await buildImage(context.programs, { ...buildInput(settings, context), pull: true }, context.workDir);
            build = { ...build, createdImages: [...created, ...build.createdImages] };
            madeFor = await platformMade(docker, build.imageId, platform);
        }
        if (madeFor)
            throw new BuildError(wrongPlatform(context, platform, madeFor), build.createdImages);
        return { ...build, replacedImages: replaced(build.imageId), platforms: [] };
    }
    const started = Date.now();
    const platforms = [];
    const createdImages = [];
    const buildahImages = [];
    const log = [];
    let last;
    for (const platform of settings.platforms) {
        const reference = platformReference(context.runId ?? String(process.pid), platform);
        try {
            last = await buildImage(context.programs, {
                ...buildInput(settings, context),
                references: [reference],
                platforms: [platform],
                cache: context.cacheFor?.(platform) ?? context.cache,
                pull: pullsPlatformBase(settings.pull, context),
            }, context.workDir, `Build ${platform}`);
        }
        catch (error) {
            // The platforms built so far go with their temporary names.
            if (platforms.length > 0)
                await docker.removeImages(platforms.map((image) => image.reference));
            if (error instanceof BuildError) {
                throw new BuildError(`${platform}: ${error.message}`, [...createdImages, ...error.createdImages]);
            }
            throw error;
        }
        createdImages.push(...last.createdImages);
        buildahImages.push(...last.buildahImages);
        platforms.push({ platform, imageId: last.imageId, reference, buildahImage: last.buildahImages[0] });
        const madeFor = await platformMade(docker, last.imageId, platform);
        if (madeFor) {
            await docker.removeImages(platforms.map((image) => image.reference));
            throw new BuildError(`${platform}: ${wrongPlatform(context, platform, madeFor)}`, createdImages);
        }
        log.push(...last.log);
    }
    const local = localPlatformImage(platforms, context.hostArch ?? '');
    for (const reference of settings.references)
        await docker.tag(local.imageId, reference);
    return {
        imageId: local.imageId,
        builder: last.builder,
        createdImages,
        buildahImages,
        durationMs: Date.now() - started,
        log,
        replacedImages: replaced(local.imageId),
        platforms,
    };
}
/**
 * One platform's build of several: the legacy builder takes a base image already in the engine
 * whatever its platform (the engine keeps one platform per tag), so each platform's build, and
 * each cache rebuild for it, pulls its own.
 */
function pullsPlatformBase(pull, context) {
    return Boolean(pull) || context.programs.builder.kind === 'legacy';
}
/** The image's `os/arch` when it is not of `platform` (variants aside); undefined when it is, or unknown. */
async function platformMade(docker, imageId, platform) {
    const [made] = await docker.inspectImages([imageId]);
    const madeFor = made ? `${made.Os ?? ''}/${made.Architecture ?? ''}` : '';
    return made && madeFor !== platform.split('/').slice(0, 2).join('/') ? madeFor : undefined;
}
function wrongPlatform(context, platform, madeFor) {
    return `the ${context.programs.builder.kind} builder made a ${madeFor} image for platform ${platform} (its base image is not of that platform?). Give a base image with every platform of 'platforms' (an image index), or use BuildKit.`;
}
/**
 * buildx with a builder that can push: one `buildx build --push` of every platform with the same
 * arguments as the per-platform builds (answered from their cache), BuildKit writing the index, the
 * attestations and the annotations. Returns the digest buildx's metadata file gives.
 */
function buildxPusher(settings, context) {
    return async (dir) => {
        const stamp = `${process.pid}-${Date.now()}`;
        const metadataFile = (0,external_node_path_.join)(dir, `metadata-${stamp}.json`);
        const request = {
            ...buildInput(settings, context),
            iidFile: (0,external_node_path_.join)(dir, `iid-push-${stamp}`),
            secretFiles: [],
        };
        const { args, env } = buildxPushCommand(request, {
            metadataFile,
            provenance: settings.provenance,
            sbom: settings.sbom,
            annotations: settings.annotations,
        });
        const { client, log } = context.programs;
        const result = await log.group(`Push ${settings.platforms.join(', ')} with buildx`, () => (0,exec/* withGuardedOutput */.G$)((text) => log.info(text.replace(/\n$/, '')), (line) => client.build(args, { env, cwd: settings.context, onLine: line })));
        if (result.exitCode !== 0) {
            throw new Error(`buildx build --push failed (exit code ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
        }
        const digest = metadataDigest(await (0,promises_.readFile)(metadataFile, 'utf8').catch(() => ''));
        await (0,promises_.rm)(metadataFile, { force: true });
        if (!digest)
            throw new Error('buildx build --push wrote no containerimage.digest in its metadata file.');
        return digest;
    };
}
/** The run-scoped temporary name of one platform's image: `shipshape-<run>/linux-arm64-v8:build`. */
function platformReference(runId, platform) {
    const id = runId
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'run';
    return `shipshape-${id}/${platform.replace(/[^a-z0-9]+/g, '-')}:build`;
}
/** The image a later step of the job runs by the run's tags: the host's own platform's, else the first. */
function localPlatformImage(platforms, hostArch) {
    const platform = hostPlatform(platforms.map((image) => image.platform), hostArch);
    return platforms.find((image) => image.platform === platform) ?? platforms[0];
}
/**
 * A cache image is built again, with or without the imported cache (see cache/plan.ts): the same
 * build, another target and tag. Each rebuild's created images are added to `created`.
 */
function cacheRebuilder(settings, context, created) {
    const input = buildInput(settings, context);
    return async (stage, reference, importCache, platform) => {
        // Several platforms: the platform's own build, with its own cache plan.
        const cache = platform?.cache ?? context.cache;
        const again = await buildImage(context.programs, {
            ...input,
            ...(platform ? { platforms: [platform.name], pull: pullsPlatformBase(input.pull, context) } : {}),
            target: stage ?? input.target,
            references: [reference],
            cache: importCache ? cache : { ...cache, from: [] },
        }, context.workDir, `Cache image ${reference}${importCache ? '' : ' (local cache only)'}`);
        created.push(...again.createdImages);
    };
}
function buildInput(settings, context) {
    return {
        context: settings.context,
        file: settings.file,
        references: settings.references,
        buildArgs: settings.buildArgs,
        // Ownership labels last: no label of the user's can take their names (they are refused anyway).
        labels: { ...settings.labels, ...context.ownershipLabels },
        target: settings.target,
        platforms: settings.platforms,
        pull: settings.pull,
        noCache: settings.noCache,
        secrets: settings.secrets,
        givenSecretFiles: settings.secretFiles,
        addHosts: settings.addHosts,
        shmSize: settings.shmSize,
        ulimits: settings.ulimits,
        network: settings.network,
        ssh: settings.ssh,
        buildContexts: settings.buildContexts,
        noCacheFilters: settings.noCacheFilters,
        userCache: { from: settings.cacheFrom, to: settings.cacheTo },
        cache: context.cache,
    };
}
/** Inputs the chosen builder cannot honour fail before the build, naming the input. */
function checkBuilderSupports(settings, builder) {
    const buildxOnly = [
        ['no-cache-filters', settings.noCacheFilters],
        ['cache-from', settings.cacheFrom],
        ['cache-to', settings.cacheTo],
    ];
    if (settings.call === 'check' && builder.kind !== 'buildx') {
        throw new InputError('call', 'check', `build checks are buildx's (0.15 or later, with the Dockerfile frontend 1.8); this build uses the ${builder.kind} builder (${builder.reason}), which has none. Set up buildx (docker/setup-buildx-action), or leave 'call' at 'build'.`);
    }
    for (const [input, values] of builder.kind === 'buildx' ? [] : buildxOnly) {
        if (values.length === 0)
            continue;
        throw new InputError(input, values.join(', '), `only buildx takes it (this build uses the ${builder.kind} builder: ${builder.reason}). Set up buildx (docker/setup-buildx-action), or use 'cache' for the layer cache.`);
    }
    if ((builder.kind === 'buildkit' || builder.kind === 'legacy') && settings.buildContexts.length > 0) {
        throw new InputError('build-contexts', settings.buildContexts.join(', '), `the ${builder.kind === 'legacy' ? 'legacy builder' : "engine's built-in BuildKit"} has no extra build contexts (${builder.reason}). Use buildx (docker/setup-buildx-action) or 'builder: buildah'.`);
    }
    if (builder.kind === 'legacy' && settings.ssh.length > 0) {
        throw new InputError('ssh', settings.ssh.join(', '), `the legacy builder cannot forward SSH agents (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`);
    }
    if (builder.kind === 'buildah' && settings.network === 'none' && settings.addHosts.length > 0) {
        throw new InputError('add-hosts', settings.addHosts.join(', '), "buildah makes no /etc/hosts for a build without network ('network: none'), so these entries would be lost. Leave 'network' at its default, or build with BuildKit (buildx, or the engine's) or the legacy builder.");
    }
    if (builder.kind === 'buildkit') {
        // The engine's built-in BuildKit (Docker 20.10) takes these flags and ignores them: a build
        // that asked for a bigger /dev/shm or more open files would run without them, silently.
        const ignored = [
            settings.shmSize ? ['shm-size', settings.shmSize] : undefined,
            settings.ulimits.length > 0 ? ['ulimit', settings.ulimits.join(', ')] : undefined,
        ].find((item) => item !== undefined);
        if (ignored) {
            throw new InputError(ignored[0], ignored[1], `the engine's built-in BuildKit ignores it (${builder.reason}). Use buildx (docker/setup-buildx-action), 'builder: buildah', or the legacy builder (DOCKER_BUILDKIT=0 in the step's env), which honour it.`);
        }
    }
    if (settings.secrets.length + settings.secretFiles.length > 0 && builder.kind === 'legacy') {
        throw new InputError(settings.secrets.length > 0 ? 'secrets' : 'secret-files', [...settings.secrets, ...settings.secretFiles].map((secret) => secret.id).join(', '), `the legacy builder has no build secrets (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`);
    }
    if (builder.kind !== 'buildx') {
        const attestations = [
            settings.provenance ? ['provenance', provenanceText(settings.provenance)] : undefined,
            settings.sbom ? ['sbom', 'true'] : undefined,
        ].filter((item) => item !== undefined);
        for (const [input, value] of attestations) {
            throw new InputError(input, value, `the ${builder.kind} builder makes no attestations (${builder.reason}); only buildx with a builder that can push (docker/setup-buildx-action's docker-container driver, remote or kubernetes) makes them. Set up buildx, or set '${input}: false'.`);
        }
        const manifestLevel = settings.annotations.filter((a) => a.levels.length === 0 || a.levels.includes('manifest') || a.levels.includes('manifest-descriptor'));
        if (manifestLevel.length > 0) {
            throw new InputError('annotations', manifestLevel.map((a) => `${a.levels.join(',') || 'manifest'}:${a.key}`).join(', '), `the ${builder.kind} builder writes no manifest annotations; only buildx does. Give 'index:' (or 'index-descriptor:') annotations, which Shipshape writes on the image index of several platforms, or set up buildx.`);
        }
    }
    if (settings.annotations.length > 0 && settings.platforms.length <= 1 && builder.kind !== 'buildx') {
        throw new InputError('annotations', settings.annotations.map((a) => `${a.levels.join(',')}:${a.key}`).join(', '), "index annotations go on the image index of several platforms; with one platform there is none. Give several 'platforms', or set up buildx.");
    }
}
function provenanceText(provenance) {
    return [`mode=${provenance.mode}`, ...provenance.attributes.map(([k, v]) => `${k}=${v}`)].join(',');
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/engine/registry-server.ts





const REGISTRY_BINARIES = ['docker-registry', 'registry'];
const CONTAINER_STORAGE = '/var/lib/registry';
function findRegistryBinary(path = process.env.PATH ?? '') {
    for (const dir of path.split(external_node_path_.delimiter)) {
        for (const name of REGISTRY_BINARIES) {
            const candidate = (0,external_node_path_.join)(dir, name);
            try {
                (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
                return candidate;
            }
            catch {
                // keep looking
            }
        }
    }
    return undefined;
}
function registryImage(env = process.env) {
    return env.SHIPSHAPE_REGISTRY_IMAGE || 'registry:2';
}
/** The registry binary to run, or undefined to run the registry image (`SHIPSHAPE_LOCAL_REGISTRY=container` forces it). */
function registryBinary() {
    return process.env.SHIPSHAPE_LOCAL_REGISTRY === 'container' ? undefined : findRegistryBinary();
}
/** Distribution's configuration for a registry serving `storage` on `addr`. */
function registryConfig(storage, addr) {
    return [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${JSON.stringify(storage)}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: ${addr}`,
        '',
    ].join('\n');
}
async function startLocalRegistry(storage, workDir, docker, labels) {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const binary = registryBinary();
    let server;
    let container = '';
    if (binary) {
        const config = (0,external_node_path_.join)(workDir, `registry-${port}.yml`);
        await (0,promises_.writeFile)(config, registryConfig(storage, host));
        server = (0,exec/* startBackground */.rC)(binary, ['serve', config]);
    }
    else {
        const result = await docker.startContainer({
            image: registryImage(),
            name: '',
            network: 'bridge',
            removeWhenDone: true,
            publish: [`${host}:5000`],
            user: thisUser(),
            volumes: [`${storage}:${CONTAINER_STORAGE}`],
            env: { REGISTRY_STORAGE_DELETE_ENABLED: 'true' },
            labels,
        });
        if (result.exitCode !== 0)
            throw new Error(`could not start a ${registryImage()} container: ${result.stderr.trim()}`);
        container = result.stdout.trim();
    }
    const stop = async () => {
        if (server)
            await server.stop();
        if (container)
            await docker.removeContainers([container]);
    };
    try {
        await waitUntilAnswers(`http://${host}/v2/`, 10_000, () => server?.exited() ?? false);
    }
    catch (error) {
        const output = server?.output().trim();
        await stop();
        throw new Error(`the local cache registry did not start: ${error.message}${output ? `: ${output}` : ''}`);
    }
    return { host, stop };
}
/** Deletes every blob no tag needs any more (the registry must be stopped). */
async function collectGarbage(storage, workDir, docker) {
    const binary = registryBinary();
    const result = binary
        ? await (async () => {
            const config = (0,external_node_path_.join)(workDir, 'registry-gc.yml');
            await (0,promises_.writeFile)(config, registryConfig(storage, '127.0.0.1:0'));
            return (0,exec/* execProgram */.SI)(binary, ['garbage-collect', '--delete-untagged', config]);
        })()
        : await docker.runContainer({
            image: registryImage(),
            name: '',
            network: 'none',
            removeWhenDone: true,
            user: thisUser(),
            volumes: [`${storage}:${CONTAINER_STORAGE}`],
            labels: {},
            command: ['garbage-collect', '--delete-untagged', '/etc/docker/registry/config.yml'],
        });
    if (result.exitCode !== 0)
        throw new Error(`registry garbage-collect failed: ${(result.stderr || result.stdout).trim()}`);
}
/** The registry container writes the storage as this user, so this user can prune, save and remove it. */
function thisUser() {
    return typeof process.getuid === 'function' ? `${process.getuid()}:${process.getgid?.() ?? 0}` : undefined;
}
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')));
        });
    });
}
async function waitUntilAnswers(url, timeoutMs, gaveUp) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        try {
            const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
            if (response.status === 200 || response.status === 401)
                return;
        }
        catch {
            // not up yet
        }
        if (gaveUp())
            throw new Error('the registry exited');
        if (Date.now() > deadline)
            throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

;// CONCATENATED MODULE: ./src/cache/buildah-tags.ts
/** Cache tags buildah pushed or pulled in this build (`repository:tag`, without the registry host). */
function buildahCacheTags(log) {
    const tags = new Set();
    for (const line of log) {
        const match = /^--> (?:Pushing cache|Cache pulled from remote)\s+\[?([^\s\]]+)/.exec(line.trim());
        if (!match)
            continue;
        const withoutHost = match[1].split('/').slice(1).join('/');
        if (withoutHost)
            tags.add(withoutHost);
    }
    return [...tags];
}

;// CONCATENATED MODULE: ./src/settings/paths.ts



/** The input that lets paths leave the workspace; off unless the user says so. */
const OUTSIDE_INPUT = 'allow-paths-outside-workspace';
/** Whether `path` is `root` or below it (both already real). */
function isInside(path, root) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
function real(path) {
    try {
        return (0,external_node_fs_.realpathSync)(path);
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
    const workspace = real(rules.workspace) ?? (0,external_node_path_.resolve)(rules.workspace);
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
        link = (0,external_node_fs_.lstatSync)(path).isSymbolicLink();
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
    let dir = (0,external_node_path_.dirname)(path);
    while (!real(dir) && (0,external_node_path_.dirname)(dir) !== dir)
        dir = (0,external_node_path_.dirname)(dir);
    const resolved = (0,external_node_path_.join)(real(dir) ?? dir, (0,external_node_path_.relative)(dir, (0,external_node_path_.dirname)(path)), (0,external_node_path_.basename)(path));
    const roots = [rules.workspace, rules.runnerTemp]
        .filter(Boolean)
        .map((root) => real(root) ?? (0,external_node_path_.resolve)(root));
    if (!roots.some((root) => isInside(resolved, root))) {
        throw outside(input, raw, resolved, `the workspace and RUNNER_TEMP (${roots.join(', ')})`);
    }
    return path;
}
/**
 * `cache-key-files` globs: each is read from the workspace, so none may be absolute or climb out
 * of it with `..` (`/**` would walk the whole machine).
 */
function workspaceGlobs(input, globs, rules) {
    if (rules.allowOutside)
        return globs;
    for (const glob of globs) {
        const pattern = glob.replace(/^!+/, '');
        const climbs = pattern.split(/[\\/]/).includes('..');
        if ((0,external_node_path_.isAbsolute)(pattern) || pattern.startsWith('~') || climbs) {
            throw new InputError(input, glob, `patterns are read from the workspace: give one relative to the repository root without '..', or set '${OUTSIDE_INPUT}: true' to allow it.`);
        }
    }
    return globs;
}

;// CONCATENATED MODULE: ./src/settings/cache.ts




const CACHE_WRITE_MODES = ['min', 'max'];
/**
 * The GitHub Actions cache service `@actions/cache` would talk to here, decided as it decides (its
 * `internal/config.ts`, `isFeatureAvailable`), without loading it: on GitHub Enterprise Server (a
 * `GITHUB_SERVER_URL` other than github.com, `*.ghe.com` or `*.localhost`) the legacy service at
 * `ACTIONS_CACHE_URL`; elsewhere the v2 service at `ACTIONS_RESULTS_URL` when
 * `ACTIONS_CACHE_SERVICE_V2` is set, else the legacy one. Either needs `ACTIONS_RUNTIME_TOKEN`.
 * `undefined` when there is none.
 */
function actionsCacheService(env) {
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
const CACHE_MODES = ['gha', 'registry', 'none'];
/** `cache`, `cache-ref`, `cache-key-files`; `gha` is the default where the cache service is available. */
function readCacheSettings(read, env, firstImage, build, rules) {
    const serviceAvailable = actionsCacheService(env) !== undefined;
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
const actionsCache = () => Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(312)]).then(__webpack_require__.bind(__webpack_require__, 9312));
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
            await (0,promises_.rm)(dir, { recursive: true, force: true });
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
        await (0,promises_.rm)(dir, { recursive: true, force: true });
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
        entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch {
        return 0;
    }
    for (const entry of entries) {
        const path = (0,external_node_path_.join)(dir, entry.name);
        if (entry.isDirectory())
            total += await directorySize(path);
        else if (entry.isFile())
            total += (await (0,promises_.stat)(path)).size;
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
    const list = async () => (root ? await (0,promises_.readdir)(root).catch(() => []) : []);
    const before = new Set(await list());
    return {
        removeNew: async () => {
            for (const name of await list()) {
                if (before.has(name) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name))
                    continue;
                await (0,promises_.rm)((0,external_node_path_.join)(root, name), { recursive: true, force: true }).catch(() => undefined);
            }
        },
    };
}
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/cache/keys.ts

const KEY_VERSION = 'v1';
/**
 * Keys of the GitHub Actions cache: `shipshape-v1-<builder>-<scope>-<branch>-<content>`. The content
 * part changes when the Dockerfile or any `cache-key-files` file changes, so a new entry is saved
 * then; restore keys fall back to the newest entry of the scope on this branch, then the default one.
 */
function cacheKeys(scope, branch, defaultBranch, contentHash) {
    const scopeText = [scope.image, scope.dockerfile, scope.target, [...scope.platforms].sort().join(',')].join('\n');
    const readable = scope.image
        .split('/')
        .pop()
        ?.replace(/[^a-z0-9._-]/g, '') ?? 'image';
    const scopeId = `${readable}-${sha256(scopeText).slice(0, 12)}`;
    const prefix = `shipshape-${KEY_VERSION}-${scope.builder}-${scopeId}-`;
    const branchPart = (name) => `${sanitizeBranch(name)}-`;
    const restoreKeys = [prefix + branchPart(branch)];
    if (defaultBranch && defaultBranch !== branch)
        restoreKeys.push(prefix + branchPart(defaultBranch));
    return { scopeId, primary: `${prefix}${branchPart(branch)}${contentHash.slice(0, 16)}`, restoreKeys };
}
/** Branch names keep their readable form; characters the key does not need become `_`. */
function sanitizeBranch(branch) {
    return (branch || 'unknown').replace(/[^A-Za-z0-9._/-]/g, '_');
}
/** The branch a run belongs to: the pull request's head branch, else the ref name. */
function currentBranch(env) {
    if (env.GITHUB_HEAD_REF)
        return env.GITHUB_HEAD_REF;
    const ref = env.GITHUB_REF ?? '';
    if (ref.startsWith('refs/heads/'))
        return ref.slice('refs/heads/'.length);
    return env.GITHUB_REF_NAME || ref || 'unknown';
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}

;// CONCATENATED MODULE: ./src/cache/plan.ts

const NO_CACHE = { pull: [], from: [], to: [], inline: false, insecure: false, exports: [] };
/**
 * How each builder reads and writes the cache. buildx's registry and local exporters keep every stage
 * (`mode=max`). The engine's BuildKit and the legacy builder have no cache exporter: the built image
 * (inline cache for BuildKit) and one image per intermediate stage are pushed as cache images, so
 * every stage stays cached. buildah pushes each layer to a cache repository itself.
 */
function planCache(kind, backend, stages, options) {
    const plan = planFullCache(kind, backend, options.cacheMode === 'min' ? [] : stages, options);
    if (options.write === false)
        return { ...plan, to: [], exports: [] };
    return plan;
}
function planFullCache(kind, backend, stages, options) {
    if (!backend)
        return NO_CACHE;
    const mode = options.cacheMode ?? 'max';
    const plan = { ...NO_CACHE, pull: [], from: [], to: [], exports: [] };
    if (backend.type === 'local') {
        if (options.importCache)
            plan.from.push(`type=local,src=${backend.src}`);
        plan.to.push(`type=local,dest=${backend.dest},mode=${mode}`);
        return plan;
    }
    const finalRef = `${backend.name}:${backend.tag}`;
    if (kind === 'buildah') {
        // buildah tags each cached layer by its cache key, so it gets a repository of its own.
        const repository = `${backend.name}-${backend.tag}`;
        if (options.importCache)
            plan.from.push(repository);
        plan.to.push(repository);
        plan.insecure = backend.insecure;
        return plan;
    }
    if (kind === 'buildx' && options.buildxDriver !== 'docker') {
        const insecure = backend.insecure ? ',registry.insecure=true' : '';
        if (options.importCache)
            plan.from.push(`type=registry,ref=${finalRef}${insecure}`);
        plan.to.push(`type=registry,ref=${finalRef},mode=${mode}${insecure}`);
        return plan;
    }
    // BuildKit's inline cache leaves out the steps it took from an imported cache, so an image built
    // with --cache-from makes a cache that misses on every second build (moby/buildkit#1981). The same
    // build run again from the local cache alone writes complete cache metadata. The final image's
    // layers are local after the build; a stage's may not be, so a stage is first built with the
    // imported cache (which fetches its layers, never re-running its steps). The legacy builder's
    // cache images carry their history and need none of this.
    const inline = kind !== 'legacy';
    const refs = [
        {
            ref: finalRef,
            stage: undefined,
            make: (inline ? 'local' : 'tag'),
        },
        ...stages.map((stage) => ({
            ref: `${backend.name}:${stageTag(backend.tag, stage)}`,
            stage,
            make: (inline ? 'import-then-local' : 'import'),
        })),
    ];
    if (options.importCache) {
        plan.from.push(...refs.map((r) => r.ref));
        if (kind === 'legacy')
            plan.pull.push(...refs.map((r) => r.ref));
    }
    plan.inline = inline;
    plan.exports = refs;
    return plan;
}
/**
 * Several platforms: each platform's layers go to a cache of its own, so a fresh runner rebuilds
 * none of them. The runner's own platform keeps the cache's name (the one a one-platform build of
 * the same image uses); another platform's ends in its platform: `buildcache-linux-arm64`.
 */
function platformBackend(backend, platform, primary) {
    if (primary)
        return backend;
    const suffix = platform.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (backend.type === 'local') {
        return { type: 'local', src: `${backend.src}-${suffix}`, dest: `${backend.dest}-${suffix}` };
    }
    return { ...backend, tag: `${backend.tag.slice(0, 128 - suffix.length - 1)}-${suffix}` };
}
/** `buildcache` + stage `deps` -> `buildcache-stage-deps`, always a valid tag. */
function stageTag(tag, stage) {
    const clean = stage.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
    return `${tag}-stage-${clean}`.slice(0, 128);
}
/**
 * The named stages a build goes through before its last one: `FROM … AS name` lines up to the target
 * (or the end). Unnamed intermediate stages are returned in `unnamed` (they cannot be targeted).
 */
function intermediateStages(dockerfile, target) {
    const stages = stagesOf(dockerfile).map((stage) => stage.name);
    const last = target ? stages.indexOf(target.toLowerCase()) : stages.length - 1;
    const before = stages.slice(0, last < 0 ? stages.length - 1 : last);
    return {
        named: before.filter((name) => Boolean(name)),
        unnamed: before.filter((name) => !name).length,
    };
}

;// CONCATENATED MODULE: ./src/cache/registry-store.ts



/** Where Distribution's filesystem driver keeps repositories below its root directory. */
const REPOSITORIES = (0,external_node_path_.join)('docker', 'registry', 'v2', 'repositories');
/**
 * Deletes every tag of the local cache registry's storage except `keep` (`name:tag`), so a garbage
 * collection afterwards leaves only what the latest build used: the saved cache cannot grow.
 * Returns the tags it deleted.
 */
async function pruneTags(storage, keep) {
    const deleted = [];
    for (const repository of await repositories((0,external_node_path_.join)(storage, REPOSITORIES))) {
        const tagsDir = (0,external_node_path_.join)(storage, REPOSITORIES, repository, '_manifests', 'tags');
        for (const tag of await registry_store_list(tagsDir)) {
            if (keep.has(`${repository}:${tag}`))
                continue;
            await (0,promises_.rm)((0,external_node_path_.join)(tagsDir, tag), { recursive: true, force: true });
            deleted.push(`${repository}:${tag}`);
        }
    }
    return deleted;
}
/** Repository names (`a/b/c`) below the repositories folder: folders holding `_manifests`. */
async function repositories(root, prefix = '') {
    const found = [];
    for (const name of await registry_store_list(root)) {
        if (name.startsWith('_'))
            continue;
        const path = (0,external_node_path_.join)(root, name);
        const children = await registry_store_list(path);
        if (children.includes('_manifests'))
            found.push(prefix + name);
        found.push(...(await repositories(path, `${prefix}${name}/`)));
    }
    return found;
}
async function registry_store_list(dir) {
    try {
        return (await (0,promises_.readdir)(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    }
    catch {
        return [];
    }
}
/**
 * What the local cache registry's storage holds, as one digest: every blob and every tag's link
 * (upload scratch space left out). Equal before and after a build: the cache did not change.
 */
async function storageFingerprint(storage) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const walk = async (dir, prefix) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            if (entry.name === '_uploads')
                continue;
            const path = (0,external_node_path_.join)(dir, entry.name);
            const name = `${prefix}/${entry.name}`;
            if (entry.isDirectory())
                await walk(path, name);
            else if (entry.name === 'link')
                hash.update(`${name}=${await (0,promises_.readFile)(path, 'utf8')}\n`);
            else
                hash.update(`${name}\n`);
        }
    };
    await walk(storage, '');
    return hash.digest('hex');
}
/**
 * The compressed size of every layer the local cache registry's storage holds, by diff ID: read
 * from each tag's manifest and configuration on disk (the registry's own exact figures). Anything
 * unreadable is skipped.
 */
async function storedLayerSizes(storage) {
    const sizes = new Map();
    const v2 = (0,external_node_path_.join)(storage, 'docker', 'registry', 'v2');
    const blob = (digest) => (0,promises_.readFile)((0,external_node_path_.join)(v2, 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7), 'data'), 'utf8');
    for (const repository of await repositories((0,external_node_path_.join)(storage, REPOSITORIES))) {
        const tagsDir = (0,external_node_path_.join)(storage, REPOSITORIES, repository, '_manifests', 'tags');
        for (const tag of await registry_store_list(tagsDir)) {
            try {
                const digest = (await (0,promises_.readFile)((0,external_node_path_.join)(tagsDir, tag, 'current', 'link'), 'utf8')).trim();
                if (!/^sha256:[0-9a-f]{64}$/.test(digest))
                    continue;
                const manifest = JSON.parse(await blob(digest));
                const configDigest = manifest.config?.digest ?? '';
                if (!/^sha256:[0-9a-f]{64}$/.test(configDigest))
                    continue;
                const config = JSON.parse(await blob(configDigest));
                const diffIds = config.rootfs?.diff_ids ?? [];
                const layers = manifest.layers ?? [];
                if (diffIds.length !== layers.length)
                    continue;
                diffIds.forEach((diffId, i) => sizes.set(diffId, layers[i].size));
            }
            catch {
                // not an image manifest, or not readable: no figures from it
            }
        }
    }
    return sizes;
}

;// CONCATENATED MODULE: ./src/cache/cache.ts









/** The repository and tag of the build cache inside the local registry that backs `cache: gha`. */
const GHA_REPOSITORY = 'cache';
const GHA_TAG = 'final';
/** The name the Actions cache knows the cache directory by, in every run (its path is the run's own). */
const CACHE_DIRECTORY = 'layer-cache';
/** Before the build: restore (gha), start the local cache registry, plan the builder's cache arguments. */
async function prepareCache(settings, context) {
    const none = noCache(context.builder);
    if (settings.mode === 'none')
        return none;
    if (settings.mode === 'gha' && !cacheServiceAvailable()) {
        context.log.warning("Input 'cache' is 'gha' but the GitHub Actions cache service is not available here (neither the v2 service, ACTIONS_CACHE_SERVICE_V2 with ACTIONS_RESULTS_URL, nor the legacy one of GitHub Enterprise Server, ACTIONS_CACHE_URL, each with ACTIONS_RUNTIME_TOKEN); building without a layer cache.");
        return none;
    }
    const { builder } = context;
    const dockerfile = await (0,promises_.readFile)(settings.dockerfile);
    const stages = intermediateStages(dockerfile.toString('utf8'), settings.target);
    if (stages.unnamed > 0 && (builder.kind === 'buildkit' || builder.kind === 'legacy')) {
        context.log.notice(`${stages.unnamed} stage(s) of ${(0,external_node_path_.relative)(context.workspace, settings.dockerfile)} have no name; with the ${builder.kind} builder only named stages (FROM … AS name) are cached.`);
    }
    if (builder.kind === 'buildah' && settings.cacheMode === 'min') {
        throw new InputError('cache-mode', 'min', "buildah caches every layer it builds, in every stage (its own 'max'). Use 'cache-mode: max' with buildah, or a BuildKit builder for 'min'.");
    }
    const buildxDriver = builder.kind === 'buildx' ? await context.builderDocker.buildxDriver() : undefined;
    const options = {
        buildxDriver,
        importCache: settings.importCache,
        stages: stages.named,
        write: settings.write,
        cacheMode: settings.cacheMode,
    };
    const prepared = settings.mode === 'registry'
        ? await registryCache(settings, context, options)
        : await ghaCache(settings, context, dockerfile, options);
    return settings.write ? prepared : { ...prepared, readOnly: true };
}
function noCache(builder) {
    return {
        mode: 'none',
        plan: planCache(builder.kind, undefined, [], { importCache: false }),
        platformPlans: new Map(),
        hit: 'false',
    };
}
/** Several platforms: a plan for each platform but the primary one, each with a cache of its own. */
async function otherPlatformPlans(context, backend, options, 
/** Whether a platform's own cache can be read (buildx's local cache: its directory exists). */
canImport = async () => options.importCache) {
    const plans = new Map();
    const { all = [], primary = '' } = context.platforms ?? {};
    for (const platform of all.filter((p) => p !== primary)) {
        const own = platformBackend(backend, platform, false);
        const importCache = await canImport(own);
        plans.set(platform, planCache(context.builder.kind, own, options.stages, { ...options, importCache }));
    }
    return plans;
}
/** Every plan of a prepared cache: the primary build's, then each other platform's. */
function allPlans(prepared) {
    return [prepared.plan, ...prepared.platformPlans.values()];
}
/** `cache: registry`: the user's cache image, pulled first where the builder needs that. */
async function registryCache(settings, context, options) {
    const at = settings.ref.lastIndexOf(':');
    const name = settings.ref.slice(0, at);
    const backend = {
        type: 'registry',
        name,
        tag: settings.ref.slice(at + 1),
        insecure: isLoopback(name),
    };
    const plan = planCache(context.builder.kind, backend, options.stages, options);
    const platformPlans = await otherPlatformPlans(context, backend, options);
    await pullCacheImages(context.docker, allPlans({ plan, platformPlans }).flatMap((p) => p.pull), context.log);
    return { mode: 'registry', plan, platformPlans, hit: 'false' };
}
/**
 * `cache: gha`: restore the directory from the Actions cache, then read it as buildx's local cache
 * (buildx container builders) or serve it from a local registry (every other builder).
 */
async function ghaCache(settings, context, dockerfile, options) {
    const { builder, log } = context;
    const scope = {
        ...settings,
        builder: builder.kind,
        dockerfile: (0,external_node_path_.relative)(context.workspace, settings.dockerfile),
    };
    const content = await contentHash(dockerfile, settings.keyFiles, context.workspace);
    const keys = cacheKeys(scope, currentBranch(process.env), context.defaultBranch, content);
    log.info(`Layer cache key: ${keys.primary} (restore keys: ${keys.restoreKeys.join(', ')})`);
    // A directory of this run's own: concurrent runs of one scope on a host never share it. The
    // Actions cache sees it by its name alone (`layer-cache`), the same in every run (gha.ts).
    let root;
    try {
        root = await (0,promises_.mkdtemp)((0,external_node_path_.join)(context.tempRoot, 'shipshape-cache-'));
    }
    catch (error) {
        log.warning(`Building without a layer cache: ${error.message}`);
        return noCache(builder);
    }
    context.track?.(root);
    const dir = (0,external_node_path_.join)(root, CACHE_DIRECTORY);
    await (0,promises_.mkdir)(dir, { recursive: true }).catch(() => undefined);
    const restored = options.importCache
        ? await restoreDirectory(dir, keys.primary, keys.restoreKeys, log)
        : { hit: 'false', elapsedMs: 0 };
    const store = {
        dir,
        root,
        key: keys.primary,
        budgetMs: CACHE_SERVICE_BUDGET_MS - restored.elapsedMs,
        serviceFailure: restored.failure,
    };
    if (builder.kind === 'buildx' && options.buildxDriver !== 'docker') {
        // buildx's local exporter writes a fresh directory, which then replaces the old one: bounded.
        const buildx = { src: (0,external_node_path_.join)(dir, 'buildx'), dest: (0,external_node_path_.join)(dir, 'buildx-new') };
        const importCache = options.importCache && (await exists(buildx.src));
        const backend = { type: 'local', ...buildx };
        const plan = planCache(builder.kind, backend, options.stages, { ...options, importCache });
        const platformPlans = await otherPlatformPlans(context, backend, options, async (own) => options.importCache && own.type === 'local' && (await exists(own.src)));
        const others = [...platformPlans.keys()].map((platform) => platformBackend(backend, platform, false));
        const dirs = [backend, ...others].flatMap((own) => own.type === 'local' ? [{ src: own.src, dest: own.dest }] : []);
        return { mode: 'gha', plan, platformPlans, hit: restored.hit, store: { ...store, buildx: dirs } };
    }
    let registry;
    try {
        await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'registry'), { recursive: true });
        registry = await startLocalRegistry((0,external_node_path_.join)(dir, 'registry'), context.workDir, context.docker, context.labels);
    }
    catch (error) {
        log.warning(`Building without a layer cache: ${error.message}`);
        await (0,promises_.rm)(root, { recursive: true, force: true }).catch(() => undefined);
        return noCache(builder);
    }
    const backend = {
        type: 'registry',
        name: `${registry.host}/${GHA_REPOSITORY}`,
        tag: GHA_TAG,
        insecure: true,
    };
    const plan = planCache(builder.kind, backend, options.stages, options);
    const platformPlans = await otherPlatformPlans(context, backend, options);
    await pullCacheImages(context.docker, allPlans({ plan, platformPlans }).flatMap((p) => p.pull), log);
    const fingerprint = restored.hit === 'false' ? undefined : await storageFingerprint((0,external_node_path_.join)(dir, 'registry'));
    return {
        mode: 'gha',
        plan,
        platformPlans,
        hit: restored.hit,
        store: { ...store, registry, restored: fingerprint },
    };
}
/**
 * After a successful build: write the cache images, then (gha) stop the local registry and keep only
 * what this build used, so the saved cache holds the latest build and nothing older.
 */
async function finishCache(prepared, built, rebuildForCache, context) {
    const { docker, workDir, log } = context;
    if (prepared.mode === 'none')
        return { size: 0 };
    const store = prepared.store;
    if (prepared.readOnly) {
        // `cache-write: false` (a pull request's build, say): what was read stays as it was.
        log.info("'cache-write' is false: the layer cache was read, and is not written.");
        const size = store ? await directorySize(store.dir) : 0;
        const layerSizes = store?.registry ? await storedLayerSizes((0,external_node_path_.join)(store.dir, 'registry')) : undefined;
        await abandonCache(prepared, docker);
        return { size, layerSizes };
    }
    if (store && prepared.hit === 'true') {
        // The entry under this exact key exists and keys are immutable: writing a new cache would be
        // thrown away, so skip the cache export and the save.
        const size = await directorySize(store.dir);
        const layerSizes = await storedLayerSizes((0,external_node_path_.join)(store.dir, 'registry'));
        await abandonCache(prepared, docker);
        return { size, layerSizes };
    }
    const written = new Set();
    // Several platforms: each platform's image goes to its own cache (the primary one's plan is `plan`).
    const primary = built.platforms.find((image) => image.imageId === built.imageId)?.platform;
    const targets = [
        { plan: prepared.plan, imageId: built.imageId, platform: primary },
        ...[...prepared.platformPlans].flatMap(([platform, plan]) => {
            const image = built.platforms.find((p) => p.platform === platform);
            return image ? [{ plan, imageId: image.imageId, platform }] : [];
        }),
    ];
    const exports = targets.flatMap((target) => target.plan.exports.map((item) => ({ ...item, target })));
    for (const { ref, stage, make, target } of exports) {
        // The final stage's cache image has the built image's layers: when the registry has them
        // already, neither the push nor the rebuild that makes it is needed.
        if (!stage && (await context.holdsImage?.(ref, target.imageId))) {
            log.info(`Layer cache ${ref} already has this image's layers: not written again.`);
            written.add(ref);
            continue;
        }
        const platform = target.platform ? { name: target.platform, cache: target.plan } : undefined;
        try {
            if (make === 'tag')
                await docker.tag(target.imageId, ref);
            if (make === 'import' || make === 'import-then-local')
                await rebuildForCache(stage, ref, true, platform);
            if (make === 'local' || make === 'import-then-local')
                await rebuildForCache(stage, ref, false, platform);
            if (stage && (await context.holdsImage?.(ref, ref))) {
                // The cache image there has these very layers: it serves the next build as well as this one.
                log.info(`Layer cache ${ref} already has this image's layers: not pushed again.`);
                written.add(ref);
                continue;
            }
            await docker.push(ref);
            written.add(ref);
        }
        catch (error) {
            log.warning(`The layer cache was not written to ${ref}: ${error.message}`);
        }
        finally {
            // The cache image's tag is not the user's image: leave the engine as it was.
            await docker.removeImages([ref]);
        }
    }
    if (!store)
        return { size: 0 };
    try {
        for (const { src, dest } of store.buildx ?? []) {
            // A platform whose export failed keeps the cache it had.
            if (!(await exists(dest)))
                continue;
            await (0,promises_.rm)(src, { recursive: true, force: true });
            await (0,promises_.rename)(dest, src);
        }
        if (store.registry) {
            await store.registry.stop();
            const keep = new Set([...written].map((ref) => ref.split('/').slice(1).join('/')));
            for (const tag of buildahCacheTags(built.log))
                keep.add(tag);
            const deleted = await pruneTags((0,external_node_path_.join)(store.dir, 'registry'), keep);
            if (deleted.length > 0)
                log.info(`Dropped ${deleted.length} cache tag(s) this build did not use.`);
            await collectGarbage((0,external_node_path_.join)(store.dir, 'registry'), workDir, docker);
            if (store.restored && store.restored === (await storageFingerprint((0,external_node_path_.join)(store.dir, 'registry')))) {
                // Every blob and tag is what was restored: another entry would upload the same bytes again.
                log.info('The layer cache is unchanged since it was restored: not saved again.');
                const size = await directorySize(store.dir);
                const layerSizes = await storedLayerSizes((0,external_node_path_.join)(store.dir, 'registry'));
                await (0,promises_.rm)(store.root, { recursive: true, force: true });
                return { size, layerSizes };
            }
        }
    }
    catch (error) {
        log.warning(`The layer cache could not be prepared for saving: ${error.message}`);
        await (0,promises_.rm)(store.root, { recursive: true, force: true }).catch(() => undefined);
        return { size: 0 };
    }
    const size = await directorySize(store.dir);
    const layerSizes = store.registry ? await storedLayerSizes((0,external_node_path_.join)(store.dir, 'registry')) : undefined;
    return {
        size,
        layerSizes,
        save: {
            dir: store.dir,
            root: store.root,
            key: store.key,
            budgetMs: store.budgetMs,
            ...(store.serviceFailure ? { serviceFailure: store.serviceFailure } : {}),
        },
    };
}
/** Undoes what `prepareCache` started when nothing will be saved: pulled cache images, the registry, the directory. */
async function abandonCache(prepared, docker) {
    // Pulled cache images are not the user's: untag them (their layers go with the image if unused).
    for (const reference of allPlans(prepared).flatMap((plan) => plan.pull)) {
        await docker.removeImages([reference]);
    }
    await prepared.store?.registry?.stop();
    if (prepared.store)
        await (0,promises_.rm)(prepared.store.root, { recursive: true, force: true });
}
async function pullCacheImages(docker, references, log) {
    for (const reference of references) {
        const result = await docker.pull(reference);
        if (result.exitCode === 0)
            continue;
        const reason = result.stderr.trim().split('\n').pop() ?? '';
        // A missing cache image is the normal first run; anything else deserves a warning.
        if (/not found|manifest unknown|does not exist/i.test(reason))
            log.info(`No cache image ${reference} yet.`);
        else
            log.warning(`The cache image ${reference} could not be pulled; building without it. ${reason}`);
    }
}
/** The Dockerfile and every file the user names in `cache-key-files`: a change to any makes a new key. */
async function contentHash(dockerfile, keyFiles, workspace) {
    const files = keyFiles.length > 0
        ? await (await __webpack_require__.e(/* import() */ 324).then(__webpack_require__.bind(__webpack_require__, 3324))).hashFiles(keyFiles.join('\n'), workspace)
        : '';
    return sha256(Buffer.concat([dockerfile, Buffer.from(`\n${files}`)]));
}
function isLoopback(name) {
    return /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?\//.test(name);
}
async function exists(path) {
    try {
        await (0,promises_.stat)(path);
        return true;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(481);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
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
            await (0,promises_.access)((0,external_node_path_.join)(rootDir, 'image', 'overlay2', 'layerdb', 'sha256'), external_node_fs_.constants.R_OK);
            await (0,promises_.access)((0,external_node_path_.join)(rootDir, 'overlay2'), external_node_fs_.constants.R_OK);
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
        return (0,promises_.readFile)((0,external_node_path_.join)(this.root, 'image', 'overlay2', 'imagedb', 'content', 'sha256', hex)).catch(() => undefined);
    }
    /**
     * The tar of layer `index` of a stack, streamed chunk by chunk (a file at a time, never a whole
     * layer in memory). Throws when the store lacks the layer or a file is shorter than its record.
     */
    async *layerTar(diffIds, index) {
        const chainId = chainIds(diffIds.slice(0, index + 1))[index];
        const layerDb = (0,external_node_path_.join)(this.root, 'image', 'overlay2', 'layerdb', 'sha256', chainId.replace(/^sha256:/, ''));
        const cacheId = (await (0,promises_.readFile)((0,external_node_path_.join)(layerDb, 'cache-id'), 'utf8')).trim();
        if (!/^[0-9a-zA-Z]+$/.test(cacheId))
            throw new Error(`layer ${chainId} has no usable cache-id`);
        const layerDir = (0,external_node_path_.join)(this.root, 'overlay2', cacheId, 'diff');
        const lines = (0,external_node_readline_.createInterface)({
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
function createOwnership(env, nonce = (0,external_node_crypto_.randomBytes)(4).toString('hex')) {
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
        const stats = await (0,promises_.statfs)(path);
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

;// CONCATENATED MODULE: ./src/cleanup/guard.ts




/**
 * The disk guard, before a build: when the builder's data directory has less than `required` bytes
 * free, apply `dangling`, then `aggressive` if still short (with the run's `cleanup-until` and
 * `keep-storage`); when still short, fail before building, giving the figures.
 */
async function ensureFreeSpace(docker, buildah, 
/** Where the builder keeps its data (`dataRoot`). */
path, required, options, runKey, log) {
    const freeBefore = await freeBytesAt(path);
    const guard = { path, freeBefore, freeAfter: freeBefore, results: [], reclaimed: 0 };
    if (freeBefore === undefined) {
        log(`min-free-space: the engine's data directory ${path ? `(${path}) ` : ''}is not on this machine; free space is not checked.`);
        return guard;
    }
    if (freeBefore >= required) {
        log(`Disk: ${formatBytes(freeBefore)} free at ${path}, ${formatBytes(required)} required.`);
        return guard;
    }
    for (const policy of ['dangling', 'aggressive']) {
        log(`Disk: ${formatBytes(guard.freeAfter ?? 0)} free at ${path}, below min-free-space ${formatBytes(required)}: applying the '${policy}' cleanup policy.`);
        const run = { runKey, createdImages: [], replacedImages: [] };
        guard.results.push(await cleanDaemon(docker, run, { ...options, policy }));
        if (buildah)
            guard.results.push(await cleanBuildah(buildah, { images: [], runKey }, { ...options, policy }));
        guard.freeAfter = (await freeBytesAt(path)) ?? guard.freeAfter;
        if ((guard.freeAfter ?? 0) >= required)
            break;
    }
    guard.reclaimed = Math.max(0, (guard.freeAfter ?? 0) - freeBefore);
    if ((guard.freeAfter ?? 0) < required) {
        throw new Error(`Input 'min-free-space' is ${formatBytes(required)}, but only ${formatBytes(guard.freeAfter ?? 0)} is free at ${path} ` +
            `after the 'dangling' and 'aggressive' cleanups freed ${formatBytes(guard.reclaimed)} ` +
            `(${formatBytes(required - (guard.freeAfter ?? 0))} short). Free space on the runner, shorten 'cleanup-until', or lower 'min-free-space'.`);
    }
    log(`Disk: ${formatBytes(guard.freeAfter ?? 0)} free after freeing ${formatBytes(guard.reclaimed)}.`);
    return guard;
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

;// CONCATENATED MODULE: ./src/common/scheduler.ts
/** Runs at most `parallelism` tasks at a time; results keep the input order. A rejection rejects all. */
async function runLimited(tasks, parallelism) {
    const results = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            results[index] = await tasks[index]();
        }
    };
    const workers = Math.max(1, Math.min(Math.floor(parallelism) || 1, tasks.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/container-tests/services.ts
const POLL_MS = 250;
const LOG_LINES = 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The service images not present locally; services are never pulled. */
async function checkServiceImages(docker, services) {
    const images = [...new Set(services.map((service) => service.image))];
    const present = await Promise.all(images.map((image) => docker.imageExists(image)));
    return images.filter((_, index) => !present[index]);
}
/** Polls until the service is ready; throws, naming it and showing its last log lines, when it is not. */
async function waitReady(docker, service, container) {
    const deadline = Date.now() + service.timeout * 1000;
    let last = '';
    for (;;) {
        const state = await docker.inspectContainer(container);
        if (!state || state.status === 'exited' || state.status === 'dead') {
            last = state ? `the container exited with code ${state.exitCode}` : 'the container is gone';
            break; // waiting longer cannot help
        }
        if (service.readiness) {
            const remaining = Math.max(1000, deadline - Date.now());
            const probe = await docker.execInContainer(container, service.readiness, remaining);
            if (probe.exitCode === 0)
                return;
            const said = (probe.stderr || probe.stdout).trim().split('\n').pop();
            last = `readiness command exited with ${probe.exitCode}${said ? `: ${said}` : ''}`;
        }
        else if (state.health) {
            if (state.health === 'healthy')
                return;
            last = `health status ${state.health}`;
        }
        else if (state.status === 'running') {
            return;
        }
        else {
            last = `status ${state.status}`;
        }
        if (Date.now() >= deadline)
            break;
        await sleep(POLL_MS);
    }
    const logs = (await docker.containerLogs(container, LOG_LINES)).trim();
    throw new Error(`Service '${service.name}' (${service.image}) was not ready within ${service.timeout} s: ${last}.` +
        (logs ? `\nLast log lines:\n${logs}` : '\nIt printed nothing.'));
}
/**
 * Starts the services on a private network, each reachable by its name, and waits until all are
 * ready. On failure everything started is removed before the error is thrown.
 */
async function startServices(docker, services, options) {
    const network = `${options.prefix}-net`;
    const containers = [];
    let networkCreated = false;
    const stop = async () => {
        // `rm --force --volumes`: anonymous volumes (from VOLUME) go with their container.
        await docker.removeContainers(containers);
        if (networkCreated)
            await docker.removeNetwork(network);
    };
    try {
        await docker.createNetwork(network, options.labels);
        networkCreated = true;
        for (const service of services) {
            const name = `${options.prefix}-${service.name}`;
            // Recorded before `run`: a failed run can still leave a created container behind.
            containers.push(name);
            const run = await docker.startContainer({
                image: service.image,
                name,
                network,
                networkAlias: service.name,
                labels: options.labels,
                env: service.env,
                command: service.command,
            });
            if (run.exitCode !== 0) {
                throw new Error(`Service '${service.name}' (${service.image}) did not start: ${run.stderr.trim()}`);
            }
        }
        await Promise.all(services.map((service, index) => waitReady(docker, service, containers[index])));
        return { network, stop };
    }
    catch (error) {
        await stop();
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/settings/env-file.ts
/**
 * An env file as container-structure-test reads one (the dotenv format): `KEY=value` lines, `#`
 * comments and blank lines skipped, an optional `export `, `KEY: value` too, values in single quotes
 * taken as written, in double quotes with `\n`, `\"` and `\\` escapes, unquoted ones up to a ` #`
 * comment, trimmed. As there, variables with an empty value are left out. Pure.
 */
function parseEnvFile(text) {
    const env = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s?(.*)$/.exec(line);
        if (!match)
            continue;
        const [, key, rest] = match;
        const value = unquote(rest.trim());
        if (value !== '')
            env[key] = value;
    }
    return env;
}
function unquote(value) {
    const quote = value[0];
    if (quote === "'" || quote === '"') {
        const end = value.lastIndexOf(quote);
        if (end > 0) {
            const inner = value.slice(1, end);
            if (quote === "'")
                return inner;
            return inner.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
        }
    }
    return value.replace(/\s+#.*$/, '').trim();
}
/**
 * `$NAME` and `${NAME}` replaced from `env` as container-structure-test replaces them (Go's
 * `os.Expand`): an unknown name gives '', `$` before anything that cannot start a name stays, and
 * `${` without its `}` is dropped. Pure.
 */
function expandVariables(text, env) {
    const special = (c) => c !== undefined && /^[*#$@!?\-0-9]$/.test(c);
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c !== '$' || i + 1 >= text.length) {
            out += c;
            continue;
        }
        const rest = text.slice(i + 1);
        if (rest[0] === '{') {
            if (rest.length > 2 && special(rest[1]) && rest[2] === '}') {
                out += env[rest[1]] ?? '';
                i += 3;
                continue;
            }
            const close = rest.indexOf('}');
            if (close > 1)
                out += env[rest.slice(1, close)] ?? '';
            // `${}` is dropped whole; an unclosed `${` loses only those two characters.
            i += close < 0 ? 1 : close + 1;
            continue;
        }
        if (special(rest[0])) {
            out += env[rest[0]] ?? '';
            i += 1;
            continue;
        }
        const name = /^[A-Za-z0-9_]*/.exec(rest)?.[0] ?? '';
        if (name === '')
            out += '$';
        else
            out += env[name] ?? '';
        i += name.length;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/container-tests/structure.ts

/** A timed-out container gets SIGTERM, then SIGKILL after this many seconds. */
/** Time the client gets past the kill to return, before its own timeout gives up on it. */
const KILL_GRACE_SECONDS = 10;
const MAX_SHOWN = 500;
function trim(text) {
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
/** `RegExp.test` on a global/sticky pattern depends on `lastIndex`; always search from the start. */
function search(pattern, text) {
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    pattern.lastIndex = 0;
    return match;
}
/** The first failing expected/excluded pattern over `text`, described for the report. */
function checkPatterns(what, text, expected, excluded) {
    for (const pattern of expected) {
        if (!search(pattern, text))
            return { expected: `${what} matching ${pattern}`, actual: trim(text) };
    }
    for (const pattern of excluded) {
        const match = search(pattern, text);
        if (match) {
            return {
                expected: `${what} not matching ${pattern}`,
                actual: trim(`found ${JSON.stringify(match[0])} in: ${text}`),
            };
        }
    }
    return undefined;
}
/**
 * A command test's environment: its file's `envFile`, then the runner's variables it names in
 * `containerRunOptions.envVars` (when set and not empty, as container-structure-test passes them),
 * then `globalEnvVars` and the test's own, each overriding the one before.
 */
function commandTestEnv(test, runnerEnv = process.env) {
    const options = test.runOptions;
    if (!options)
        return test.env;
    const passed = Object.fromEntries(options.passEnv.flatMap((name) => (runnerEnv[name] ? [[name, runnerEnv[name]]] : [])));
    return { ...options.envFileVars, ...passed, ...test.env };
}
/** The container one command test runs in. */
function commandTestContainer(image, test, options, runnerEnv = process.env) {
    const command = test.command ? [test.command, ...test.args] : test.args;
    const run = test.runOptions;
    const container = {
        image,
        name: options.name,
        network: options.network,
        platform: options.platform,
        labels: options.labels,
        env: commandTestEnv(test, runnerEnv),
        workdir: test.workdir,
        user: test.user,
        ...(run?.privileged ? { privileged: true } : {}),
        ...(run?.capabilities.length ? { capAdd: run.capabilities } : {}),
        ...(run?.bindMounts.length ? { volumes: run.bindMounts } : {}),
    };
    if (test.shell)
        return { ...container, entrypoint: ['sh'], command: ['-c', command.join(' ')] };
    return { ...container, entrypoint: test.entrypoint, command };
}
/**
 * One `setup` or `teardown` command: run as container-structure-test runs it, without the image's
 * ENTRYPOINT and without a shell, with the test's environment, user and run options.
 */
function stepContainer(image, test, command, options) {
    return {
        ...commandTestContainer(image, { ...test, shell: false, command: command[0], args: command.slice(1) }, options),
        entrypoint: [],
    };
}
/**
 * Runs `setup` or `teardown` commands one after the other, each on the image the previous one
 * committed (starting from `image`), as container-structure-test does: what a command writes is
 * there for the next one and for the test. Returns the last image, or why a command failed.
 */
async function runSteps(docker, kind, image, test, options, made, timeoutMs) {
    const steps = test[kind] ?? [];
    for (const [index, command] of steps.entries()) {
        const name = `${options.name}-${kind}-${index + 1}`;
        made.containers.push(name);
        const result = await docker.runContainer(stepContainer(image, test, command, { ...options, name }), timeoutMs);
        const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
        if (result.timedOut || result.exitCode !== 0) {
            return {
                failure: {
                    expected: `${kind} command ${JSON.stringify(command)} to exit 0`,
                    actual: trim(`${result.timedOut ? 'timed out' : `exit code ${result.exitCode}`}${output ? `; output: ${output}` : ''}`),
                },
            };
        }
        // The last teardown command leaves nothing anyone reads.
        if (kind === 'teardown' && index === steps.length - 1)
            break;
        const committed = await docker.commitContainer(name);
        if ('error' in committed) {
            return {
                failure: {
                    expected: `to keep what ${kind} command ${JSON.stringify(command)} wrote`,
                    actual: trim(committed.error),
                },
            };
        }
        made.images.push(committed.id);
        image = committed.id;
    }
    return { image };
}
async function runCommandTest(docker, image, test, options) {
    const started = Date.now();
    const timeoutSeconds = test.timeout ?? options.defaultTimeoutSeconds;
    let timedOut = false;
    let finished = false;
    const stopWhenTimedOut = async () => {
        timedOut = true;
        // The container may not exist yet when the daemon is slow to create it: retry until `run` returns.
        while (!finished) {
            // No grace: a test's first process is often `sh`, which ignores SIGTERM as PID 1, and a
            // timed-out test must end when its time is up (issue #13), not a grace period later.
            const result = await docker.killContainer(options.name);
            if (result.exitCode === 0 || finished)
                return;
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    };
    if (test.expandVariables)
        test = await withVariablesExpanded(docker, image, test);
    const made = { containers: [options.name], images: [] };
    const stepTimeoutMs = (timeoutSeconds + KILL_GRACE_SECONDS) * 1000;
    let testImage = image;
    let testSpec = test;
    if (test.setup?.length) {
        const setup = await runSteps(docker, 'setup', image, test, options, made, stepTimeoutMs);
        if ('failure' in setup) {
            await removeMade(docker, made);
            return {
                kind: 'command',
                name: test.name,
                passed: false,
                durationMs: Date.now() - started,
                ...setup.failure,
            };
        }
        testImage = setup.image;
        // The committed image's ENTRYPOINT is the setup command's (none): the test keeps the image's own.
        if (test.entrypoint === undefined && !test.shell) {
            const [inspect] = await docker.inspectImages([image]);
            testSpec = { ...test, entrypoint: inspect?.Config?.Entrypoint ?? [] };
        }
    }
    const timer = setTimeout(() => void stopWhenTimedOut(), timeoutSeconds * 1000);
    try {
        // The client's own timeout is a backstop for one that hangs even after the stop: the container
        // is removed below anyway.
        const result = await docker.runContainer(commandTestContainer(testImage, testSpec, options), (timeoutSeconds + KILL_GRACE_SECONDS + 30) * 1000);
        finished = true;
        timedOut ||= result.timedOut;
        const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
        let failure = timedOut
            ? {
                expected: `to finish within ${timeoutSeconds} s`,
                actual: trim(`timed out and was stopped (exit code ${result.exitCode}); output: ${output}`),
            }
            : result.exitCode !== test.exitCode
                ? {
                    expected: `exit code ${test.exitCode}`,
                    actual: trim(`exit code ${result.exitCode}; output: ${output}`),
                }
                : (checkPatterns('stdout', result.stdout, test.expectedOutput, test.excludedOutput) ??
                    checkPatterns('stderr', result.stderr, test.expectedError, test.excludedError));
        let teardownFailure;
        if (test.teardown?.length && !timedOut) {
            // The teardown sees what the test command left: its container, committed.
            const committed = await docker.commitContainer(options.name);
            if ('error' in committed) {
                teardownFailure = {
                    expected: 'to keep what the test command wrote, for the teardown',
                    actual: trim(committed.error),
                };
            }
            else {
                made.images.push(committed.id);
                const teardown = await runSteps(docker, 'teardown', committed.id, test, options, made, stepTimeoutMs);
                if ('failure' in teardown)
                    teardownFailure = teardown.failure;
            }
        }
        failure ??= teardownFailure;
        return {
            kind: 'command',
            name: test.name,
            passed: !failure,
            durationMs: Date.now() - started,
            ...failure,
            ...(timedOut ? { timedOut } : {}),
            output: trim(output),
        };
    }
    finally {
        finished = true;
        clearTimeout(timer);
        await removeMade(docker, made);
    }
}
/**
 * The test with `$NAME` in its command, arguments and env values replaced from the image's
 * environment (then the test's own), as container-structure-test does; unchanged without a `$`.
 */
async function withVariablesExpanded(docker, image, test) {
    const texts = [test.command, ...test.args, ...Object.values(test.env)];
    if (!texts.some((text) => text.includes('$')))
        return test;
    const [inspect] = await docker.inspectImages([image]);
    const env = Object.fromEntries((inspect?.Config?.Env ?? []).map((entry) => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }));
    const values = Object.fromEntries(Object.entries(test.env).map(([key, value]) => [key, expandVariables(value, env)]));
    const all = { ...env, ...values };
    return {
        ...test,
        command: expandVariables(test.command, all),
        args: test.args.map((arg) => expandVariables(arg, all)),
        env: values,
    };
}
/** The containers, then the images (newest first: a child before its parent) a command test made. */
async function removeMade(docker, made) {
    await docker.removeContainers(made.containers);
    if (made.images.length)
        await docker.removeImages([...made.images].reverse());
}
/** A numeric header field: octal text, or GNU base-256 when the high bit of the first byte is set. */
function tarNumber(field) {
    if (field[0] & 0x80) {
        let value = field[0] & 0x7f;
        for (const byte of field.subarray(1))
            value = value * 256 + byte;
        return value;
    }
    const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
    return text ? parseInt(text, 8) : 0;
}
function tarString(field) {
    const end = field.indexOf(0);
    return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}
/** `size=... uid=...` records of a PAX extended header. */
function paxRecords(data) {
    const records = {};
    for (let at = 0; at < data.length;) {
        const space = data.indexOf(0x20, at);
        const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
        if (space < 0 || !(length > 0))
            break;
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        records[record.slice(0, equals)] = record.slice(equals + 1);
        at += length;
    }
    return records;
}
/** Typeflag → `ls -l` type; a hard link (`1`) is a regular file to `ls`. */
const TAR_TYPES = {
    '0': '-',
    '\0': '-',
    '1': '-',
    '7': '-',
    '2': 'l',
    '3': 'c',
    '4': 'b',
    '5': 'd',
    '6': 'p',
};
/** The first file entry of a tar stream (what `docker cp CONTAINER:PATH -` prints for PATH itself). */
function firstTarEntry(tar) {
    for (const entry of tarEntries(tar))
        return entry;
    return undefined;
}
/** Every file entry of a tar stream, in order. */
function* tarEntries(tar) {
    let pax = {};
    let longName;
    for (let at = 0; at + 512 <= tar.length;) {
        const header = tar.subarray(at, at + 512);
        if (header.every((byte) => byte === 0))
            return; // end of archive
        const flag = String.fromCharCode(header[156]);
        const size = pax.size !== undefined ? Number(pax.size) : tarNumber(header.subarray(124, 136));
        const data = tar.subarray(at + 512, at + 512 + size);
        at += 512 + Math.ceil(size / 512) * 512;
        if (flag === 'x')
            pax = { ...pax, ...paxRecords(data) };
        else if (flag === 'L')
            longName = tarString(data);
        else if (flag === 'g' || flag === 'K')
            continue; // global headers, GNU long link names
        else {
            const prefix = tarString(header.subarray(345, 500));
            const name = pax.path ?? longName ?? (prefix ? `${prefix}/` : '') + tarString(header.subarray(0, 100));
            yield {
                name,
                type: TAR_TYPES[flag] ?? '?',
                mode: tarNumber(header.subarray(100, 108)) & 0o7777,
                uid: pax.uid !== undefined ? Number(pax.uid) : tarNumber(header.subarray(108, 116)),
                gid: pax.gid !== undefined ? Number(pax.gid) : tarNumber(header.subarray(116, 124)),
                size,
                content: data,
                link: pax.linkpath ?? tarString(header.subarray(157, 257)),
            };
            pax = {};
            longName = undefined;
        }
    }
}
/** `ls -l` style: `-rwxr-x---`, `drwxrwxrwt`, `-rwsr-xr-x`. */
function formatMode(type, mode) {
    const bits = (read, write, exec, special, letter) => (mode & read ? 'r' : '-') +
        (mode & write ? 'w' : '-') +
        (mode & special ? (mode & exec ? letter : letter.toUpperCase()) : mode & exec ? 'x' : '-');
    return (type +
        bits(0o400, 0o200, 0o100, 0o4000, 's') +
        bits(0o040, 0o020, 0o010, 0o2000, 's') +
        bits(0o004, 0o002, 0o001, 0o1000, 't'));
}
/** The execute bits `isExecutableBy` asks for (any one of them for `any`). */
const EXECUTE_BITS = { owner: 0o100, group: 0o010, other: 0o001, any: 0o111 };
function checkFile(test, entry) {
    if (!entry)
        return test.shouldExist ? { expected: `${test.path} to exist`, actual: 'not found' } : undefined;
    const permissions = formatMode(entry.type, entry.mode);
    if (!test.shouldExist) {
        return {
            expected: `${test.path} not to exist`,
            actual: `exists: ${permissions} ${entry.uid}:${entry.gid}`,
        };
    }
    if (test.permissions !== undefined && permissions !== test.permissions) {
        return { expected: `permissions ${test.permissions}`, actual: permissions };
    }
    if (test.uid !== undefined && entry.uid !== test.uid) {
        return { expected: `uid ${test.uid}`, actual: `uid ${entry.uid}` };
    }
    if (test.gid !== undefined && entry.gid !== test.gid) {
        return { expected: `gid ${test.gid}`, actual: `gid ${entry.gid}` };
    }
    if (test.isExecutableBy !== undefined && (entry.mode & EXECUTE_BITS[test.isExecutableBy]) === 0) {
        return { expected: `executable by ${test.isExecutableBy}`, actual: permissions };
    }
    if (test.expectedContents.length + test.excludedContents.length === 0)
        return undefined;
    if (entry.type !== '-')
        return { expected: 'a regular file (to check its contents)', actual: permissions };
    return checkPatterns('contents', entry.content.toString('utf8'), test.expectedContents, test.excludedContents);
}
/**
 * Checks files through `docker cp` from a created (never started) container, so the image needs no
 * shell or tools. A directory is copied whole; only its own header is used.
 */
async function runFileTests(docker, image, tests, options, licenseTests = []) {
    if (tests.length + licenseTests.length === 0)
        return [];
    // The entrypoint is never run; setting one lets `create` accept an image without ENTRYPOINT or CMD.
    const create = await docker.createContainer({
        image,
        name: options.name,
        network: 'none',
        platform: options.platform,
        labels: options.labels,
        entrypoint: ['true'],
    });
    try {
        if (create.exitCode !== 0) {
            const reason = trim(create.stderr.trim() || `exit code ${create.exitCode}`);
            return [...tests, ...licenseTests].map((test) => ({
                kind: 'file',
                name: test.name,
                passed: false,
                durationMs: 0,
                expected: 'a container to read files from',
                actual: `docker create failed: ${reason}`,
            }));
        }
        const results = [];
        for (const test of tests) {
            const started = Date.now();
            const copy = await docker.copyFromContainer(options.name, test.path);
            let failure;
            if (copy.exitCode === 0) {
                failure = checkFile(test, firstTarEntry(copy.stdoutBytes ?? Buffer.alloc(0)));
            }
            else if (/Could not find the file|No such container:path/i.test(copy.stderr)) {
                failure = checkFile(test, undefined);
            }
            else {
                failure = {
                    expected: `to read ${test.path}`,
                    actual: trim(`docker cp failed: ${copy.stderr.trim()}`),
                };
            }
            results.push({
                kind: 'file',
                name: test.name,
                passed: !failure,
                durationMs: Date.now() - started,
                ...failure,
            });
        }
        for (const test of licenseTests) {
            const started = Date.now();
            const failure = await checkLicenses(docker, options.name, test);
            results.push({
                kind: 'file',
                name: test.name,
                passed: !failure,
                durationMs: Date.now() - started,
                ...failure,
            });
        }
        return results;
    }
    finally {
        await docker.removeContainers([options.name]);
    }
}
/** Debian's per-package license files, as container-structure-test reads them. */
const DEBIAN_DOC = '/usr/share/doc';
/** Packages container-structure-test lets pass whatever their copyright file says. */
const LICENSE_ALLOWED_PACKAGES = ['libgnutls30'];
/** Words that fail a copyright file (compared in upper case): licenses it refuses. */
const REFUSED_LICENSES = ['AGPL', 'WTFPL'];
/**
 * container-structure-test's license test: with `debian`, every package directory directly under
 * /usr/share/doc (except libgnutls30) must hold a `copyright` file; that file and each of `files`
 * must not mention AGPL or WTFPL (in any case). Reads through `docker cp` of the created container.
 */
async function checkLicenses(docker, container, test) {
    const problems = [];
    const read = async (path, depth = 0) => {
        const copy = await docker.copyFromContainer(container, path);
        if (copy.exitCode !== 0)
            return `cannot read ${path}: ${copy.stderr.trim() || `exit code ${copy.exitCode}`}`;
        const entry = firstTarEntry(copy.stdoutBytes ?? Buffer.alloc(0));
        if (entry?.type === 'l' && depth < 8) {
            return read(entry.link.startsWith('/') ? entry.link : `${path.replace(/[^/]*$/, '')}${entry.link}`, depth + 1);
        }
        if (entry?.type !== '-')
            return `${path} is not a file`;
        return entry.content;
    };
    const check = (path, content) => {
        if (typeof content === 'string')
            return problems.push(content);
        const text = content.toString('utf8').toUpperCase();
        const refused = REFUSED_LICENSES.find((word) => text.includes(word));
        if (refused)
            problems.push(`${path} mentions ${refused}`);
    };
    if (test.debian) {
        const copy = await docker.copyFromContainer(container, DEBIAN_DOC);
        if (copy.exitCode !== 0) {
            return {
                expected: `${DEBIAN_DOC} to read`,
                actual: trim(copy.stderr.trim() || `exit code ${copy.exitCode}`),
            };
        }
        const entries = [...tarEntries(copy.stdoutBytes ?? Buffer.alloc(0))];
        const byName = new Map(entries.map((entry) => [entry.name.replace(/\/$/, ''), entry]));
        const packages = entries
            .map((entry) => ({ entry, parts: entry.name.replace(/\/$/, '').split('/') }))
            .filter(({ entry, parts }) => entry.type === 'd' && parts.length === 2)
            .map(({ parts }) => parts[1])
            .filter((name) => !LICENSE_ALLOWED_PACKAGES.includes(name));
        for (const name of packages) {
            const path = `${DEBIAN_DOC}/${name}/copyright`;
            const entry = byName.get(`doc/${name}/copyright`);
            if (!entry)
                problems.push(`${name} has no ${path}`);
            else
                check(path, entry.type === '-' ? entry.content : await read(path));
        }
    }
    for (const file of test.files)
        check(file, await read(file));
    if (problems.length === 0)
        return undefined;
    return {
        expected: `copyright files without ${REFUSED_LICENSES.join(' or ')}${test.debian ? ` for every package in ${DEBIAN_DOC}` : ''}`,
        actual: trim(problems.join('; ')),
    };
}
/** `8080` means `8080/tcp`, as in a Dockerfile's EXPOSE. */
function normalizePort(port) {
    return port.includes('/') ? port.toLowerCase() : `${port}/tcp`;
}
/** Checks the image configuration from `docker image inspect`; nothing runs. */
async function runMetadataTest(docker, image, test) {
    const started = Date.now();
    const [inspect] = await docker.inspectImages([image]);
    if (!inspect)
        throw new Error(`image ${image} not found locally`);
    const config = inspect.Config ?? {};
    const durationMs = Date.now() - started;
    const results = [];
    const add = (name, failure) => results.push({ kind: 'metadata', name: `metadata: ${name}`, passed: !failure, durationMs, ...failure });
    const keyValue = (kind, values, key, pattern) => {
        const value = values.get(key);
        add(`${kind} ${key}`, value === undefined
            ? { expected: `${kind} ${key} matching ${pattern}`, actual: `${kind} ${key} is not set` }
            : search(pattern, value)
                ? undefined
                : { expected: `${kind} ${key} matching ${pattern}`, actual: trim(value) });
    };
    const exact = (name, expected, actual) => add(name, expected === actual ? undefined : { expected, actual: trim(actual) });
    const env = new Map((config.Env ?? []).map((entry) => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }));
    for (const { key, value } of test.env)
        keyValue('env', env, key, value);
    for (const key of test.unboundEnv ?? []) {
        add(`env ${key} unset`, env.has(key) ? { expected: `env ${key} not set`, actual: trim(`${key}=${env.get(key)}`) } : undefined);
    }
    const labels = new Map(Object.entries(config.Labels ?? {}));
    for (const { key, value } of test.labels)
        keyValue('label', labels, key, value);
    const ports = Object.keys(config.ExposedPorts ?? {});
    for (const port of test.exposedPorts.map(normalizePort)) {
        add(`exposed port ${port}`, ports.includes(port)
            ? undefined
            : { expected: `port ${port} exposed`, actual: ports.join(', ') || 'none' });
    }
    for (const port of test.unexposedPorts ?? []) {
        // `80` is port 80 of any protocol, as container-structure-test compares port numbers.
        const found = ports.filter((exposed) => port.includes('/') ? exposed === port.toLowerCase() : exposed.split('/')[0] === port);
        add(`unexposed port ${port}`, found.length ? { expected: `port ${port} not exposed`, actual: found.join(', ') } : undefined);
    }
    const volumes = Object.keys(config.Volumes ?? {});
    for (const volume of test.unmountedVolumes ?? []) {
        add(`unmounted volume ${volume}`, volumes.includes(volume) ? { expected: `no volume ${volume}`, actual: volumes.join(', ') } : undefined);
    }
    for (const volume of test.volumes) {
        add(`volume ${volume}`, volumes.includes(volume)
            ? undefined
            : { expected: `volume ${volume}`, actual: volumes.join(', ') || 'none' });
    }
    if (test.entrypoint)
        exact('entrypoint', JSON.stringify(test.entrypoint), JSON.stringify(config.Entrypoint ?? []));
    if (test.cmd)
        exact('cmd', JSON.stringify(test.cmd), JSON.stringify(config.Cmd ?? []));
    if (test.workdir !== undefined)
        exact('workdir', test.workdir, config.WorkingDir ?? '');
    if (test.user !== undefined)
        exact('user', test.user, config.User ?? '');
    return results;
}

;// CONCATENATED MODULE: ./src/settings/test-types.ts
class SpecError extends Error {
    source;
    path;
    constructor(
    /** The file, or `input 'tests'`. */
    source, 
    /** `tests[3].expectedOutput`, `services[0].image`. */
    path, problem) {
        super(`${source}: ${path}: ${problem}`);
        this.source = source;
        this.path = path;
        this.name = 'SpecError';
    }
}

;// CONCATENATED MODULE: ./src/container-tests/results.ts
/** A test's name as reports show it: with its platform when the image was built for several. */
function testLabel(result) {
    return result.platform ? `${result.name} (${result.platform})` : result.name;
}

;// CONCATENATED MODULE: ./src/container-tests/run-tests.ts






function hasTests(spec) {
    return (spec.commandTests.length + spec.fileTests.length + spec.licenseTests.length > 0 ||
        spec.metadataTest !== undefined);
}
/** Fails, before any container starts, when a service's image is not on the engine. */
async function checkServicesPresent(docker, spec) {
    const missing = new Set(await checkServiceImages(docker, spec.services));
    const index = spec.services.findIndex((service) => missing.has(service.image));
    if (index >= 0) {
        throw new SpecError('tests', `services[${index}].image`, `'${spec.services[index].image}' is not present on the Docker engine; pull or build it in an earlier step (services are never pulled implicitly).`);
    }
}
/**
 * Runs every test on the image, up to `parallelism` at a time, each in a container of its own, after
 * starting the services on a private network. Test containers get a network only when there are
 * services; everything is removed whatever happens.
 */
async function runTests(docker, options) {
    const { spec } = options;
    if (!hasTests(spec))
        return [];
    let services;
    if (spec.services.length > 0) {
        services = await options.log.group(`Services: ${spec.services.map((s) => s.name).join(', ')}`, () => startServices(docker, spec.services, { labels: options.labels, prefix: options.prefix }));
    }
    try {
        const network = services?.network ?? 'none';
        const tasks = spec.commandTests.map((test, index) => async () => [
            await runCommandTest(docker, options.image, test, {
                labels: options.labels,
                name: `${options.prefix}-${index + 1}`,
                network,
                defaultTimeoutSeconds: options.defaultTimeoutSeconds,
                platform: options.platform,
            }),
        ]);
        if (spec.fileTests.length + spec.licenseTests.length > 0) {
            tasks.push(() => runFileTests(docker, options.image, spec.fileTests, { labels: options.labels, name: `${options.prefix}-files`, platform: options.platform }, spec.licenseTests));
        }
        const metadata = spec.metadataTest;
        if (metadata)
            tasks.push(() => runMetadataTest(docker, options.image, metadata));
        const results = (await runLimited(tasks, options.parallelism))
            .flat()
            .map((result) => (options.platform ? { ...result, platform: options.platform } : result));
        for (const result of results)
            await showResult(result, options.log);
        return results;
    }
    finally {
        await services?.stop();
    }
}
/** One collapsible group per test, printed when it ends (tests run in parallel, so never interleaved). */
async function showResult(result, log) {
    const passthrough = (0,exec/* createLogPassthrough */.Ld)();
    const title = `${result.passed ? 'passed' : result.timedOut ? 'timed out' : 'FAILED'}: ${testLabel(result)}`;
    await log.group(title, async () => {
        passthrough.start();
        if (!result.passed)
            passthrough.line(`expected: ${result.expected ?? ''}\nseen:     ${result.actual ?? ''}`);
        if (result.output)
            passthrough.line(result.output);
        passthrough.stop();
    });
}

;// CONCATENATED MODULE: ./src/container-tests/platforms.ts

const EMULATION_FIX = 'install a binfmt handler for it: on GitHub-hosted runners add docker/setup-qemu-action before this step; on Debian or Ubuntu install qemu-user-static';
/**
 * `test-platforms` against what was built and what the runner executes (`canExecute`: `undefined`
 * when it cannot tell, e.g. a remote daemon: the tests then try). A listed platform the runner
 * cannot execute fails before the build; under `all` it is reported as not tested.
 */
function planTestPlatforms(built, requested, canExecute) {
    if (requested !== 'all') {
        for (const platform of requested) {
            if (canExecute(platform) === false) {
                throw new InputError('test-platforms', requested.join(','), `this runner cannot execute ${platform}: ${EMULATION_FIX}.`);
            }
        }
        return {
            tested: requested,
            notTested: built
                .filter((p) => !requested.includes(p))
                .map((platform) => ({ platform, why: "not in 'test-platforms'" })),
        };
    }
    const tested = built.filter((platform) => canExecute(platform) !== false);
    const notTested = built
        .filter((platform) => canExecute(platform) === false)
        .map((platform) => ({ platform, why: `this runner cannot execute it: ${EMULATION_FIX}` }));
    return { tested, notTested };
}

;// CONCATENATED MODULE: ./src/container-tests/junit.ts

/** Longest `message` attribute on a `<failure>`; the element's text has the rest. */
const MESSAGE_LIMIT = 200;
/**
 * The results as JUnit XML: one `<testsuite>` named `suiteName`, one `<testcase>` per result with
 * `classname` = its kind, and a `<failure>` carrying what was expected and what was seen. Pure.
 */
function toJUnit(results, suiteName, timestamp) {
    const failures = results.filter((r) => !r.passed).length;
    const totalMs = results.reduce((sum, r) => sum + r.durationMs, 0);
    const counts = `tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(totalMs)}"`;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${attr(suiteName)}" ${counts}>`,
        // The Ant schema's timestamp: ISO 8601 without a zone (UTC here) and without milliseconds.
        `  <testsuite name="${attr(suiteName)}" ${counts} timestamp="${timestamp.toISOString().slice(0, 19)}">`,
    ];
    for (const result of results) {
        const open = `    <testcase name="${attr(testLabel(result))}" classname="${result.kind}" time="${seconds(result.durationMs)}"`;
        const body = [];
        if (!result.passed) {
            body.push(`      <failure message="${attr(failureMessage(result))}">${junit_text(failureDetail(result))}</failure>`);
        }
        if (result.output)
            body.push(`      <system-out>${junit_text(result.output)}</system-out>`);
        if (body.length === 0)
            lines.push(`${open}/>`);
        else
            lines.push(`${open}>`, ...body, '    </testcase>');
    }
    lines.push('  </testsuite>', '</testsuites>', '');
    return lines.join('\n');
}
function failureMessage(result) {
    let message = result.timedOut ? 'timed out' : result.expected ? `expected ${result.expected}` : 'failed';
    message = message.split('\n')[0];
    return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 1)}…` : message;
}
function failureDetail(result) {
    const parts = [];
    if (result.timedOut)
        parts.push('timed out');
    if (result.expected !== undefined)
        parts.push(`expected: ${result.expected}`);
    if (result.actual !== undefined)
        parts.push(`actual: ${result.actual}`);
    return parts.join('\n');
}
function seconds(ms) {
    return (Math.max(0, ms) / 1000).toFixed(3);
}
/** ANSI escape sequences (colours, cursor movement) that container output often carries. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-?]*[ -/]*[@-~]`, 'g');
/** Drops what XML 1.0 cannot carry: control characters other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
function clean(value) {
    let out = '';
    for (const char of value.replace(ANSI, '')) {
        const code = char.codePointAt(0) ?? 0;
        const allowed = code === 0x9 ||
            code === 0xa ||
            code === 0xd ||
            (code >= 0x20 && code <= 0xd7ff && code !== 0x7f) ||
            (code >= 0xe000 && code <= 0xfffd) ||
            code >= 0x10000;
        if (allowed)
            out += char;
    }
    return out;
}
function junit_text(value) {
    return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** Attribute values also keep their newlines and tabs, which a parser would otherwise normalise to spaces. */
function attr(value) {
    return junit_text(value)
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
        .replace(/\n/g, '&#10;')
        .replace(/\r/g, '&#13;')
        .replace(/\t/g, '&#9;');
}

;// CONCATENATED MODULE: ./src/container-tests/stage.ts





/**
 * Every test on the image (on each platform's image, one platform after the other, when several
 * were built), then the JUnit report when one is asked for.
 */
async function testStage(settings, context) {
    // `platforms` given (built with `platforms`): exactly those, maybe none the runner can execute.
    const runs = context.platforms ?? [{ platform: undefined, image: context.image }];
    const results = [];
    for (const run of runs) {
        const slug = run.platform ? `-${run.platform.replace(/[^a-z0-9]+/g, '-')}` : '';
        results.push(...(await runTests(context.docker, {
            image: run.image,
            platform: run.platform,
            spec: settings.spec,
            labels: context.labels,
            prefix: `${context.prefix}${slug}`,
            parallelism: settings.parallelism,
            defaultTimeoutSeconds: settings.timeoutSeconds,
            log: context.log,
        })));
    }
    if (settings.report) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(settings.report), { recursive: true });
        // Never through a symlink put there since the settings were read.
        const flags = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_TRUNC | external_node_fs_.constants.O_NOFOLLOW;
        await (0,promises_.writeFile)(settings.report, toJUnit(results, context.subject, new Date()), { flag: flags });
    }
    return { results, failed: results.filter((test) => !test.passed) };
}
/** `test-only`: the image exists already; pull it only when the engine does not have it. */
async function imageToTest(docker, reference) {
    let [image] = await docker.inspectImages([reference]);
    if (!image) {
        const pulled = await docker.pull(reference);
        if (pulled.exitCode !== 0) {
            throw new Error(`Input 'image-ref' has value '${reference}': the engine does not have it and it could not be pulled: ${pulled.stderr.trim()}`);
        }
        [image] = await docker.inspectImages([reference]);
    }
    return image.Id;
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
        return (0,exec/* execProgram */.SI)(this.bin, args, options);
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

;// CONCATENATED MODULE: ./src/settings/yaml.ts
/**
 * The YAML parser, loaded only for a run that has YAML to read (`tests`, `tests-file`,
 * `registry-auth`): loading it costs every other run's main step some 15 ms. The settings are read
 * synchronously, so the step loads it first (`loadYaml`) and the parsers take it (`yaml`).
 */
let loaded;
async function loadYaml() {
    loaded ??= await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    return loaded;
}
/** The inputs whose values are YAML (or name a YAML file): one of them set, the parser is needed. */
const YAML_INPUTS = ['tests', 'tests-file', 'registry-auth'];
function yaml() {
    if (!loaded)
        throw new Error('internal: the YAML parser is used before loadYaml() loaded it');
    return loaded;
}

// EXTERNAL MODULE: ./src/engine/docker.ts + 3 modules
var engine_docker = __webpack_require__(9994);
;// CONCATENATED MODULE: ./src/engine/emulation.ts


/**
 * Which platforms the engine's host can execute: its own, and those a binfmt_misc handler runs
 * under emulation (QEMU's user-mode binaries, as Debian's qemu-user-static and
 * docker/setup-qemu-action's tonistiigi/binfmt register them: `qemu-aarch64`, …).
 */
/** Go's architecture name -> the name QEMU's handlers carry. */
const QEMU_NAMES = {
    amd64: 'x86_64',
    arm64: 'aarch64',
    arm: 'arm',
    '386': 'i386',
    ppc64le: 'ppc64le',
    ppc64: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
    mips64le: 'mips64el',
    mips64: 'mips64',
    mipsle: 'mipsel',
    mips: 'mips',
    loong64: 'loongarch64',
};
/** Architectures a host runs natively beside its own (32-bit x86 on x86-64). */
const ALSO_NATIVE = { amd64: ['386'] };
/** Whether the host can run containers of `platform` (`linux/arm64`); `undefined`: cannot tell. */
function canExecute(platform, host) {
    const [os, arch] = platform.split('/');
    if (os !== 'linux')
        return false;
    if (!host.arch)
        return undefined;
    if (arch === host.arch || ALSO_NATIVE[host.arch]?.includes(arch))
        return true;
    if (host.handlers === undefined)
        return undefined;
    const qemu = QEMU_NAMES[arch];
    return qemu !== undefined && host.handlers.includes(`qemu-${qemu}`);
}
/**
 * The enabled handlers under binfmt_misc (a local daemon shares this kernel's); `undefined` when the
 * file system is not mounted or not readable.
 */
async function readBinfmtHandlers(dir = '/proc/sys/fs/binfmt_misc') {
    let names;
    try {
        names = await (0,promises_.readdir)(dir);
    }
    catch {
        return undefined;
    }
    const handlers = await Promise.all(names
        .filter((name) => name !== 'register' && name !== 'status')
        .map(async (name) => {
        const text = await (0,promises_.readFile)((0,external_node_path_.join)(dir, name), 'utf8').catch(() => '');
        return text.split('\n')[0].trim() === 'enabled' ? name : undefined;
    }));
    return handlers.filter((name) => name !== undefined);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/registry/api.ts


/** Manifest media types asked for: lists/indexes first, so a multi-platform image shows its platforms. */
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
class RegistryApiError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/**
 * Reads manifests and image configurations through the registry's HTTP API (Distribution's v2
 * API), with the run's credentials: Basic, or the Bearer token flow of Docker Hub, GHCR and others.
 * It reads a layer blob only to copy it to another repository (`blobStream`), never to measure it.
 */
class RegistryClient {
    credentials;
    fetchImpl;
    mask;
    requests = [];
    tokens = new Map();
    configs = new Map();
    manifests = new Map();
    constructor(credentials = [], fetchImpl = fetch, 
    /** Called with every credential the client derives (a Bearer token), before it is used. */
    mask = () => { }) {
        this.credentials = credentials;
        this.fetchImpl = fetchImpl;
        this.mask = mask;
    }
    /** The manifest a reference names, or `undefined` when the registry does not have it. */
    async manifest(reference) {
        const ref = typeof reference === 'string' ? parseReference(reference) : reference;
        const tagOrDigest = ref.digest ?? ref.tag ?? 'latest';
        // One run asks for a manifest more than once (the image, then its platforms): ask the registry once.
        const key = `${ref.registry}/${ref.path}/${tagOrDigest}`;
        let pending = this.manifests.get(key);
        if (!pending) {
            pending = this.get(ref, `manifests/${tagOrDigest}`, MANIFEST_TYPES.join(', ')).then(async (response) => response.status === 404
                ? undefined
                : {
                    digest: response.headers.get('docker-content-digest') ?? ref.digest ?? '',
                    manifest: JSON.parse(await this.read(response)),
                });
            this.manifests.set(key, pending);
            pending.catch(() => this.manifests.delete(key));
        }
        return pending;
    }
    /** An image's configuration blob (small JSON), never a layer. */
    async config(reference, descriptor) {
        if (!/config|container\.image/i.test(descriptor.mediaType)) {
            throw new RegistryApiError(`refusing to read ${descriptor.mediaType} ${descriptor.digest}: not a configuration`);
        }
        // Content-addressed, so read once per run (the runner's platform, then the platform table).
        const key = `${reference.registry}/${reference.path}@${descriptor.digest}`;
        let pending = this.configs.get(key);
        if (!pending) {
            pending = this.get(reference, `blobs/${descriptor.digest}`).then(async (response) => {
                if (response.status === 404)
                    throw new RegistryApiError(`configuration ${descriptor.digest} missing`, 404);
                return JSON.parse(await this.read(response));
            });
            this.configs.set(key, pending);
            pending.catch(() => this.configs.delete(key));
        }
        return pending;
    }
    /** A manifest's exact bytes and media type (what a copy puts elsewhere), or `undefined` when missing. */
    async manifestBytes(reference, tagOrDigest) {
        const response = await this.get(reference, `manifests/${tagOrDigest}`, MANIFEST_TYPES.join(', '));
        if (response.status === 404) {
            await response.arrayBuffer();
            return undefined;
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim() ||
            (JSON.parse(bytes.toString('utf8')).mediaType ?? '');
        return { mediaType, bytes, digest: response.headers.get('docker-content-digest') ?? '' };
    }
    /** A blob's bytes as they arrive (`GET …/blobs/<digest>`): to copy it to another repository. */
    blobStream(reference, digest) {
        const respond = () => this.get(reference, `blobs/${digest}`);
        return external_node_stream_.Readable.from((async function* () {
            const response = await respond();
            if (response.status === 404 || !response.body) {
                throw new RegistryApiError(`${reference.registry}/${reference.path}: blob ${digest} missing`, 404);
            }
            for await (const chunk of response.body)
                yield chunk;
        })());
    }
    get(ref, path, accept) {
        return this.send(ref, 'GET', path, accept ? { accept } : {});
    }
    /** Whether the repository has a blob (`HEAD /v2/<name>/blobs/<digest>`). */
    async hasBlob(reference, digest) {
        const response = await this.send(reference, 'HEAD', `blobs/${digest}`, {});
        return response.ok;
    }
    /**
     * Uploads a blob unless the repository has it: `POST …/blobs/uploads/`, then one `PUT` of the
     * whole blob with its digest. `open` is called for the body (a file, read as it is sent).
     */
    async uploadBlob(reference, blob) {
        if (await this.hasBlob(reference, blob.digest))
            return 'present';
        const started = await this.send(reference, 'POST', 'blobs/uploads/', {}, undefined, [202]);
        const location = started.headers.get('location');
        if (!location)
            throw new RegistryApiError(`${reference.registry}/${reference.path}: upload has no Location`);
        const url = new URL(location, `${scheme(reference.registry)}://${apiHost(reference.registry)}`);
        url.searchParams.set('digest', blob.digest);
        await this.send(reference, 'PUT', url.toString(), { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) }, blob.open, [201]);
        return 'uploaded';
    }
    /** `PUT /v2/<name>/manifests/<tag or digest>`; returns the digest the registry gives it. */
    async putManifest(reference, tagOrDigest, manifest) {
        const response = await this.send(reference, 'PUT', `manifests/${tagOrDigest}`, { 'content-type': manifest.mediaType }, () => manifest.bytes, [201]);
        this.manifests.clear();
        return response.headers.get('docker-content-digest') ?? '';
    }
    /**
     * One request to the repository's API (`path` relative to `/v2/<name>/`, or a whole URL the
     * registry gave), answering a 401 challenge once. GETs return 404 to the caller; other requests
     * fail unless the status is one of `expected`.
     */
    async send(ref, method, path, headers, body, expected) {
        const host = apiHost(ref.registry);
        const url = /^https?:\/\//.test(path) ? path : `${scheme(ref.registry)}://${host}/v2/${ref.path}/${path}`;
        const key = `${host}/${ref.path}`;
        const token = this.tokens.get(key);
        const sent = token ? { ...headers, authorization: token } : headers;
        let response = await this.fetchLogged(method, url, sent, body);
        let text;
        if (response.status === 401) {
            text = await response.text();
            const authorization = await this.authorize(ref, response.headers.get('www-authenticate') ?? '');
            if (authorization) {
                this.tokens.set(key, authorization);
                response = await this.fetchLogged(method, url, { ...headers, authorization }, body);
                text = undefined;
            }
        }
        const fine = expected
            ? expected.includes(response.status)
            : response.ok || response.status === 404 || method === 'HEAD';
        if (text === undefined && fine)
            return response;
        text = (text ?? (await response.text())).slice(0, 300);
        const why = response.status === 401 || response.status === 403
            ? `not allowed (HTTP ${response.status}): log in to ${ref.registry} with 'registry'/'username'/'password' or 'registry-auth'`
            : `HTTP ${response.status} ${text}`;
        const verb = method === 'GET' ? '' : `${method} `;
        throw new RegistryApiError(`${ref.registry}/${ref.path}: ${verb}${why}`, response.status);
    }
    /** Answers a 401 challenge: Basic with the credentials, or a Bearer token from the realm. */
    async authorize(ref, challenge) {
        const credential = this.credentials.find((c) => (c.registry || 'docker.io') === ref.registry ||
            apiHost(c.registry || 'docker.io') === apiHost(ref.registry));
        const basic = credential
            ? `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`
            : undefined;
        if (/^basic/i.test(challenge))
            return basic;
        if (!/^bearer/i.test(challenge))
            return undefined;
        const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key.toLowerCase(), value]));
        if (!params.realm)
            return undefined;
        let url;
        try {
            url = new URL(params.realm);
        }
        catch {
            return undefined;
        }
        // Credentials travel over HTTPS only; plain HTTP only to the registry's own loopback host.
        const sameLoopback = url.protocol === 'http:' && url.host === apiHost(ref.registry) && api_isLoopback(ref.registry);
        const mayCarry = url.protocol === 'https:' || sameLoopback;
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            return undefined;
        if (params.service)
            url.searchParams.set('service', params.service);
        url.searchParams.set('scope', params.scope ?? `repository:${ref.path}:pull`);
        const response = await this.fetchLogged('GET', url.toString(), basic && mayCarry ? { authorization: basic } : {});
        if (!response.ok) {
            await response.arrayBuffer();
            return undefined;
        }
        const body = JSON.parse(await this.read(response));
        const token = body.token ?? body.access_token;
        if (token)
            this.mask(token);
        if (body.access_token && body.token && body.access_token !== body.token)
            this.mask(body.access_token);
        return token ? `Bearer ${token}` : undefined;
    }
    async fetchLogged(method, url, headers, body) {
        const payload = body?.();
        const init = { method, headers, redirect: 'follow' };
        if (payload) {
            init.body = Buffer.isBuffer(payload)
                ? payload
                : external_node_stream_.Readable.toWeb(external_node_stream_.Readable.from(payload));
            if (!Buffer.isBuffer(payload))
                init.duplex = 'half';
        }
        const response = await this.fetchImpl(url, init);
        this.requests.push({
            method,
            url,
            status: response.status,
            bytes: Number(response.headers.get('content-length') ?? 0),
        });
        return response;
    }
    async read(response) {
        return response.text();
    }
}
/** Docker Hub's API lives at registry-1.docker.io. */
function apiHost(registry) {
    return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}
/** Like Docker: plain HTTP only for a registry on this machine; HTTPS everywhere else. */
function scheme(registry) {
    return api_isLoopback(registry) ? 'http' : 'https';
}
/**
 * `localhost`, `[::1]` or an IPv4 address in 127.0.0.0/8 (four numbers, not a name that starts
 * with `127.`), with or without a port.
 */
function api_isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1')
        return true;
    const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}
/** `linux/amd64`, `linux/arm64/v8` from a descriptor's platform. */
function platformOf(platform) {
    if (!platform)
        return '';
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

;// CONCATENATED MODULE: ./src/registry/images.ts


/** Manifest (the platform's, from a list) and configuration of a reference; `undefined` when missing. */
async function readRegistryImage(registry, reference, platform) {
    const ref = parseReference(reference);
    const found = await registry.manifest(ref);
    if (!found)
        return undefined;
    let manifest = found.manifest;
    let digest = found.digest;
    let chosen = '';
    if ('manifests' in manifest) {
        const entry = pickPlatform(manifest.manifests, platform);
        if (!entry)
            return undefined;
        chosen = platformOf(entry.platform);
        const inner = await registry.manifest({ ...ref, tag: undefined, digest: entry.digest });
        if (!inner)
            return undefined;
        manifest = inner.manifest;
        digest = entry.digest;
    }
    const image = manifest;
    const config = (await registry.config(ref, image.config));
    // A single image is the platform its configuration names, whatever was asked for.
    return { manifest: image, config, platform: chosen || platformOfConfig(config) || platform, digest };
}
/** The entry for `platform` (`linux/amd64`), else the first that is not an attestation. */
function pickPlatform(manifests, platform) {
    const real = manifests.filter((m) => m.platform && m.platform.os !== 'unknown');
    return (real.find((m) => platformOf(m.platform) === platform) ??
        real.find((m) => osArch(platformOf(m.platform)) === osArch(platform)) ??
        real[0]);
}
/** `linux/arm/v7` -> `linux/arm`: a variant-less match never crosses architectures. */
/** `linux/arm64/v8` -> `linux/arm64`. */
function osArch(platform) {
    return platform.split('/').slice(0, 2).join('/');
}
function platformOfConfig(config) {
    return [config.os, config.architecture, config.variant].filter(Boolean).join('/');
}
/**
 * Whether `ref` in its registry is an image with exactly these layers (`diffIds`, from its
 * configuration): a cache image that would be pushed again with nothing new. False when unsure.
 */
async function holdsLayers(registry, ref, diffIds) {
    if (diffIds.length === 0)
        return false;
    try {
        const read = await readRegistryImage(registry, ref, '');
        const held = read?.config.rootfs?.diff_ids ?? [];
        return held.length === diffIds.length && held.every((id, i) => id === diffIds[i]);
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
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
const stdoutLogger = {
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

;// CONCATENATED MODULE: ./src/registry/push.ts





/** Thrown when a reference could not be pushed; the message names the registry and the likely cause. */
class PushError extends Error {
    reference;
    failure;
    attempts;
    constructor(message, reference, failure, attempts) {
        super(message);
        this.reference = reference;
        this.failure = failure;
        this.attempts = attempts;
    }
}
const DENIED = /\bdenied\b|\b403\b|forbidden|insufficient_scope/i;
const AUTH = /unauthorized|authentication required|no basic auth credentials|\b401\b/i;
const TRANSIENT = new RegExp([
    'connection refused',
    'connection reset',
    'broken pipe',
    '\\bEOF\\b',
    'i/o timeout',
    'TLS handshake timeout',
    'net/http: request canceled',
    'timeout awaiting response headers',
    'Client\\.Timeout exceeded',
    'received unexpected HTTP status: 5\\d\\d',
    '\\b5\\d\\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)',
    '(?:status|code)[ :=]+5\\d\\d\\b',
    'HTTP(?:/[\\d.]+)? 5\\d\\d\\b',
].join('|'), 'i');
/** The client could not reach its own daemon: not the registry's answer, whatever words it uses. */
const LOCAL_DAEMON = /docker daemon socket|Cannot connect to the Docker daemon/i;
/**
 * What a failed `docker push` most likely means, from its error output: `auth` (not logged in or wrong
 * credentials), `denied` (logged in, but may not push there), `transient` (network or a 5xx answer:
 * worth another try) or `other`.
 */
function classifyPushFailure(text) {
    if (LOCAL_DAEMON.test(text))
        return 'other';
    if (DENIED.test(text))
        return 'denied';
    if (AUTH.test(text))
        return 'auth';
    if (TRANSIENT.test(text))
        return 'transient';
    return 'other';
}
/** The registry host a reference is pushed to: `ghcr.io/acme/app:v1` -> `ghcr.io`; `app` -> `docker.io`. */
function registryOf(reference) {
    return parseReference(reference).registry;
}
/**
 * Pushes every reference in order, each with up to `attempts` tries: network errors and 5xx answers are
 * retried with exponential backoff; authentication, permission and other errors fail at once. The first
 * reference that cannot be pushed stops the push and fails the step.
 */
async function pushReferences(docker, references, options = {}) {
    const attempts = Math.max(1, Math.floor(options.attempts ?? 4));
    const baseDelayMs = options.baseDelayMs ?? 2000;
    const sleep = options.sleep ?? ((ms) => (0,external_node_timers_promises_.setTimeout)(ms));
    const log = options.log ?? stdoutLogger;
    const pushed = [];
    for (const reference of references) {
        const digest = await log.group(`Push ${reference}`, () => pushOne(docker, reference, { attempts, baseDelayMs, sleep, log }));
        pushed.push({ reference, digest });
    }
    return { references: pushed, digest: pushed[0]?.digest ?? '' };
}
async function pushOne(docker, reference, options) {
    const { attempts, baseDelayMs, sleep, log } = options;
    for (let attempt = 1;; attempt++) {
        let output;
        // What the registry and the client print goes out with workflow commands off (a tag or an
        // error text could otherwise be read as `::set-output` or `::add-mask`).
        try {
            return await (0,exec/* withGuardedOutput */.G$)((text) => log.info(text.replace(/\n$/, '')), async (line) => (await docker.push(reference, line)).digest);
        }
        catch (error) {
            if (!(error instanceof engine_docker/* DockerError */.Bi))
                throw error;
            output = error.result ? error.result.stderr || error.result.stdout : error.message;
            if (!(0,engine_docker/* lines */.Mn)(output).length)
                output = error.message;
        }
        const kind = classifyPushFailure(output);
        const reason = (0,engine_docker/* lines */.Mn)(output).pop() ?? '';
        if (kind === 'transient' && attempt < attempts) {
            const wait = Math.round(baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
            log.info(`Push of ${reference} failed (attempt ${attempt} of ${attempts}): ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`);
            await sleep(wait);
            continue;
        }
        throw new PushError(push_failureMessage(reference, kind, output, attempt), reference, kind, attempt);
    }
}
function push_failureMessage(reference, kind, output, attempt) {
    const registry = safeRegistryOf(reference);
    const said = (0,engine_docker/* lines */.Mn)(output).slice(-5).join('\n');
    const head = `Push of ${reference} failed`;
    switch (kind) {
        case 'auth':
            return `${head}: not logged in to ${registry}: set 'username' and 'password' (or 'registry-auth'). The registry said: ${said}`;
        case 'denied': {
            const repository = repositoryOf(reference);
            return `${head}: the credentials for ${registry} may not push to ${repository}: for ghcr.io the token needs 'packages: write'. The registry said: ${said}`;
        }
        case 'transient':
            return `${head} after ${attempt} attempt(s); ${registry} kept failing: ${said}`;
        default:
            return `${head}: ${said}`;
    }
}
function safeRegistryOf(reference) {
    try {
        return registryOf(reference);
    }
    catch {
        return reference.split('/')[0];
    }
}
function repositoryOf(reference) {
    try {
        return parseReference(reference).path;
    }
    catch {
        return reference;
    }
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
;// CONCATENATED MODULE: ./src/publish/image-blobs.ts





const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
/** A layer tar, gzipped (level 6) into `file` as it streams, hashed before and after. */
async function gzipToFile(chunks, file) {
    const diff = (0,external_node_crypto_.createHash)('sha256');
    const packed = (0,external_node_crypto_.createHash)('sha256');
    const gzip = (0,external_node_zlib_.createGzip)({ level: 6 });
    const out = (0,external_node_fs_.createWriteStream)(file, { mode: 0o600 });
    let size = 0;
    gzip.on('data', (chunk) => {
        packed.update(chunk);
        size += chunk.length;
    });
    gzip.pipe(out);
    const written = (0,external_node_events_.once)(out, 'finish');
    for await (const chunk of chunks) {
        diff.update(chunk);
        if (!gzip.write(chunk))
            await (0,external_node_events_.once)(gzip, 'drain');
    }
    gzip.end();
    await written;
    return { digest: `sha256:${packed.digest('hex')}`, size, diffId: `sha256:${diff.digest('hex')}` };
}
/** The image's blobs, from the layer store when there is one, else from `docker save`. */
async function imageBlobs(docker, image, dir, store) {
    const diffIds = image.RootFS.Layers ?? [];
    const config = store ? await store.imageConfig(image.Id) : undefined;
    if (store && config) {
        const layers = [];
        for (let i = 0; i < diffIds.length; i++) {
            const file = (0,external_node_path_.join)(dir, `${image.Id.replace(/^sha256:/, '').slice(0, 12)}-${i}.tar.gz`);
            layers.push({ ...(await gzipToFile(store.layerTar(diffIds, i), file)), file });
        }
        return checked({ config, configDigest: digestOf(config), layers }, image.Id, diffIds);
    }
    return checked(await savedBlobs(docker, image.Id, dir), image.Id, diffIds);
}
function checked(blobs, imageId, diffIds) {
    if (blobs.configDigest !== imageId) {
        throw new Error(`the configuration read for ${imageId} has digest ${blobs.configDigest}`);
    }
    const read = blobs.layers.map((layer) => layer.diffId);
    if (read.join() !== diffIds.join()) {
        throw new Error(`the layers read for ${imageId} (${read.join(', ')}) are not its diff IDs (${diffIds.join(', ')})`);
    }
    return blobs;
}
function digestOf(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/**
 * `docker save` read as it streams: small files kept in memory, every larger one (a layer tar)
 * gzipped to a file of its own as it passes; `manifest.json` (last in the archive) says which is which.
 */
async function savedBlobs(docker, imageId, dir) {
    const program = docker.saveStream(imageId);
    const files = new Map();
    const packed = new Map();
    // Loaded when a saved image is read: most runs read none.
    const { extract } = await __webpack_require__.e(/* import() */ 118).then(__webpack_require__.t.bind(__webpack_require__, 6118, 19));
    const reader = extract();
    const done = new Promise((resolve, reject) => {
        reader.on('finish', resolve);
        reader.on('error', reject);
        program.stdout.on('error', reject);
    });
    program.stdout.pipe(reader);
    try {
        let index = 0;
        for await (const entry of reader) {
            const name = entry.header.name.replace(/^\.\//, '');
            if (entry.header.type !== 'file') {
                entry.resume();
                continue;
            }
            if ((entry.header.size ?? 0) < 65_536) {
                const chunks = [];
                for await (const chunk of entry)
                    chunks.push(chunk);
                files.set(name, Buffer.concat(chunks));
                continue;
            }
            const file = (0,external_node_path_.join)(dir, `saved-${process.pid}-${index++}.tar.gz`);
            packed.set(name, { ...(await gzipToFile(entry, file)), file });
        }
        await done;
    }
    catch (error) {
        program.kill();
        throw error;
    }
    const exit = await program.finished;
    if (exit.exitCode !== 0)
        throw new Error(`docker save: ${exit.stderr.trim() || `exit code ${exit.exitCode}`}`);
    const [entry] = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]');
    if (!entry)
        throw new Error('docker save wrote no manifest.json');
    const config = files.get(entry.Config);
    if (!config)
        throw new Error(`docker save wrote no ${entry.Config}`);
    const layers = [];
    for (const [i, name] of entry.Layers.entries()) {
        let layer = packed.get(name);
        const small = files.get(name);
        if (!layer && small) {
            const file = (0,external_node_path_.join)(dir, `saved-${process.pid}-small-${i}.tar.gz`);
            layer = { ...(await gzipToFile([small], file)), file };
        }
        if (!layer)
            throw new Error(`docker save wrote no ${name}`);
        layers.push(layer);
    }
    return { config, configDigest: digestOf(config), layers };
}
/** The OCI image manifest of the blobs, and its bytes (what its digest is of). */
function imageManifest(blobs, annotations = {}) {
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: blobs.configDigest, size: blobs.config.length },
        layers: blobs.layers.map((layer) => ({ mediaType: OCI_LAYER, digest: layer.digest, size: layer.size })),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return { mediaType: OCI_MANIFEST, bytes, digest: digestOf(bytes) };
}
/** The OCI image index of the platforms' manifests, and its bytes. */
function imageIndex(entries, annotations = {}) {
    const index = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: entries.map((entry) => {
            const [os, architecture, variant] = entry.platform.split('/');
            return {
                mediaType: OCI_MANIFEST,
                digest: entry.digest,
                size: entry.size,
                platform: { architecture, os, ...(variant ? { variant } : {}) },
                ...(entry.annotations && Object.keys(entry.annotations).length > 0
                    ? { annotations: entry.annotations }
                    : {}),
            };
        }),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    const bytes = Buffer.from(JSON.stringify(index));
    return { mediaType: OCI_INDEX, bytes, digest: digestOf(bytes) };
}
/** A blob file, opened for an upload. */
function openBlob(file) {
    return (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 });
}

;// CONCATENATED MODULE: ./src/publish/index-push.ts




async function pushIndex(images, tags, platforms, context) {
    const { log } = context;
    const read = [];
    try {
        for (const { platform, image } of platforms) {
            read.push({ platform, blobs: await imageBlobs(context.docker, image, context.workDir, context.store) });
        }
        const manifests = read.map(({ platform, blobs }) => ({
            platform,
            blobs,
            manifest: imageManifest(blobs),
        }));
        const entries = manifests.map(({ platform, manifest }) => ({
            platform,
            digest: manifest.digest,
            size: manifest.bytes.length,
            annotations: context.descriptorAnnotations,
        }));
        const index = imageIndex(entries, context.indexAnnotations);
        for (const repository of images) {
            await log.group(`Push ${repository.name} (${platforms.map((p) => p.platform).join(', ')})`, async () => {
                for (const { platform, blobs, manifest } of manifests) {
                    const blobsToSend = [
                        {
                            digest: blobs.configDigest,
                            size: blobs.config.length,
                            open: () => bufferStream(blobs.config),
                        },
                        ...blobs.layers.map((layer) => ({ ...layer, open: () => openBlob(layer.file) })),
                    ];
                    let sent = 0;
                    for (const blob of blobsToSend) {
                        const outcome = await retried(context, `blob ${blob.digest}`, () => context.registry.uploadBlob(repository, blob));
                        if (outcome === 'uploaded')
                            sent++;
                    }
                    await retried(context, `manifest of ${platform}`, () => context.registry.putManifest(repository, manifest.digest, manifest));
                    log.info(`${platform}: ${repository.name}@${manifest.digest} (${sent} of ${blobsToSend.length} blob(s) uploaded, the rest were there)`);
                }
                for (const tag of tags) {
                    await retried(context, `index ${tag}`, () => context.registry.putManifest(repository, tag, index));
                    log.info(`${repository.name}:${tag} -> image index ${index.digest}`);
                }
            });
        }
        return {
            digest: index.digest,
            platforms: manifests.map(({ platform, manifest }) => ({ platform, digest: manifest.digest })),
        };
    }
    finally {
        await Promise.all(read.flatMap(({ blobs }) => blobs.layers.map((layer) => (0,promises_.rm)(layer.file, { force: true }))));
    }
}
function bufferStream(bytes) {
    return (async function* () {
        yield bytes;
    })();
}
/** Network errors and 5xx answers are tried again with exponential backoff; others fail at once. */
async function retried(context, what, work) {
    const attempts = Math.max(1, context.attempts ?? 4);
    const base = context.baseDelayMs ?? 2000;
    for (let attempt = 1;; attempt++) {
        try {
            return await work();
        }
        catch (error) {
            const status = error instanceof RegistryApiError ? error.status : undefined;
            const transient = status === undefined ? error instanceof TypeError : status >= 500;
            if (!transient || attempt >= attempts)
                throw error;
            const wait = Math.round(base * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
            context.log.info(`Push of ${what} failed (attempt ${attempt} of ${attempts}): ${error.message}; retrying in ${(wait / 1000).toFixed(1)} s`);
            await (0,external_node_timers_promises_.setTimeout)(wait);
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/buildah-manifest.ts





/** `buildah manifest add --os linux --arch arm64 [--variant v8] <list> containers-storage:<id>` */
function manifestAddArgs(list, image, platform) {
    const [os, arch, variant] = platform.split('/');
    return [
        'add',
        '--os',
        os,
        '--arch',
        arch,
        ...(variant ? ['--variant', variant] : []),
        list,
        `containers-storage:${image.replace(/^sha256:/, '')}`,
    ];
}
/** `buildah manifest annotate --annotation k=v … <list> <instance digest>` */
function manifestAnnotateArgs(list, instance, annotations) {
    const flags = Object.entries(annotations).flatMap(([key, value]) => ['--annotation', `${key}=${value}`]);
    return ['annotate', ...flags, list, instance];
}
/**
 * `buildah manifest push --all --format oci --digestfile F <list> docker://<name>:<tag>`, without TLS
 * only for a loopback registry (Docker's rule; buildah alone would ask for TLS there too).
 */
function manifestPushArgs(list, destination, digestFile, registry) {
    return [
        'push',
        '--all',
        '--quiet',
        '--format',
        'oci',
        '--digestfile',
        digestFile,
        ...(api_isLoopback(registry) ? ['--tls-verify=false'] : []),
        list,
        `docker://${destination}`,
    ];
}
/** The instance digest `buildah manifest add` prints (`<list id>: sha256:…`). */
function addedInstance(stdout) {
    return /(sha256:[0-9a-f]{64})\s*$/.exec(stdout.trim())?.[1];
}
/** An index with `index`-level annotations added: new bytes, new digest. */
function annotateIndex(bytes, annotations) {
    const index = JSON.parse(bytes.toString('utf8'));
    const annotated = Buffer.from(JSON.stringify({ ...index, annotations: { ...index.annotations, ...annotations } }));
    return { bytes: annotated, digest: `sha256:${(0,external_node_crypto_.createHash)('sha256').update(annotated).digest('hex')}` };
}
async function pushBuildahManifest(images, tags, platforms, context) {
    const { buildah, registry, listName: list, log } = context;
    const run = async (args, what) => {
        const result = await buildah.manifest(args);
        if (result.exitCode !== 0) {
            throw new Error(`buildah manifest ${what} failed (exit code ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join('\n')}`);
        }
        return result;
    };
    const [first, ...otherRepositories] = images;
    const [firstTag, ...otherTags] = tags;
    // A list of that name left by a stopped run of the same ID is not this one's.
    await buildah.manifest(['rm', list]);
    await run(['create', list], 'create');
    const digestFile = (0,external_node_path_.join)(context.workDir, 'buildah-index-digest');
    try {
        for (const { platform, buildahImage } of platforms) {
            const added = await run(manifestAddArgs(list, buildahImage, platform), `add (${platform})`);
            const instance = addedInstance(added.stdout);
            const annotations = context.descriptorAnnotations ?? {};
            if (instance && Object.keys(annotations).length > 0) {
                await run(manifestAnnotateArgs(list, instance, annotations), `annotate (${platform})`);
            }
        }
        const names = platforms.map((p) => p.platform).join(', ');
        await log.group(`Push ${first.name}:${firstTag} (${names}) with buildah`, async () => {
            await run(manifestPushArgs(list, `${first.name}:${firstTag}`, digestFile, first.registry), 'push');
            log.info(`buildah pushed its manifest list and every image of it to ${first.name}:${firstTag}.`);
        });
        const pushedDigest = (await (0,promises_.readFile)(digestFile, 'utf8')).trim();
        const pushed = await registry.manifestBytes(first, pushedDigest);
        if (!pushed)
            throw new Error(`${first.name}@${pushedDigest}: the index buildah pushed is not in the registry.`);
        let index = { mediaType: pushed.mediaType, bytes: pushed.bytes, digest: pushedDigest };
        const indexAnnotations = context.indexAnnotations ?? {};
        const annotate = Object.keys(indexAnnotations).length > 0;
        if (annotate)
            index = { ...index, ...annotateIndex(pushed.bytes, indexAnnotations) };
        const entries = JSON.parse(index.bytes.toString('utf8')).manifests;
        // The same bytes under every tag of the first repository…
        for (const tag of annotate ? tags : otherTags) {
            await retried(context, `index ${tag}`, () => registry.putManifest(first, tag, index));
            log.info(`${first.name}:${tag} -> image index ${index.digest}`);
        }
        // …and in every other repository: each image's blobs and manifest, then the index.
        for (const repository of otherRepositories) {
            await log.group(`Copy ${first.name} to ${repository.name} (${names})`, async () => {
                for (const entry of entries) {
                    const manifest = await registry.manifestBytes(first, entry.digest);
                    if (!manifest)
                        throw new Error(`${first.name}@${entry.digest}: missing after buildah's push.`);
                    const parsed = JSON.parse(manifest.bytes.toString('utf8'));
                    let sent = 0;
                    for (const blob of [parsed.config, ...parsed.layers]) {
                        const outcome = await retried(context, `blob ${blob.digest}`, () => registry.uploadBlob(repository, {
                            digest: blob.digest,
                            size: blob.size,
                            open: () => registry.blobStream(first, blob.digest),
                        }));
                        if (outcome === 'uploaded')
                            sent++;
                    }
                    await retried(context, `manifest ${entry.digest}`, () => registry.putManifest(repository, entry.digest, manifest));
                    log.info(`${platformOf(entry.platform)}: ${repository.name}@${entry.digest} (${sent} of ${parsed.layers.length + 1} blob(s) copied, the rest were there)`);
                }
                for (const tag of tags) {
                    await retried(context, `index ${tag}`, () => registry.putManifest(repository, tag, index));
                    log.info(`${repository.name}:${tag} -> image index ${index.digest}`);
                }
            });
        }
        return {
            digest: index.digest,
            platforms: entries.map((entry) => ({ platform: platformOf(entry.platform), digest: entry.digest })),
        };
    }
    finally {
        await buildah.manifest(['rm', list]);
        await (0,promises_.rm)(digestFile, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/publish/publish.ts




/**
 * Pushes every reference, only when every test passed; `test-only` builds nothing to push. Several
 * platforms: each platform's image by digest, then one image index per tag (`publish/index-push.ts`).
 */
async function publishStage(settings, context) {
    const requested = settings.push;
    if (!requested)
        return { requested, digest: '' };
    if (context.testOnly)
        return { requested, digest: '', skippedReason: "not pushed: 'test-only' builds nothing to push" };
    if (context.failedTests > 0) {
        return { requested, digest: '', skippedReason: `not pushed: ${context.failedTests} test(s) failed` };
    }
    const multi = context.platforms;
    if (multi?.pushWithBuildx) {
        const digest = await multi.pushWithBuildx(multi.workDir);
        const platforms = await verifyPushedPlatforms(multi.registry, settings.references[0], multi.images);
        return { requested, digest, platforms };
    }
    if (multi?.buildah && multi.buildah.images.length > 1) {
        const pushed = await pushBuildahManifest(settings.images, settings.tags, multi.buildah.images, {
            buildah: multi.buildah.client,
            registry: multi.registry,
            listName: multi.buildah.listName,
            workDir: multi.workDir,
            indexAnnotations: annotationsAt(multi.annotations, 'index'),
            descriptorAnnotations: annotationsAt(multi.annotations, 'index-descriptor'),
            log: context.log,
        });
        return { requested, digest: pushed.digest, platforms: pushed.platforms };
    }
    if (multi && multi.images.length > 1) {
        const pushed = await pushIndex(settings.images, settings.tags, multi.images, {
            docker: context.docker,
            registry: multi.registry,
            workDir: multi.workDir,
            store: multi.store,
            indexAnnotations: annotationsAt(multi.annotations, 'index'),
            descriptorAnnotations: annotationsAt(multi.annotations, 'index-descriptor'),
            log: context.log,
        });
        return { requested, digest: pushed.digest, platforms: pushed.platforms };
    }
    const pushed = await pushReferences(context.docker, settings.references, { log: context.log });
    return { requested, digest: pushed.digest };
}
/** The annotations of one level, as a map. */
function annotationsAt(annotations, level) {
    return Object.fromEntries(annotations.filter((a) => a.levels.includes(level)).map((a) => [a.key, a.value]));
}
/**
 * What BuildKit pushed is what was tested: each platform's image in the pushed index has the tested
 * image's layers (rootfs diff IDs). Fails naming the platform that differs; returns each platform's
 * manifest digest.
 */
async function verifyPushedPlatforms(registry, reference, tested) {
    const found = [];
    for (const { platform, image } of tested) {
        const pushed = await readRegistryImage(registry, reference, platform);
        const layers = pushed?.config.rootfs?.diff_ids ?? [];
        if (!pushed ||
            osArch(pushed.platform) !== osArch(platform) ||
            layers.join() !== (image.RootFS.Layers ?? []).join()) {
            throw new Error(`The pushed ${reference} for ${platform} is not the image that was tested: its layers (${layers.join(', ') || 'none'}) differ from the tested ones (${(image.RootFS.Layers ?? []).join(', ')}). The builder did not answer the push from the cache of the tested build; the tag now holds the untested image.`);
        }
        found.push({ platform, digest: pushed.digest });
    }
    return found;
}

;// CONCATENATED MODULE: ./src/registry/login.ts





class LoginError extends Error {
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
    await (0,promises_.mkdir)(tempRoot, { recursive: true });
    const configDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tempRoot, 'shipshape-docker-config-'));
    await (0,promises_.chmod)(configDir, 0o700);
    const session = { configDir, registries: [] };
    const registries = [...new Set(credentials.map((c) => normalizeRegistry(c.registry)))];
    const sourceDir = process.env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
    try {
        const config = await readUserConfig(sourceDir, log);
        isolateFromCredentialStore(config, registries.map(authKey));
        await (0,promises_.writeFile)((0,external_node_path_.join)(configDir, 'config.json'), JSON.stringify(config, null, '\t') + '\n', {
            mode: 0o600,
        });
        const plugins = (0,external_node_path_.join)(sourceDir, 'cli-plugins');
        if (await login_exists(plugins))
            await (0,promises_.symlink)(plugins, (0,external_node_path_.join)(configDir, 'cli-plugins'));
    }
    catch (error) {
        await (0,promises_.rm)(configDir, { recursive: true, force: true });
        throw error;
    }
    previousEnv.set(configDir, {
        dockerConfig: process.env.DOCKER_CONFIG,
        authFile: process.env.REGISTRY_AUTH_FILE,
    });
    process.env.DOCKER_CONFIG = configDir;
    process.env.REGISTRY_AUTH_FILE = (0,external_node_path_.join)(configDir, 'config.json');
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
            : ((0,engine_docker/* lines */.Mn)(scrub(result.stderr || result.stdout, credential.password)).pop() ??
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
                const detail = (0,engine_docker/* lines */.Mn)(result.stderr || result.stdout).pop() ?? `exit code ${result.exitCode}`;
                warnings.push(`docker logout ${registry} failed: ${detail}`);
            }
        }
        catch (error) {
            warnings.push(`docker logout ${registry} failed: ${error.message}`);
        }
    }
    try {
        await (0,promises_.rm)(session.configDir, { recursive: true, force: true });
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
async function login_exists(path) {
    try {
        await (0,promises_.lstat)(path);
        return true;
    }
    catch {
        return false;
    }
}
async function readUserConfig(dir, log) {
    let text;
    try {
        text = await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'config.json'), 'utf8');
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
    log.warning(`${(0,external_node_path_.join)(dir, 'config.json')} is not a JSON object; earlier registry logins are not used.`);
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
    const last = (0,engine_docker/* lines */.Mn)(scrub(result.stderr, password)).pop() ?? (0,engine_docker/* lines */.Mn)(text).pop() ?? '';
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

;// CONCATENATED MODULE: ./src/naming/git-context.ts
/**
 * What the workflow run is about: the event, the ref, the commit and the repository, read from the
 * runner's environment and the event payload (`GITHUB_EVENT_PATH`, parsed by the caller), and the questions
 * the tag rules ask about it (which branch, which pull request, is it the default branch). Pure: no I/O.
 */

/** Events whose payload is a pull request (and whose fork status matters). */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
function gitContext(env, event) {
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
    const fullName = git_context_text(repository?.full_name);
    const isFork = PULL_REQUEST_EVENTS.includes(eventName) &&
        pr !== undefined &&
        git_context_text(record(head?.repo)?.full_name) !== (fullName ?? env.GITHUB_REPOSITORY);
    const repo = {};
    const name = git_context_text(repository?.name);
    const description = git_context_text(repository?.description);
    const htmlUrl = git_context_text(repository?.html_url);
    const license = git_context_text(record(repository?.license)?.spdx_id);
    if (name !== undefined)
        repo.name = name;
    if (description !== undefined)
        repo.description = description;
    if (htmlUrl !== undefined)
        repo.htmlUrl = htmlUrl;
    if (license !== undefined)
        repo.license = license;
    const headSha = git_context_text(head?.sha);
    let sha = env.GITHUB_SHA ?? '';
    // metadata-action's opt-in: tag a pull request's build by its head commit, not the merge commit.
    if (/true/i.test(env.DOCKER_METADATA_PR_HEAD_SHA ?? '') && /pull_request/.test(eventName) && headSha) {
        sha = headSha;
    }
    const context = {
        eventName,
        ref,
        sha,
        shortShaLength: shortShaLength(env.DOCKER_METADATA_SHORT_SHA_LENGTH),
        repository: env.GITHUB_REPOSITORY || fullName || '',
        defaultBranch: git_context_text(repository?.default_branch) ?? '',
        isFork,
        repo,
    };
    if (prNumber !== undefined)
        context.prNumber = prNumber;
    if (headSha !== undefined)
        context.prHeadSha = headSha;
    const commitDate = commitDateOf(event, sha);
    if (commitDate !== undefined)
        context.commitDate = commitDate;
    const pushBaseRef = git_context_text(event.base_ref);
    if (pushBaseRef !== undefined)
        context.pushBaseRef = pushBaseRef;
    const baseRef = git_context_text(base?.ref);
    if (baseRef !== undefined)
        context.prBaseRef = baseRef;
    return context;
}
function shortShaLength(value) {
    if (!value)
        return SHORT_SHA_LENGTH;
    const length = Number(value);
    if (Number.isNaN(length)) {
        throw new InputError('DOCKER_METADATA_SHORT_SHA_LENGTH', value, "give the short SHA's length as a number, e.g. 12 (an environment variable).");
    }
    return length;
}
/** metadata-action's commit date from the payload: the pushed commit's timestamp. */
function commitDateOf(event, sha) {
    const commits = Array.isArray(event.commits) ? event.commits.map(record) : [];
    const candidates = [...commits, record(event.head_commit)];
    const timestamp = git_context_text(candidates.find((commit) => commit?.id === sha)?.timestamp);
    const date = timestamp === undefined ? undefined : new Date(timestamp);
    return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
}
function record(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}
function git_context_text(value) {
    return typeof value === 'string' ? value : undefined;
}
function integer(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
// ---------------------------------------------------------------------------------------------------------
// What the tag rules ask about the run, answered as docker/metadata-action answers
/** A short commit SHA's length, as `git rev-parse --short` and metadata-action give it. */
const SHORT_SHA_LENGTH = 7;
function refName(ref, kind) {
    const prefix = `refs/${kind}/`;
    return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}
/** metadata-action's `type=ref,event=pr`: the ref after `refs/pull/`, without `/merge`. */
function pullRequestNumber(ctx) {
    return ctx.ref.startsWith('refs/pull/')
        ? ctx.ref.slice('refs/pull/'.length).replace(/\/merge$/, '')
        : undefined;
}
/** `{{sha}}` and `type=sha`'s short form: the first `shortShaLength` characters (all when shorter). */
function shortSha(ctx) {
    const length = ctx.shortShaLength ?? SHORT_SHA_LENGTH;
    return length >= ctx.sha.length ? ctx.sha : ctx.sha.slice(0, length);
}
/**
 * metadata-action's `{{is_default_branch}}`: the ref without `refs/heads/` is the payload's default
 * branch, or the event always runs on the default branch's last commit.
 */
function isDefaultBranch(ctx) {
    const branch = ctx.ref.replace(/^refs\/heads\//, '');
    if (branch === '')
        return false;
    if (ctx.defaultBranch !== '' && branch === ctx.defaultBranch)
        return true;
    return /create|discussion|issues|schedule/.test(ctx.eventName);
}
/** No event and no ref: not a GitHub Actions run (a local run). */
function isOutsideActions(ctx) {
    return ctx.eventName === '' && ctx.ref === '';
}

;// CONCATENATED MODULE: ./src/naming/labels.ts
const PREFIX = 'org.opencontainers.image.';
/**
 * `org.opencontainers.image.{title,description,url,source,version,created,revision,licenses}`, empty
 * values included, as metadata-action gives them; none when the context names no repository (a run
 * outside GitHub Actions): the labels describe where an image was built from, and there is nothing to
 * describe.
 */
function ociLabels(ctx, version, created) {
    const url = ctx.repo.htmlUrl || (ctx.repository ? `https://github.com/${ctx.repository}` : '');
    if (url === '')
        return {};
    const license = ctx.repo.license ?? '';
    const values = [
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
function metadataList(oci, custom) {
    const entries = Object.entries({ ...oci, ...custom });
    // metadata-action sorts with localeCompare. Its first call loads ICU's collator (≈25 ms of every
    // run); keys of lower-case letters, digits, '.' and '-' (the OCI ones, and most) sort the same by
    // code point, so the collator is only asked for other keys.
    const plain = entries.every(([key]) => /^[a-z0-9.-]*$/.test(key));
    const order = plain
        ? ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)
        : ([a], [b]) => a.localeCompare(b);
    return entries.sort(order).map(([key, value]) => `${key}=${value}`);
}

;// CONCATENATED MODULE: ./src/naming/tag-templates.ts
/**
 * Templates in the `tags`, `flavor`, `labels` and `annotations` inputs, as docker/metadata-action's
 * Handlebars expressions: `{{name}}`, `{{date 'FORMAT' [tz='Area/City']}}` and
 * `{{commit_date 'FORMAT' [tz=…]}}` (moment.js formats). Checked when a rule is read, evaluated per run.
 */


/** Placeholders in `value=`, `prefix=`, `suffix=`, `enable=` and the flavor's prefix and suffix. */
const GLOBAL_PLACEHOLDERS = [
    'branch',
    'tag',
    'sha',
    'base_ref',
    'is_default_branch',
    'is_not_default_branch',
    'date',
    'commit_date',
];
const SEMVER_PLACEHOLDERS = ['version', 'major', 'minor', 'patch', 'raw'];
const SCHEDULE_PLACEHOLDERS = ['date', 'commit_date'];
/** Placeholders whose text comes from a git ref name. */
const GIT_NAME_PLACEHOLDERS = ['branch', 'tag', 'base_ref'];
const DATE_PLACEHOLDERS = ['date', 'commit_date'];
/** moment.js's format without an argument; for UTC it ends in 'Z' instead of '+00:00'. */
const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';
function parseTemplate(text, allowed, what, fail) {
    const tokens = [];
    const placeholder = /\{\{(.*?)\}\}/gs;
    let last = 0;
    for (let match = placeholder.exec(text); match !== null; match = placeholder.exec(text)) {
        if (match.index > last)
            tokens.push({ text: text.slice(last, match.index) });
        tokens.push(parsePlaceholder(match[1], allowed, what, fail));
        last = placeholder.lastIndex;
    }
    const tail = text.slice(last);
    if (tail.includes('{{')) {
        fail(`${what} has '{{' without a closing '}}'; write placeholders as ${tag_templates_list(allowed)}.`);
    }
    if (tail !== '')
        tokens.push({ text: tail });
    return tokens;
}
function parsePlaceholder(inner, allowed, what, fail) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.*))?$/s.exec(inner.trim());
    const name = match?.[1];
    if (match === null || name === undefined || !allowed.includes(name)) {
        const shown = name ?? inner.trim();
        fail(`${what} has an unknown placeholder '{{${shown}}}'; the valid ones here are ${tag_templates_list(allowed)}.`);
    }
    const args = match[2];
    if (DATE_PLACEHOLDERS.includes(name))
        return parseDateArguments(name, inner.trim(), args ?? '', what, fail);
    if (args !== undefined)
        fail(`${what} has '{{${inner.trim()}}}': {{${name}}} takes no arguments.`);
    return { name };
}
/**
 * `'FORMAT'` or `"FORMAT"`, then optionally `tz='Area/City'`. A bare word where the format goes is, as
 * in Handlebars, a variable that is not there: the date then has moment.js's default format.
 */
function parseDateArguments(name, inner, args, what, fail) {
    const form = `{{${name} 'FORMAT'}} or {{${name} 'FORMAT' tz='Area/City'}}`;
    const match = /^(?:'([^']*)'|"([^"]*)"|([A-Za-z_][\w-]*))(?:\s+tz=(?:'([^']*)'|"([^"]*)"))?\s*$/.exec(args);
    if (match === null)
        fail(`${what} has '{{${inner}}}': write ${form} (dates are in UTC by default).`);
    const token = { name };
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
function tag_templates_list(placeholders) {
    return placeholders
        .map((name) => (DATE_PLACEHOLDERS.includes(name) ? `{{${name} 'FORMAT'}}` : `{{${name}}}`))
        .join(', ');
}
// ---------------------------------------------------------------------------------------------------------
// Dates: moment.js's format tokens, in a time zone
/** The moment.js tokens supported, longest first; other letters moment reads as tokens are refused. */
const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's'];
const MORE_TOKENS = ['SSS', 'SS', 'S', 'ZZ', 'Z', 'A', 'a', 'X', 'x'];
const DATE_FORMAT_RE = /\[[^\]]*\]|Y{1,6}|M{1,4}|D{1,4}|d{1,4}|H{1,2}|h{1,2}|k{1,2}|m{1,2}|s{1,2}|S{1,9}|Z{1,2}|z{1,2}|[A-Za-z]|[^A-Za-z[]+|\[/g;
/** Letters moment.js reads as (parts of) tokens; any other letter is kept as it is. */
const MOMENT_LETTERS = /^[MQDdEewWYyGgNnAaHhkmsSZXxLoz]$/;
function checkDateFormat(format, what, fail) {
    for (const token of format.match(DATE_FORMAT_RE) ?? []) {
        if (token === '[')
            fail(`${what} has the date format '${format}' with a '[' that is never closed.`);
        if (MOMENT_LETTERS.test(token[0]) && ![...DATE_TOKENS, ...MORE_TOKENS].includes(token)) {
            fail(`${what} has the date format '${format}' with '${token}', which is not supported; use ${[...DATE_TOKENS, ...MORE_TOKENS].join(', ')} and put other letters in brackets, e.g. '[T]'.`);
        }
    }
}
function isTimeZone(tz) {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
    }
    catch {
        return false;
    }
}
/** The wall-clock fields of `date` in `tz`, and the zone's offset from UTC in minutes. */
function inZone(date, tz) {
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
    const fields = {};
    for (const part of parts)
        if (part.type !== 'literal')
            fields[part.type] = Number(part.value);
    const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    const offset = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
    return { fields, offset };
}
function formatDate(date, format, tz = 'UTC') {
    const { fields, offset } = inZone(date, tz);
    const pad = (n, width = 2) => String(n).padStart(width, '0');
    const sign = offset < 0 ? '-' : '+';
    const zone = (colon) => `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${colon ? ':' : ''}${pad(Math.abs(offset) % 60)}`;
    const hour12 = fields.hour % 12 === 0 ? 12 : fields.hour % 12;
    const ms = date.getTime() % 1000;
    const values = {
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
function evaluate(template, env, vars) {
    return template.map((token) => {
        if ('text' in token)
            return { text: token.text, fromGit: false };
        if (vars !== undefined && token.name in vars)
            return { text: vars[token.name], fromGit: true };
        if (token.name === 'date' || token.name === 'commit_date') {
            const date = token.name === 'date' ? env.now : (env.ctx.commitDate ?? env.now);
            return { text: formatDate(date, token.format, token.tz), fromGit: true };
        }
        return { text: globalValue(token.name, env.ctx), fromGit: GIT_NAME_PLACEHOLDERS.includes(token.name) };
    });
}
function globalValue(name, ctx) {
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
function baseRef(ctx) {
    if (ctx.ref.startsWith('refs/tags/') && ctx.pushBaseRef !== undefined) {
        return ctx.pushBaseRef.replace(/^refs\/heads\//, '');
    }
    if (ctx.ref.startsWith('refs/pull/') && ctx.prBaseRef !== undefined)
        return ctx.prBaseRef;
    return '';
}
function textOf(pieces) {
    return pieces.map((piece) => piece.text).join('');
}
/** Whether a pattern is `{{raw}}` alone (metadata-action then keeps a prerelease's text as it is). */
function isRawOnly(template) {
    return template.length === 1 && 'name' in template[0] && template[0].name === 'raw';
}
/**
 * A `labels` or `annotations` value with its placeholders expanded, as metadata-action expands them;
 * throws InputError(input, text, …) for an unknown placeholder.
 */
function expandText(text, env, input) {
    if (!text.includes('{{'))
        return text;
    const fail = (problem) => {
        throw new InputError(input, text, problem);
    };
    return textOf(evaluate(parseTemplate(text, GLOBAL_PLACEHOLDERS, 'the value', fail), env));
}

;// CONCATENATED MODULE: ./src/settings/build.ts






/** The cache backends BuildKit knows (`type=` of `--cache-from`/`--cache-to`). */
const CACHE_TYPES = ['registry', 'local', 'gha', 'inline', 's3', 'azblob'];
const BUILD_NETWORKS = ['default', 'none', 'host'];
const BUILD_CALLS = ['build', 'check'];
/** The limits `--ulimit` knows (docker/go-units). */
const ULIMITS = [
    'core',
    'cpu',
    'data',
    'fsize',
    'locks',
    'memlock',
    'msgqueue',
    'nice',
    'nofile',
    'nproc',
    'rss',
    'rtprio',
    'rttime',
    'sigpending',
    'stack',
];
const BUILDER_INPUTS = ['auto', 'buildx', 'docker', 'buildah'];
/** `context` and `file`, checked before anything else: `test-only` builds nothing and needs neither. */
function readBuildPaths(read, workspace, testOnly, rules = { workspace, runnerTemp: '', allowOutside: true }) {
    const context = (0,external_node_path_.resolve)(workspace, read('context').trim() || '.');
    if (!testOnly && !isDirectory(context)) {
        throw new InputError('context', read('context'), `no directory ${context}. Give a directory in the repository.`);
    }
    const fileInput = read('file').trim();
    const file = fileInput
        ? (0,external_node_path_.isAbsolute)(fileInput)
            ? fileInput
            : (0,external_node_path_.resolve)(workspace, fileInput)
        : (0,external_node_path_.join)(context, 'Dockerfile');
    if (!testOnly && !isFile(file)) {
        throw new InputError('file', fileInput, `no Dockerfile at ${file}. Set 'file' to the Dockerfile's path relative to the repository root.`);
    }
    // What the builder reads stays in the repository: `context: /` would send the whole machine.
    if (!testOnly) {
        readablePath('context', read('context'), context, rules);
        readablePath('file', fileInput, file, rules);
    }
    return { context, file };
}
/** The user's `labels`, which override the OCI labels of the same name. */
function readUserLabels(read) {
    const labels = keyValueLines(read('labels'), 'labels', 'key=value');
    const reserved = labels.find(([key]) => key.startsWith('dev.shipshape.'));
    if (reserved) {
        throw new InputError('labels', reserved[0], "labels under 'dev.shipshape.' are the run's ownership labels, which cleanup relies on; choose another name.");
    }
    return Object.fromEntries(labels);
}
/**
 * Build secrets: `id=value` lines, ids as BuildKit accepts them. A line that is not `id=value` (a
 * value broken over lines, whose second line would otherwise be echoed or read as another secret)
 * is refused by its line number, never by its text: a value with line breaks belongs in a file.
 */
function readSecrets(read, env = {}, workspace = '.') {
    const secrets = readSecretLines(read);
    // build-push-action's `secret-envs` and `secret-files`: `id=ENV_NAME`, `id=path`. A value that
    // spans lines comes only from these (never from a `secrets` line, where it would be ambiguous).
    for (const [id, name] of keyValueLines(read('secret-envs'), 'secret-envs', 'id=ENV_NAME')) {
        const value = env[name];
        if (value === undefined || value === '') {
            throw new InputError('secret-envs', `${id}=${name}`, `the environment variable ${name} is not set (or empty) in this step; set it with 'env:' on the step.`);
        }
        secrets.push({ id: secretId('secret-envs', id), value });
    }
    const secretFiles = keyValueLines(read('secret-files'), 'secret-files', 'id=path').map(([id, raw]) => {
        const path = (0,external_node_path_.resolve)(workspace, raw.trim());
        if (!isFile(path)) {
            throw new InputError('secret-files', `${id}=${raw}`, `no file at ${path}; give the path of the secret's file.`);
        }
        return { id: secretId('secret-files', id), path };
    });
    const ids = [...secrets.map((s) => s.id), ...secretFiles.map((s) => s.id)];
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) {
        throw new InputError('secrets', twice, "this secret id is given twice (across 'secrets', 'secret-envs' and 'secret-files'); give each once.");
    }
    return { secrets, secretFiles };
}
function secretId(input, id) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id)) {
        throw new InputError(input, id, "a secret id is made of letters, digits, '_', '.' and '-'.");
    }
    return id;
}
function readSecretLines(read) {
    return lines(read('secrets')).map((line, index) => {
        const at = line.indexOf('=');
        const id = at > 0 ? line.slice(0, at).trim() : '';
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id)) {
            throw new InputError('secrets', `line ${index + 1} (hidden)`, "each line must be id=value, the id made of letters, digits, '_', '.' and '-'; a value cannot span lines here: give a multi-line secret through 'secret-envs' (id=ENV_NAME) or 'secret-files' (id=path).");
        }
        return { id, value: line.slice(at + 1) };
    });
}
/** The rest of the build group, once paths, references, labels and secrets are known. */
function readBuildOptions(read, env = {}, workspace = process.cwd(), rules) {
    return {
        builder: oneOf('builder', read('builder'), BUILDER_INPUTS, 'auto'),
        buildArgs: keyValueLines(read('build-args'), 'build-args', 'NAME=value').map(([k, v]) => `${k}=${v}`),
        target: stageName(read('target').trim()),
        platforms: parsePlatforms('platforms', read('platforms')),
        provenance: parseProvenance(read('provenance')),
        sbom: parseSbom(read('sbom')),
        annotations: parseAnnotations(read('annotations')),
        pull: booleanInput('pull', read('pull'), false),
        noCache: booleanInput('no-cache', read('no-cache'), false),
        addHosts: list(read('add-hosts')).map(addHost),
        shmSize: shmSize(read('shm-size').trim()),
        ulimits: list(read('ulimit')).map(ulimit),
        network: oneOf('network', read('network'), BUILD_NETWORKS, 'default'),
        ssh: lines(read('ssh')).map((line) => sshEntry(line.trim(), env, workspace)),
        buildContexts: lines(read('build-contexts')).map((line) => buildContext(line.trim(), workspace, rules)),
        noCacheFilters: list(read('no-cache-filters')).map((stage) => stageName(stage, 'no-cache-filters')),
        cacheFrom: lines(read('cache-from')).map((line) => cacheSpec('cache-from', line.trim())),
        cacheTo: lines(read('cache-to')).map((line) => cacheSpec('cache-to', line.trim())),
        call: oneOf('call', read('call'), BUILD_CALLS, 'build'),
    };
}
/**
 * `build-contexts`: `name=value`, the value a local directory (made absolute, relative to the
 * workspace, and it must exist), or `docker-image://`, `oci-layout://`, `target:`, a URL.
 */
function buildContext(entry, workspace, rules) {
    const match = /^([A-Za-z0-9][A-Za-z0-9_./:@-]*)=(.+)$/.exec(entry);
    if (!match) {
        throw new InputError('build-contexts', entry, "each line is name=value, e.g. 'alpine=docker-image://alpine:3.20' or 'assets=./assets' (a directory in the workspace).");
    }
    const [, name, value] = match;
    if (/^(docker-image|oci-layout|https?|git):\/\/|^target:/.test(value) || /^git@/.test(value))
        return entry;
    const dir = (0,external_node_path_.resolve)(workspace, value);
    if (!isDirectory(dir)) {
        throw new InputError('build-contexts', entry, `no directory ${dir}; give a directory in the workspace, or an image (docker-image://…).`);
    }
    // What the builder reads stays in the repository, as for `context` (issue #13).
    if (rules)
        readablePath('build-contexts', entry, dir, rules);
    return `${name}=${dir}`;
}
/** `cache-from`/`cache-to`: a BuildKit cache spec of a known type (`type=registry,ref=…`, or a bare reference for cache-from). */
function cacheSpec(input, spec) {
    const type = /(?:^|,)type=([^,]*)/.exec(spec)?.[1];
    const bareReference = input === 'cache-from' && !spec.includes('=') && /^[a-z0-9][^\s,]*$/.test(spec);
    if ((type === undefined && !bareReference) || (type !== undefined && !CACHE_TYPES.includes(type))) {
        throw new InputError(input, spec, `give a BuildKit cache spec whose type is one of ${CACHE_TYPES.join(', ')}, e.g. 'type=registry,ref=ghcr.io/acme/app:cache'.`);
    }
    return spec;
}
/**
 * `ssh`: `default` or `id` (the agent at SSH_AUTH_SOCK, which must be there), or `id=path[,path]`
 * (agent sockets or private key files, each of which must exist; relative to the workspace).
 */
function sshEntry(entry, env, workspace) {
    const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=(.+))?$/.exec(entry);
    const fix = "give 'default' (the agent at SSH_AUTH_SOCK, e.g. from webfactory/ssh-agent), an id, or id=path to an agent socket or a private key file, one per line.";
    if (!match)
        throw new InputError('ssh', entry, fix);
    const [, id, given] = match;
    if (given === undefined) {
        const socket = env.SSH_AUTH_SOCK ?? '';
        if (!socket || !isSocket(socket)) {
            throw new InputError('ssh', entry, `no SSH agent: SSH_AUTH_SOCK ${socket ? `names ${socket}, which is not a socket` : 'is not set'}. Start an agent first (webfactory/ssh-agent, or ssh-agent and ssh-add), or give id=path to a key file.`);
        }
        return id;
    }
    const paths = given.split(',').map((path) => (0,external_node_path_.resolve)(workspace, path.trim()));
    const missing = paths.find((path) => !isSocket(path) && !isFile(path));
    if (missing)
        throw new InputError('ssh', entry, `no agent socket or key file at ${missing}; ${fix}`);
    return `${id}=${paths.join(',')}`;
}
/** `add-hosts`: `host:ip` (the address may be IPv6: everything after the first `:`). */
function addHost(entry) {
    const at = entry.indexOf(':');
    const host = entry.slice(0, at);
    const ip = entry.slice(at + 1);
    if (at <= 0 || !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || (0,external_node_net_.isIP)(ip) === 0) {
        throw new InputError('add-hosts', entry, "each entry is host:ip with a valid IP address, e.g. 'docker:10.180.0.1' or 'db:::1', separated by commas or lines.");
    }
    return `${host}:${ip}`;
}
/** `shm-size`: a size as Docker reads one (`2g`, `512m`, `67108864`). */
function shmSize(value) {
    if (value === '')
        return '';
    if (!/^\d+(\.\d+)?\s*([kmgtp]i?)?b?$/i.test(value)) {
        throw new InputError('shm-size', value, "give a size such as '2g', '512m' or a number of bytes.");
    }
    return value.replace(/\s+/g, '');
}
/** `ulimit`: `name=soft[:hard]`, numbers of -1 (unlimited) and up, soft no more than hard. */
function ulimit(entry) {
    const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(entry);
    const [soft, hard] = match ? [Number(match[2]), Number(match[3] ?? match[2])] : [NaN, NaN];
    const unlimited = (n) => n === -1;
    if (!match ||
        !ULIMITS.includes(match[1]) ||
        soft < -1 ||
        hard < -1 ||
        (!unlimited(hard) && (unlimited(soft) || soft > hard))) {
        throw new InputError('ulimit', entry, `each entry is name=soft[:hard] (e.g. 'nofile=1024:1024'), the name one of ${ULIMITS.join(', ')}, the soft limit no more than the hard one (-1: unlimited).`);
    }
    return entry;
}
/** `target`: a Dockerfile stage name (letters, digits, `_`, `.`, `-`), never a flag for the builder. */
function stageName(target, input = 'target') {
    if (target !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target)) {
        throw new InputError(input, target, "give the name of a stage of the Dockerfile ('FROM … AS <name>'): letters, digits, '_', '.' and '-'.");
    }
    return target;
}

;// CONCATENATED MODULE: ./src/settings/cleanup.ts


/** The cleanup group of the settings: what the post step removes and how. */
const cleanup_CLEANUP_POLICIES = ['run', 'dangling', 'aggressive', 'false'];
/** What a run does when its inputs say nothing: the inputs' defaults, and the post step's fallback. */
const cleanup_DEFAULT_CLEANUP = {
    policy: 'run',
    untilMs: 86_400_000,
    keepStorageBytes: 5e9,
    strict: false,
    keepImages: false,
};
/** `cleanup`, `cleanup-until`, `keep-storage`, `cleanup-strict`, `keep-images`. */
function readCleanupSettings(read) {
    return {
        policy: oneOf('cleanup', read('cleanup'), cleanup_CLEANUP_POLICIES, cleanup_DEFAULT_CLEANUP.policy),
        untilMs: durationInput('cleanup-until', read('cleanup-until'), cleanup_DEFAULT_CLEANUP.untilMs),
        keepStorageBytes: sizeInput('keep-storage', read('keep-storage'), cleanup_DEFAULT_CLEANUP.keepStorageBytes),
        strict: booleanInput('cleanup-strict', read('cleanup-strict'), cleanup_DEFAULT_CLEANUP.strict),
        keepImages: booleanInput('keep-images', read('keep-images'), cleanup_DEFAULT_CLEANUP.keepImages),
    };
}
function readGuardSettings(read) {
    return { minFreeSpace: sizeInput('min-free-space', read('min-free-space'), 0) };
}

;// CONCATENATED MODULE: ./src/naming/semver.ts
/**
 * Semantic versions (semver.org 2.0.0, with an optional leading 'v', as node-semver's `valid` accepts): what
 * `type=semver` reads, and what tells latest=auto that a version is stable.
 */
const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER_RE = new RegExp(`^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);
function parseSemver(text) {
    const raw = text.trim();
    const match = raw.length <= 256 ? SEMVER_RE.exec(raw) : null;
    if (match === null)
        return undefined;
    const [, major, minor, patch, prerelease] = match;
    if ([major, minor, patch].some((n) => Number(n) > Number.MAX_SAFE_INTEGER))
        return undefined;
    const core = `${major}.${minor}.${patch}`;
    return {
        major,
        minor,
        patch,
        ...(prerelease === undefined ? {} : { prerelease }),
        version: prerelease === undefined ? core : `${core}-${prerelease}`,
        raw,
    };
}
function isStableSemver(text) {
    const version = parseSemver(text);
    return version !== undefined && version.prerelease === undefined;
}

;// CONCATENATED MODULE: ./src/naming/pep440.ts
/**
 * Python versions (PEP 440), the subset `type=pep440` needs: is a text a version, its normal form, its
 * release numbers, and whether it is a pre-, post- or development release. Read as docker/metadata-action
 * reads them (its @renovate/pep440 dependency): an optional leading 'v', case-insensitive letters, the
 * alternative spellings (`alpha`, `c`, `rev`, …) and separators (`-`, `_`, `.`) the PEP allows.
 */
const PATTERN = new RegExp('^v?' +
    '(?:(\\d+)!)?' + // epoch
    '(\\d+(?:\\.\\d+)*)' + // release
    '(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\\d+)?)?' + // pre-release
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' + // post-release
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' + // development release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$', // local version
'i');
const PRE_SPELLINGS = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' };
/** Parses a PEP 440 version; undefined when the text is not one. */
function parsePep440(text) {
    const match = text.length <= 256 ? PATTERN.exec(text) : null;
    if (match === null)
        return undefined;
    const [, epochText, releaseText, preLetter, preNumber, postImplicit, postLetter, postNumber, devLetter] = match;
    const devNumber = match[9];
    const localText = match[10];
    const version = {
        epoch: Number(epochText ?? 0),
        release: releaseText.split('.').map(Number),
        normal: '',
        isPrerelease: false,
        isPostrelease: false,
        isDevrelease: false,
    };
    if (preLetter !== undefined) {
        const letter = preLetter.toLowerCase();
        version.pre = [PRE_SPELLINGS[letter] ?? letter, Number(preNumber ?? 0)];
    }
    if (postImplicit !== undefined)
        version.post = Number(postImplicit);
    else if (postLetter !== undefined)
        version.post = Number(postNumber ?? 0);
    if (devLetter !== undefined)
        version.dev = Number(devNumber ?? 0);
    if (localText !== undefined) {
        version.local = localText
            .split(/[-_.]/)
            .map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part.toLowerCase()))
            .join('.');
    }
    version.isPrerelease = version.pre !== undefined || version.dev !== undefined;
    version.isPostrelease = version.post !== undefined;
    version.isDevrelease = version.dev !== undefined;
    version.normal =
        (version.epoch === 0 ? '' : `${version.epoch}!`) +
            version.release.join('.') +
            (version.pre ? version.pre.join('') : '') +
            (version.post === undefined ? '' : `.post${version.post}`) +
            (version.dev === undefined ? '' : `.dev${version.dev}`) +
            (version.local === undefined ? '' : `+${version.local}`);
    return version;
}
/** The release's n-th number (0: major, 1: minor, 2: patch), 0 when the release is shorter. */
function releasePart(version, index) {
    return String(version.release[index] ?? 0);
}

;// CONCATENATED MODULE: ./src/naming/tag-rules.ts
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







const RULE_TYPES = ['schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha'];
/** docker/metadata-action's defaults: higher comes first, and the first tag is the version. */
const DEFAULT_PRIORITIES = {
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
const DEFAULT_TAG_RULES = [
    'type=schedule',
    'type=ref,event=branch',
    'type=ref,event=tag',
    'type=ref,event=pr',
];
const COMMON_ATTRIBUTES = ['enable', 'prefix', 'suffix', 'priority'];
const TYPE_ATTRIBUTES = {
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
const tag_rules_TAG_MAX = 128;
const HASH_LENGTH = 8;
/**
 * The tags for this run. `tagsInput`: one rule or plain tag per line (empty: DEFAULT_TAG_RULES);
 * `flavorInput`: `latest=auto|true|false`, `prefix=…[,onlatest=true]`, `suffix=…[,onlatest=true]`.
 * Throws InputError('tags' | 'flavor', line, …) for a mistake in either, or for a tag Docker would refuse.
 */
function computeTags(tagsInput, flavorInput, ctx, now = new Date(), options = {}) {
    const env = { ctx, now };
    const extensions = options.extensions === true;
    const warnings = [];
    const flavor = parseFlavor(flavorInput);
    const lines = inputLines(tagsInput);
    const rules = (lines.length > 0 ? lines : DEFAULT_TAG_RULES).flatMap((line) => parseRuleLine(line, extensions, warnings));
    // Array.prototype.sort is stable: rules of equal priority keep their input order.
    rules.sort((a, b) => b.priority - a.priority);
    let version;
    const partial = [];
    let latest;
    for (const rule of rules) {
        if (!isEnabled(rule, env))
            continue;
        const produced = produce(rule, env, warnings);
        if (produced === undefined)
            continue;
        const text = affixed(rule, produced.value, flavor, env);
        if (text === '')
            continue;
        const tag = finalize(text, extensions);
        tag_rules_checkTag(tag, flavored(rule, flavor) ? 'flavor' : 'tags', flavored(rule, flavor) ? flavorInput.trim() : rule.line, extensions);
        if (version === undefined)
            version = tag;
        else if (tag !== version)
            partial.push(tag);
        latest ??= flavor.latest === 'auto' ? produced.latest : flavor.latest === 'true';
    }
    // metadata-action puts the flavor's text on latest as written, placeholders unexpanded.
    const latestTag = () => {
        const text = `${flavor.prefixOnLatest ? flavor.prefixText : ''}latest${flavor.suffixOnLatest ? flavor.suffixText : ''}`;
        const tag = finalize(text, extensions);
        tag_rules_checkTag(tag, 'flavor', flavorInput.trim(), extensions);
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
    if (latest === true)
        tags.push(latestTag());
    return { tags: extensions ? [...new Set(tags)] : tags, version, latest: latest === true, warnings };
}
/**
 * Makes a text a tag: runs of characters outside `[A-Za-z0-9_.-]` become '-' (metadata-action's rule).
 * With `extensions`, leading '.' and '-' are dropped too, and a result over 128 characters is cut to end
 * in '-' and 8 hex digits of the SHA-256 of the whole text. May return ''.
 */
function sanitizeTag(text, extensions = false) {
    return finalize(text, extensions);
}
/**
 * A line is one rule. A line without any `=` is a plain tag; with several comma-separated ones,
 * metadata-action keeps the last (a warning says so), `extensions` keeps each.
 */
function parseRuleLine(line, extensions, warnings) {
    const fail = (problem) => {
        throw new InputError('tags', line, problem);
    };
    const fields = splitFields(line, fail);
    if (fields.every((field) => !field.includes('='))) {
        if (extensions)
            return fields.map((tag) => parseRule('raw', [['value', tag]], tag, fail));
        return [parseRule('raw', [['value', lastOf(fields, line, warnings)]], line, fail)];
    }
    let type;
    const bare = [];
    const attrs = [];
    for (const field of fields) {
        const at = field.indexOf('=');
        if (at === -1) {
            bare.push(field);
            continue;
        }
        const key = field.slice(0, at).trim().toLowerCase();
        const value = field.slice(at + 1).trim();
        if (key === '')
            fail(`'${field}' has no attribute name before '='; write name=value.`);
        if (key === 'type') {
            if (type !== undefined)
                fail("'type=' is given twice; a rule has one type.");
            type = value;
        }
        else {
            if (attrs.some(([name]) => name === key))
                fail(`'${key}=' is given twice; give it once.`);
            attrs.push([key, value]);
        }
    }
    if (bare.length > 0) {
        if (type !== undefined && !['raw', 'semver', 'pep440', 'match'].includes(type)) {
            fail(`'${bare[0]}' is not an attribute; write name=value (type=${type} takes ${attributes(type)}).`);
        }
        // metadata-action reads a field without '=' as the value, the last one winning.
        const index = attrs.findIndex(([name]) => name === 'value');
        if (index !== -1)
            attrs.splice(index, 1);
        attrs.push(['value', lastOf(bare, line, warnings)]);
    }
    return [parseRule(type ?? 'raw', attrs, line, fail)];
}
function lastOf(values, line, warnings) {
    const last = values[values.length - 1];
    if (values.length > 1) {
        warnings.push(`Input 'tags': the line '${line}' gives several values; as docker/metadata-action, only the last ('${last}') is used. Write one tag per line, or set 'tag-extensions: true' to keep each.`);
    }
    return last;
}
function attributes(type) {
    const known = RULE_TYPES.includes(type) ? TYPE_ATTRIBUTES[type] : [];
    return [...known, ...COMMON_ATTRIBUTES].join(', ');
}
/** Splits on commas outside `{{…}}` and outside double quotes (CSV style, `""` for a quote). */
function splitFields(line, fail) {
    const fields = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quoted) {
            if (char === '"' && line[i + 1] === '"') {
                current += '"';
                i++;
            }
            else if (char === '"')
                quoted = false;
            else
                current += char;
        }
        else if (char === '"' && current.trim() === '') {
            quoted = true;
            current = '';
        }
        else if (char === '{' && line[i + 1] === '{') {
            const end = line.indexOf('}}', i + 2);
            const stop = end === -1 ? line.length : end + 2;
            current += line.slice(i, stop);
            i = stop - 1;
        }
        else if (char === ',') {
            fields.push(current.trim());
            current = '';
        }
        else
            current += char;
    }
    if (quoted)
        fail('a \'"\' is never closed; quote a whole field, e.g. "value=a,b".');
    fields.push(current.trim());
    const nonEmpty = fields.filter((field) => field !== '');
    if (nonEmpty.length === 0)
        fail('the line has no rule; remove it or write a rule such as type=sha.');
    return nonEmpty;
}
/** Reads one rule: its type, then the attributes every type may have, then those of its own type. */
function parseRule(typeText, attrList, line, fail) {
    if (!RULE_TYPES.includes(typeText)) {
        fail(`unknown type '${typeText}'; use one of ${RULE_TYPES.join(', ')}.`);
    }
    const type = typeText;
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
function parseSharedAttributes(line, type, attrs, fail) {
    const priorityText = attrs.get('priority');
    if (priorityText !== undefined && !/^[+-]?\d+$/.test(priorityText)) {
        fail(`priority must be a whole number, e.g. 'priority=500', not '${priorityText}'.`);
    }
    const rule = {
        line,
        type,
        attrs,
        priority: priorityText === undefined ? DEFAULT_PRIORITIES[type] : Number(priorityText),
        enable: parseTemplate(attrs.get('enable') ?? 'true', GLOBAL_PLACEHOLDERS, 'enable', fail),
    };
    // A rule's own prefix (including the built-in 'sha-' and 'pr-') replaces the flavor's, as in metadata-action.
    const prefix = attrs.get('prefix') ?? defaultPrefix(type, attrs);
    if (prefix !== undefined)
        rule.prefix = parseTemplate(prefix, GLOBAL_PLACEHOLDERS, 'the prefix', fail);
    const suffix = attrs.get('suffix');
    if (suffix !== undefined)
        rule.suffix = parseTemplate(suffix, GLOBAL_PLACEHOLDERS, 'the suffix', fail);
    const value = attrs.get('value');
    if (value !== undefined)
        rule.value = parseTemplate(value, GLOBAL_PLACEHOLDERS, 'the value', fail);
    return rule;
}
/** What each type requires of its own attributes; patterns are parsed here, once per rule. */
function parseTypeAttributes(rule, fail) {
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
            if (match)
                rule.match = regularExpression(match, false, 'match', fail);
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
                fail(`type=ref needs event=${REF_EVENTS.join('|')}${event === undefined ? '' : `, not '${event}'`}, e.g. 'type=ref,event=branch'.`);
            }
            break;
        }
        case 'raw':
            if (attrs.get('value') === undefined)
                fail("type=raw needs a value, e.g. 'type=raw,value=latest'.");
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
function regularExpression(text, slashed, name, fail) {
    const parts = slashed ? /^\/(.+)\/(.*)$/.exec(text) : null;
    try {
        return parts ? new RegExp(parts[1], parts[2]) : new RegExp(text);
    }
    catch (error) {
        return fail(`${name}= is not a valid regular expression: ${error.message}.`);
    }
}
function defaultPrefix(type, attrs) {
    if (type === 'sha')
        return 'sha-';
    if (type === 'ref' && attrs.get('event') === 'pr')
        return 'pr-';
    return undefined;
}
function isEnabled(rule, env) {
    const value = textOf(evaluate(rule.enable, env));
    if (value !== 'true' && value !== 'false') {
        const written = rule.attrs.get('enable') ?? '';
        throw new InputError('tags', rule.line, `enable must be 'true', 'false' or an expression that gives one, e.g. 'enable={{is_default_branch}}'; '${written}' gives '${value}'.`);
    }
    return value === 'true';
}
function produce(rule, env, warnings) {
    const { ctx } = env;
    const given = (value, latest = false) => value === undefined ? undefined : { value, latest };
    switch (rule.type) {
        case 'schedule':
            return /schedule/.test(ctx.eventName) ? given(textOf(evaluate(rule.pattern ?? [], env))) : undefined;
        case 'raw':
            return given(textOf(evaluate(rule.value ?? [], env)));
        case 'sha':
            if (ctx.sha === '')
                return undefined;
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
function versionSource(rule, env) {
    if ((rule.attrs.get('value') ?? '') !== '')
        return textOf(evaluate(rule.value ?? [], env));
    return refName(env.ctx.ref, 'tags');
}
/** semver and pep440: the source, narrowed by `match=` (its first group), with '/' as '-'. */
function versionText(rule, env, warnings) {
    let text = versionSource(rule, env);
    if (text === undefined)
        return undefined;
    if (rule.match !== undefined) {
        const found = text.match(rule.match);
        if (found === null)
            warnings.push(`${rule.attrs.get('match')} does not match ${text}.`);
        else if (found[1] === undefined) {
            throw new InputError('tags', rule.line, 'match= needs a capture group, e.g. "match=v(\\d.\\d.\\d)$".');
        }
        else
            text = found[1];
    }
    return text.replace(/\//g, '-');
}
function produceSemver(rule, env, warnings) {
    const text = versionText(rule, env, warnings);
    if (text === undefined)
        return undefined;
    const version = parseSemver(text);
    if (version === undefined) {
        warnings.push(`${text} is not a valid semver. More info: https://semver.org/`);
        return undefined;
    }
    const vars = {
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
function producePep440(rule, env, warnings) {
    const text = versionText(rule, env, warnings);
    if (text === undefined)
        return undefined;
    const version = parsePep440(text);
    if (version === undefined) {
        warnings.push(`${text} does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440`);
        return undefined;
    }
    const pattern = rule.pattern ?? [];
    if (version.isPrerelease || version.isPostrelease || version.isDevrelease) {
        return { value: isRawOnly(pattern) ? text : version.normal, latest: false };
    }
    const vars = {
        raw: text,
        version: version.normal,
        major: releasePart(version, 0),
        minor: releasePart(version, 1),
        patch: releasePart(version, 2),
    };
    return { value: textOf(evaluate(pattern, env, vars)), latest: true };
}
function produceMatch(rule, env, warnings) {
    const text = versionSource(rule, env);
    if (text === undefined || rule.regex === undefined)
        return undefined;
    const found = text.match(rule.regex);
    const pattern = rule.attrs.get('pattern') ?? '';
    if (found === null) {
        warnings.push(`${pattern} does not match ${text}.`);
        return undefined;
    }
    const value = found[rule.group ?? 0];
    if (value === undefined) {
        warnings.push(`Group ${rule.group ?? 0} does not exist for ${pattern} pattern.`);
        return undefined;
    }
    return { value, latest: true };
}
/** The rule's own prefix and suffix when it has them (even empty), else the flavor's. */
function affixed(rule, value, flavor, env) {
    const prefix = rule.prefix ?? flavor.prefix;
    const suffix = rule.suffix ?? flavor.suffix;
    return textOf(evaluate(prefix, env)) + value + textOf(evaluate(suffix, env));
}
/** The flavor's prefix or suffix is part of this rule's tags. */
function flavored(rule, flavor) {
    return ((rule.prefix === undefined && flavor.prefix.length > 0) ||
        (rule.suffix === undefined && flavor.suffix.length > 0));
}
function tag_rules_checkTag(tag, input, line, extensions) {
    try {
        validateTag(tag);
    }
    catch (error) {
        if (!(error instanceof ImageReferenceError))
            throw error;
        const repair = extensions ? '' : " ('tag-extensions: true' repairs such tags)";
        // A plain tag is its own line: the message then need not repeat it.
        const problem = tag === line
            ? `${error.message}${repair}`
            : `it gives the tag '${tag}', which Docker refuses: ${error.message}${repair}`;
        throw new InputError(input, line, problem);
    }
}
// ---------------------------------------------------------------------------------------------------------
// Tag text
/** metadata-action's sanitizing; with `extensions`, Shipshape's repairs of what Docker would refuse. */
function finalize(text, extensions) {
    const tag = text.replace(/[^a-zA-Z0-9._-]+/g, '-');
    if (!extensions)
        return tag;
    const trimmed = tag.replace(/^[.-]+/, '');
    if (trimmed.length <= tag_rules_TAG_MAX)
        return trimmed;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
    return `${trimmed.slice(0, tag_rules_TAG_MAX - HASH_LENGTH - 1)}-${hash}`;
}
const FLAVOR_FORM = "use latest=auto|true|false, prefix=… and suffix=… (each optionally with ',onlatest=true')";
function parseFlavor(input) {
    const flavor = {
        latest: 'auto',
        prefix: [],
        prefixText: '',
        suffixText: '',
        prefixOnLatest: false,
        suffix: [],
        suffixOnLatest: false,
    };
    for (const line of inputLines(input)) {
        const fail = (problem) => {
            throw new InputError('flavor', line, problem);
        };
        let last;
        for (const field of splitFields(line, fail)) {
            const at = field.indexOf('=');
            if (at === -1)
                fail(`'${field}' has no '='; ${FLAVOR_FORM}.`);
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
function inputLines(input) {
    return input
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}

;// CONCATENATED MODULE: ./src/settings/publish.ts





const PUSH_INPUTS = ['true', 'false', 'auto'];
/** `push: auto` pushes on these events, never on pull requests. */
const PUSH_EVENTS = ['push', 'release', 'schedule', 'workflow_dispatch'];
/**
 * `images`, `tags`, `flavor`, `push` and the logins. The fork rule is decided here: a fork's pull
 * request gets no secrets, so it neither logs in nor pushes (`forkRestricted` says so).
 */
function readPublishSettings(read, git, testOnly, now) {
    const { names, notices, warnings } = imageNames(read('images'));
    const images = names.map((name) => parseImage(name));
    if (images.length === 0 && !testOnly) {
        throw new InputError('images', '', "name at least one image, e.g. 'ghcr.io/acme/app'.");
    }
    const tagRules = {
        tags: read('tags'),
        flavor: read('flavor'),
        extensions: booleanInput('tag-extensions', read('tag-extensions'), false),
    };
    const { tags, version } = images.length > 0 ? readTags(read, tagRules, git, now, warnings) : { tags: [], version: '' };
    const credentials = readCredentials(read);
    const pushInput = oneOf('push', read('push'), PUSH_INPUTS, 'false');
    const push = pushInput === 'auto' ? PUSH_EVENTS.includes(git.eventName) : pushInput === 'true';
    const forkRestricted = git.isFork && (push || credentials.length > 0);
    return {
        images,
        tags,
        references: unique(images.flatMap((image) => tags.map((tag) => withTag(image, tag)))),
        version,
        push: push && !forkRestricted,
        pushInput,
        credentials: forkRestricted ? [] : credentials,
        logout: booleanInput('logout', read('logout'), true),
        tagRules,
        notices,
        warnings,
        forkRestricted,
    };
}
function readTags(read, tagRules, git, now, warnings) {
    const computed = computeTags(tagRules.tags, tagRules.flavor, git, now, { extensions: tagRules.extensions });
    warnings.push(...computed.warnings);
    if (computed.tags.length === 0) {
        throw new InputError('tags', read('tags'), `no rule gives a tag for this ${git.eventName || 'event'} on ${git.ref || 'no ref'}. Add one that does, e.g. 'type=sha' or a plain tag.`);
    }
    return computed;
}
/**
 * The `images` input as docker/metadata-action reads it: one line of comma-separated names, or one
 * image per line, each `name` or `name=…,enable=true|false`. Disabled images are left out, and names
 * are made lower case (with a notice), as metadata-action does; each is then checked by Docker's rules.
 */
function imageNames(input) {
    const entries = lines(input).filter((line) => !line.startsWith('#'));
    const notices = [];
    const warnings = [];
    let images = [];
    const fieldsOf = (line) => line.split(',').map((field) => field.trim());
    if (entries.length === 1 && fieldsOf(entries[0]).every((field) => !field.includes('='))) {
        images = fieldsOf(entries[0])
            .filter(Boolean)
            .map((name) => ({ name, enable: true }));
    }
    else {
        for (const line of entries) {
            const image = { name: '', enable: true };
            const bare = [];
            for (const field of fieldsOf(line).filter(Boolean)) {
                const at = field.indexOf('=');
                if (at === -1) {
                    bare.push(field);
                    image.name = field;
                    continue;
                }
                const key = field.slice(0, at).trim().toLowerCase();
                const value = field.slice(at + 1).trim();
                if (key === 'name')
                    image.name = value;
                else if (key === 'enable') {
                    if (value !== 'true' && value !== 'false') {
                        throw new InputError('images', line, `enable must be 'true' or 'false', not '${value}'.`);
                    }
                    image.enable = value === 'true';
                }
                else {
                    throw new InputError('images', line, `unknown attribute '${key}'; an image is 'name' or 'name=…,enable=true|false'.`);
                }
            }
            if (bare.length > 1) {
                warnings.push(`Input 'images': the line '${line}' names several images; as docker/metadata-action, only the last ('${image.name}') is used. Give one image per line.`);
            }
            if (image.name === '') {
                throw new InputError('images', line, "the image has no name; write 'ghcr.io/acme/app' or 'name=…'.");
            }
            images.push(image);
        }
    }
    const names = images
        .filter((image) => image.enable)
        .map(({ name }) => {
        const lower = name.toLowerCase();
        if (lower !== name) {
            notices.push(`Image name '${name}' has upper case; using '${lower}', as docker/metadata-action does.`);
        }
        return lower;
    });
    return { names, notices, warnings };
}
function parseImage(name) {
    let image;
    try {
        image = parseImageName(name);
    }
    catch (error) {
        if (error instanceof ImageReferenceError)
            throw new InputError('images', name, error.message);
        throw error;
    }
    return image;
}
/** `registry`/`username`/`password`, and `registry-auth` (a YAML list of the same) for several registries. */
function readCredentials(read) {
    const credentials = [];
    const username = read('username').trim();
    const password = read('password');
    const registry = read('registry').trim();
    if (password && !username) {
        throw new InputError('username', '', "'password' is set but 'username' is not: give the user the password belongs to.");
    }
    if (username && !password) {
        throw new InputError('password', '', `'username' is '${username}' but no password is set: pass a secret, e.g. \${{ secrets.REGISTRY_TOKEN }}.`);
    }
    if (username)
        credentials.push({ registry, username, password });
    const text = read('registry-auth');
    if (text.trim())
        credentials.push(...registryAuth(text));
    for (const [index, credential] of credentials.entries()) {
        checkRegistryHost(credential.registry, index === 0 && username ? 'registry' : 'registry-auth');
    }
    return credentials;
}
/**
 * A registry is `host[:port]` by the reference grammar (`ghcr.io`, `127.0.0.1:5000`, `[::1]:5000`),
 * empty for Docker Hub: never a flag (`-h`) or a path on `docker login`'s command line.
 */
function checkRegistryHost(registry, input) {
    if (registry === '')
        return;
    const bare = registry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    let host = '';
    try {
        host = parseReference(`${bare}/shipshape-check`).registry;
    }
    catch {
        host = '';
    }
    if (host !== bare || registry.startsWith('-')) {
        throw new InputError(input, input === 'registry' ? registry : '(hidden)', "give the registry's host, with a port if it has one ('ghcr.io', 'registry.example.com:5000'), or leave it empty for Docker Hub.");
    }
}
/** `registry-auth`: a YAML list of `{registry, username, password}`; its text is never echoed. */
function registryAuth(text) {
    // Errors and warnings are told by position and kind only: their messages quote the text, which
    // holds passwords. A warning (an unknown tag: an unquoted password starting with '!') is an error,
    // and so is any alias (one starting with '*').
    const { LineCounter, parseDocument, visit } = yaml();
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
    const problem = [...document.errors, ...document.warnings][0];
    if (problem) {
        const at = lineCounter.linePos(problem.pos[0]);
        throw new InputError('registry-auth', '(hidden)', `not valid YAML (${problem.code}${at ? ` at line ${at.line}, column ${at.col}` : ''}); quote each value ('password: "…"'), above all one starting with '*', '&', '!', '%', '@' or a backquote.`);
    }
    let anchored = false;
    visit(document, {
        Node(_key, node) {
            if (node.anchor)
                anchored = true;
        },
    });
    let parsed;
    try {
        if (anchored)
            throw new Error('anchor');
        parsed = document.toJS({ maxAliasCount: 0 });
    }
    catch {
        throw new InputError('registry-auth', '(hidden)', "uses a YAML alias or anchor ('*' or '&'); quote each value ('password: \"…\"').");
    }
    if (!Array.isArray(parsed)) {
        throw new InputError('registry-auth', '(hidden)', 'give a YAML list of {registry, username, password} objects, one per registry.');
    }
    return parsed.map((entry, index) => {
        const item = entry;
        const valid = item !== null &&
            typeof item === 'object' &&
            !Array.isArray(item) &&
            typeof item.username === 'string' &&
            typeof item.password === 'string' &&
            (item.registry === undefined || typeof item.registry === 'string');
        if (!valid) {
            throw new InputError('registry-auth', '(hidden)', `item ${index + 1} is not an object with string 'registry', 'username' and 'password'.`);
        }
        return {
            registry: String(item.registry ?? '').trim(),
            username: String(item.username),
            password: String(item.password),
        };
    });
}

;// CONCATENATED MODULE: ./src/settings/size.ts






const SIZE_COMMENT_MODES = ['always', 'on-change', 'never'];
const SIZE_LIMIT_KINDS = ['compressed', 'uncompressed'];
function readSizeSettings(read, git, firstImage, tagRules, now) {
    const comment = oneOf('size-comment', read('size-comment'), SIZE_COMMENT_MODES, 'on-change');
    const limitKind = oneOf('size-limit-kind', read('size-limit-kind'), SIZE_LIMIT_KINDS, 'compressed');
    const limitText = read('size-limit').trim();
    const limit = limitText === '' ? 0 : parseSize(limitText);
    if (limit !== undefined && !(limit <= LIMITS.bytes)) {
        throw new InputError('size-limit', limitText, 'give a size of at most 1PB.');
    }
    if (limit === undefined) {
        throw new InputError('size-limit', limitText, "give a size, e.g. '150MB' or '1.5GiB' (a percentage is for 'size-increase-limit').");
    }
    const increaseLimit = amount('size-increase-limit', read('size-increase-limit'));
    const commentThreshold = amount('size-comment-threshold', read('size-comment-threshold')) ?? {
        kind: 'percent',
        value: 1,
    };
    let base = '';
    let baseSource = 'none';
    const baseText = read('size-base').trim();
    if (baseText) {
        try {
            const reference = parseReference(baseText);
            base = reference.digest
                ? `${reference.familiar}@${reference.digest}`
                : `${reference.familiar}:${reference.tag ?? 'latest'}`;
            baseSource = 'input';
        }
        catch (error) {
            if (error instanceof ImageReferenceError)
                throw new InputError('size-base', baseText, error.message);
            throw error;
        }
    }
    else if (firstImage && PULL_REQUEST_EVENTS.includes(git.eventName) && git.prBaseRef) {
        // What the tag rules give a push to the base branch: where that branch's image was pushed.
        const onBase = {
            ...git,
            eventName: 'push',
            ref: `refs/heads/${git.prBaseRef}`,
            prNumber: undefined,
        };
        const { version } = computeTags(tagRules.tags, tagRules.flavor, onBase, now, {
            extensions: tagRules.extensions === true,
        });
        if (version) {
            base = withTag(firstImage, version);
            baseSource = 'base-branch';
        }
    }
    return {
        base,
        baseSource,
        comment,
        commentThreshold,
        limit,
        limitKind,
        increaseLimit,
        githubToken: read('github-token').trim(),
        commentAuthor: commentAuthor(read('size-comment-author').trim()),
    };
}
/** `5%` or a size; empty: `undefined`. */
function amount(input, raw) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    const percent = parsePercent(value);
    if (percent !== undefined && !(percent <= 100_000)) {
        throw new InputError(input, value, 'give a percentage of at most 100000%, or a size.');
    }
    if (percent !== undefined)
        return { kind: 'percent', value: percent };
    const bytes = parseSize(value);
    if (bytes !== undefined && !(bytes <= LIMITS.bytes)) {
        throw new InputError(input, value, 'give a size of at most 1PB, or a percentage.');
    }
    if (bytes !== undefined)
        return { kind: 'bytes', value: bytes };
    throw new InputError(input, value, "give a size ('5MB', '1.5GiB', bytes) or a percentage ('5%').");
}
/** A GitHub login (`octocat`, `my-bot[bot]`): letters, digits and single hyphens, a bot's `[bot]`. */
function commentAuthor(login) {
    if (login && !/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/.test(login)) {
        throw new InputError('size-comment-author', login, "give a GitHub login: letters, digits and single hyphens, with '[bot]' for an app (e.g. 'my-app[bot]').");
    }
    return login;
}

;// CONCATENATED MODULE: ./src/settings/test-spec.ts



/**
 * Parses and validates a test specification: YAML in the format of GoogleContainerTools'
 * container-structure-test (`commandTests`, `fileExistenceTests`, `fileContentTests`, `metadataTest`),
 * plus our `fileTests` (existence and contents in one) and `services`. Pure: no I/O.
 *
 * A command test without a `timeout` gets `defaults.timeoutSeconds`.
 * Throws a {@link SpecError} naming the YAML path of the first problem.
 */
/** Largest test specification read (a YAML text or `tests-file`), and most tests in one. */
const MAX_SPEC_BYTES = 1_000_000;
const MAX_TESTS = 10_000;
function parseTestSpec(text, source, defaults, 
/** A file's content is never quoted in an error: only the YAML path, the line and the problem. */
options = {}) {
    if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
        throw new SpecError(source, ROOT, `is larger than ${MAX_SPEC_BYTES / 1_000_000} MB; split it or trim it.`);
    }
    const doc = yaml().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const syntax = doc.errors[0];
    if (syntax) {
        const where = syntax.linePos ? `line ${syntax.linePos[0].line}, column ${syntax.linePos[0].col}` : ROOT;
        throw new SpecError(source, where, `invalid YAML: ${syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '')}`);
    }
    let value;
    try {
        // Aliases are expanded at most 100 times: a "billion laughs" document is refused, by its source.
        value = doc.toJS({ maxAliasCount: 100 });
    }
    catch {
        throw new SpecError(source, ROOT, 'uses YAML aliases too often (more than 100 expansions); write the tests out.');
    }
    const spec = new Reader(source, defaults.timeoutSeconds, options.quoteValues ?? true).spec(value);
    if (spec.commandTests.length + spec.fileTests.length > MAX_TESTS) {
        throw new SpecError(source, ROOT, `has more than ${MAX_TESTS} tests.`);
    }
    return spec;
}
/** Each `test-run` line becomes a command test run through `sh -c`, expected to exit 0. Blank lines are skipped. */
function parseTestRunLines(lines) {
    return lines
        .filter((line) => line.trim() !== '')
        .map((line) => ({
        name: line,
        command: line,
        args: [],
        shell: true,
        env: {},
        exitCode: 0,
        expectedOutput: [],
        excludedOutput: [],
        expectedError: [],
        excludedError: [],
    }));
}
const ROOT = '(top level)';
const PERMISSIONS = /^[-dlcbps][-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const TOP_KEYS = [
    'schemaVersion',
    'globalEnvVars',
    'containerRunOptions',
    'commandTests',
    'fileTests',
    'fileExistenceTests',
    'fileContentTests',
    'metadataTest',
    'licenseTests',
    'services',
];
/** The schema versions container-structure-test reads (1.0.0 is the subset without metadata and run options). */
const SCHEMA_VERSIONS = ['2.0.0', '1.0.0'];
const COMMAND_KEYS = [
    'name',
    'command',
    'args',
    'shell',
    'env',
    'envVars',
    'workdir',
    'user',
    'entrypoint',
    'exitCode',
    'expectedOutput',
    'excludedOutput',
    'expectedError',
    'excludedError',
    'timeout',
    'setup',
    'teardown',
];
const FILE_EXISTENCE_KEYS = ['name', 'path', 'shouldExist', 'permissions', 'uid', 'gid', 'isExecutableBy'];
const FILE_CONTENT_KEYS = ['name', 'path', 'expectedContents', 'excludedContents'];
const FILE_KEYS = [...FILE_EXISTENCE_KEYS, 'expectedContents', 'excludedContents'];
const METADATA_KEYS = [
    'env',
    'envVars',
    'unboundEnvVars',
    'labels',
    'exposedPorts',
    'unexposedPorts',
    'volumes',
    'unmountedVolumes',
    'entrypoint',
    'cmd',
    'workdir',
    'user',
];
const RUN_OPTION_KEYS = ['user', 'privileged', 'envVars', 'envFile', 'capabilities', 'bindMounts'];
const LICENSE_KEYS = ['debian', 'files'];
const EXECUTABLE_BY = ['owner', 'group', 'other', 'any'];
const PAIR_KEYS = ['key', 'value'];
const KEY_ONLY = ['key', 'value', 'isRegex'];
/** An environment variable's name as a shell knows it: never a flag, never a `=`. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Runner variables a test container never gets: the inputs (the registry password), the runner's tokens, the state. */
const PRIVATE_ENV = /^(INPUT_|STATE_|ACTIONS_)|^GITHUB_TOKEN$/i;
const CAPABILITY = /^(CAP_)?[A-Z][A-Z0-9_]*$/i;
const MOUNT_OPTIONS = /^(ro|rw|z|Z|nocopy|r?shared|r?slave|r?private)(,(ro|rw|z|Z|nocopy|r?shared|r?slave|r?private))*$/;
const METADATA_PAIR_KEYS = ['key', 'value', 'isRegex'];
const SERVICE_KEYS = ['name', 'image', 'env', 'command', 'readiness', 'timeout'];
/** container-structure-test keys we recognise but do not support, with what to do instead. */
const UNSUPPORTED = {
    allocateTty: 'is not supported: a terminal merges stdout and stderr, which the tests check apart; remove it',
};
class Reader {
    source;
    defaultTimeout;
    quoteValues;
    /** Every key this format knows (what a path or a message may name when values are not quoted). */
    known = new Set([...TOP_KEYS, ...SCHEMA_VERSIONS, ...Object.keys(UNSUPPORTED)]);
    constructor(source, defaultTimeout, quoteValues) {
        this.source = source;
        this.defaultTimeout = defaultTimeout;
        this.quoteValues = quoteValues;
    }
    spec(root) {
        if (root === null || root === undefined)
            this.fail(ROOT, 'no tests: the specification is empty');
        const top = this.map(root, ROOT, TOP_KEYS);
        const at = (key) => key;
        const version = this.optString(top, 'schemaVersion', at);
        if (version !== undefined && !SCHEMA_VERSIONS.includes(version)) {
            this.fail('schemaVersion', `unsupported schemaVersion '${version}': container-structure-test reads '2.0.0' (and the older '1.0.0'); set schemaVersion: '2.0.0'`);
        }
        // With a schemaVersion the file is container-structure-test's: its defaults apply.
        const cst = version !== undefined;
        const globalEnv = this.env(top.globalEnvVars, 'globalEnvVars');
        const runOptions = top.containerRunOptions === undefined || top.containerRunOptions === null
            ? undefined
            : this.runOptions(top.containerRunOptions, 'containerRunOptions');
        const commandTests = this.list(top.commandTests, 'commandTests').map((item, i) => this.commandTest(item, `commandTests[${i}]`, { cst, globalEnv, runOptions }));
        const fileTests = [];
        const filePaths = [];
        const addFiles = (key, keys) => this.list(top[key], key).forEach((item, i) => {
            filePaths.push(`${key}[${i}]`);
            fileTests.push(this.fileTest(item, `${key}[${i}]`, keys));
        });
        addFiles('fileTests', FILE_KEYS);
        addFiles('fileExistenceTests', FILE_EXISTENCE_KEYS);
        addFiles('fileContentTests', FILE_CONTENT_KEYS);
        const metadataTest = top.metadataTest === undefined || top.metadataTest === null
            ? undefined
            : this.metadataTest(top.metadataTest, 'metadataTest', cst);
        const licenseTests = this.list(top.licenseTests, 'licenseTests').map((item, i) => this.licenseTest(item, `licenseTests[${i}]`, i));
        const services = this.list(top.services, 'services').map((item, i) => this.service(item, `services[${i}]`));
        this.unique(commandTests.map((t) => t.name), commandTests.map((_, i) => `commandTests[${i}]`), 'test name');
        this.unique(fileTests.map((t) => t.name), filePaths, 'test name');
        this.unique(services.map((s) => s.name), services.map((_, i) => `services[${i}]`), 'service name');
        if (commandTests.length === 0 &&
            fileTests.length === 0 &&
            metadataTest === undefined &&
            licenseTests.length === 0) {
            this.fail(ROOT, 'no tests: give at least one of commandTests, fileTests, metadataTest or licenseTests');
        }
        return { commandTests, fileTests, ...(metadataTest ? { metadataTest } : {}), licenseTests, services };
    }
    commandTest(value, path, file) {
        const m = this.map(value, path, COMMAND_KEYS);
        const at = (key) => `${path}.${key}`;
        // Schema 1.0.0 wrote the command and its arguments as one list.
        const [command, ...leading] = Array.isArray(m.command)
            ? this.strings(m.command, at('command'))
            : [this.reqString(m, 'command', path)];
        if (command === undefined || command.trim() === '')
            this.fail(at('command'), 'must not be empty');
        const test = {
            name: this.reqString(m, 'name', path),
            command,
            args: [...leading, ...(this.optStrings(m, 'args', at) ?? [])],
            shell: this.optBool(m, 'shell', at) ?? false,
            env: {
                ...file.globalEnv,
                ...this.env(m.envVars, at('envVars')),
                ...this.env(m.env, at('env')),
            },
            exitCode: this.optExitCode(m, at) ?? 0,
            expectedOutput: this.regexes(m, 'expectedOutput', at),
            excludedOutput: this.regexes(m, 'excludedOutput', at),
            expectedError: this.regexes(m, 'expectedError', at),
            excludedError: this.regexes(m, 'excludedError', at),
            timeout: this.optTimeout(m, at) ?? this.defaultTimeout,
        };
        const workdir = this.optString(m, 'workdir', at);
        const user = this.optString(m, 'user', at) ?? file.runOptions?.user;
        // container-structure-test runs every command with the image's ENTRYPOINT cleared.
        const entrypoint = this.optStrings(m, 'entrypoint', at) ?? (file.cst ? [] : undefined);
        if (workdir !== undefined)
            test.workdir = workdir;
        if (user !== undefined)
            test.user = user;
        if (entrypoint !== undefined)
            test.entrypoint = entrypoint;
        for (const key of ['setup', 'teardown']) {
            const commands = this.commands(m[key], at(key));
            if (commands.length)
                test[key] = commands;
        }
        if (file.cst)
            test.expandVariables = true;
        if (file.runOptions) {
            const options = { ...file.runOptions };
            delete options.user;
            test.runOptions = options;
        }
        return test;
    }
    /** `setup`/`teardown`: a list of commands, each a list of words (or one string, run as it is). */
    commands(value, path) {
        return this.list(value, path).map((item, i) => {
            const p = `${path}[${i}]`;
            const words = typeof item === 'string'
                ? [item]
                : Array.isArray(item)
                    ? this.strings(item, p)
                    : this.typeError(p, 'a list of strings (a command and its arguments)', item);
            if (words.length === 0 || words[0].trim() === '') {
                this.fail(p, 'is an empty command: give the program and its arguments, or remove it');
            }
            return words;
        });
    }
    runOptions(value, path) {
        const m = this.map(value, path, RUN_OPTION_KEYS);
        const at = (key) => `${path}.${key}`;
        const passEnv = this.optStrings(m, 'envVars', at) ?? [];
        passEnv.forEach((name, i) => {
            const p = `${at('envVars')}[${i}]`;
            if (!ENV_NAME.test(name)) {
                this.fail(p, `'${name}' is not a variable name: use letters, digits and '_', not starting with a digit`);
            }
            if (PRIVATE_ENV.test(name)) {
                this.fail(p, `'${name}' is the runner's own (inputs, state and tokens never reach a test container); pass the value under another name through env`);
            }
        });
        const capabilities = this.optStrings(m, 'capabilities', at) ?? [];
        capabilities.forEach((cap, i) => {
            if (!CAPABILITY.test(cap) && cap.toUpperCase() !== 'ALL') {
                this.fail(`${at('capabilities')}[${i}]`, `'${cap}' is not a capability name: write one like 'SYS_ADMIN'`);
            }
        });
        const bindMounts = this.optStrings(m, 'bindMounts', at) ?? [];
        bindMounts.forEach((mount, i) => this.bindMount(mount, `${at('bindMounts')}[${i}]`));
        const options = {
            privileged: this.optBool(m, 'privileged', at) ?? false,
            capabilities: capabilities.map((cap) => cap.toUpperCase()),
            bindMounts,
            passEnv,
            envFileVars: {},
        };
        const user = this.optString(m, 'user', at);
        if (user !== undefined && user.trim() !== '')
            options.user = user;
        const envFile = this.optString(m, 'envFile', at);
        if (envFile !== undefined && envFile.trim() !== '')
            options.envFile = envFile;
        return options;
    }
    /** `SOURCE:DEST[:OPTIONS]`; where SOURCE may be is the settings' to say (they know the workspace). */
    bindMount(mount, path) {
        const parts = mount.split(':');
        const [source = '', dest = '', options] = parts;
        if (parts.length < 2 || parts.length > 3 || source === '' || dest === '') {
            this.fail(path, `'${mount}' is not a bind mount: write 'SOURCE:DESTINATION' or 'SOURCE:DESTINATION:ro'`);
        }
        if (source.startsWith('-'))
            this.fail(path, `'${mount}': the source must be a path`);
        if (!dest.startsWith('/')) {
            this.fail(path, `'${mount}': the destination must be an absolute path in the container`);
        }
        if (options !== undefined && !MOUNT_OPTIONS.test(options)) {
            this.fail(path, `'${mount}': unknown mount options; use ro, rw, z, Z or a propagation mode`);
        }
    }
    licenseTest(value, path, index) {
        const m = this.map(value, path, LICENSE_KEYS);
        const at = (key) => `${path}.${key}`;
        const files = this.optStrings(m, 'files', at) ?? [];
        files.forEach((file, i) => {
            if (!file.startsWith('/'))
                this.fail(`${at('files')}[${i}]`, `must be an absolute path, got '${file}'`);
        });
        return {
            name: index === 0 ? 'license test' : `license test ${index + 1}`,
            debian: this.optBool(m, 'debian', at) ?? false,
            files,
        };
    }
    fileTest(value, path, keys) {
        const m = this.map(value, path, keys);
        const at = (key) => `${path}.${key}`;
        const filePath = this.reqString(m, 'path', path);
        if (!filePath.startsWith('/'))
            this.fail(at('path'), `must be an absolute path, got '${filePath}'`);
        const test = {
            name: this.reqString(m, 'name', path),
            path: filePath,
            shouldExist: this.optBool(m, 'shouldExist', at) ?? true,
            expectedContents: this.regexes(m, 'expectedContents', at),
            excludedContents: this.regexes(m, 'excludedContents', at),
        };
        const executable = this.optString(m, 'isExecutableBy', at);
        if (executable !== undefined && executable !== '') {
            const by = EXECUTABLE_BY.find((word) => word === executable);
            if (!by) {
                this.fail(at('isExecutableBy'), `expected one of ${EXECUTABLE_BY.join(', ')}, got '${executable}'`);
            }
            test.isExecutableBy = by;
        }
        const permissions = this.optString(m, 'permissions', at);
        if (permissions !== undefined) {
            if (!PERMISSIONS.test(permissions)) {
                this.fail(at('permissions'), `expected a mode like '-rw-r--r--' or 'drwxr-xr-x', got '${permissions}'`);
            }
            test.permissions = permissions;
        }
        for (const key of ['uid', 'gid']) {
            const id = this.optInteger(m, key, at);
            if (id === undefined)
                continue;
            if (id < 0)
                this.fail(at(key), `must not be negative, got ${id}`);
            test[key] = id;
        }
        if (!test.shouldExist) {
            const extra = [
                'permissions',
                'uid',
                'gid',
                'isExecutableBy',
                'expectedContents',
                'excludedContents',
            ].find((key) => m[key] !== undefined && m[key] !== null);
            if (extra)
                this.fail(at(extra), 'cannot be checked on a file with shouldExist: false');
        }
        return test;
    }
    metadataTest(value, path, cst) {
        const m = this.map(value, path, METADATA_KEYS);
        const at = (key) => `${path}.${key}`;
        // container-structure-test compares values exactly unless isRegex; our own `env` and (without a
        // schemaVersion) `labels` are patterns unless isRegex: false.
        const test = {
            env: [
                ...this.metadataPairs(m.envVars, at('envVars'), false),
                ...this.metadataPairs(m.env, at('env'), true),
            ],
            labels: this.metadataPairs(m.labels, at('labels'), !cst),
            exposedPorts: this.optStrings(m, 'exposedPorts', at) ?? [],
            volumes: this.optStrings(m, 'volumes', at) ?? [],
        };
        const unbound = this.list(m.unboundEnvVars, at('unboundEnvVars')).map((item, i) => {
            const p = `${at('unboundEnvVars')}[${i}]`;
            return typeof item === 'string' ? item : this.reqString(this.map(item, p, KEY_ONLY), 'key', p);
        });
        if (unbound.length)
            test.unboundEnv = unbound;
        for (const key of ['unexposedPorts', 'unmountedVolumes']) {
            const values = this.optStrings(m, key, at) ?? [];
            values.forEach((item, i) => {
                if (item.trim() === '')
                    this.fail(`${at(key)}[${i}]`, 'must not be empty');
            });
            if (values.length)
                test[key] = values;
        }
        const entrypoint = this.optStrings(m, 'entrypoint', at);
        const cmd = this.optStrings(m, 'cmd', at);
        const workdir = this.optString(m, 'workdir', at);
        const user = this.optString(m, 'user', at);
        if (entrypoint !== undefined)
            test.entrypoint = entrypoint;
        if (cmd !== undefined)
            test.cmd = cmd;
        if (workdir !== undefined)
            test.workdir = workdir;
        if (user !== undefined)
            test.user = user;
        return test;
    }
    service(value, path) {
        const m = this.map(value, path, SERVICE_KEYS);
        const at = (key) => `${path}.${key}`;
        const name = this.reqString(m, 'name', path);
        if (!DNS_LABEL.test(name)) {
            this.fail(at('name'), `'${name}' is not a valid host name: use letters, digits and '-', at most 63, not starting or ending with '-'`);
        }
        const image = this.reqString(m, 'image', path);
        try {
            // A reference by the registry grammar: never a flag (`--privileged`) on the command line.
            parseReference(image);
        }
        catch (error) {
            this.fail(at('image'), `'${image}' is not an image reference: ${error.message}`);
        }
        const service = {
            name,
            image,
            env: this.env(m.env, at('env')),
            timeout: this.optTimeout(m, at) ?? 60,
        };
        const command = this.optStrings(m, 'command', at);
        if (command !== undefined)
            service.command = command;
        const readiness = m.readiness;
        if (typeof readiness === 'string') {
            if (readiness.trim() === '')
                this.fail(at('readiness'), 'must not be empty');
            service.readiness = ['sh', '-c', readiness];
        }
        else if (readiness !== undefined && readiness !== null) {
            if (!Array.isArray(readiness))
                this.typeError(at('readiness'), 'a string or a list of strings', readiness);
            const exec = this.strings(readiness, at('readiness'));
            if (exec.length === 0)
                this.fail(at('readiness'), 'must not be an empty list');
            service.readiness = exec;
        }
        return service;
    }
    /** `env` as a map, or as container-structure-test's list of `{key, value}`. */
    env(value, path) {
        const env = {};
        if (value === undefined || value === null)
            return env;
        if (Array.isArray(value)) {
            value.forEach((item, i) => {
                const p = `${path}[${i}]`;
                const pair = this.map(item, p, PAIR_KEYS);
                env[this.reqString(pair, 'key', p)] = this.envValue(pair.value, `${p}.value`);
            });
            return env;
        }
        if (typeof value !== 'object')
            this.typeError(path, 'a map or a list of {key, value}', value);
        for (const [key, item] of Object.entries(value))
            env[key] = this.envValue(item, `${path}.${key}`);
        return env;
    }
    /** Environment values may be written as numbers or booleans (`PORT: 8080`). */
    envValue(value, path) {
        if (typeof value === 'string')
            return value;
        if (typeof value === 'number' || typeof value === 'boolean')
            return String(value);
        if (value === undefined)
            this.fail(path, 'is required');
        return this.typeError(path, 'a string', value);
    }
    metadataPairs(value, path, regexByDefault) {
        return this.list(value, path).map((item, i) => {
            const p = `${path}[${i}]`;
            const pair = this.map(item, p, METADATA_PAIR_KEYS);
            const key = this.reqString(pair, 'key', p);
            // container-structure-test (exact by default) reads a missing value as ''.
            const text = !regexByDefault && (pair.value === undefined || pair.value === null)
                ? ''
                : this.envValue(pair.value, `${p}.value`);
            const isRegex = this.optBool(pair, 'isRegex', (k) => `${p}.${k}`) ?? regexByDefault;
            const source = isRegex ? text : `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
            return { key, value: this.regex(source, `${p}.value`, isRegex ? 'm' : '') };
        });
    }
    regexes(m, key, at) {
        return (this.optStrings(m, key, at) ?? []).map((source, i) => this.regex(source, `${at(key)}[${i}]`, 'm'));
    }
    regex(source, path, flags) {
        try {
            return new RegExp(source, flags);
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            // V8: "Invalid regular expression: /(/m: Unterminated group" — keep the reason only.
            const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
            return this.fail(path, `invalid regular expression '${source}': ${reason}`);
        }
    }
    // ---- shapes -------------------------------------------------------------------------------------
    map(value, path, keys) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            this.typeError(path, 'a map', value);
        }
        const m = value;
        for (const key of keys)
            this.known.add(key);
        for (const key of Object.keys(m)) {
            if (keys.includes(key))
                continue;
            const where = path === ROOT ? key : `${path}.${key}`;
            if (UNSUPPORTED[key])
                this.fail(where, `'${key}' ${UNSUPPORTED[key]}`);
            const near = closest(key, keys);
            this.fail(where, `unknown key '${key}'` +
                (near ? `; did you mean '${near}'?` : `; expected one of ${keys.join(', ')}`));
        }
        return m;
    }
    /** A list, or `[]` for an absent or empty (`key:`) value. */
    list(value, path) {
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value))
            this.typeError(path, 'a list', value);
        return value;
    }
    strings(value, path) {
        return value.map((item, i) => typeof item === 'string' ? item : this.typeError(`${path}[${i}]`, 'a string', item));
    }
    optStrings(m, key, at) {
        const value = m[key];
        if (value === undefined || value === null)
            return undefined;
        if (!Array.isArray(value))
            this.typeError(at(key), 'a list of strings', value);
        return this.strings(value, at(key));
    }
    reqString(m, key, path) {
        const where = path === ROOT ? key : `${path}.${key}`;
        const value = m[key];
        if (value === undefined || value === null)
            this.fail(where, `'${key}' is required`);
        if (typeof value !== 'string')
            this.typeError(where, 'a string', value);
        if (value.trim() === '')
            this.fail(where, 'must not be empty');
        return value;
    }
    optString(m, key, at) {
        const value = m[key];
        if (value === undefined || value === null)
            return undefined;
        return typeof value === 'string' ? value : this.typeError(at(key), 'a string', value);
    }
    optBool(m, key, at) {
        const value = m[key];
        if (value === undefined || value === null)
            return undefined;
        return typeof value === 'boolean' ? value : this.typeError(at(key), 'a boolean (true or false)', value);
    }
    optInteger(m, key, at) {
        const value = m[key];
        if (value === undefined || value === null)
            return undefined;
        return typeof value === 'number' && Number.isInteger(value)
            ? value
            : this.typeError(at(key), 'an integer', value);
    }
    optExitCode(m, at) {
        const code = this.optInteger(m, 'exitCode', at);
        if (code !== undefined && (code < 0 || code > 255)) {
            this.fail(at('exitCode'), `must be between 0 and 255, got ${code}`);
        }
        return code;
    }
    optTimeout(m, at) {
        const value = m.timeout;
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
            this.typeError(at('timeout'), 'a number of seconds', value);
        }
        if (value <= 0)
            this.fail(at('timeout'), `must be a positive number of seconds, got ${value}`);
        if (value > 2_000_000)
            this.fail(at('timeout'), `must be at most 2000000 seconds (23 days), got ${value}`);
        return value;
    }
    unique(names, paths, what) {
        const seen = new Map();
        names.forEach((name, i) => {
            const first = seen.get(name);
            if (first !== undefined)
                this.fail(`${paths[i]}.name`, `duplicate ${what} '${name}' (also ${first})`);
            seen.set(name, paths[i]);
        });
    }
    typeError(path, expected, value) {
        return this.fail(path, `expected ${expected}, got ${test_spec_describe(value, this.quoteValues)}`);
    }
    fail(path, problem) {
        if (this.quoteValues)
            throw new SpecError(this.source, path, problem);
        // A file's text (its keys and values) stays out of the message: words of the format only.
        const keep = (text) => this.known.has(text) || text === ROOT || /^\[\d+\]$/.test(text);
        const safePath = path
            .split(/(?=\[)|\./)
            .map((part) => (keep(part) ? part : '…'))
            .join('.')
            .replace(/\.\[/g, '[');
        const safeProblem = problem
            .replace(/'([^']*)'/g, (quoted, text) => (keep(text) ? quoted : "'…'"))
            .replace(/got -?\d[\d.e+]*/g, 'got another value');
        throw new SpecError(this.source, safePath, safeProblem);
    }
}
function test_spec_describe(value, quote = true) {
    if (value === null || value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a map';
    if (!quote)
        return `a ${typeof value}`;
    if (typeof value === 'string')
        return `a string ('${value.length > 40 ? `${value.slice(0, 40)}…` : value}')`;
    if (typeof value === 'number')
        return `a number (${value})`;
    if (typeof value === 'boolean')
        return `a boolean (${value})`;
    return typeof value;
}
/** The valid key nearest to `key` (case-insensitive edit distance, transpositions counting one), if close. */
function closest(key, candidates) {
    const limit = Math.max(1, Math.floor(key.length / 3));
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = distance(key.toLowerCase(), candidate.toLowerCase());
        if (d <= limit && d < bestDistance)
            [best, bestDistance] = [candidate, d];
    }
    return best;
}
/** Optimal string alignment distance. */
function distance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

;// CONCATENATED MODULE: ./src/settings/tests.ts











function readTestOnly(read) {
    const testOnly = booleanInput('test-only', read('test-only'), false);
    return { testOnly, imageRef: testOnly ? tests_imageToTest(read('image-ref')) : '' };
}
function readTestSettings(read, workspace, only, platforms = [], rules = { workspace, runnerTemp: '', allowOutside: true }) {
    const timeoutSeconds = positiveSeconds('test-timeout', read('test-timeout'), 300);
    const spec = readSpec(read, workspace, timeoutSeconds, rules);
    const count = spec.commandTests.length + spec.fileTests.length + spec.licenseTests.length;
    if (only.testOnly && count === 0 && !spec.metadataTest) {
        throw new InputError('test-only', 'true', "there are no tests to run: set 'test-run', 'tests' or 'tests-file'.");
    }
    return {
        spec,
        timeoutSeconds,
        parallelism: positiveInteger('test-parallelism', read('test-parallelism'), (0,external_node_os_.availableParallelism)()),
        report: read('test-report').trim()
            ? writablePath('test-report', read('test-report'), (0,external_node_path_.resolve)(workspace, read('test-report').trim()), rules)
            : '',
        platforms: parseTestPlatforms(read('test-platforms'), platforms),
        ...only,
    };
}
/** `test-run` lines first, then the YAML of `tests`, then `tests-file`; each validated before anything runs. */
function readSpec(read, workspace, timeoutSeconds, rules) {
    const spec = {
        commandTests: parseTestRunLines(lines(read('test-run'))),
        fileTests: [],
        licenseTests: [],
        services: [],
    };
    const add = (text, source, quoteValues = true) => {
        const parsed = parseTestSpec(text, source, { timeoutSeconds }, { quoteValues });
        resolveRunOptions(parsed.commandTests, { source, quoteValues }, workspace, rules);
        spec.commandTests.push(...parsed.commandTests);
        spec.fileTests.push(...parsed.fileTests);
        spec.licenseTests.push(...parsed.licenseTests);
        spec.services.push(...parsed.services);
        if (parsed.metadataTest)
            spec.metadataTest = parsed.metadataTest;
    };
    if (read('tests').trim())
        add(read('tests'), "input 'tests'");
    const file = read('tests-file').trim();
    // A file's content never appears in an error: it could be any file the path reaches.
    if (file)
        add(readTestsFile(file, workspace, rules), `input 'tests-file' (${file})`, false);
    const names = new Set();
    for (const test of [...spec.commandTests, ...spec.fileTests, ...spec.licenseTests]) {
        if (names.has(test.name))
            throw new InputError('tests', test.name, 'two tests have this name; give each a name of its own.');
        names.add(test.name);
    }
    return spec;
}
/**
 * `containerRunOptions` paths, relative to the workspace: each bind mount's source and the env file
 * must exist and resolve (symlinks followed) inside it unless 'allow-paths-outside-workspace' says
 * otherwise; the env file is read here, once for every test of the file.
 */
function resolveRunOptions(tests, { source, quoteValues }, workspace, rules) {
    const options = tests.find((test) => test.runOptions)?.runOptions;
    if (!options)
        return;
    // A tests-file's text stays out of errors (as the spec parser keeps it): the path is not quoted.
    const shown = (raw, path) => (quoteValues ? `'${raw}' (${path})` : 'the path');
    const inside = (key, raw) => {
        const path = (0,external_node_path_.resolve)(workspace, raw);
        if (!(0,external_node_fs_.existsSync)(path)) {
            throw new SpecError(source, key, `${shown(raw, path)} does not exist; create it in an earlier step or give a path in the repository`);
        }
        try {
            return readablePath(key, raw, path, rules);
        }
        catch (error) {
            if (!(error instanceof InputError))
                throw error;
            throw new SpecError(source, key, quoteValues
                ? `'${raw}' ${error.message.replace(/^Input '[^']*' has value '[^']*': (it )?/, '')}`
                : `the path resolves outside the workspace. Give a path in the repository, or set '${OUTSIDE_INPUT}: true' to allow it.`);
        }
    };
    const resolved = {
        ...options,
        bindMounts: options.bindMounts.map((mount, i) => {
            const [from, ...rest] = mount.split(':');
            return [inside(`containerRunOptions.bindMounts[${i}]`, from), ...rest].join(':');
        }),
    };
    if (options.envFile !== undefined) {
        const path = inside('containerRunOptions.envFile', options.envFile);
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            throw new SpecError(source, 'containerRunOptions.envFile', `${shown(options.envFile, path)} could not be read as a file; give the path of a KEY=value file`);
        }
        // Values are never quoted in an error: an env file holds secrets.
        resolved.envFileVars = parseEnvFile(text);
    }
    for (const test of tests)
        if (test.runOptions)
            test.runOptions = resolved;
}
function readTestsFile(file, workspace, rules) {
    const path = readablePath('tests-file', file, (0,external_node_path_.resolve)(workspace, file), rules);
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new InputError('tests-file', file, `no file at ${(0,external_node_path_.resolve)(workspace, file)}. Give a path in the repository.`);
    }
}
function tests_imageToTest(raw) {
    const value = raw.trim();
    if (!value)
        throw new InputError('image-ref', '', "'test-only' is true: name the image to test, e.g. 'ghcr.io/acme/app:v1'.");
    try {
        parseReference(value);
    }
    catch (error) {
        if (error instanceof ImageReferenceError)
            throw new InputError('image-ref', value, error.message);
        throw error;
    }
    return value;
}

;// CONCATENATED MODULE: ./src/settings/inputs.ts












/**
 * Reads and validates every input. Throws an InputError for the first mistake, before the action
 * creates anything. Only reads the file system (does the context exist?), never writes.
 */
function readSettings(read, workspace, env = {}, event = {}, now = new Date()) {
    const git = gitContext(env, event);
    const only = readTestOnly(read);
    const rules = {
        workspace,
        runnerTemp: env.RUNNER_TEMP ?? '',
        allowOutside: booleanInput(OUTSIDE_INPUT, read(OUTSIDE_INPUT), false),
    };
    const paths = readBuildPaths(read, workspace, only.testOnly, rules);
    const { forkRestricted, ...publish } = readPublishSettings(read, git, only.testOnly, now);
    const templates = { ctx: git, now };
    const userLabels = Object.fromEntries(Object.entries(readUserLabels(read)).map(([key, value]) => [key, expandText(value, templates, 'labels')]));
    const options = readBuildOptions(read, env, workspace, rules);
    options.annotations = options.annotations.map((annotation) => ({
        ...annotation,
        value: expandText(annotation.value, templates, 'annotations'),
    }));
    const oci = ociLabels(git, publish.version, now);
    if (only.testOnly && options.call === 'check') {
        throw new InputError('call', 'check', "'test-only' builds nothing, so there is no build to check; drop 'test-only', or leave 'call' at 'build'.");
    }
    const tests = readTestSettings(read, workspace, only, options.platforms, rules);
    const secrets = readSecrets(read, env, workspace);
    const cleanup = readCleanupSettings(read);
    const build = {
        ...paths,
        ...options,
        references: publish.references,
        labels: { ...oci, ...userLabels },
        ...secrets,
    };
    const [firstImage] = publish.images;
    const subject = {
        image: firstImage,
        reference: publish.references[0] ?? '',
        dockerfile: build.file,
        target: build.target,
        buildArgs: build.buildArgs,
    };
    return {
        git,
        forkRestricted,
        build,
        cache: readCacheSettings(read, env, firstImage, build, rules),
        publish,
        tests,
        cleanup,
        guard: readGuardSettings(read),
        size: { ...readSizeSettings(read, git, firstImage, publish.tagRules, now), subject },
        metadata: metadataOutputs(read, env, oci, userLabels, build),
    };
}
/**
 * metadata-action's `labels` and `annotations` outputs. The annotation levels come from
 * `DOCKER_METADATA_ANNOTATIONS_LEVELS` (`manifest` by default), as in metadata-action; an `annotations`
 * line that names its own levels is listed as written.
 */
function metadataOutputs(read, env, oci, userLabels, build) {
    const plain = build.annotations.filter((annotation) => annotation.levels.length === 0);
    const leveled = build.annotations.filter((annotation) => annotation.levels.length > 0);
    const custom = Object.fromEntries(plain.map((annotation) => [annotation.key, annotation.value]));
    const levels = (env.DOCKER_METADATA_ANNOTATIONS_LEVELS || 'manifest')
        .split(',')
        .map((level) => level.trim());
    const list = metadataList(oci, custom);
    return {
        labels: metadataList(oci, userLabels),
        annotations: [
            ...levels.flatMap((level) => list.map((entry) => `${level}:${entry}`)),
            ...leveled.map((annotation) => `${annotation.levels.join(',')}:${annotation.key}=${annotation.value}`),
        ],
        separators: {
            tags: separator(read, env, 'sep-tags'),
            labels: separator(read, env, 'sep-labels'),
            annotations: separator(read, env, 'sep-annotations'),
        },
    };
}
/** A separator input, read untrimmed (metadata-action's), a line break when empty. */
function separator(read, env, name) {
    return env[`INPUT_${name.toUpperCase()}`] || read(name) || '\n';
}
/**
 * What to mask before any input is parsed (a parse error must not print a secret): every line of
 * `password`, each `secrets` line and its value, and every line of `registry-auth` with the value of
 * its `password` keys. Also each credential's Basic string (`base64(user:password)`), which the
 * run's config.json and the registry API carry.
 */
function rawSecrets(read) {
    const found = [];
    found.push(read('password'), ...lines(read('password')));
    for (const line of lines(read('secrets'))) {
        found.push(line);
        const at = line.indexOf('=');
        if (at >= 0)
            found.push(line.slice(at + 1));
    }
    for (const line of lines(read('registry-auth'))) {
        found.push(line);
        const value = /^(?:-\s*)?password\s*:\s*(.*)$/.exec(line)?.[1]?.trim();
        if (value)
            found.push(value, value.replace(/^(['"])(.*)\1$/, '$2'));
        // A line that is not `key: value` (a block scalar's, a broken quote's) may be a password's part.
        else if (!/^(?:-\s*)?[A-Za-z_-]+\s*:/.test(line))
            found.push(line);
    }
    return [...new Set(found.map((text) => text.trim()).filter((text) => text.length >= 3))];
}
/** Every secret the settings hold, to be masked in the log before anything can print them. */
function secretsOf(settings) {
    return [
        // A value that spans lines (from `secret-envs`) is masked whole and line by line.
        ...settings.build.secrets.flatMap((secret) => [
            secret.value,
            ...secret.value
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line.length >= 3 && line !== secret.value),
        ]),
        ...settings.publish.credentials.flatMap((credential) => [
            credential.password,
            // The Basic string: what config.json's `auth` and an Authorization header carry.
            Buffer.from(`${credential.username}:${credential.password}`).toString('base64'),
        ]),
        settings.size.githubToken,
    ].filter(Boolean);
}
/** The settings for the log: secret values never appear, only their ids. */
function describeSettings(settings) {
    const { build, publish, size } = settings;
    return JSON.stringify({
        ...settings,
        build: { ...build, secrets: build.secrets.map((secret) => `${secret.id}=***`) },
        publish: {
            ...publish,
            images: publish.images.map((image) => image.name),
            credentials: publish.credentials.map((c) => ({
                registry: c.registry || 'docker.io',
                username: c.username,
                password: '***',
            })),
        },
        size: { ...size, githubToken: size.githubToken ? '***' : '', subject: undefined },
        git: undefined,
    }, null, 2);
}

;// CONCATENATED MODULE: ./src/size/diff.ts
function change(before, after) {
    const delta = before === undefined || after === undefined ? undefined : after - before;
    const percent = delta === undefined || !before ? undefined : (delta / before) * 100;
    return { before, after, delta, percent };
}
/**
 * Layers matched by instruction and order (longest common subsequence of the instructions, so a
 * layer inserted in the middle does not shift every match after it); a pair with the same digest is
 * unchanged, else grown or shrunk by its compressed size (the uncompressed when that is unknown).
 */
function diffImages(before, after) {
    const a = before.layers;
    const b = after.layers;
    const lcs = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lcs[i][j] =
                a[i].instruction === b[j].instruction
                    ? lcs[i + 1][j + 1] + 1
                    : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    const rows = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i].instruction === b[j].instruction) {
            rows.push(pair(a[i], i + 1, b[j], j + 1));
            i++;
            j++;
        }
        else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
            rows.push(pair(undefined, undefined, b[j], j + 1));
            j++;
        }
        else {
            rows.push(pair(a[i], i + 1, undefined, undefined));
            i++;
        }
    }
    const weight = (row) => Math.abs(row.compressedDelta ?? row.sizeDelta ?? 0);
    const changed = rows.filter((row) => row.change !== 'unchanged').sort((x, y) => weight(y) - weight(x));
    return {
        size: change(before.size, after.size),
        compressedSize: change(before.compressedSize, after.compressedSize),
        layers: [...changed, ...rows.filter((row) => row.change === 'unchanged')],
    };
}
function pair(before, beforeIndex, after, afterIndex) {
    const delta = (pick) => {
        const x = before ? pick(before) : 0;
        const y = after ? pick(after) : 0;
        return x === undefined || y === undefined ? undefined : y - x;
    };
    const sizeDelta = delta((layer) => layer.size);
    const compressedDelta = delta((layer) => layer.compressedSize);
    let kind;
    if (!before)
        kind = 'added';
    else if (!after)
        kind = 'removed';
    else if (before.diffId === after.diffId)
        kind = 'unchanged';
    else {
        const by = compressedDelta ?? sizeDelta ?? 0;
        kind = by > 0 ? 'grown' : by < 0 ? 'shrunk' : 'changed';
    }
    return {
        instruction: (after ?? before)?.instruction ?? '',
        change: kind,
        beforeIndex,
        afterIndex,
        before,
        after,
        sizeDelta,
        compressedDelta,
    };
}

;// CONCATENATED MODULE: ./src/size/render.ts


/** The hidden marker that identifies an image's comment on a pull request, so it is updated in place. */
function commentMarker(image) {
    return `<!-- shipshape-size-report: ${image} -->`;
}
const CHART_LAYERS = 40;
/** `+4.10 MB (+3.2%)`, `-512 B (-0.1%)`, `±0 B`. */
function formatChange(value) {
    if (value.delta === undefined)
        return 'unknown';
    if (value.delta === 0)
        return '±0 B';
    const sign = value.delta > 0 ? '+' : '';
    const percent = value.percent === undefined ? '' : ` (${sign}${value.percent.toFixed(1)}%)`;
    return `${sign}${formatBytes(value.delta)}${percent}`;
}
const bytesOrUnknown = (bytes) => (bytes === undefined ? 'unknown' : formatBytes(bytes));
function renderSizeReport(report, name) {
    const { image, base, diff } = report;
    const estimated = image.layers.filter((layer) => layer.compressedHow && layer.compressedHow !== 'registry');
    const estimate = image.compressedSource === 'estimated'
        ? ` (not pushed: ${estimated.length} of ${image.layers.length} layers estimated)`
        : '';
    const out = [commentMarker(name), `### Image size: \`${name}\` (${image.platform})`, ''];
    if (base && diff && base.image) {
        out.push(`| | Base \`${cell(base.reference)}\` | This image | Change |`, '|---|---|---|---|', `| Compressed (download)${estimate} | ${bytesOrUnknown(diff.compressedSize.before)} | ${bytesOrUnknown(diff.compressedSize.after)} | **${formatChange(diff.compressedSize)}** |`, `| Uncompressed (disk) | ${bytesOrUnknown(diff.size.before)} | ${bytesOrUnknown(diff.size.after)} | ${formatChange(diff.size)} |`, `| Layers | ${base.image.layers.length} | ${image.layers.length} | |`, '');
    }
    else {
        out.push('| | This image |', '|---|---|', `| Compressed (download)${estimate} | ${bytesOrUnknown(image.compressedSize)} |`, `| Uncompressed (disk) | ${bytesOrUnknown(image.size)} |`, `| Layers | ${image.layers.length} |`, '');
        if (base && !base.found)
            out.push(`No base to compare with: ${(base.reason ?? `\`${base.reference}\` was not found`).replace(/\.$/, '')}.`, '');
    }
    for (const message of report.exceeded)
        out.push(`> [!CAUTION]`, `> ${message}`, '');
    if (report.platforms && report.platforms.length > 0) {
        out.push('#### Platforms (compressed)', '', '| Platform | Base | This image | Change | Layers |', '|---|---|---|---|---|');
        for (const platform of report.platforms) {
            const growth = formatChange(change(platform.baseCompressedSize, platform.compressedSize));
            out.push(`| ${platform.platform} | ${bytesOrUnknown(platform.baseCompressedSize)} | ${bytesOrUnknown(platform.compressedSize)} | ${growth} | ${platform.layers} |`);
        }
        out.push('');
    }
    if (diff && base?.image) {
        out.push('#### Layers, largest change first', '', '| # | Instruction | Change | Compressed | Uncompressed | From | Compressed size |', '|---|---|---|---|---|---|---|');
        for (const row of diff.layers)
            out.push(diffRow(row));
        out.push('', ...chart(base.image, image));
    }
    else {
        out.push('#### Layers', '', '| # | Instruction | Compressed | Uncompressed | From | Compressed size |', '|---|---|---|---|---|---|');
        image.layers.forEach((layer, index) => out.push(`| ${index + 1} | \`${instructionCell(layer.instruction)}\` | ${bytesOrUnknown(layer.compressedSize)} | ${bytesOrUnknown(layer.size)} | ${layer.origin === 'base' ? 'base image' : 'this Dockerfile'} | ${howMeasured(layer)} |`));
    }
    // Marker-like text from the image (an instruction, a reference) must not read as another image's
    // marker: every `<!--` after ours gets a zero-width space.
    const [marker, ...rest] = out;
    return `${[marker, ...rest.map((line) => line.replace(/<!--/g, '<!\u200b--'))].join('\n')}\n`;
}
function diffRow(row) {
    const position = row.afterIndex ?? `(${row.beforeIndex})`;
    const sizes = (pick, delta) => {
        const before = row.before?.[pick];
        const after = row.after?.[pick];
        if (row.change === 'added')
            return `${bytesOrUnknown(after)}`;
        if (row.change === 'removed')
            return `~~${bytesOrUnknown(before)}~~`;
        if (delta === undefined)
            return `${bytesOrUnknown(before)} → ${bytesOrUnknown(after)}`;
        if (delta === 0)
            return bytesOrUnknown(after);
        return `${bytesOrUnknown(before)} → ${bytesOrUnknown(after)} (${delta > 0 ? '+' : ''}${formatBytes(delta)})`;
    };
    const origin = (row.after ?? row.before)?.origin === 'base' ? 'base image' : 'this Dockerfile';
    return `| ${position} | \`${instructionCell(row.instruction)}\` | ${row.change} | ${sizes('compressedSize', row.compressedDelta)} | ${sizes('size', row.sizeDelta)} | ${origin} | ${howMeasured(row.after ?? row.before)} |`;
}
/** Whether a layer's compressed size is exact or estimated, and how it was found. */
function howMeasured(layer) {
    if (layer?.compressedSize === undefined)
        return 'unknown';
    switch (layer.compressedHow) {
        case 'registry':
            return 'exact (registry)';
        case 'layer-store':
            return "estimated (gzip of the engine's layer)";
        case 'save':
            return 'estimated (gzip of docker save)';
        default:
            return 'unknown';
    }
}
function instructionCell(instruction) {
    const short = instruction.length > 80 ? `${instruction.slice(0, 79)}…` : instruction;
    return cell(short).replace(/`/g, "'");
}
/**
 * A mermaid bar chart GitHub renders: this image's layers as bars, the base's as a line, in MB,
 * compressed when both are known, else uncompressed.
 */
function chart(base, image) {
    const compressed = [...base.layers, ...image.layers].every((layer) => layer.compressedSize !== undefined);
    const pick = (layer) => layer ? ((compressed ? layer.compressedSize : layer.size) ?? 0) / 1e6 : 0;
    const count = Math.min(CHART_LAYERS, Math.max(base.layers.length, image.layers.length));
    const labels = Array.from({ length: count }, (_, i) => `"${i + 1}"`);
    const round = (value) => Number(value.toFixed(3));
    const series = (layers) => Array.from({ length: count }, (_, i) => round(pick(layers[i]))).join(', ');
    return [
        '```mermaid',
        'xychart-beta',
        `  title "Layer sizes by position, ${compressed ? 'compressed' : 'uncompressed'} MB: bars this image, line the base"`,
        `  x-axis [${labels.join(', ')}]`,
        '  y-axis "MB"',
        `  bar [${series(image.layers)}]`,
        `  line [${series(base.layers)}]`,
        '```',
    ];
}

;// CONCATENATED MODULE: ./src/size/budgets.ts


/**
 * Each budget the image is over, or could not be checked, as a message giving the figures; empty
 * when within budget. A budget never passes on an unknown size: the message names what is missing.
 * The one exception is growth against a base that does not exist yet (nothing to grow from).
 */
function exceededBudgets(size, image, diff, base, baseRead) {
    const messages = [];
    const kind = size.limitKind;
    const value = kind === 'compressed' ? image.compressedSize : image.size;
    if (size.limit > 0 && value === undefined) {
        messages.push(`Input 'size-limit' could not be checked: the image's ${kind} size is unknown (${missingFigures(image, kind)}). A budget never passes on an unknown size; see the warnings above, or set 'size-limit-kind' to the size that can be measured.`);
    }
    else if (size.limit > 0 && value !== undefined && value > size.limit) {
        messages.push(`Input 'size-limit' is ${formatBytes(size.limit)} (${kind}), but the image is ${formatBytes(value)} (${value} bytes), ${formatBytes(value - size.limit)} over.`);
    }
    if (size.increaseLimit)
        messages.push(...increaseBudget(size, { image, diff, base: baseRead }, base));
    return messages;
}
function increaseBudget(size, { image, diff, base: read }, base) {
    const limit = size.increaseLimit;
    if (!limit || (!read && !diff))
        return []; // no base to compare with
    if (read && !read.found && !read.error)
        return []; // no base yet: warned by the caller
    const kind = size.limitKind;
    const growth = diff ? (kind === 'compressed' ? diff.compressedSize : diff.size) : undefined;
    if (growth?.delta === undefined) {
        const missing = read && (!read.found || !read.image)
            ? `${base} could not be read: ${read.reason ?? 'unknown error'}`
            : growth?.before === undefined
                ? `the ${kind} size of ${base} is unknown${read?.image ? ` (${missingFigures(read.image, kind)})` : ''}`
                : `the ${kind} size of this image is unknown (${missingFigures(image, kind)})`;
        return [
            `Input 'size-increase-limit' could not be checked: ${missing}. A budget never passes on an unknown size.${kind === 'uncompressed' ? " Use 'size-limit-kind: compressed' (the base's uncompressed layers are never downloaded)." : ''}`,
        ];
    }
    const over = limit.kind === 'percent'
        ? growth.percent !== undefined && growth.percent > limit.value
        : growth.delta > limit.value;
    if (!over)
        return [];
    const text = limit.kind === 'percent' ? `${limit.value}%` : formatBytes(limit.value);
    return [
        `Input 'size-increase-limit' is ${text} (${kind}), but the image grew by ${formatChange(growth)} against ${base} (${growth.before} → ${growth.after} bytes).`,
    ];
}
/** `layer 3 (RUN make) could not be measured`: the layers whose figure is missing. */
function missingFigures(image, kind) {
    const missing = image.layers.flatMap((layer, i) => (kind === 'compressed' ? layer.compressedSize : layer.size) === undefined
        ? [`layer ${i + 1} (${layer.instruction})`]
        : []);
    if (missing.length === 0)
        return 'its total was not reported';
    const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
    return `no ${kind === 'compressed' ? 'compressed' : 'uncompressed'} size for ${shown}`;
}
/** Whether `on-change` asks for a new comment: the compressed size moved by more than the threshold. */
function changedEnough(size, diff) {
    const change = diff?.compressedSize;
    if (!change || change.delta === undefined)
        return false;
    if (size.commentThreshold.kind === 'bytes')
        return Math.abs(change.delta) > size.commentThreshold.value;
    return change.percent !== undefined && Math.abs(change.percent) > size.commentThreshold.value;
}

;// CONCATENATED MODULE: ./src/size/comment.ts
/** Who GITHUB_TOKEN (an installation token, which cannot read `/user`) writes comments as. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * One comment per image on the pull request, found by its hidden marker across every page of
 * comments and updated in place; created only when asked and none exists.
 */
async function upsertComment(comment, client) {
    // Loaded only here: a run without a pull-request comment never pays for parsing Octokit.
    const octokit = client ??
        new (await __webpack_require__.e(/* import() */ 891).then(__webpack_require__.bind(__webpack_require__, 891))).Octokit({
            auth: comment.token,
            baseUrl: comment.apiUrl.replace(/\/+$/, ''),
        });
    const [owner, repo] = comment.repository.split('/');
    const author = comment.author || (await tokenLogin(octokit));
    // Ours: written by this token's account and starting with the marker. Anyone can post the marker;
    // such a comment is never edited (nor does it block ours).
    const existing = (await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: comment.issue,
        per_page: 100,
    })).find((item) => item.user?.login === author && (item.body ?? '').startsWith(comment.marker));
    if (existing) {
        const updated = await octokit.rest.issues.updateComment({
            owner,
            repo,
            comment_id: existing.id,
            body: comment.body,
        });
        return { action: 'updated', id: existing.id, url: updated.data.html_url };
    }
    if (!comment.create)
        return { action: 'skipped' };
    const created = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: comment.issue,
        body: comment.body,
    });
    return { action: 'created', id: created.data.id, url: created.data.html_url };
}
/** The token's own login; `github-actions[bot]` for GITHUB_TOKEN, which `/user` refuses (403). */
async function tokenLogin(octokit) {
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch (error) {
        const status = error.status;
        if (status === 401 || status === 403 || status === 404)
            return ACTIONS_BOT;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/size/layers.ts
/**
 * `/bin/sh -c #(nop)  COPY file:ab12… in /usr/bin/ ` -> `COPY … /usr/bin/`; `RUN /bin/sh -c make # buildkit`
 * -> `RUN make`. Legacy and BuildKit histories say the same instruction differently, and content
 * hashes change on every build: normalising lets a layer be matched to its counterpart across builds.
 */
function normaliseInstruction(createdBy) {
    // `|1 VERSION=2 /bin/sh -c make`: the legacy builder's RUN with build arguments.
    let text = createdBy
        .trim()
        .replace(/\s+#\s*buildkit$/, '')
        .replace(/^\|\d+ (?:\S+=\S* )*/, '');
    const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
    if (nop)
        text = nop[1].trim();
    else if (text.startsWith('/bin/sh -c '))
        text = `RUN ${text.slice('/bin/sh -c '.length)}`;
    text = text.replace(/^RUN \|\d+ (?:\S+=\S* )*/, 'RUN '); // BuildKit's form of the same prefix
    text = text.replace(/^RUN \/bin\/sh -c /, 'RUN ');
    // `COPY file:<hash> in /dest` (legacy): the hash is content, not instruction.
    text = text.replace(/\b(?:file|dir|multi):[0-9a-f]{64}\s+in\s+/g, '… ');
    text = text.replace(/\s+/g, ' ').trim();
    return text || '(unknown instruction)';
}
/**
 * Pairs the non-empty history entries with the layers, in order: a history entry with
 * `empty_layer` (ENV, CMD, LABEL…) made no layer. When the counts disagree (an image squashed or
 * assembled by another tool), the instructions are unknown rather than wrong.
 */
function instructionsForLayers(history, layerCount) {
    const made = history.filter((entry) => !entry.empty_layer);
    if (made.length !== layerCount)
        return Array.from({ length: layerCount }, () => '(unknown instruction)');
    // An imported layer records no instruction, only a comment (`Imported from -`).
    return made.map((entry) => entry.created_by || !entry.comment ? normaliseInstruction(entry.created_by ?? '') : `(${entry.comment})`);
}
/** How many leading layers two layer lists share. */
function sharedPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n])
        n++;
    return n;
}
function totals(layers) {
    const sum = (pick) => layers.every((layer) => pick(layer) !== undefined)
        ? layers.reduce((total, layer) => total + (pick(layer) ?? 0), 0)
        : undefined;
    return { size: sum((l) => l.size), compressedSize: sum((l) => l.compressedSize) };
}

// EXTERNAL MODULE: ./src/engine/memo.ts
var memo = __webpack_require__(3898);
;// CONCATENATED MODULE: ./src/size/measure.ts








/** `linux/amd64` of a local image. */
function localPlatform(image) {
    return [image.Os ?? 'linux', image.Architecture ?? 'amd64', image.Variant].filter(Boolean).join('/');
}
/**
 * The built image's sizes: uncompressed per layer from the engine (`docker history`), compressed
 * per layer from the registry manifest once pushed (exact). Not pushed: a layer the registry
 * already holds (same diff ID in `exactSizes`) takes its exact size and is never read; only the
 * others are measured, concurrently, by gzip of their tar streamed from the engine's layer store,
 * else from a streamed `docker save`. A layer none of these can measure stays unknown, with a warning.
 */
async function measureBuiltImage(docker, registry, input) {
    const { image } = input;
    const diffIds = image.RootFS.Layers ?? [];
    const platform = localPlatform(image);
    const history = await docker.history(image.Id);
    const measured = input.pushed ? await fromRegistry(registry, input.pushed, platform) : undefined;
    const { config, compressed } = measured ?? (await measureLocally(docker, input, diffIds));
    const sizes = layerSizesFromHistory(config.history ?? [], history, diffIds.length);
    const instructions = instructionsForLayers(config.history ?? [], diffIds.length);
    const shared = sharedPrefix(input.baseLayers, diffIds);
    const layers = diffIds.map((diffId, i) => ({
        diffId,
        instruction: instructions[i],
        size: sizes[i],
        compressedSize: compressed[i]?.bytes,
        compressedHow: compressed[i]?.how,
        origin: i < shared ? 'base' : 'added',
    }));
    const sum = totals(layers);
    return {
        reference: input.reference,
        platform,
        // The engine's own total is authoritative for the disk; layers may not add up if history lied.
        size: image.Size,
        compressedSize: sum.compressedSize,
        compressedSource: sourceOf(layers),
        layers,
    };
}
/** `registry` when every layer's size is exact, `estimated` when some were measured here, else `unknown`. */
function sourceOf(layers) {
    if (layers.some((layer) => layer.compressedSize === undefined))
        return 'unknown';
    return layers.every((layer) => layer.compressedHow === 'registry') ? 'registry' : 'estimated';
}
async function fromRegistry(registry, pushed, platform) {
    const read = await readRegistryImage(registry, pushed, platform);
    if (!read)
        return undefined;
    return {
        config: read.config,
        compressed: read.manifest.layers.map((layer) => ({ bytes: layer.size, how: 'registry' })),
    };
}
/** Exact sizes where known; the rest measured from the layer store, then from `docker save`. */
async function measureLocally(docker, input, diffIds) {
    const compressed = diffIds.map((diffId) => {
        const bytes = input.exactSizes.get(diffId);
        return bytes === undefined ? undefined : { bytes, how: 'registry' };
    });
    const stored = input.store ? await input.store.imageConfig(input.image.Id) : undefined;
    let config = stored ? JSON.parse(stored.toString('utf8')) : undefined;
    const todo = diffIds.flatMap((_, i) => (compressed[i] ? [] : [i]));
    if (input.store && config) {
        const { store, memo } = input;
        const measure = async (i) => {
            const remembered = memo?.get(layerMemoKey(diffIds[i]));
            if (remembered !== undefined) {
                compressed[i] = { bytes: remembered, how: 'layer-store' };
                return;
            }
            try {
                const result = await gzipSize(store.layerTar(diffIds, i));
                // The tar's digest is the diff ID: the bytes measured are the layer's, so the size may be kept.
                if (result.digest !== diffIds[i])
                    return;
                compressed[i] = { bytes: result.gzipped, how: 'layer-store' };
                memo?.set(layerMemoKey(diffIds[i]), result.gzipped);
            }
            catch {
                // measured below from `docker save`
            }
        };
        await runLimited(todo.map((i) => () => measure(i)), MEASURE_CONCURRENCY);
        await memo?.save();
    }
    const left = diffIds.flatMap((_, i) => (compressed[i] ? [] : [i]));
    if (left.length > 0 || !config) {
        try {
            const saved = await measureSaved(docker, input.image.Id);
            config ??= saved.config;
            for (const i of left) {
                const bytes = saved.compressed[i];
                if (bytes !== undefined)
                    compressed[i] = { bytes, how: 'save' };
            }
        }
        catch (error) {
            input.warn(`Size report: docker save of ${input.image.Id.slice(7, 19)} failed: ${error.message}`);
        }
    }
    diffIds.forEach((diffId, i) => {
        if (!compressed[i])
            input.warn(`Size report: the compressed size of layer ${i + 1} (${diffId.slice(7, 19)}) could not be measured; it is shown as unknown.`);
    });
    return { config: config ?? {}, compressed };
}
/** The memo of layer-store measurements, in the runner's tool cache. */
function openLayerMemo(env = process.env) {
    return memo/* Memo */.l.open('layer-gzip-sizes', (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0, {
        env,
    });
}
/** A layer's gzip size depends on its bytes (the diff ID), the level and zlib's version. */
function layerMemoKey(diffId) {
    return `${diffId} gzip-6 zlib-${process.versions.zlib}`;
}
/** Layers measured at once: gzip runs on libuv's threads, one per layer. */
const MEASURE_CONCURRENCY = 4;
/**
 * Streams a layer tar through sha256 (its diff ID, which proves the tar is the layer's) and gzip
 * level 6 (as registries commonly receive layers), counting bytes; holds at most a chunk or two.
 */
async function gzipSize(chunks) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const gzip = (0,external_node_zlib_.createGzip)({ level: 6 });
    let gzipped = 0;
    let bytes = 0;
    gzip.on('data', (chunk) => (gzipped += chunk.length));
    const ended = new Promise((resolve, reject) => {
        gzip.on('end', resolve);
        gzip.on('error', reject);
    });
    for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        if (!gzip.write(chunk))
            await (0,external_node_events_.once)(gzip, 'drain');
    }
    gzip.end();
    await ended;
    return { digest: `sha256:${hash.digest('hex')}`, bytes, gzipped };
}
/**
 * An image read from the registry alone (the base-branch image): compressed sizes from its
 * manifest, instructions from its configuration, uncompressed sizes only where a local image has
 * the same layer (`knownSizes`), never by downloading a layer.
 */
async function measureRegistryImage(registry, reference, platform, knownSizes, baseLayers, docker) {
    const read = await readRegistryImage(registry, reference, platform);
    if (!read)
        return undefined;
    const diffIds = read.config.rootfs?.diff_ids ?? [];
    const sizes = new Map(knownSizes);
    // The engine may have this very image (its ID is the configuration's digest): its sizes are exact.
    if (docker && (await docker.imageExists(read.manifest.config.digest))) {
        const history = await docker.history(read.manifest.config.digest);
        layerSizesFromHistory(read.config.history ?? [], history, diffIds.length).forEach((size, i) => {
            if (size !== undefined)
                sizes.set(diffIds[i], size);
        });
    }
    const instructions = instructionsForLayers(read.config.history ?? [], diffIds.length);
    const shared = sharedPrefix(baseLayers, diffIds);
    const layers = diffIds.map((diffId, i) => ({
        diffId,
        instruction: instructions[i],
        size: sizes.get(diffId),
        compressedSize: read.manifest.layers[i]?.size,
        compressedHow: read.manifest.layers[i] ? 'registry' : undefined,
        origin: i < shared ? 'base' : 'added',
    }));
    const sum = totals(layers);
    return {
        reference,
        platform: read.platform,
        size: sum.size,
        compressedSize: sum.compressedSize,
        compressedSource: 'registry',
        layers,
    };
}
/**
 * Uncompressed bytes per layer: `docker history` lists every history entry (newest first) with the
 * size of the layer it made, 0 for an entry that made none; the configuration says which made one.
 */
function layerSizesFromHistory(configHistory, engineHistory, layerCount) {
    const oldestFirst = [...engineHistory].reverse();
    if (oldestFirst.length !== configHistory.length)
        return Array.from({ length: layerCount }, () => undefined);
    const sizes = configHistory.flatMap((entry, i) => (entry.empty_layer ? [] : [oldestFirst[i].size]));
    return sizes.length === layerCount ? sizes : Array.from({ length: layerCount }, () => undefined);
}
/**
 * `docker save` read as it streams from the client (nothing written to disk): the configuration,
 * and each layer's gzip size by position. Every layer is read: the fallback where the engine's
 * layer store cannot be (a remote or rootless daemon).
 */
async function measureSaved(docker, imageId) {
    const program = docker.saveStream(imageId);
    let read;
    try {
        read = await readSavedImage(program.stdout);
    }
    catch (error) {
        program.kill();
        throw error;
    }
    const exit = await program.finished;
    if (exit.exitCode !== 0)
        throw new Error(exit.stderr.trim() || `exit code ${exit.exitCode}`);
    const { files, gzipped } = read;
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]');
    const entry = manifest[0];
    if (!entry)
        throw new Error('docker save wrote no manifest.json');
    const config = JSON.parse(files.get(entry.Config)?.toString('utf8') ?? '{}');
    return { config, compressed: entry.Layers.map((layer) => gzipped.get(layer)) };
}
/**
 * Reads a `docker save` archive: small JSON files kept whole, every entry's gzip size counted (layer
 * tars, or OCI blobs, which may be layers). One pass; layers are never held in memory.
 */
async function readSavedImage(archive) {
    const files = new Map();
    const gzipped = new Map();
    // Loaded when a saved image is read: most runs read none.
    const { extract } = await __webpack_require__.e(/* import() */ 118).then(__webpack_require__.t.bind(__webpack_require__, 6118, 19));
    const reader = extract();
    const done = new Promise((resolve, reject) => {
        reader.on('finish', resolve);
        reader.on('error', reject);
        archive.on('error', reject);
    });
    archive.pipe(reader);
    for await (const entry of reader) {
        const name = entry.header.name.replace(/^\.\//, '');
        if (entry.header.type !== 'file') {
            entry.resume();
            continue;
        }
        const keep = name.endsWith('.json') || (name.startsWith('blobs/') && (entry.header.size ?? 0) < 4_000_000);
        const chunks = [];
        const counted = await gzipSize((async function* () {
            for await (const chunk of entry) {
                if (keep)
                    chunks.push(chunk);
                yield chunk;
            }
        })());
        gzipped.set(name, counted.gzipped);
        if (keep)
            files.set(name, Buffer.concat(chunks));
    }
    await done;
    return { files, gzipped };
}
/**
 * For a multi-platform image (a manifest list or index in the registry): each platform's compressed
 * size and layer count, beside the base's for the same platform. `undefined` for a single image.
 */
async function platformSizes(registry, reference, base) {
    const found = await registry.manifest(reference);
    if (!found || !('manifests' in found.manifest))
        return undefined;
    const platforms = found.manifest.manifests
        .filter((entry) => entry.platform && entry.platform.os !== 'unknown')
        .map((entry) => platformOf(entry.platform));
    const sizes = [];
    for (const platform of platforms) {
        const image = await measureRegistryImage(registry, reference, platform, new Map(), []);
        let baseImage;
        try {
            baseImage = base ? await measureRegistryImage(registry, base, platform, new Map(), []) : undefined;
        }
        catch {
            baseImage = undefined;
        }
        sizes.push({
            platform,
            compressedSize: image?.compressedSize,
            layers: image?.layers.length ?? 0,
            // A base without this platform would be compared with another one: leave it out.
            baseCompressedSize: baseImage?.platform === platform ? baseImage.compressedSize : undefined,
        });
    }
    return sizes;
}

;// CONCATENATED MODULE: ./src/size/report.ts








/**
 * The size report of the built image: the base-branch image (or `size-base`) read from the
 * registry first, so that the built image's layers it already holds take their exact sizes and are
 * never read; then the built image's sizes layer by layer, their diff, and the budgets it exceeds.
 */
async function buildSizeReport(input, registry) {
    const { settings, docker } = input;
    const firstImage = settings.subject.image;
    if (!firstImage)
        throw new Error('no image to measure (input images is empty)');
    const from = await baseImageLayers(input, registry);
    const pushed = input.digest ? `${firstImage.name}@${input.digest}` : undefined;
    const base = settings.base;
    const baseRead = base ? await readBase(input, registry, from.layers) : undefined;
    const exactSizes = new Map([...(input.hints?.sizes ?? []), ...from.exact]);
    if (!pushed) {
        for (const [diffId, size] of await sizesAt(registry, input.hints?.references ?? [], localPlatform(input.image))) {
            exactSizes.set(diffId, size);
        }
    }
    for (const layer of baseRead?.image?.layers ?? []) {
        if (layer.compressedSize !== undefined)
            exactSizes.set(layer.diffId, layer.compressedSize);
    }
    const image = await measureBuiltImage(docker, registry, {
        image: input.image,
        reference: settings.subject.reference || firstImage.familiar,
        pushed,
        baseLayers: from.layers,
        exactSizes,
        store: pushed ? undefined : await LayerStore.open(await docker.rootDir().catch(() => '')),
        memo: pushed ? undefined : openLayerMemo(),
        warn: input.warn,
    });
    const report = { image, exceeded: [] };
    if (base && baseRead) {
        const found = baseRead.image && withKnownSizes(baseRead.image, image);
        report.base = { reference: base, found: Boolean(found), ...baseRead, image: found };
        if (found)
            report.diff = diffImages(found, image);
    }
    if (pushed) {
        // buildx pushes a multi-platform image as a list: each platform's size, read from the registry.
        report.platforms = await platformSizes(registry, pushed, base || undefined).catch(() => undefined);
    }
    report.exceeded = exceededBudgets(settings, image, report.diff, base, report.base);
    return report;
}
/** The layers of each reference that exists, with the registry's size of each, read concurrently. */
async function sizesAt(registry, references, platform) {
    const sizes = new Map();
    const reads = await Promise.all([...new Set(references)].map((reference) => readRegistryImage(registry, reference, platform).catch(() => undefined)));
    for (const read of reads)
        for (const [diffId, size] of sizesByDiffId(read))
            sizes.set(diffId, size);
    return sizes;
}
/** A registry image's compressed layer sizes by diff ID; none when its manifest and configuration disagree. */
function sizesByDiffId(read) {
    const diffIds = read?.config.rootfs?.diff_ids ?? [];
    const layers = read?.manifest.layers ?? [];
    return new Map(diffIds.length === layers.length ? diffIds.map((id, i) => [id, layers[i].size]) : []);
}
/** The base-branch image from the registry; a reason (and a warning when it is an error) when it cannot be read. */
async function readBase(input, registry, fromLayers) {
    const base = input.settings.base;
    const platform = localPlatform(input.image);
    try {
        const found = await measureRegistryImage(registry, base, platform, new Map(), fromLayers, input.docker);
        return found ? { image: found } : { reason: `\`${base}\` is not in the registry yet` };
    }
    catch (error) {
        const reason = `reading \`${base}\` from the registry failed: ${error.message}`;
        input.warn(`Size report: ${reason.replace(/`/g, '')}. Its sizes are unknown.`);
        return { reason, error: true };
    }
}
/** The base's uncompressed sizes where the built image has the same layer (the engine measured it). */
function withKnownSizes(base, image) {
    const known = new Map(image.layers.map((layer) => [layer.diffId, layer.size]));
    const layers = base.layers.map((layer) => ({ ...layer, size: layer.size ?? known.get(layer.diffId) }));
    return { ...base, layers, size: totals(layers).size };
}
/**
 * The layers of the image the Dockerfile's final stage starts from: the engine's copy when it has
 * one, else the registry's configuration (whose manifest also gives their exact compressed sizes);
 * none for `scratch` or when neither answers.
 */
async function baseImageLayers(input, registry) {
    const { subject } = input.settings;
    const { docker } = input;
    const none = { layers: [], exact: new Map() };
    let dockerfile = '';
    try {
        dockerfile = await (0,promises_.readFile)(subject.dockerfile, 'utf8');
    }
    catch {
        return none;
    }
    const baseImage = finalBaseImage(dockerfile, subject.target, subject.buildArgs);
    if (!baseImage)
        return none;
    const [local] = await docker.inspectImages([baseImage]);
    if (local)
        return { layers: local.RootFS.Layers ?? [], exact: new Map() };
    try {
        const read = await readRegistryImage(registry, baseImage, localPlatform(input.image));
        return { layers: read?.config.rootfs?.diff_ids ?? [], exact: sizesByDiffId(read) };
    }
    catch {
        return none;
    }
}

;// CONCATENATED MODULE: ./src/size/stage.ts




/**
 * Starts measuring the size report: nothing it reads is changed by the tests, so an image that is not
 * pushed is measured beside them. Never rejects: a report that cannot be made is an `Error` value,
 * which `sizeStage` turns into a warning (or a budget failure).
 */
function measureSize(settings, context) {
    return buildSizeReport({
        settings,
        docker: context.docker,
        image: context.image,
        digest: context.digest,
        hints: context.hints,
        warn: (m) => context.log.warning(m),
    }, context.registry).catch((error) => (error instanceof Error ? error : new Error(String(error))));
}
/**
 * The size report and the pull-request comment; `undefined` (with a warning) when the report
 * cannot be made. The budgets it exceeds are in `report.exceeded`: the step fails on them once
 * the report is out. `measured` is a report `measureSize` already started; else it is measured now.
 */
async function sizeStage(settings, context, measured = measureSize(settings, context)) {
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
            throw new Error(`Input ${budgets.join(' and ')} could not be checked: the size report failed (${report.message}). A budget never passes on an unknown size.`);
        }
        return undefined;
    }
    const name = settings.subject.image?.familiar ?? '';
    const markdown = renderSizeReport(report, name);
    await commentOnPullRequest(settings, { report, markdown, name }, context);
    return { report, markdown };
}
/** One comment per image on the pull request, updated in place; problems are warnings. */
async function commentOnPullRequest(size, made, context) {
    const { git, log } = context;
    if (git.prNumber === undefined || size.comment === 'never')
        return;
    const summaryNote = 'the full report is in the job summary';
    if (git.isFork) {
        log.warning(`Size comment skipped: this pull request comes from a fork, whose token cannot comment; ${summaryNote}.`);
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
        log.info(result.action === 'skipped'
            ? `Size comment not posted: the compressed size did not change by more than 'size-comment-threshold'.`
            : `Size comment ${result.action} on pull request #${git.prNumber}${result.url ? `: ${result.url}` : ''}.`);
    }
    catch (error) {
        const status = error.status;
        const fix = status === 403 || status === 404
            ? " Give the job 'permissions: pull-requests: write' (the token cannot write to this pull request)."
            : '';
        log.warning(`Could not post the size comment on pull request #${git.prNumber}${status ? ` (HTTP ${status})` : ''}: ${error.message}.${fix} ${summaryNote[0].toUpperCase()}${summaryNote.slice(1)}.`);
    }
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
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

;// CONCATENATED MODULE: ./src/steps/outputs.ts


/** Every output of the action, by name: the one list action.yml's `outputs` must match (tested). */
const OUTPUTS = [
    'imageid',
    'image',
    'tags',
    'digest',
    'labels',
    'annotations',
    'version',
    'metadata',
    'test-results',
    'cache-hit',
    'cache-size',
    'reclaimed-bytes',
    'disk-free-bytes',
    'size',
    'compressed-size',
    'size-diff',
    'size-report',
    'timings',
];
/** The outputs the results give, each from the stage that decided it. */
function mainOutputs(results) {
    const { settings, built, tests, published, size } = results;
    const outputs = {};
    if (results.reclaimed !== undefined)
        outputs['reclaimed-bytes'] = String(results.reclaimed);
    if (built) {
        outputs.imageid = built.imageId;
        outputs.image = built.subject;
        outputs.tags = settings.publish.references.join(settings.metadata.separators.tags);
        outputs['cache-hit'] = built.cache.hit;
        outputs['cache-size'] = String(built.cache.size);
    }
    if (tests) {
        const failed = tests.filter((test) => !test.passed).length;
        outputs['test-results'] = JSON.stringify({ total: tests.length, passed: tests.length - failed, failed });
    }
    if (published && built)
        Object.assign(outputs, publishOutputs(settings, built.imageId, published));
    if (size)
        Object.assign(outputs, sizeOutputs(size));
    if (results.timings)
        outputs.timings = timingsJson(results.timings);
    return outputs;
}
function publishOutputs(settings, imageId, published) {
    const { publish, build, metadata } = settings;
    const digest = published.digest;
    return {
        'disk-free-bytes': published.diskFree === undefined ? '' : String(published.diskFree),
        digest,
        version: publish.version,
        labels: metadata.labels.join(metadata.separators.labels),
        annotations: metadata.annotations.join(metadata.separators.annotations),
        metadata: JSON.stringify({
            tags: publish.references,
            labels: build.labels,
            version: publish.version,
            imageid: imageId,
            digest,
        }),
    };
}
function sizeOutputs(report) {
    const delta = report.diff?.compressedSize.delta;
    return {
        size: report.image.size === undefined ? '' : String(report.image.size),
        'compressed-size': report.image.compressedSize === undefined ? '' : String(report.image.compressedSize),
        'size-diff': delta === undefined ? '' : String(delta),
        'size-report': JSON.stringify(report),
    };
}
/** Writes the outputs once, in the order action.yml declares them. */
function writeOutputs(outputs) {
    for (const name of OUTPUTS) {
        const value = outputs[name];
        if (value !== undefined)
            setOutput(name, value);
    }
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
        return JSON.parse(await (0,promises_.readFile)(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
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
        saveState(KEYS.runKey, state.runKey);
    if (state.cleanup !== undefined)
        saveState(KEYS.cleanup, JSON.stringify(state.cleanup));
    for (const key of [
        'createdImages',
        'replacedImages',
        'buildahImages',
        'pushed',
        'temporary',
        'tempPaths',
    ]) {
        if (state[key] !== undefined)
            saveState(KEYS[key], JSON.stringify(state[key]));
    }
    if (state.dockerRoot !== undefined)
        saveState(KEYS.dockerRoot, state.dockerRoot);
    if (state.usedBuildah !== undefined)
        saveState(KEYS.usedBuildah, String(state.usedBuildah));
    if (state.cacheSave !== undefined)
        saveState(KEYS.cacheSave, JSON.stringify(state.cacheSave));
    if (state.login !== undefined)
        saveState(KEYS.login, JSON.stringify(state.login));
}
/** What main saved; `undefined` when main stopped before it knew which run it was (bad inputs). */
function loadState(read = core.getState) {
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

;// CONCATENATED MODULE: ./src/steps/summary.ts


function mainSummary(report) {
    const failed = report.tests.filter((test) => !test.passed).length;
    const platformDigests = (report.push.platforms ?? [])
        .map(({ platform, digest }) => `${platform}: \`${digest}\``)
        .join('<br>');
    const pushLine = report.push.digest
        ? report.push.platforms?.length
            ? `pushed, image index \`${report.push.digest}\`<br>${platformDigests}`
            : `pushed, digest \`${report.push.digest}\``
        : (report.push.skippedReason ?? (report.push.requested ? 'not pushed' : 'not pushed (`push: false`)'));
    const out = [
        `## Shipshape: ${report.image}`,
        '',
        '| | |',
        '|---|---|',
        `| Image ID | \`${shortId(report.imageId)}\` (\`${report.imageId}\`) |`,
        `| Size | ${formatBytes(report.size)} (${report.size} bytes, uncompressed) |`,
        `| Tags | ${report.references.map((ref) => `\`${ref}\``).join('<br>')} |`,
        `| Builder | ${cell(report.builder)}, ${formatDuration(report.buildMs)} |`,
        `| Tests | ${report.tests.length === 0 ? 'none given' : `${report.tests.length - failed} passed, ${failed} failed`} |`,
        `| Push | ${pushLine} |`,
    ];
    if (report.platforms && report.platforms.built.length > 0) {
        const notTested = report.platforms.notTested.map(({ platform, why }) => `${platform} not tested (${cell(why)})`);
        out.push(`| Platforms | ${[report.platforms.built.join(', '), ...notTested].join('<br>')} |`);
    }
    if (report.cache && report.cache.mode !== 'none') {
        const hit = {
            true: 'exact key restored',
            partial: 'restored from a restore key',
            false: 'no cache restored',
        }[report.cache.hit];
        const size = report.cache.size > 0 ? `, ${formatBytes(report.cache.size)} saved for the next run` : '';
        out.push(`| Layer cache | \`${report.cache.mode}\`: ${hit ?? report.cache.hit}${size} |`);
    }
    if (report.tests.length > 0) {
        out.push('', '### Tests', '', '| Test | Result | Duration | Expected | Seen |', '|---|---|---|---|---|');
        for (const test of report.tests) {
            const result = test.passed ? 'passed' : test.timedOut ? 'timed out' : 'failed';
            // Test names, expectations and what a container printed are the image's text, not markdown.
            const expected = test.passed ? '' : escapeMarkdown(clip(test.expected ?? ''));
            const seen = test.passed ? '' : escapeMarkdown(clip(test.actual ?? ''));
            out.push(`| ${codeSpan(testLabel(test))} | ${result} | ${formatDuration(test.durationMs)} | ${expected} | ${seen} |`);
        }
        for (const test of report.tests.filter((t) => !t.passed && t.output)) {
            out.push('', `<details><summary>Output of <code>${escapeHtml(testLabel(test))}</code></summary>`, '', fencedBlock(trimOutput(test.output ?? '')), '</details>');
        }
    }
    return `${out.join('\n')}\n`;
}
function clip(text, limit = 200) {
    return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./src/steps/main.ts






































/** The main step: settings, guard, login, build, tests, publish, size report; outputs once at the end. */
async function runMain(early) {
    const timer = new PhaseTimer((message) => runnerLog.info(message));
    stopOnCancel();
    let results;
    try {
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        // Masked before anything is parsed: an input error must not print a secret's text.
        for (const secret of rawSecrets((name) => getInput(name)))
            setSecret(secret);
        const settings = await timer.time('settings', async () => {
            if (YAML_INPUTS.some((name) => getInput(name).trim()))
                await loadYaml();
            return readSettings((name) => getInput(name), workspace, process.env, await readEvent());
        });
        results = { settings };
        await mainStep(settings, results, workspace, timer, early);
    }
    catch (error) {
        if (results)
            await finishMain(results, timer);
        setFailed(error instanceof Error ? error.message : String(error));
        return;
    }
    await finishMain(results, timer);
}
/**
 * A cancelled job (the runner sends SIGINT, then SIGTERM): stop every program this step started
 * (a `docker build` client would go on building, a test's client waiting), then exit. What the run
 * created so far is in the state and carries its labels: the post step, which runs anyway, removes it.
 */
function stopOnCancel() {
    const stop = (signal) => {
        runnerLog.warning(`The main step was cancelled (${signal}): stopping the programs it started; the post step removes what this run created.`);
        void (0,exec/* stopAllPrograms */.rx)().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
/** The timings (logged, a job-summary table, an output), then every output, once. */
async function finishMain(results, timer) {
    results.timings = timer.finish();
    await addSummary(timingsTable(results.timings, 'Timings')).catch((error) => runnerLog.warning(`Could not add the timings to the job summary: ${error.message}`));
    writeOutputs(mainOutputs(results));
}
async function mainStep(settings, results, workspace, timer, early) {
    for (const secret of secretsOf(settings))
        setSecret(secret);
    for (const notice of settings.publish.notices)
        runnerLog.notice(notice);
    for (const warning of settings.publish.warnings)
        runnerLog.warning(warning);
    if (settings.forkRestricted) {
        runnerLog.notice('This pull request comes from a fork, which gets no secrets: skipping registry login and push.');
    }
    await runnerLog.group('Settings', async () => runnerLog.info(describeSettings(settings)));
    const engine = await timer.time('guard', async () => {
        const started = await startRun(settings, early);
        results.reclaimed = await guardStage(settings, started);
        return started;
    });
    const { credentials } = settings.publish;
    await timer.timeIf(credentials.length > 0, 'login', () => loginStage(settings, engine));
    if (settings.build.call === 'check') {
        await timer.time('build', () => buildChecks(settings, engine, workspace));
        return;
    }
    const { tests: testSettings } = settings;
    // Which platforms the tests run on is known before the build: a listed one the runner cannot
    // execute fails here, naming 'test-platforms'.
    const testPlan = await platformPlan(settings, engine);
    const built = testSettings.testOnly
        ? await testOnlyImage(engine, testSettings.imageRef)
        : await buildAndCache(settings, engine, workspace, timer);
    try {
        await testAndPublish(settings, results, engine, built, testPlan, timer);
    }
    finally {
        // The per-platform images' temporary names: removed with the images they alone name.
        const temporary = built.platforms.map((image) => image.reference);
        if (temporary.length > 0)
            await engine.docker.removeImages(temporary);
    }
}
/** The builder the settings and the machine choose, checked against the inputs, with its programs. */
async function builderPrograms(settings, engine) {
    const { docker, buildah } = engine;
    const builder = await detectBuilder(engine.server, settings.build.builder, buildah, engine.clients);
    runnerLog.info(`Builder: ${builder.kind} — ${builder.reason}`);
    checkBuilderSupports(settings.build, builder);
    return { builder, client: new engine_docker/* Docker */.Jg(builder.client), docker, buildah, log: runnerLog };
}
/**
 * `call: check`: buildx's build checks, each finding an annotation on its Dockerfile line; the step
 * fails when there is one, as build-push-action's does. Nothing is built, tested or pushed.
 */
async function buildChecks(settings, engine, workspace) {
    const programs = await builderPrograms(settings, engine);
    const buildxVersion = (await engine.clients)?.find((client) => client.path === programs.builder.client)?.buildxVersion;
    const checked = await checkStage(settings.build, programs, { buildxVersion, workspace });
    for (const finding of checked.warnings)
        warning(finding.message, finding);
    if (checked.error) {
        error(checked.error.message, checked.error);
        throw new Error(`The build checks could not run: ${checked.error.message}`);
    }
    const count = checked.warnings.length;
    if (count > 0) {
        throw new Error(`Check complete, ${count} warning(s) found in ${checked.warnings[0].file ?? 'the Dockerfile'}: see the annotations.`);
    }
    runnerLog.info('Check complete, no warnings found.');
}
/** The runner's architecture and binfmt handlers against `platforms` and `test-platforms`. */
async function platformPlan(settings, engine) {
    const built = settings.build.platforms;
    if (settings.tests.testOnly || built.length === 0)
        return { tested: [], notTested: [] };
    const local = (await engine.docker.rootDir().catch(() => '')) !== '';
    const host = { arch: engine.server.arch, handlers: local ? await readBinfmtHandlers() : undefined };
    const plan = planTestPlatforms(built, settings.tests.platforms, (platform) => canExecute(platform, host));
    for (const { platform, why } of plan.notTested)
        runnerLog.warning(`Platform ${platform} is not tested: ${why}.`);
    return plan;
}
async function testAndPublish(settings, results, engine, built, testPlan, timer) {
    const { tests: testSettings } = settings;
    // What the tests ran on: the first built reference, or the image given to `test-only`.
    const subject = settings.publish.references[0] ?? testSettings.imageRef;
    results.built = { ...built, subject };
    // An image that is not pushed is measured beside the tests: nothing they do changes what it reads.
    const early = settings.publish.push || testSettings.testOnly
        ? undefined
        : await earlySize(settings, engine, built, timer);
    // Several platforms: each tested platform's image, one after the other; one platform: its image.
    const byPlatform = new Map(built.platforms.map((image) => [image.platform, image.imageId]));
    const platforms = settings.build.platforms.length === 0 || testSettings.testOnly
        ? undefined
        : testPlan.tested.map((platform) => ({ platform, image: byPlatform.get(platform) ?? built.imageId }));
    const tests = await timer.time('tests', () => testStage(testSettings, {
        docker: engine.docker,
        image: built.imageId,
        platforms,
        subject,
        labels: engine.ownership.labels,
        prefix: `shipshape-${engine.ownership.runKey.split('/').pop()}-test`,
        log: runnerLog,
    }));
    results.tests = tests.results;
    await built.cacheExport;
    const published = await timer.timeIf(settings.publish.push, 'push', async () => {
        const platforms = await platformsToPublish(settings, engine, built);
        try {
            return await publishStage(settings.publish, {
                docker: engine.docker,
                testOnly: testSettings.testOnly,
                failedTests: tests.failed.length,
                log: runnerLog,
                platforms,
            });
        }
        finally {
            if (platforms)
                await (0,promises_.rm)(platforms.workDir, { recursive: true, force: true });
        }
    });
    // One rule (README, "Disk hygiene"): the runner's tags go in the post step only when the registry
    // has the image (`keep-images: false`); an image not pushed (push: false, a failed test, a failed
    // push) stays tagged on the runner, whichever way it was not pushed.
    if (published.digest && !testSettings.testOnly && !settings.cleanup.keepImages) {
        state_saveState({ pushed: { imageId: built.imageId, references: settings.publish.references } });
    }
    results.published = { ...published, diskFree: await freeBytesAt(await engine.dataPath) };
    const [image] = early ? [early.image] : await engine.docker.inspectImages([built.imageId]);
    await addSummary(mainSummary({
        image: subject,
        imageId: built.imageId,
        references: settings.publish.references.length > 0 ? settings.publish.references : [subject],
        size: image?.Size ?? 0,
        builder: built.builder,
        buildMs: built.durationMs,
        tests: tests.results,
        push: published,
        cache: built.cache,
        platforms: { built: settings.build.platforms, notTested: testPlan.notTested },
    }));
    failOnTests(settings, tests);
    if (!testSettings.testOnly && image) {
        const size = await timer.time('size-report', () => sizeStage(settings.size, sizeContext(settings, engine, image, published.digest, built.sizeHints), early?.measured));
        if (!size)
            return;
        results.size = size.report;
        await addSummary(size.markdown);
        if (size.report.exceeded.length > 0)
            throw new Error(size.report.exceeded.join('\n'));
    }
}
/** Every temporary directory this run made, in the state as soon as it exists: post removes what is left. */
const tempPaths = [];
function trackTempPath(path) {
    tempPaths.push(path);
    state_saveState({ tempPaths: [...tempPaths] });
}
/** A directory of the run's own under RUNNER_TEMP, recorded for the post step. */
async function makeTempDir(prefix) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tempRoot(), prefix));
    trackTempPath(dir);
    return dir;
}
/** Each platform's image and where the index push writes, when several platforms were built. */
async function platformsToPublish(settings, engine, built) {
    if (!settings.publish.push || settings.tests.testOnly)
        return undefined;
    if (built.platforms.length <= 1 && !built.pushWithBuildx)
        return undefined;
    // One platform pushed by BuildKit (attestations asked for): the built image is that platform's.
    const [single] = built.platforms.length > 0 ? [] : await engine.docker.inspectImages([built.imageId]);
    const platformImages = single
        ? [{ platform: `${single.Os ?? 'linux'}/${single.Architecture ?? 'amd64'}`, imageId: single.Id }]
        : built.platforms;
    const inspected = await engine.docker.inspectImages(platformImages.map((image) => image.imageId));
    const byId = new Map(inspected.map((image) => [image.Id, image]));
    const images = platformImages.map(({ platform, imageId }) => {
        const image = byId.get(imageId);
        if (!image)
            throw new Error(`The engine no longer has the ${platform} image ${imageId}.`);
        return { platform, image };
    });
    return {
        images,
        registry: registryClient(settings),
        workDir: await makeTempDir('shipshape-push-'),
        store: await LayerStore.open(await engine.docker.rootDir().catch(() => '')),
        annotations: settings.build.annotations,
        pushWithBuildx: built.pushWithBuildx,
        // buildah: its own manifest list of the tested images, under a run-scoped name.
        buildah: built.platforms.length > 1 && built.platforms.every((image) => image.buildahImage)
            ? {
                client: engine.buildah,
                listName: platformReference(engine.ownership.runKey.split('/').pop() ?? '', 'index'),
                images: built.platforms.map(({ platform, buildahImage }) => ({
                    platform,
                    buildahImage: buildahImage,
                })),
            }
            : undefined,
    };
}
/** The registry API with the run's credentials; every token it is given is masked at once. */
function registryClient(settings) {
    return new RegistryClient(settings.publish.credentials, fetch, (secret) => setSecret(secret));
}
/** What the size report reads: the built image, where it was pushed, the registries that may hold its layers. */
function sizeContext(settings, engine, image, digest, hints) {
    return {
        docker: engine.docker,
        registry: registryClient(settings),
        image,
        digest,
        hints,
        git: settings.git,
        apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        log: runnerLog,
    };
}
/** The size report of an image that is not pushed, started now and timed as `size-report`. */
async function earlySize(settings, engine, built, timer) {
    const [image] = await engine.docker.inspectImages([built.imageId]);
    if (!image)
        return undefined;
    const context = sizeContext(settings, engine, image, '', built.sizeHints);
    // After the cache export: the layer sizes it knows (and the cache images it wrote) are hints.
    const measured = built.cacheExport.then(() => timer.time('size-report', () => measureSize(settings.size, context)));
    return { image, measured };
}
/** The daemon answers, the run has its ownership labels and its lease, the service images exist. */
async function startRun(settings, early) {
    // The client probes (a process or two each) and the daemon's version and root dir are asked by the
    // entry (src/main.ts, steps/early.ts) before it loads the rest of the action.
    const clients = settings.tests.testOnly ? undefined : (early?.probes ?? (0,engine_clients/* probeDockerClients */.Lc)());
    clients?.catch(() => undefined); // awaited by the builder choice; unhandled only if the run stops first
    // Reads go to the daemon's socket when it is certainly the CLI's daemon (README: "The engine").
    const docker = early?.docker ?? engine_docker/* Docker */.Jg.connect();
    const buildah = new Buildah();
    // The builder choice needs the engine's version and OS, which `/_ping` says at once; the daemon's
    // architecture (from the slower `/version`) only a build for several platforms needs.
    const server = settings.build.platforms.length > 0 ? await docker.server() : await docker.serverBrief();
    const ownership = createOwnership(process.env);
    state_saveState({ runKey: ownership.runKey, cleanup: settings.cleanup, createdImages: [] });
    // Asked now, answered by the end: where the builder keeps its data, for `disk-free-bytes`.
    const dataPath = dataRoot(docker, settings.build.builder === 'buildah' ? buildah : undefined).catch(() => '');
    // The post step's cleanup measures the same disk: it is told where, rather than asking again.
    void docker.rootDir().then((dockerRoot) => dockerRoot && state_saveState({ dockerRoot }), () => undefined);
    const uses = await imagesUsed(settings);
    await Promise.all([
        checkServicesPresent(docker, settings.tests.spec),
        // The lease tells other runs' cleanups on this daemon that this run is still going.
        docker
            .createVolume(leaseName(ownership.runKey), leaseLabels(ownership, uses))
            .catch((error) => runnerLog.warning(`Could not create this run's lease volume: ${error.message}`)),
    ]);
    return { docker, buildah, server, ownership, dataPath, clients };
}
/**
 * The images the run uses without making them, named on its lease so that other runs' cleanups keep
 * them while it runs: the Dockerfile's bases, the service images, the image `test-only` tests.
 */
async function imagesUsed(settings) {
    const dockerfile = settings.tests.testOnly
        ? ''
        : await (0,promises_.readFile)(settings.build.file, 'utf8').catch(() => '');
    const stages = stagesOf(dockerfile);
    const names = new Set(stages.map((stage) => stage.name).filter(Boolean));
    const bases = stages
        .map((stage) => stage.from)
        .filter((from) => from !== 'scratch' && !names.has(from.toLowerCase()) && !from.includes('$'));
    const services = settings.tests.spec.services.map((service) => service.image);
    const tested = settings.tests.testOnly ? [settings.tests.imageRef] : [];
    return [...bases, ...services, ...tested].flatMap(engineNames);
}
/** `min-free-space`: clean until the disk has room, or fail before building. Returns the bytes freed. */
async function guardStage(settings, engine) {
    if (settings.guard.minFreeSpace <= 0 || settings.tests.testOnly)
        return 0;
    const buildah = settings.build.builder === 'buildah' ? engine.buildah : undefined;
    const guard = await ensureFreeSpace(engine.docker, buildah, await engine.dataPath, settings.guard.minFreeSpace, settings.cleanup, engine.ownership.runKey, (m) => runnerLog.info(m));
    if (guard.results.length > 0) {
        await addSummary(cleanupSummary(mergeResults(guard.results), {
            title: 'Shipshape disk guard (before the build)',
            policy: 'dangling, then aggressive while short',
            before: { path: guard.path, freeBytes: guard.freeBefore, usage: [] },
            after: { path: guard.path, freeBytes: guard.freeAfter, usage: [] },
        }));
    }
    return guard.reclaimed;
}
/** One DOCKER_CONFIG for this run with every login; the post step logs out and removes it. */
async function loginStage(settings, engine) {
    if (settings.publish.credentials.length === 0)
        return;
    const session = await login(engine.docker, settings.publish.credentials, tempRoot(), runnerLog);
    if (!settings.publish.logout) {
        // docker/login-action's `logout: false`: the job's later steps use this login. The directory is
        // under RUNNER_TEMP, which the runner empties after the job.
        state_saveState({ login: { ...session, keep: true } });
        exportVariable('DOCKER_CONFIG', session.configDir);
        exportVariable('REGISTRY_AUTH_FILE', (0,external_node_path_.join)(session.configDir, 'config.json'));
        runnerLog.info(`Logged in to ${session.registries.join(', ')}; 'logout' is false: the job's later steps use this login (DOCKER_CONFIG=${session.configDir}).`);
        return;
    }
    state_saveState({ login: session });
    runnerLog.info(`Logged in to ${session.registries.join(', ')} (credentials in ${session.configDir} for this run only).`);
}
async function testOnlyImage(engine, reference) {
    const imageId = await imageToTest(engine.docker, reference);
    return {
        imageId,
        builder: 'none (test-only)',
        platforms: [],
        durationMs: 0,
        cache: { mode: 'none', hit: 'false', size: 0 },
        cacheExport: Promise.resolve(),
        sizeHints: {},
    };
}
/** Builder choice, cache restore, build, cache export: the image the tests run on. */
async function buildAndCache(settings, engine, workspace, timer) {
    const { docker, ownership } = engine;
    const programs = await builderPrograms(settings, engine);
    const { builder } = programs;
    const { provenance, sbom } = settings.build;
    if (builder.kind === 'buildx' &&
        (provenance || sbom) &&
        (await programs.client.buildxDriver()) === 'docker') {
        throw new InputError(provenance ? 'provenance' : 'sbom', provenance ? `mode=${provenance.mode}` : 'true', "buildx's docker driver cannot push attestations; create a builder that can (docker/setup-buildx-action's default docker-container driver), or set it to false.");
    }
    const workDir = await makeTempDir('shipshape-');
    let exporting = false;
    try {
        // buildah's images carry the run label: the post step finds them (and a killed build's working
        // containers) by it, whatever the build got to.
        if (builder.kind === 'buildah')
            state_saveState({ usedBuildah: true });
        const registry = registryClient(settings);
        const cacheContext = {
            builder,
            docker,
            builderDocker: programs.client,
            workDir,
            workspace,
            labels: ownership.labels,
            defaultBranch: settings.git.defaultBranch,
            log: runnerLog,
            holdsImage: async (ref, local) => {
                const [image] = await docker.inspectImages([local]);
                return holdsLayers(registry, ref, image?.RootFS.Layers ?? []);
            },
            tempRoot: tempRoot(),
            track: trackTempPath,
            // Several platforms: one cache per platform; the runner's own keeps the cache's own name.
            platforms: settings.build.platforms.length > 1
                ? {
                    all: settings.build.platforms,
                    primary: hostPlatform(settings.build.platforms, engine.server.arch) ?? '',
                }
                : undefined,
        };
        const prepared = await timer.timeIf(settings.cache.mode !== 'none', 'cache-restore', () => prepareCache(settings.cache, cacheContext));
        const context = {
            programs,
            cache: prepared.plan,
            ownershipLabels: ownership.labels,
            workDir,
            runId: ownership.runKey.split('/').pop(),
            hostArch: engine.server.arch,
            cacheFor: (platform) => prepared.platformPlans.get(platform) ?? prepared.plan,
        };
        let build;
        try {
            build = await timer.time('build', () => buildStage(settings.build, context));
        }
        catch (error) {
            if (error instanceof BuildError)
                state_saveState({ createdImages: error.createdImages });
            await abandonCache(prepared, docker);
            throw error;
        }
        const created = [...build.createdImages];
        state_saveState({
            createdImages: created,
            temporary: build.platforms.map((image) => image.reference),
            replacedImages: build.replacedImages,
            buildahImages: build.buildahImages,
        });
        const cache = { mode: prepared.mode, hit: prepared.hit, size: 0 };
        // The registry cache's images hold this image's unchanged layers, measured by the registry.
        const sizeHints = {
            references: prepared.mode === 'registry' ? prepared.plan.exports.map((e) => e.ref) : [],
        };
        const rebuild = cacheRebuilder(settings.build, context, created);
        // Off the critical path: the cache images are written while the tests run.
        const cacheExport = timer
            .timeIf(prepared.mode !== 'none', 'cache-export', () => finishCache(prepared, build, rebuild, cacheContext))
            .then(async (finished) => {
            cache.size = finished.size;
            sizeHints.sizes = finished.layerSizes;
            // Images a cache rebuild made join the run's own (`created` grew); the save goes to post.
            state_saveState({ createdImages: created, cacheSave: finished.save });
        })
            .catch((error) => runnerLog.warning(`The layer cache was not written: ${error.message}`))
            .finally(() => (0,promises_.rm)(workDir, { recursive: true, force: true }));
        exporting = true;
        // buildx's `docker` driver cannot push an index: the engine's road (each image by digest, then the index).
        // One platform stays a single image pushed by the engine, unless attestations are asked for.
        const attestations = Boolean(settings.build.provenance) || settings.build.sbom;
        const buildxPushes = builder.kind === 'buildx' &&
            (build.platforms.length > 1 || attestations) &&
            settings.publish.push &&
            (await programs.client.buildxDriver()) !== 'docker';
        return {
            imageId: build.imageId,
            platforms: build.platforms,
            pushWithBuildx: buildxPushes ? buildxPusher(settings.build, context) : undefined,
            builder: `${builder.kind} (${builder.reason})`,
            durationMs: build.durationMs,
            cache,
            cacheExport,
            sizeHints,
        };
    }
    finally {
        if (!exporting)
            await (0,promises_.rm)(workDir, { recursive: true, force: true });
    }
}
/** Each failed test as an error annotation, then the step fails: nothing was pushed. */
function failOnTests(settings, tests) {
    const { testOnly, timeoutSeconds } = settings.tests;
    for (const test of tests.failed) {
        const why = test.timedOut
            ? `timed out after ${timeoutSeconds} s (input 'test-timeout'; stopped at ${(test.durationMs / 1000).toFixed(1)} s)`
            : `failed: expected ${test.expected ?? '?'}, saw ${test.actual ?? '?'}`;
        error(`Test '${testLabel(test)}' ${why}.${test.output ? `\nOutput:\n${trimOutput(test.output)}` : ''}`);
    }
    if (tests.failed.length > 0) {
        throw new Error(`${tests.failed.length} of ${tests.results.length} test(s) failed${settings.publish.push && !testOnly ? '; nothing was pushed' : ''}.`);
    }
}


/***/ })

};
