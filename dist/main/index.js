import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7230:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lc: () => (/* binding */ probeDockerClients)
/* harmony export */ });
/* unused harmony exports findDockerExecutables, parseBuildxVersion, parseClientVersion, probeDockerClient, cliPluginDirs, mayHaveBuildx */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _memo_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3898);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(8955);





/** Every distinct `docker` executable on PATH, first one first (the one a shell would run). */
function findDockerExecutables(path = process.env.PATH ?? '') {
    const found = [];
    const seen = new Set();
    for (const dir of path.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (!dir)
            continue;
        const candidate = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'docker');
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(candidate);
            if (seen.has(real))
                continue;
            seen.add(real);
            found.push(candidate);
        }
        catch {
            // not here
        }
    }
    return found;
}
/** `github.com/docker/buildx v0.15.1 1c1a2d4` -> `0.15.1`; '' when there is no version there. */
function parseBuildxVersion(output) {
    return /\bv?(\d+\.\d+\.\d+[^\s]*)/.exec(output)?.[1] ?? '';
}
/** `Docker version 20.10.24+dfsg1, build 297e128` -> `20.10.24+dfsg1`. */
function parseClientVersion(output) {
    return /version\s+v?([0-9][^\s,]*)/i.exec(output)?.[1] ?? '';
}
async function probeDockerClient(path, memo) {
    // A client file this runner already asked (same file, size and time) gives its version from the memo.
    const key = fileKey(path);
    const known = key ? memo?.get(key) : undefined;
    // No buildx plugin where the CLI looks for plugins: no `buildx version` process to ask.
    const [version, buildx] = await Promise.all([
        known ??
            (0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .execProgram */ .SI)(path, ['--version'], { timeoutMs: 10_000 }).then((r) => parseClientVersion(r.stdout)),
        mayHaveBuildx() ? (0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .execProgram */ .SI)(path, ['buildx', 'version'], { timeoutMs: 10_000 }) : undefined,
    ]);
    if (key && version)
        memo?.set(key, version);
    const hasBuildx = buildx?.exitCode === 0;
    return {
        path,
        version,
        hasBuildx,
        ...(hasBuildx ? { buildxVersion: parseBuildxVersion(buildx.stdout) } : {}),
    };
}
/** What identifies one build of a program file: its real path, inode, size and change times. */
function fileKey(path) {
    try {
        const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real);
        return `${real} ${stats.dev}:${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs}`;
    }
    catch {
        return undefined;
    }
}
/**
 * Where the docker CLI looks for plugins (docker/cli `getPluginDirs` on Linux): the config
 * directory's `cli-plugins`, its `cliPluginsExtraDirs`, then the system directories.
 */
function cliPluginDirs(env = process.env, home = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)()) {
    const configDir = env.DOCKER_CONFIG || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(home, '.docker');
    let extra = [];
    try {
        const config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(configDir, 'config.json'), 'utf8'));
        if (Array.isArray(config.cliPluginsExtraDirs))
            extra = config.cliPluginsExtraDirs.map(String);
    }
    catch {
        // no config file, or not JSON: the CLI then has no extra plugin directories either
    }
    return [
        (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(configDir, 'cli-plugins'),
        ...extra,
        '/usr/local/lib/docker/cli-plugins',
        '/usr/local/libexec/docker/cli-plugins',
        '/usr/lib/docker/cli-plugins',
        '/usr/libexec/docker/cli-plugins',
    ];
}
/** Whether a `docker-buildx` plugin file is in any of the CLI's plugin directories. */
function mayHaveBuildx(dirs = cliPluginDirs()) {
    return dirs.some((dir) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'docker-buildx')));
}
/**
 * Every `docker` client on PATH, each probed (`--version`, `buildx version`), all side by side. The
 * versions are remembered in the runner's tool cache: a persistent runner starts no `--version` twice.
 */
async function probeDockerClients(env = process.env) {
    const memo = _memo_js__WEBPACK_IMPORTED_MODULE_3__/* .Memo */ .l.open('docker-client-versions', (value) => typeof value === 'string', {
        env,
        limit: 50,
    });
    const clients = await Promise.all(findDockerExecutables(env.PATH).map((path) => probeDockerClient(path, memo)));
    await memo.save();
    return clients;
}


/***/ }),

/***/ 9994:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Jg: () => (/* binding */ Docker),
  Bi: () => (/* binding */ DockerError),
  Mn: () => (/* binding */ lines)
});

// UNUSED EXPORTS: diskUsageRows, historyEntries, parseDiskUsageRow, parseHumanSize, parseImageRemoval, parsePushDigest, parseServerHeader, volumeDetails, volumeSizesOf

// EXTERNAL MODULE: ./src/engine/labels.ts
var engine_labels = __nccwpck_require__(9667);
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
    args.push(...(0,engine_labels/* labelArgs */.S)(spec.labels));
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
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

// EXTERNAL MODULE: ./src/engine/exec.ts + 1 modules
var exec = __nccwpck_require__(8955);
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
    const errors = lines(stderr).filter((line) => !/DEPRECATED|legacy builder|buildx|docs\.docker\.com/i.test(line));
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
        return (0,exec/* execProgram */.SI)(this.bin, args, options);
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
        return [...new Set(lines(result.stdout))];
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
            const printed = new Set(lines(result.stdout));
            for (const id of batch) {
                const error = lines(result.stderr).find((line) => line.includes(id.slice(0, 12)));
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
        return lines((await this.checked(args)).stdout);
    }
    async createVolume(name, labels) {
        const body = { Name: name, Driver: 'local', DriverOpts: {}, Labels: labels };
        const viaApi = await this.viaApi((api) => api.request('POST', '/volumes/create', { body }).catch(cliFailure('volume create')));
        if (viaApi)
            return;
        await this.checked(['volume', 'create', ...(0,engine_labels/* labelArgs */.S)(labels), name]);
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
        const names = lines((await this.checked(args)).stdout);
        if (names.length === 0)
            return [];
        const result = await this.exec([
            'volume',
            'inspect',
            '--format',
            '{{.Name}}|{{.CreatedAt}}|{{json .Labels}}',
            ...names,
        ]);
        return lines(result.stdout).map((line) => {
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
        return lines(result.stdout).map((line) => parseDiskUsageRow(JSON.parse(line)));
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
        return lines(result.stdout).map((line) => {
            const entry = JSON.parse(line);
            return { createdBy: entry.CreatedBy ?? '', size: Number(entry.Size) || 0 };
        });
    }
    /** `docker save` of one image, its tar read from the client's stdout (nothing written to disk). */
    saveStream(image) {
        return (0,exec/* streamProgram */.zm)(this.bin, ['image', 'save', image]);
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
        await this.checked(['network', 'create', ...(0,engine_labels/* labelArgs */.S)(labels), name]);
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
        return lines((await this.checked(args)).stdout);
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
function lines(text) {
    return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
}
function lastLines(text, count) {
    return lines(text).slice(-count).join('\n');
}


/***/ }),

/***/ 8955:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ld: () => (/* binding */ createLogPassthrough),
  SI: () => (/* binding */ execProgram),
  rC: () => (/* binding */ startBackground),
  rx: () => (/* binding */ stopAllPrograms),
  zm: () => (/* binding */ streamProgram),
  G$: () => (/* binding */ withGuardedOutput)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
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
    const token = (0,external_node_crypto_.randomUUID)();
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
    const child = (0,external_node_child_process_namespaceObject.spawn)(bin, args, {
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


/***/ }),

/***/ 9667:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ labelArgs)
/* harmony export */ });
/** `--label key=value` for each label: how every container, network and image gets its owner. */
function labelArgs(labels) {
    return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}


/***/ }),

/***/ 3898:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ Memo)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * A small JSON file of facts that depend only on their key (a layer's diff ID, a program's file), kept
 * in the runner's tool cache so that a persistent (self-hosted) runner pays for each fact once. On a
 * fresh runner it is empty and costs nothing. It is never trusted blindly: a directory or file that
 * is a symlink, not the runner user's, or writable by others is not read or written, and each entry
 * is checked by `valid` before use. Writes go to a temporary file renamed into place, so two jobs
 * writing at once lose entries, never the file.
 */
class Memo {
    file;
    entries;
    limit;
    changed = false;
    constructor(file, entries, limit) {
        this.file = file;
        this.entries = entries;
        this.limit = limit;
    }
    /**
     * `$RUNNER_TOOL_CACHE/shipshape/<name>.json`; without a tool cache (or a safe one) the memo only
     * lives as long as the process.
     */
    static open(name, valid, options = {}) {
        const limit = options.limit ?? 2000;
        const dir = memoDir(options.env ?? process.env);
        if (!dir)
            return new Memo(undefined, new Map(), limit);
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${name}.json`);
        return new Memo(file, readEntries(file, valid), limit);
    }
    get(key) {
        return this.entries.get(key);
    }
    set(key, value) {
        if (this.entries.get(key) === value)
            return;
        this.entries.delete(key);
        this.entries.set(key, value);
        this.changed = true;
    }
    /** Writes the newest `limit` entries back; problems are silent (it is only a memo). */
    async save() {
        if (!this.file || !this.changed)
            return;
        const kept = [...this.entries].slice(-this.limit);
        const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
        try {
            const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(temporary, 'wx', 0o600);
            try {
                await handle.writeFile(JSON.stringify(Object.fromEntries(kept)));
            }
            finally {
                await handle.close();
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temporary, this.file);
            this.changed = false;
        }
        catch {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(temporary, { force: true }).catch(() => undefined);
        }
    }
}
/** The memo directory, made if missing; `undefined` when there is no tool cache or it is not safe. */
function memoDir(env) {
    const root = env.RUNNER_TOOL_CACHE;
    if (!root || !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(root))
        return undefined;
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, 'shipshape');
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: 0o700 });
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(dir);
        return stats.isDirectory() && ownedAndPrivate(stats) ? dir : undefined;
    }
    catch {
        return undefined;
    }
}
function ownedAndPrivate(stats) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : stats.uid;
    return !stats.isSymbolicLink() && stats.uid === uid && (stats.mode & 0o022) === 0;
}
function readEntries(file, valid) {
    const entries = new Map();
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW);
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stats.isFile() || !ownedAndPrivate(stats) || stats.size > 4 * 1024 * 1024)
            return entries;
        const parsed = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(fd, 'utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            return entries;
        for (const [key, value] of Object.entries(parsed))
            if (valid(value))
                entries.set(key, value);
    }
    catch {
        // no memo yet, or not one we can use: start empty
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
    return entries;
}


/***/ }),

/***/ 1730:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _steps_early_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(424);

// Asked first, the docker clients and the daemon answer while the rest of the action (a chunk of its own) loads.
const early = (0,_steps_early_js__WEBPACK_IMPORTED_MODULE_0__/* .startEarly */ .w)();
const { runMain } = await __nccwpck_require__.e(/* import() */ 737).then(__nccwpck_require__.bind(__nccwpck_require__, 5737));
await runMain(early);
// A cache request abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 424:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ startEarly)
/* harmony export */ });
/* harmony import */ var _engine_clients_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7230);
/* harmony import */ var _engine_docker_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9994);


/**
 * Started from the entry, these run while the step's own chunk loads and the settings are read: the
 * client probes, the daemon's version (from `/_ping`, which it answers at once) and its root dir
 * (`/info`, slow: it gathers the whole daemon's state).
 */
function startEarly() {
    const probes = (0,_engine_clients_js__WEBPACK_IMPORTED_MODULE_0__/* .probeDockerClients */ .Lc)();
    probes.catch(() => undefined); // awaited by the builder choice; unhandled only if the run stops first
    const docker = _engine_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .Docker */ .Jg.connect();
    // `/info` once the version is answered: the build waits on the version, not on the root dir.
    docker
        .serverBrief()
        .catch(() => undefined) // asked again, and reported, by the main step
        .finally(() => docker.rootDir().catch(() => undefined));
    return { probes, docker };
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

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

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

/***/ 481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

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

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

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
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
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
/******/ var __webpack_exports__ = __nccwpck_require__(1730);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
