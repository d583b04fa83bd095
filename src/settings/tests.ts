import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OUTSIDE_INPUT, readablePath, writablePath, type PathRules } from './paths.js';
import { InputError } from '../common/errors.js';
import { ImageReferenceError, parseReference } from '../naming/reference.js';
import { booleanInput, lines, positiveInteger, positiveSeconds, type InputReader } from './parse.js';
import { parseTestPlatforms } from './platforms.js';
import { parseTestRunLines, parseTestSpec } from './test-spec.js';
import { SpecError, type CommandTest, type TestSpec } from './test-types.js';
import { parseEnvFile } from './env-file.js';

/** The tests group: what runs on the built image, and `test-only`. */
export interface TestSettings {
  /** `test-run` lines (as shell command tests) and the `tests`/`tests-file` spec, together. */
  spec: TestSpec;
  timeoutSeconds: number;
  parallelism: number;
  /** Absolute path of the JUnit report, or empty. */
  report: string;
  /** `test-platforms`: `all` (every built platform the runner can execute) or a list of `platforms`. */
  platforms: 'all' | string[];
  /** Test `imageRef` without building or pushing. */
  testOnly: boolean;
  imageRef: string;
}

export function readTestOnly(read: InputReader): { testOnly: boolean; imageRef: string } {
  const testOnly = booleanInput('test-only', read('test-only'), false);
  return { testOnly, imageRef: testOnly ? imageToTest(read('image-ref')) : '' };
}

export function readTestSettings(
  read: InputReader,
  workspace: string,
  only: { testOnly: boolean; imageRef: string },
  platforms: string[] = [],
  rules: PathRules = { workspace, runnerTemp: '', allowOutside: true },
): TestSettings {
  const timeoutSeconds = positiveSeconds('test-timeout', read('test-timeout'), 300);
  const spec = readSpec(read, workspace, timeoutSeconds, rules);
  const count = spec.commandTests.length + spec.fileTests.length + spec.licenseTests.length;
  if (only.testOnly && count === 0 && !spec.metadataTest) {
    throw new InputError(
      'test-only',
      'true',
      "there are no tests to run: set 'test-run', 'tests' or 'tests-file'.",
    );
  }
  return {
    spec,
    timeoutSeconds,
    parallelism: positiveInteger('test-parallelism', read('test-parallelism'), availableParallelism()),
    report: read('test-report').trim()
      ? writablePath(
          'test-report',
          read('test-report'),
          resolve(workspace, read('test-report').trim()),
          rules,
        )
      : '',
    platforms: parseTestPlatforms(read('test-platforms'), platforms),
    ...only,
  };
}

/** `test-run` lines first, then the YAML of `tests`, then `tests-file`; each validated before anything runs. */
function readSpec(read: InputReader, workspace: string, timeoutSeconds: number, rules: PathRules): TestSpec {
  const spec: TestSpec = {
    commandTests: parseTestRunLines(lines(read('test-run'))),
    fileTests: [],
    licenseTests: [],
    services: [],
  };
  const add = (text: string, source: string, quoteValues = true) => {
    const parsed = parseTestSpec(text, source, { timeoutSeconds }, { quoteValues });
    resolveRunOptions(parsed.commandTests, { source, quoteValues }, workspace, rules);
    spec.commandTests.push(...parsed.commandTests);
    spec.fileTests.push(...parsed.fileTests);
    spec.licenseTests.push(...parsed.licenseTests);
    spec.services.push(...parsed.services);
    if (parsed.metadataTest) spec.metadataTest = parsed.metadataTest;
  };
  if (read('tests').trim()) add(read('tests'), "input 'tests'");
  const file = read('tests-file').trim();
  // A file's content never appears in an error: it could be any file the path reaches.
  if (file) add(readTestsFile(file, workspace, rules), `input 'tests-file' (${file})`, false);
  const names = new Set<string>();
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
function resolveRunOptions(
  tests: CommandTest[],
  { source, quoteValues }: { source: string; quoteValues: boolean },
  workspace: string,
  rules: PathRules,
): void {
  const options = tests.find((test) => test.runOptions)?.runOptions;
  if (!options) return;
  // A tests-file's text stays out of errors (as the spec parser keeps it): the path is not quoted.
  const shown = (raw: string, path: string) => (quoteValues ? `'${raw}' (${path})` : 'the path');
  const inside = (key: string, raw: string): string => {
    const path = resolve(workspace, raw);
    if (!existsSync(path)) {
      throw new SpecError(
        source,
        key,
        `${shown(raw, path)} does not exist; create it in an earlier step or give a path in the repository`,
      );
    }
    try {
      return readablePath(key, raw, path, rules);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new SpecError(
        source,
        key,
        quoteValues
          ? `'${raw}' ${error.message.replace(/^Input '[^']*' has value '[^']*': (it )?/, '')}`
          : `the path resolves outside the workspace. Give a path in the repository, or set '${OUTSIDE_INPUT}: true' to allow it.`,
      );
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
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new SpecError(
        source,
        'containerRunOptions.envFile',
        `${shown(options.envFile, path)} could not be read as a file; give the path of a KEY=value file`,
      );
    }
    // Values are never quoted in an error: an env file holds secrets.
    resolved.envFileVars = parseEnvFile(text);
  }
  for (const test of tests) if (test.runOptions) test.runOptions = resolved;
}

function readTestsFile(file: string, workspace: string, rules: PathRules): string {
  const path = readablePath('tests-file', file, resolve(workspace, file), rules);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new InputError(
      'tests-file',
      file,
      `no file at ${resolve(workspace, file)}. Give a path in the repository.`,
    );
  }
}

function imageToTest(raw: string): string {
  const value = raw.trim();
  if (!value)
    throw new InputError(
      'image-ref',
      '',
      "'test-only' is true: name the image to test, e.g. 'ghcr.io/acme/app:v1'.",
    );
  try {
    parseReference(value);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('image-ref', value, error.message);
    throw error;
  }
  return value;
}
