import type { ContainerSpec } from '../engine/container-args.js';
import type { Docker } from '../engine/docker.js';
import { expandVariables } from '../settings/env-file.js';
import type { CommandTest, FileTest, LicenseTest, MetadataTest } from '../settings/test-types.js';
import type { TestResult } from './results.js';

/** A timed-out container gets SIGTERM, then SIGKILL after this many seconds. */
/** Time the client gets past the kill to return, before its own timeout gives up on it. */
const KILL_GRACE_SECONDS = 10;
const MAX_SHOWN = 500;

function trim(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `RegExp.test` on a global/sticky pattern depends on `lastIndex`; always search from the start. */
function search(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  const match = pattern.exec(text);
  pattern.lastIndex = 0;
  return match;
}

interface Failure {
  expected: string;
  actual: string;
}

/** The first failing expected/excluded pattern over `text`, described for the report. */
function checkPatterns(
  what: string,
  text: string,
  expected: RegExp[],
  excluded: RegExp[],
): Failure | undefined {
  for (const pattern of expected) {
    if (!search(pattern, text)) return { expected: `${what} matching ${pattern}`, actual: trim(text) };
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
function commandTestEnv(
  test: CommandTest,
  runnerEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const options = test.runOptions;
  if (!options) return test.env;
  const passed = Object.fromEntries(
    options.passEnv.flatMap((name) => (runnerEnv[name] ? [[name, runnerEnv[name]]] : [])),
  );
  return { ...options.envFileVars, ...passed, ...test.env };
}

/** The container one command test runs in. */
export function commandTestContainer(
  image: string,
  test: CommandTest,
  options: { labels: Record<string, string>; name: string; network: string; platform?: string },
  runnerEnv: NodeJS.ProcessEnv = process.env,
): ContainerSpec {
  const command = test.command ? [test.command, ...test.args] : test.args;
  const run = test.runOptions;
  const container: ContainerSpec = {
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
  if (test.shell) return { ...container, entrypoint: ['sh'], command: ['-c', command.join(' ')] };
  return { ...container, entrypoint: test.entrypoint, command };
}

/**
 * One `setup` or `teardown` command: run as container-structure-test runs it, without the image's
 * ENTRYPOINT and without a shell, with the test's environment, user and run options.
 */
function stepContainer(
  image: string,
  test: CommandTest,
  command: string[],
  options: { labels: Record<string, string>; name: string; network: string; platform?: string },
): ContainerSpec {
  return {
    ...commandTestContainer(
      image,
      { ...test, shell: false, command: command[0], args: command.slice(1) },
      options,
    ),
    entrypoint: [],
  };
}

/**
 * Runs `setup` or `teardown` commands one after the other, each on the image the previous one
 * committed (starting from `image`), as container-structure-test does: what a command writes is
 * there for the next one and for the test. Returns the last image, or why a command failed.
 */
async function runSteps(
  docker: Docker,
  kind: 'setup' | 'teardown',
  image: string,
  test: CommandTest,
  options: { labels: Record<string, string>; name: string; network: string; platform?: string },
  made: { containers: string[]; images: string[] },
  timeoutMs: number,
): Promise<{ image: string } | { failure: Failure }> {
  const steps = test[kind] ?? [];
  for (const [index, command] of steps.entries()) {
    const name = `${options.name}-${kind}-${index + 1}`;
    made.containers.push(name);
    const result = await docker.runContainer(
      stepContainer(image, test, command, { ...options, name }),
      timeoutMs,
    );
    const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
    if (result.timedOut || result.exitCode !== 0) {
      return {
        failure: {
          expected: `${kind} command ${JSON.stringify(command)} to exit 0`,
          actual: trim(
            `${result.timedOut ? 'timed out' : `exit code ${result.exitCode}`}${output ? `; output: ${output}` : ''}`,
          ),
        },
      };
    }
    // The last teardown command leaves nothing anyone reads.
    if (kind === 'teardown' && index === steps.length - 1) break;
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

export async function runCommandTest(
  docker: Docker,
  image: string,
  test: CommandTest,
  options: {
    labels: Record<string, string>;
    name: string;
    network: string;
    defaultTimeoutSeconds: number;
    platform?: string;
  },
): Promise<TestResult> {
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
      if (result.exitCode === 0 || finished) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  if (test.expandVariables) test = await withVariablesExpanded(docker, image, test);
  const made = { containers: [options.name], images: [] as string[] };
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
    const result = await docker.runContainer(
      commandTestContainer(testImage, testSpec, options),
      (timeoutSeconds + KILL_GRACE_SECONDS + 30) * 1000,
    );
    finished = true;
    timedOut ||= result.timedOut;
    const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
    let failure: Failure | undefined = timedOut
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
    let teardownFailure: Failure | undefined;
    if (test.teardown?.length && !timedOut) {
      // The teardown sees what the test command left: its container, committed.
      const committed = await docker.commitContainer(options.name);
      if ('error' in committed) {
        teardownFailure = {
          expected: 'to keep what the test command wrote, for the teardown',
          actual: trim(committed.error),
        };
      } else {
        made.images.push(committed.id);
        const teardown = await runSteps(docker, 'teardown', committed.id, test, options, made, stepTimeoutMs);
        if ('failure' in teardown) teardownFailure = teardown.failure;
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
  } finally {
    finished = true;
    clearTimeout(timer);
    await removeMade(docker, made);
  }
}

/**
 * The test with `$NAME` in its command, arguments and env values replaced from the image's
 * environment (then the test's own), as container-structure-test does; unchanged without a `$`.
 */
async function withVariablesExpanded(docker: Docker, image: string, test: CommandTest): Promise<CommandTest> {
  const texts = [test.command, ...test.args, ...Object.values(test.env)];
  if (!texts.some((text) => text.includes('$'))) return test;
  const [inspect] = await docker.inspectImages([image]);
  const env: Record<string, string> = Object.fromEntries(
    (inspect?.Config?.Env ?? []).map((entry) => {
      const equals = entry.indexOf('=');
      return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }),
  );
  const values = Object.fromEntries(
    Object.entries(test.env).map(([key, value]) => [key, expandVariables(value, env)]),
  );
  const all = { ...env, ...values };
  return {
    ...test,
    command: expandVariables(test.command, all),
    args: test.args.map((arg) => expandVariables(arg, all)),
    env: values,
  };
}

/** The containers, then the images (newest first: a child before its parent) a command test made. */
async function removeMade(docker: Docker, made: { containers: string[]; images: string[] }): Promise<void> {
  await docker.removeContainers(made.containers);
  if (made.images.length) await docker.removeImages([...made.images].reverse());
}

/** One entry of a tar stream: what `ls -l` shows, and the content of a regular file. */
interface TarEntry {
  name: string;
  /** `-`, `d`, `l`, `c`, `b`, `p`. */
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  content: Buffer;
  /** A symbolic link's target. */
  link: string;
}

/** A numeric header field: octal text, or GNU base-256 when the high bit of the first byte is set. */
function tarNumber(field: Buffer): number {
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

function tarString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

/** `size=... uid=...` records of a PAX extended header. */
function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (space < 0 || !(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}

/** Typeflag → `ls -l` type; a hard link (`1`) is a regular file to `ls`. */
const TAR_TYPES: Record<string, string> = {
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
function firstTarEntry(tar: Buffer): TarEntry | undefined {
  for (const entry of tarEntries(tar)) return entry;
  return undefined;
}

/** Every file entry of a tar stream, in order. */
function* tarEntries(tar: Buffer): Generator<TarEntry> {
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) return; // end of archive
    const flag = String.fromCharCode(header[156]);
    const size = pax.size !== undefined ? Number(pax.size) : tarNumber(header.subarray(124, 136));
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'x') pax = { ...pax, ...paxRecords(data) };
    else if (flag === 'L') longName = tarString(data);
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
function formatMode(type: string, mode: number): string {
  const bits = (read: number, write: number, exec: number, special: number, letter: string) =>
    (mode & read ? 'r' : '-') +
    (mode & write ? 'w' : '-') +
    (mode & special ? (mode & exec ? letter : letter.toUpperCase()) : mode & exec ? 'x' : '-');
  return (
    type +
    bits(0o400, 0o200, 0o100, 0o4000, 's') +
    bits(0o040, 0o020, 0o010, 0o2000, 's') +
    bits(0o004, 0o002, 0o001, 0o1000, 't')
  );
}

/** The execute bits `isExecutableBy` asks for (any one of them for `any`). */
const EXECUTE_BITS = { owner: 0o100, group: 0o010, other: 0o001, any: 0o111 } as const;

function checkFile(test: FileTest, entry: TarEntry | undefined): Failure | undefined {
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
  if (test.expectedContents.length + test.excludedContents.length === 0) return undefined;
  if (entry.type !== '-') return { expected: 'a regular file (to check its contents)', actual: permissions };
  return checkPatterns(
    'contents',
    entry.content.toString('utf8'),
    test.expectedContents,
    test.excludedContents,
  );
}

/**
 * Checks files through `docker cp` from a created (never started) container, so the image needs no
 * shell or tools. A directory is copied whole; only its own header is used.
 */
export async function runFileTests(
  docker: Docker,
  image: string,
  tests: FileTest[],
  options: { labels: Record<string, string>; name: string; platform?: string },
  licenseTests: LicenseTest[] = [],
): Promise<TestResult[]> {
  if (tests.length + licenseTests.length === 0) return [];
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
        kind: 'file' as const,
        name: test.name,
        passed: false,
        durationMs: 0,
        expected: 'a container to read files from',
        actual: `docker create failed: ${reason}`,
      }));
    }
    const results: TestResult[] = [];
    for (const test of tests) {
      const started = Date.now();
      const copy = await docker.copyFromContainer(options.name, test.path);
      let failure: Failure | undefined;
      if (copy.exitCode === 0) {
        failure = checkFile(test, firstTarEntry(copy.stdoutBytes ?? Buffer.alloc(0)));
      } else if (/Could not find the file|No such container:path/i.test(copy.stderr)) {
        failure = checkFile(test, undefined);
      } else {
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
  } finally {
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
async function checkLicenses(
  docker: Docker,
  container: string,
  test: LicenseTest,
): Promise<Failure | undefined> {
  const problems: string[] = [];
  const read = async (path: string, depth = 0): Promise<Buffer | string> => {
    const copy = await docker.copyFromContainer(container, path);
    if (copy.exitCode !== 0)
      return `cannot read ${path}: ${copy.stderr.trim() || `exit code ${copy.exitCode}`}`;
    const entry = firstTarEntry(copy.stdoutBytes ?? Buffer.alloc(0));
    if (entry?.type === 'l' && depth < 8) {
      return read(
        entry.link.startsWith('/') ? entry.link : `${path.replace(/[^/]*$/, '')}${entry.link}`,
        depth + 1,
      );
    }
    if (entry?.type !== '-') return `${path} is not a file`;
    return entry.content;
  };
  const check = (path: string, content: Buffer | string) => {
    if (typeof content === 'string') return problems.push(content);
    const text = content.toString('utf8').toUpperCase();
    const refused = REFUSED_LICENSES.find((word) => text.includes(word));
    if (refused) problems.push(`${path} mentions ${refused}`);
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
      if (!entry) problems.push(`${name} has no ${path}`);
      else check(path, entry.type === '-' ? entry.content : await read(path));
    }
  }
  for (const file of test.files) check(file, await read(file));
  if (problems.length === 0) return undefined;
  return {
    expected: `copyright files without ${REFUSED_LICENSES.join(' or ')}${test.debian ? ` for every package in ${DEBIAN_DOC}` : ''}`,
    actual: trim(problems.join('; ')),
  };
}

/** `8080` means `8080/tcp`, as in a Dockerfile's EXPOSE. */
function normalizePort(port: string): string {
  return port.includes('/') ? port.toLowerCase() : `${port}/tcp`;
}

/** Checks the image configuration from `docker image inspect`; nothing runs. */
export async function runMetadataTest(
  docker: Docker,
  image: string,
  test: MetadataTest,
): Promise<TestResult[]> {
  const started = Date.now();
  const [inspect] = await docker.inspectImages([image]);
  if (!inspect) throw new Error(`image ${image} not found locally`);
  const config = inspect.Config ?? {};
  const durationMs = Date.now() - started;
  const results: TestResult[] = [];
  const add = (name: string, failure: Failure | undefined) =>
    results.push({ kind: 'metadata', name: `metadata: ${name}`, passed: !failure, durationMs, ...failure });
  const keyValue = (kind: string, values: Map<string, string>, key: string, pattern: RegExp) => {
    const value = values.get(key);
    add(
      `${kind} ${key}`,
      value === undefined
        ? { expected: `${kind} ${key} matching ${pattern}`, actual: `${kind} ${key} is not set` }
        : search(pattern, value)
          ? undefined
          : { expected: `${kind} ${key} matching ${pattern}`, actual: trim(value) },
    );
  };
  const exact = (name: string, expected: string, actual: string) =>
    add(name, expected === actual ? undefined : { expected, actual: trim(actual) });

  const env = new Map(
    (config.Env ?? []).map((entry) => {
      const equals = entry.indexOf('=');
      return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }),
  );
  for (const { key, value } of test.env) keyValue('env', env, key, value);
  for (const key of test.unboundEnv ?? []) {
    add(
      `env ${key} unset`,
      env.has(key) ? { expected: `env ${key} not set`, actual: trim(`${key}=${env.get(key)}`) } : undefined,
    );
  }
  const labels = new Map(Object.entries(config.Labels ?? {}));
  for (const { key, value } of test.labels) keyValue('label', labels, key, value);

  const ports = Object.keys(config.ExposedPorts ?? {});
  for (const port of test.exposedPorts.map(normalizePort)) {
    add(
      `exposed port ${port}`,
      ports.includes(port)
        ? undefined
        : { expected: `port ${port} exposed`, actual: ports.join(', ') || 'none' },
    );
  }
  for (const port of test.unexposedPorts ?? []) {
    // `80` is port 80 of any protocol, as container-structure-test compares port numbers.
    const found = ports.filter((exposed) =>
      port.includes('/') ? exposed === port.toLowerCase() : exposed.split('/')[0] === port,
    );
    add(
      `unexposed port ${port}`,
      found.length ? { expected: `port ${port} not exposed`, actual: found.join(', ') } : undefined,
    );
  }
  const volumes = Object.keys(config.Volumes ?? {});
  for (const volume of test.unmountedVolumes ?? []) {
    add(
      `unmounted volume ${volume}`,
      volumes.includes(volume) ? { expected: `no volume ${volume}`, actual: volumes.join(', ') } : undefined,
    );
  }
  for (const volume of test.volumes) {
    add(
      `volume ${volume}`,
      volumes.includes(volume)
        ? undefined
        : { expected: `volume ${volume}`, actual: volumes.join(', ') || 'none' },
    );
  }
  if (test.entrypoint)
    exact('entrypoint', JSON.stringify(test.entrypoint), JSON.stringify(config.Entrypoint ?? []));
  if (test.cmd) exact('cmd', JSON.stringify(test.cmd), JSON.stringify(config.Cmd ?? []));
  if (test.workdir !== undefined) exact('workdir', test.workdir, config.WorkingDir ?? '');
  if (test.user !== undefined) exact('user', test.user, config.User ?? '');
  return results;
}
