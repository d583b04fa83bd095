// Test-spec objects with complete defaults, so a test spells out only the fields it is about. The
// defaults are what the spec parser gives a test that sets only its name and command (or path): no
// shell, exit code 0, nothing expected or excluded; optional fields are left out.
import type { TestResult } from '../../src/container-tests/results.js';
import type { CommandTest, FileTest, MetadataTest, TestSpec } from '../../src/settings/test-types.js';

/** A command test; named after its command unless `name` is given. */
export function commandTest(overrides: Partial<CommandTest> = {}): CommandTest {
  const command = overrides.command ?? 'true';
  return {
    name: command,
    command,
    args: [],
    shell: false,
    env: {},
    exitCode: 0,
    expectedOutput: [],
    excludedOutput: [],
    expectedError: [],
    excludedError: [],
    ...overrides,
  };
}

/** A file test that expects the file to exist; named after its path unless `name` is given. */
export function fileTest(overrides: Partial<FileTest> = {}): FileTest {
  const path = overrides.path ?? '/';
  return { name: path, path, shouldExist: true, expectedContents: [], excludedContents: [], ...overrides };
}

/** A metadata test that checks nothing until given fields. */
export function metadataTest(overrides: Partial<MetadataTest> = {}): MetadataTest {
  return { env: [], labels: [], exposedPorts: [], volumes: [], ...overrides };
}

/** A spec without tests or services (the parser refuses one with no test: add some). */
export function testSpec(overrides: Partial<TestSpec> = {}): TestSpec {
  return { commandTests: [], fileTests: [], licenseTests: [], services: [], ...overrides };
}

/** A passed command test that took no time. */
export function testResult(overrides: Partial<TestResult> = {}): TestResult {
  return { kind: 'command', name: 'true', passed: true, durationMs: 0, ...overrides };
}
