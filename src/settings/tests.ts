import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readablePath, writablePath, type PathRules } from './paths.js';
import { InputError } from '../common/errors.js';
import { ImageReferenceError, parseReference } from '../naming/reference.js';
import { booleanInput, lines, positiveInteger, positiveSeconds, type InputReader } from './parse.js';
import { parseTestPlatforms } from './platforms.js';
import { parseTestRunLines, parseTestSpec } from './test-spec.js';
import type { TestSpec } from './test-types.js';

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
  if (only.testOnly && spec.commandTests.length + spec.fileTests.length === 0 && !spec.metadataTest) {
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
    services: [],
  };
  const add = (text: string, source: string, quoteValues = true) => {
    const parsed = parseTestSpec(text, source, { timeoutSeconds }, { quoteValues });
    spec.commandTests.push(...parsed.commandTests);
    spec.fileTests.push(...parsed.fileTests);
    spec.services.push(...parsed.services);
    if (parsed.metadataTest) spec.metadataTest = parsed.metadataTest;
  };
  if (read('tests').trim()) add(read('tests'), "input 'tests'");
  const file = read('tests-file').trim();
  // A file's content never appears in an error: it could be any file the path reaches.
  if (file) add(readTestsFile(file, workspace, rules), `input 'tests-file' (${file})`, false);
  const names = new Set<string>();
  for (const test of [...spec.commandTests, ...spec.fileTests]) {
    if (names.has(test.name))
      throw new InputError('tests', test.name, 'two tests have this name; give each a name of its own.');
    names.add(test.name);
  }
  return spec;
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
