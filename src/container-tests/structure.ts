import type { ContainerSpec } from '../engine/container-args.js';
import type { Docker } from '../engine/docker.js';
import type { CommandTest, FileTest, MetadataTest } from '../settings/test-types.js';
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

/** The container one command test runs in. */
export function commandTestContainer(
  image: string,
  test: CommandTest,
  options: { labels: Record<string, string>; name: string; network: string; platform?: string },
): ContainerSpec {
  const command = test.command ? [test.command, ...test.args] : test.args;
  const container: ContainerSpec = {
    image,
    name: options.name,
    network: options.network,
    platform: options.platform,
    labels: options.labels,
    env: test.env,
    workdir: test.workdir,
    user: test.user,
  };
  if (test.shell) return { ...container, entrypoint: ['sh'], command: ['-c', command.join(' ')] };
  return { ...container, entrypoint: test.entrypoint, command };
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
  const timer = setTimeout(() => void stopWhenTimedOut(), timeoutSeconds * 1000);
  try {
    // The client's own timeout is a backstop for one that hangs even after the stop: the container
    // is removed below anyway.
    const result = await docker.runContainer(
      commandTestContainer(image, test, options),
      (timeoutSeconds + KILL_GRACE_SECONDS + 30) * 1000,
    );
    finished = true;
    timedOut ||= result.timedOut;
    const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
    const failure: Failure | undefined = timedOut
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
    await docker.removeContainers([options.name]);
  }
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
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) return undefined; // end of archive
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
      return {
        name,
        type: TAR_TYPES[flag] ?? '?',
        mode: tarNumber(header.subarray(100, 108)) & 0o7777,
        uid: pax.uid !== undefined ? Number(pax.uid) : tarNumber(header.subarray(108, 116)),
        gid: pax.gid !== undefined ? Number(pax.gid) : tarNumber(header.subarray(116, 124)),
        size,
        content: data,
      };
    }
  }
  return undefined;
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
): Promise<TestResult[]> {
  if (tests.length === 0) return [];
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
      return tests.map((test) => ({
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
    return results;
  } finally {
    await docker.removeContainers([options.name]);
  }
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
  const volumes = Object.keys(config.Volumes ?? {});
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
