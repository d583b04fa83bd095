// container-structure-test's own test files (GoogleContainerTools/container-structure-test's
// tests/amd64/ and bazel/test/), read from the shared conformance folder beside this repository and
// never copied into it: each must parse into the spec container-structure-test reads from it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTestSpec } from '../../../src/settings/test-spec.js';
import type { TestSpec } from '../../../src/settings/test-types.js';

const repoRoot = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const dir = path.resolve(repoRoot, '..', 'shared', 'conformance', 'cst');
const present = existsSync(dir);
if (!present) console.warn(`cst-conformance: skipped, ${dir} does not exist`);

const parse = (file: string): TestSpec =>
  parseTestSpec(readFileSync(path.join(dir, file), 'utf8'), file, { timeoutSeconds: 300 });

/** Whether `pattern` matches the whole of `value` only when `matches` says so. */
const matching = (pattern: RegExp | undefined, yes: string[], no: string[]) => {
  expect(pattern).toBeInstanceOf(RegExp);
  for (const value of yes) expect(pattern?.test(value), `${String(pattern)} on ${value}`).toBe(true);
  for (const value of no) expect(pattern?.test(value), `${String(pattern)} on ${value}`).toBe(false);
};

const expectations: Record<string, (spec: TestSpec) => void> = {
  'bazel_test_test.yaml': (spec) => {
    const metadata = spec.metadataTest;
    expect(metadata?.env.map((pair) => pair.key)).toEqual(['ENV']);
    // Exact, as container-structure-test compares without isRegex.
    matching(metadata?.env[0].value, ['/test'], ['/test2', '/tes']);
    expect(metadata?.entrypoint).toEqual(['/custom_bin']);
    expect(metadata?.cmd).toEqual(['--arg1', '--arg2']);
    expect(spec.commandTests).toEqual([]);
  },
  'tests_amd64_ubuntu_22_04_containeropts_env_test.yaml': (spec) => {
    const [test] = spec.commandTests;
    expect(test).toMatchObject({ command: 'printenv', args: [], entrypoint: [], exitCode: 0 });
    expect(test.runOptions).toEqual({
      privileged: false,
      capabilities: [],
      bindMounts: [],
      passEnv: ['FOO', 'BAR'],
      envFileVars: {},
    });
    matching(test.expectedOutput[0], ['FOO=keepitsecret!', 'BAR=keepitsafe!'], ['FOO=other']);
  },
  'tests_amd64_ubuntu_22_04_containeropts_envfile_test.yaml': (spec) => {
    const [test] = spec.commandTests;
    expect(test.name).toBe('Test envFile containerRunOptions');
    expect(test.runOptions).toMatchObject({ envFile: 'tests/envfile', passEnv: [], privileged: false });
  },
  'tests_amd64_ubuntu_22_04_containeropts_test.yaml': (spec) => {
    expect(spec.commandTests.map((test) => [test.command, test.args, test.exitCode])).toEqual([
      ['capsh', ['--print'], 0],
      ['test', ['-d', '/tmp/test'], 0],
    ]);
    for (const test of spec.commandTests) {
      expect(test.runOptions).toEqual({
        privileged: true,
        capabilities: ['SYS_ADMIN'],
        bindMounts: ['/tmp/test:/tmp/test'],
        passEnv: [],
        envFileVars: {},
      });
    }
    matching(spec.commandTests[0].expectedOutput[0], ['Current: cap_chown,cap_sys_admin+ep'], ['cap_chown']);
  },
  'tests_amd64_ubuntu_22_04_containeropts_user_test.yaml': (spec) => {
    const [test] = spec.commandTests;
    expect(test).toMatchObject({
      name: 'apt-get',
      command: 'bash',
      args: ['-c', 'whoami\napt-get update\n'],
      user: 'root',
      entrypoint: [],
    });
  },
  'tests_amd64_ubuntu_22_04_failure_test.yaml': (spec) => {
    // Schema 1.0.0, as container-structure-test still reads it: the command and its arguments in one list.
    expect(spec.commandTests.map((test) => [test.name, test.command, test.args, test.exitCode])).toEqual([
      ['bad apt-get-command', 'apt-get', ['dslkfjasl'], 1],
      ['apt-config', 'apt-config', ['dump'], 0],
      ['path', 'sh', ['-c', 'echo $PATH'], 0],
    ]);
    matching(spec.commandTests[0].expectedError[0], ['E: Invalid operation dslkfjasl'], ['E: other']);
    matching(spec.commandTests[0].excludedError[0], ['FAILED'], ['ok']);
    expect(spec.fileTests.map((test) => [test.name, test.path, test.shouldExist, test.permissions])).toEqual([
      ['Fake Dir', '/foo/bar', true, undefined],
      ['Wrong permissions', '/etc/apt/sources.list', true, '-rwxrwxrwx'],
      ['Debian Sources', '/etc/apt/sources.list', true, undefined],
      ['Wrong Retry Policy', '/etc/apt/apt.conf.d/apt-retry', true, undefined],
    ]);
    expect(spec.licenseTests).toEqual([{ name: 'license test', debian: true, files: [] }]);
  },
  'tests_amd64_ubuntu_22_04_metadata_test.yaml': (spec) => {
    const metadata = spec.metadataTest;
    const env = new Map(metadata?.env.map((pair) => [pair.key, pair.value]));
    expect([...env.keys()]).toEqual(['SOME_KEY', 'EMPTY_VAR', 'FOO_BAR', 'REGEX_VAR']);
    matching(env.get('SOME_KEY'), ['SOME_VAL'], ['SOME_VALUE', 'XSOME_VAL']);
    matching(env.get('EMPTY_VAR'), [''], ['x']);
    // Single-quoted YAML keeps the backslash; compared exactly, not as a pattern.
    matching(env.get('FOO_BAR'), ['FOO\\:BAR=BAZ'], ['FOO:BAR=BAZ']);
    matching(env.get('REGEX_VAR'), ['abc-2.1.0', 'x-2.1'], ['ABC-3']);
    expect(metadata?.unboundEnv).toEqual(['BAR_FOO']);
    const labels = new Map(metadata?.labels.map((pair) => [pair.key, pair.value]));
    matching(
      labels.get('localnet.localdomain.commit_hash'),
      ['0123456789abcdef0123456789abcdef01234567'],
      ['0123456789abcdef0123456789abcdef012345678'],
    );
    matching(labels.get('localnet.my-domain.my-label'), ['my custom label'], ['my label']);
    matching(labels.get('label-with-empty-val'), [''], ['anything']);
    expect(metadata?.unexposedPorts).toEqual(['80']);
    expect(metadata?.unmountedVolumes).toEqual(['/root']);
    expect(metadata?.exposedPorts).toEqual([]);
  },
  'tests_amd64_ubuntu_22_04_test.yaml': (spec) => {
    expect(spec.commandTests.map((test) => [test.name, test.command, test.args])).toEqual([
      ['apt-get', 'apt-get', ['help']],
      ['apt-config', 'apt-config', ['dump']],
      ['path', 'sh', ['-c', 'echo $PATH']],
    ]);
    expect(spec.commandTests.every((test) => test.entrypoint?.length === 0)).toBe(true);
    const files = new Map(spec.fileTests.map((test) => [test.name, test]));
    expect(files.get('Root')).toMatchObject({ path: '/', shouldExist: true, uid: 0, gid: 0 });
    expect(files.get('Date')).toMatchObject({
      path: '/bin/date',
      shouldExist: true,
      isExecutableBy: 'owner',
    });
    expect(files.get('Dummy File')).toMatchObject({ path: '/etc/dummy', shouldExist: false });
    expect(files.get('Machine ID')).toMatchObject({ path: '/etc/machine-id', shouldExist: true });
    matching(
      files.get('Passwd file')?.expectedContents[0],
      ['root:x:0:0:root:/root:/bin/bash'],
      ['root:x:0:0'],
    );
    expect(spec.licenseTests).toEqual([
      {
        name: 'license test',
        debian: false,
        files: ['/usr/share/doc/ubuntu-keyring/copyright', '/usr/share/doc/dash/copyright'],
      },
    ]);
  },
};

describe.skipIf(!present)("container-structure-test's own test files", () => {
  const files = present ? readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)) : [];

  it('has all 8 files, each with its expectations here', () => {
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(Object.keys(expectations))('%s parses into the spec container-structure-test reads', (file) => {
    expectations[file](parse(file));
  });

  it('accepts 8 of 8', () => {
    const accepted = files.filter((file) => {
      try {
        parse(file);
        return true;
      } catch {
        return false;
      }
    });
    expect(`${accepted.length}/${files.length}`).toBe('8/8');
  });
});
