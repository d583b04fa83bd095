import { parseReference } from '../naming/reference.js';
import { yaml } from './yaml.js';
import {
  SpecError,
  type CommandTest,
  type FileTest,
  type LicenseTest,
  type MetadataTest,
  type RunOptions,
  type ServiceSpec,
  type TestSpec,
} from './test-types.js';

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

export function parseTestSpec(
  text: string,
  source: string,
  defaults: { timeoutSeconds: number },
  /** A file's content is never quoted in an error: only the YAML path, the line and the problem. */
  options: { quoteValues?: boolean } = {},
): TestSpec {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
    throw new SpecError(
      source,
      ROOT,
      `is larger than ${MAX_SPEC_BYTES / 1_000_000} MB; split it or trim it.`,
    );
  }
  const doc = yaml().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const where = syntax.linePos ? `line ${syntax.linePos[0].line}, column ${syntax.linePos[0].col}` : ROOT;
    throw new SpecError(
      source,
      where,
      `invalid YAML: ${syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '')}`,
    );
  }
  let value: unknown;
  try {
    // Aliases are expanded at most 100 times: a "billion laughs" document is refused, by its source.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new SpecError(
      source,
      ROOT,
      'uses YAML aliases too often (more than 100 expansions); write the tests out.',
    );
  }
  const spec = new Reader(source, defaults.timeoutSeconds, options.quoteValues ?? true).spec(value);
  if (spec.commandTests.length + spec.fileTests.length > MAX_TESTS) {
    throw new SpecError(source, ROOT, `has more than ${MAX_TESTS} tests.`);
  }
  return spec;
}

/** Each `test-run` line becomes a command test run through `sh -c`, expected to exit 0. Blank lines are skipped. */
export function parseTestRunLines(lines: string[]): CommandTest[] {
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
const EXECUTABLE_BY = ['owner', 'group', 'other', 'any'] as const;
const PAIR_KEYS = ['key', 'value'];
const KEY_ONLY = ['key', 'value', 'isRegex'];
/** An environment variable's name as a shell knows it: never a flag, never a `=`. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Runner variables a test container never gets: the inputs (the registry password), the runner's tokens, the state. */
const PRIVATE_ENV = /^(INPUT_|STATE_|ACTIONS_)|^GITHUB_TOKEN$/i;
const CAPABILITY = /^(CAP_)?[A-Z][A-Z0-9_]*$/i;
const MOUNT_OPTIONS =
  /^(ro|rw|z|Z|nocopy|r?shared|r?slave|r?private)(,(ro|rw|z|Z|nocopy|r?shared|r?slave|r?private))*$/;
const METADATA_PAIR_KEYS = ['key', 'value', 'isRegex'];
const SERVICE_KEYS = ['name', 'image', 'env', 'command', 'readiness', 'timeout'];

/** container-structure-test keys we recognise but do not support, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  allocateTty:
    'is not supported: a terminal merges stdout and stderr, which the tests check apart; remove it',
};

type YamlMap = Record<string, unknown>;

class Reader {
  /** Every key this format knows (what a path or a message may name when values are not quoted). */
  private readonly known = new Set<string>([...TOP_KEYS, ...SCHEMA_VERSIONS, ...Object.keys(UNSUPPORTED)]);

  constructor(
    private readonly source: string,
    private readonly defaultTimeout: number,
    private readonly quoteValues: boolean,
  ) {}

  spec(root: unknown): TestSpec {
    if (root === null || root === undefined) this.fail(ROOT, 'no tests: the specification is empty');
    const top = this.map(root, ROOT, TOP_KEYS);
    const at = (key: string) => key;

    const version = this.optString(top, 'schemaVersion', at);
    if (version !== undefined && !SCHEMA_VERSIONS.includes(version)) {
      this.fail(
        'schemaVersion',
        `unsupported schemaVersion '${version}': container-structure-test reads '2.0.0' (and the older '1.0.0'); set schemaVersion: '2.0.0'`,
      );
    }
    // With a schemaVersion the file is container-structure-test's: its defaults apply.
    const cst = version !== undefined;
    const globalEnv = this.env(top.globalEnvVars, 'globalEnvVars');
    const runOptions =
      top.containerRunOptions === undefined || top.containerRunOptions === null
        ? undefined
        : this.runOptions(top.containerRunOptions, 'containerRunOptions');

    const commandTests = this.list(top.commandTests, 'commandTests').map((item, i) =>
      this.commandTest(item, `commandTests[${i}]`, { cst, globalEnv, runOptions }),
    );

    const fileTests: FileTest[] = [];
    const filePaths: string[] = [];
    const addFiles = (key: string, keys: string[]) =>
      this.list(top[key], key).forEach((item, i) => {
        filePaths.push(`${key}[${i}]`);
        fileTests.push(this.fileTest(item, `${key}[${i}]`, keys));
      });
    addFiles('fileTests', FILE_KEYS);
    addFiles('fileExistenceTests', FILE_EXISTENCE_KEYS);
    addFiles('fileContentTests', FILE_CONTENT_KEYS);

    const metadataTest =
      top.metadataTest === undefined || top.metadataTest === null
        ? undefined
        : this.metadataTest(top.metadataTest, 'metadataTest', cst);
    const licenseTests = this.list(top.licenseTests, 'licenseTests').map((item, i) =>
      this.licenseTest(item, `licenseTests[${i}]`, i),
    );

    const services = this.list(top.services, 'services').map((item, i) =>
      this.service(item, `services[${i}]`),
    );

    this.unique(
      commandTests.map((t) => t.name),
      commandTests.map((_, i) => `commandTests[${i}]`),
      'test name',
    );
    this.unique(
      fileTests.map((t) => t.name),
      filePaths,
      'test name',
    );
    this.unique(
      services.map((s) => s.name),
      services.map((_, i) => `services[${i}]`),
      'service name',
    );

    if (
      commandTests.length === 0 &&
      fileTests.length === 0 &&
      metadataTest === undefined &&
      licenseTests.length === 0
    ) {
      this.fail(ROOT, 'no tests: give at least one of commandTests, fileTests, metadataTest or licenseTests');
    }
    return { commandTests, fileTests, ...(metadataTest ? { metadataTest } : {}), licenseTests, services };
  }

  private commandTest(
    value: unknown,
    path: string,
    file: { cst: boolean; globalEnv: Record<string, string>; runOptions?: RunOptions & { user?: string } },
  ): CommandTest {
    const m = this.map(value, path, COMMAND_KEYS);
    const at = (key: string) => `${path}.${key}`;
    // Schema 1.0.0 wrote the command and its arguments as one list.
    const [command, ...leading] = Array.isArray(m.command)
      ? this.strings(m.command, at('command'))
      : [this.reqString(m, 'command', path)];
    if (command === undefined || command.trim() === '') this.fail(at('command'), 'must not be empty');
    const test: CommandTest = {
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
    if (workdir !== undefined) test.workdir = workdir;
    if (user !== undefined) test.user = user;
    if (entrypoint !== undefined) test.entrypoint = entrypoint;
    for (const key of ['setup', 'teardown'] as const) {
      const commands = this.commands(m[key], at(key));
      if (commands.length) test[key] = commands;
    }
    if (file.cst) test.expandVariables = true;
    if (file.runOptions) {
      const options = { ...file.runOptions };
      delete options.user;
      test.runOptions = options;
    }
    return test;
  }

  /** `setup`/`teardown`: a list of commands, each a list of words (or one string, run as it is). */
  private commands(value: unknown, path: string): string[][] {
    return this.list(value, path).map((item, i) => {
      const p = `${path}[${i}]`;
      const words =
        typeof item === 'string'
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

  private runOptions(value: unknown, path: string): RunOptions & { user?: string } {
    const m = this.map(value, path, RUN_OPTION_KEYS);
    const at = (key: string) => `${path}.${key}`;
    const passEnv = this.optStrings(m, 'envVars', at) ?? [];
    passEnv.forEach((name, i) => {
      const p = `${at('envVars')}[${i}]`;
      if (!ENV_NAME.test(name)) {
        this.fail(
          p,
          `'${name}' is not a variable name: use letters, digits and '_', not starting with a digit`,
        );
      }
      if (PRIVATE_ENV.test(name)) {
        this.fail(
          p,
          `'${name}' is the runner's own (inputs, state and tokens never reach a test container); pass the value under another name through env`,
        );
      }
    });
    const capabilities = this.optStrings(m, 'capabilities', at) ?? [];
    capabilities.forEach((cap, i) => {
      if (!CAPABILITY.test(cap) && cap.toUpperCase() !== 'ALL') {
        this.fail(
          `${at('capabilities')}[${i}]`,
          `'${cap}' is not a capability name: write one like 'SYS_ADMIN'`,
        );
      }
    });
    const bindMounts = this.optStrings(m, 'bindMounts', at) ?? [];
    bindMounts.forEach((mount, i) => this.bindMount(mount, `${at('bindMounts')}[${i}]`));
    const options: RunOptions & { user?: string } = {
      privileged: this.optBool(m, 'privileged', at) ?? false,
      capabilities: capabilities.map((cap) => cap.toUpperCase()),
      bindMounts,
      passEnv,
      envFileVars: {},
    };
    const user = this.optString(m, 'user', at);
    if (user !== undefined && user.trim() !== '') options.user = user;
    const envFile = this.optString(m, 'envFile', at);
    if (envFile !== undefined && envFile.trim() !== '') options.envFile = envFile;
    return options;
  }

  /** `SOURCE:DEST[:OPTIONS]`; where SOURCE may be is the settings' to say (they know the workspace). */
  private bindMount(mount: string, path: string): void {
    const parts = mount.split(':');
    const [source = '', dest = '', options] = parts;
    if (parts.length < 2 || parts.length > 3 || source === '' || dest === '') {
      this.fail(
        path,
        `'${mount}' is not a bind mount: write 'SOURCE:DESTINATION' or 'SOURCE:DESTINATION:ro'`,
      );
    }
    if (source.startsWith('-')) this.fail(path, `'${mount}': the source must be a path`);
    if (!dest.startsWith('/')) {
      this.fail(path, `'${mount}': the destination must be an absolute path in the container`);
    }
    if (options !== undefined && !MOUNT_OPTIONS.test(options)) {
      this.fail(path, `'${mount}': unknown mount options; use ro, rw, z, Z or a propagation mode`);
    }
  }

  private licenseTest(value: unknown, path: string, index: number): LicenseTest {
    const m = this.map(value, path, LICENSE_KEYS);
    const at = (key: string) => `${path}.${key}`;
    const files = this.optStrings(m, 'files', at) ?? [];
    files.forEach((file, i) => {
      if (!file.startsWith('/')) this.fail(`${at('files')}[${i}]`, `must be an absolute path, got '${file}'`);
    });
    return {
      name: index === 0 ? 'license test' : `license test ${index + 1}`,
      debian: this.optBool(m, 'debian', at) ?? false,
      files,
    };
  }

  private fileTest(value: unknown, path: string, keys: string[]): FileTest {
    const m = this.map(value, path, keys);
    const at = (key: string) => `${path}.${key}`;
    const filePath = this.reqString(m, 'path', path);
    if (!filePath.startsWith('/')) this.fail(at('path'), `must be an absolute path, got '${filePath}'`);
    const test: FileTest = {
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
        this.fail(
          at('permissions'),
          `expected a mode like '-rw-r--r--' or 'drwxr-xr-x', got '${permissions}'`,
        );
      }
      test.permissions = permissions;
    }
    for (const key of ['uid', 'gid'] as const) {
      const id = this.optInteger(m, key, at);
      if (id === undefined) continue;
      if (id < 0) this.fail(at(key), `must not be negative, got ${id}`);
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
      if (extra) this.fail(at(extra), 'cannot be checked on a file with shouldExist: false');
    }
    return test;
  }

  private metadataTest(value: unknown, path: string, cst: boolean): MetadataTest {
    const m = this.map(value, path, METADATA_KEYS);
    const at = (key: string) => `${path}.${key}`;
    // container-structure-test compares values exactly unless isRegex; our own `env` and (without a
    // schemaVersion) `labels` are patterns unless isRegex: false.
    const test: MetadataTest = {
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
    if (unbound.length) test.unboundEnv = unbound;
    for (const key of ['unexposedPorts', 'unmountedVolumes'] as const) {
      const values = this.optStrings(m, key, at) ?? [];
      values.forEach((item, i) => {
        if (item.trim() === '') this.fail(`${at(key)}[${i}]`, 'must not be empty');
      });
      if (values.length) test[key] = values;
    }
    const entrypoint = this.optStrings(m, 'entrypoint', at);
    const cmd = this.optStrings(m, 'cmd', at);
    const workdir = this.optString(m, 'workdir', at);
    const user = this.optString(m, 'user', at);
    if (entrypoint !== undefined) test.entrypoint = entrypoint;
    if (cmd !== undefined) test.cmd = cmd;
    if (workdir !== undefined) test.workdir = workdir;
    if (user !== undefined) test.user = user;
    return test;
  }

  private service(value: unknown, path: string): ServiceSpec {
    const m = this.map(value, path, SERVICE_KEYS);
    const at = (key: string) => `${path}.${key}`;
    const name = this.reqString(m, 'name', path);
    if (!DNS_LABEL.test(name)) {
      this.fail(
        at('name'),
        `'${name}' is not a valid host name: use letters, digits and '-', at most 63, not starting or ending with '-'`,
      );
    }
    const image = this.reqString(m, 'image', path);
    try {
      // A reference by the registry grammar: never a flag (`--privileged`) on the command line.
      parseReference(image);
    } catch (error) {
      this.fail(at('image'), `'${image}' is not an image reference: ${(error as Error).message}`);
    }
    const service: ServiceSpec = {
      name,
      image,
      env: this.env(m.env, at('env')),
      timeout: this.optTimeout(m, at) ?? 60,
    };
    const command = this.optStrings(m, 'command', at);
    if (command !== undefined) service.command = command;
    const readiness = m.readiness;
    if (typeof readiness === 'string') {
      if (readiness.trim() === '') this.fail(at('readiness'), 'must not be empty');
      service.readiness = ['sh', '-c', readiness];
    } else if (readiness !== undefined && readiness !== null) {
      if (!Array.isArray(readiness))
        this.typeError(at('readiness'), 'a string or a list of strings', readiness);
      const exec = this.strings(readiness, at('readiness'));
      if (exec.length === 0) this.fail(at('readiness'), 'must not be an empty list');
      service.readiness = exec;
    }
    return service;
  }

  /** `env` as a map, or as container-structure-test's list of `{key, value}`. */
  private env(value: unknown, path: string): Record<string, string> {
    const env: Record<string, string> = {};
    if (value === undefined || value === null) return env;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const p = `${path}[${i}]`;
        const pair = this.map(item, p, PAIR_KEYS);
        env[this.reqString(pair, 'key', p)] = this.envValue(pair.value, `${p}.value`);
      });
      return env;
    }
    if (typeof value !== 'object') this.typeError(path, 'a map or a list of {key, value}', value);
    for (const [key, item] of Object.entries(value as YamlMap))
      env[key] = this.envValue(item, `${path}.${key}`);
    return env;
  }

  /** Environment values may be written as numbers or booleans (`PORT: 8080`). */
  private envValue(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === undefined) this.fail(path, 'is required');
    return this.typeError(path, 'a string', value);
  }

  private metadataPairs(
    value: unknown,
    path: string,
    regexByDefault: boolean,
  ): { key: string; value: RegExp }[] {
    return this.list(value, path).map((item, i) => {
      const p = `${path}[${i}]`;
      const pair = this.map(item, p, METADATA_PAIR_KEYS);
      const key = this.reqString(pair, 'key', p);
      // container-structure-test (exact by default) reads a missing value as ''.
      const text =
        !regexByDefault && (pair.value === undefined || pair.value === null)
          ? ''
          : this.envValue(pair.value, `${p}.value`);
      const isRegex = this.optBool(pair, 'isRegex', (k) => `${p}.${k}`) ?? regexByDefault;
      const source = isRegex ? text : `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
      return { key, value: this.regex(source, `${p}.value`, isRegex ? 'm' : '') };
    });
  }

  private regexes(m: YamlMap, key: string, at: (key: string) => string): RegExp[] {
    return (this.optStrings(m, key, at) ?? []).map((source, i) =>
      this.regex(source, `${at(key)}[${i}]`, 'm'),
    );
  }

  private regex(source: string, path: string, flags: string): RegExp {
    try {
      return new RegExp(source, flags);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // V8: "Invalid regular expression: /(/m: Unterminated group" — keep the reason only.
      const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      return this.fail(path, `invalid regular expression '${source}': ${reason}`);
    }
  }

  // ---- shapes -------------------------------------------------------------------------------------

  private map(value: unknown, path: string, keys: string[]): YamlMap {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.typeError(path, 'a map', value);
    }
    const m = value as YamlMap;
    for (const key of keys) this.known.add(key);
    for (const key of Object.keys(m)) {
      if (keys.includes(key)) continue;
      const where = path === ROOT ? key : `${path}.${key}`;
      if (UNSUPPORTED[key]) this.fail(where, `'${key}' ${UNSUPPORTED[key]}`);
      const near = closest(key, keys);
      this.fail(
        where,
        `unknown key '${key}'` +
          (near ? `; did you mean '${near}'?` : `; expected one of ${keys.join(', ')}`),
      );
    }
    return m;
  }

  /** A list, or `[]` for an absent or empty (`key:`) value. */
  private list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.typeError(path, 'a list', value);
    return value;
  }

  private strings(value: unknown[], path: string): string[] {
    return value.map((item, i) =>
      typeof item === 'string' ? item : this.typeError(`${path}[${i}]`, 'a string', item),
    );
  }

  private optStrings(m: YamlMap, key: string, at: (key: string) => string): string[] | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.typeError(at(key), 'a list of strings', value);
    return this.strings(value, at(key));
  }

  private reqString(m: YamlMap, key: string, path: string): string {
    const where = path === ROOT ? key : `${path}.${key}`;
    const value = m[key];
    if (value === undefined || value === null) this.fail(where, `'${key}' is required`);
    if (typeof value !== 'string') this.typeError(where, 'a string', value);
    if (value.trim() === '') this.fail(where, 'must not be empty');
    return value;
  }

  private optString(m: YamlMap, key: string, at: (key: string) => string): string | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.typeError(at(key), 'a string', value);
  }

  private optBool(m: YamlMap, key: string, at: (key: string) => string): boolean | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : this.typeError(at(key), 'a boolean (true or false)', value);
  }

  private optInteger(m: YamlMap, key: string, at: (key: string) => string): number | undefined {
    const value = m[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'number' && Number.isInteger(value)
      ? value
      : this.typeError(at(key), 'an integer', value);
  }

  private optExitCode(m: YamlMap, at: (key: string) => string): number | undefined {
    const code = this.optInteger(m, 'exitCode', at);
    if (code !== undefined && (code < 0 || code > 255)) {
      this.fail(at('exitCode'), `must be between 0 and 255, got ${code}`);
    }
    return code;
  }

  private optTimeout(m: YamlMap, at: (key: string) => string): number | undefined {
    const value = m.timeout;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.typeError(at('timeout'), 'a number of seconds', value);
    }
    if (value <= 0) this.fail(at('timeout'), `must be a positive number of seconds, got ${value}`);
    if (value > 2_000_000)
      this.fail(at('timeout'), `must be at most 2000000 seconds (23 days), got ${value}`);
    return value;
  }

  private unique(names: string[], paths: string[], what: string): void {
    const seen = new Map<string, string>();
    names.forEach((name, i) => {
      const first = seen.get(name);
      if (first !== undefined) this.fail(`${paths[i]}.name`, `duplicate ${what} '${name}' (also ${first})`);
      seen.set(name, paths[i]);
    });
  }

  private typeError(path: string, expected: string, value: unknown): never {
    return this.fail(path, `expected ${expected}, got ${describe(value, this.quoteValues)}`);
  }

  private fail(path: string, problem: string): never {
    if (this.quoteValues) throw new SpecError(this.source, path, problem);
    // A file's text (its keys and values) stays out of the message: words of the format only.
    const keep = (text: string) => this.known.has(text) || text === ROOT || /^\[\d+\]$/.test(text);
    const safePath = path
      .split(/(?=\[)|\./)
      .map((part) => (keep(part) ? part : '…'))
      .join('.')
      .replace(/\.\[/g, '[');
    const safeProblem = problem
      .replace(/'([^']*)'/g, (quoted, text: string) => (keep(text) ? quoted : "'…'"))
      .replace(/got -?\d[\d.e+]*/g, 'got another value');
    throw new SpecError(this.source, safePath, safeProblem);
  }
}

function describe(value: unknown, quote = true): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (!quote) return `a ${typeof value}`;
  if (typeof value === 'string')
    return `a string ('${value.length > 40 ? `${value.slice(0, 40)}…` : value}')`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return typeof value;
}

/** The valid key nearest to `key` (case-insensitive edit distance, transpositions counting one), if close. */
function closest(key: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Optimal string alignment distance. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
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
