import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestOnly, readTestSettings } from '../../../src/settings/tests.js';
import { inputError, inputs } from './helpers.js';

const notOnly = { testOnly: false, imageRef: '' };

function workspace(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-test-settings-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

describe('readTestOnly', () => {
  it('is off by default, and then ignores image-ref', () => {
    expect(readTestOnly(inputs({ 'image-ref': 'app:1' }))).toEqual({ testOnly: false, imageRef: '' });
  });

  it('takes the image to test, trimmed', () => {
    expect(readTestOnly(inputs({ 'test-only': 'true', 'image-ref': ' ghcr.io/acme/app:v1 ' }))).toEqual({
      testOnly: true,
      imageRef: 'ghcr.io/acme/app:v1',
    });
  });

  it('needs a valid image-ref', () => {
    expect(inputError(() => readTestOnly(inputs({ 'test-only': 'true' }))).message).toBe(
      "Input 'image-ref' is empty: 'test-only' is true: name the image to test, e.g. 'ghcr.io/acme/app:v1'.",
    );
    expect(inputError(() => readTestOnly(inputs({ 'test-only': 'true', 'image-ref': 'App:1' }))).input).toBe(
      'image-ref',
    );
  });
});

describe('readTestSettings', () => {
  it('has defaults: no tests, 300 s, one test per CPU, no report', () => {
    expect(readTestSettings(inputs({}), workspace(), notOnly)).toEqual({
      spec: { commandTests: [], fileTests: [], licenseTests: [], services: [] },
      timeoutSeconds: 300,
      parallelism: availableParallelism(),
      report: '',
      platforms: 'all',
      testOnly: false,
      imageRef: '',
    });
  });

  it('reads timeout, parallelism and a report path against the workspace', () => {
    const root = workspace();
    const settings = readTestSettings(
      inputs({ 'test-timeout': '2.5', 'test-parallelism': '3', 'test-report': ' out/junit.xml ' }),
      root,
      notOnly,
    );
    expect(settings).toMatchObject({
      timeoutSeconds: 2.5,
      parallelism: 3,
      report: join(root, 'out/junit.xml'),
    });
  });

  it('runs test-run lines first, then the tests input, then tests-file', () => {
    const root = workspace({
      'tests.yaml': 'commandTests:\n  - name: from-file\n    command: "true"\nmetadataTest:\n  user: app\n',
    });
    const settings = readTestSettings(
      inputs({
        'test-run': 'echo one\n\necho two',
        tests: 'commandTests:\n  - name: from-input\n    command: "true"\n    timeout: 5\n',
        'tests-file': 'tests.yaml',
        'test-timeout': '60',
      }),
      root,
      notOnly,
    );
    expect(settings.spec.commandTests.map((test) => [test.name, test.shell, test.timeout])).toEqual([
      ['echo one', true, undefined],
      ['echo two', true, undefined],
      ['from-input', false, 5],
      ['from-file', false, 60],
    ]);
    expect(settings.spec.metadataTest).toMatchObject({ user: 'app' });
  });

  it('rejects two tests with one name, across inputs', () => {
    const error = inputError(() =>
      readTestSettings(
        inputs({ 'test-run': 'true', tests: 'commandTests:\n  - name: "true"\n    command: "true"\n' }),
        workspace(),
        notOnly,
      ),
    );
    expect(error.message).toBe(
      "Input 'tests' has value 'true': two tests have this name; give each a name of its own.",
    );
  });

  it('names a missing tests-file with its full path', () => {
    const root = workspace();
    expect(
      inputError(() => readTestSettings(inputs({ 'tests-file': 'nope.yaml' }), root, notOnly)).message,
    ).toBe(
      `Input 'tests-file' has value 'nope.yaml': no file at ${join(root, 'nope.yaml')}. Give a path in the repository.`,
    );
  });

  it('needs a test for test-only', () => {
    const only = { testOnly: true, imageRef: 'app:1' };
    expect(inputError(() => readTestSettings(inputs({}), workspace(), only)).message).toBe(
      "Input 'test-only' has value 'true': there are no tests to run: set 'test-run', 'tests' or 'tests-file'.",
    );
    expect(readTestSettings(inputs({ 'test-run': 'true' }), workspace(), only)).toMatchObject(only);
  });

  it.each([
    [{ 'test-timeout': '0' }, 'test-timeout'],
    [{ 'test-parallelism': '0' }, 'test-parallelism'],
  ])('rejects %o', (table, input) => {
    expect(inputError(() => readTestSettings(inputs(table), workspace(), notOnly)).input).toBe(input);
  });
});
