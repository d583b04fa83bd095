import { describe, expect, it } from 'vitest';
import { parseTestRunLines, parseTestSpec } from '../../../src/settings/test-spec.js';
import { SpecError } from '../../../src/settings/test-types.js';
import { commandTest, fileTest, metadataTest, testSpec } from '../../factories/test-spec.js';

const defaults = { timeoutSeconds: 120 };
const parse = (text: string) => parseTestSpec(text, 'tests.yml', defaults);

/** The SpecError message a spec produces. */
function errorOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error('expected a SpecError');
}

const command = (extra: string) => `commandTests:\n  - name: t\n    command: echo\n${extra}`;

describe('parseTestSpec', () => {
  it('parses a full spec', () => {
    // Without a schemaVersion: this project's defaults (the image's ENTRYPOINT kept, labels as patterns).
    const spec = parse(`
commandTests:
  - name: version
    command: app
    args: [--version]
    expectedOutput: ['^app \\d+']
    excludedError: [panic]
    exitCode: 0
  - name: shell
    command: echo $GREETING
    shell: true
    env: { GREETING: hi, PORT: 8080 }
    workdir: /srv
    user: nobody
    entrypoint: []
    timeout: 5
    exitCode: 3
    expectedError: [oops]
    excludedOutput: [bye]
  - name: cst env
    command: env
    envVars:
      - key: A
        value: b
fileTests:
  - name: binary
    path: /usr/bin/app
    permissions: -rwxr-xr-x
    uid: 0
    gid: 0
    expectedContents: ['ELF']
  - name: no secrets
    path: /root/.ssh
    shouldExist: false
metadataTest:
  env:
    - key: PATH
      value: /usr/bin
  labels:
    - key: org.opencontainers.image.version
      value: '^1\\.'
    - key: exact
      value: a.b
      isRegex: false
  exposedPorts: ['8080/tcp']
  volumes: [/data]
  entrypoint: [app]
  cmd: [serve]
  workdir: /srv
  user: app
services:
  - name: db
    image: postgres:16
    env: { POSTGRES_PASSWORD: secret }
    readiness: pg_isready
    timeout: 30
  - name: cache
    image: redis:7
    command: [redis-server, --save, '']
    readiness: [redis-cli, ping]
`);
    expect(spec.commandTests).toEqual([
      commandTest({
        name: 'version',
        command: 'app',
        args: ['--version'],
        expectedOutput: [/^app \d+/m],
        excludedError: [/panic/m],
        timeout: 120,
      }),
      commandTest({
        name: 'shell',
        command: 'echo $GREETING',
        shell: true,
        env: { GREETING: 'hi', PORT: '8080' },
        workdir: '/srv',
        user: 'nobody',
        entrypoint: [],
        exitCode: 3,
        excludedOutput: [/bye/m],
        expectedError: [/oops/m],
        timeout: 5,
      }),
      expect.objectContaining({ name: 'cst env', env: { A: 'b' } }),
    ]);
    expect(spec.commandTests[0].expectedOutput[0].flags).toBe('m');
    expect(spec.fileTests).toEqual([
      fileTest({
        name: 'binary',
        path: '/usr/bin/app',
        permissions: '-rwxr-xr-x',
        uid: 0,
        gid: 0,
        expectedContents: [/ELF/m],
      }),
      fileTest({ name: 'no secrets', path: '/root/.ssh', shouldExist: false }),
    ]);
    expect(spec.metadataTest).toEqual({
      env: [{ key: 'PATH', value: /\/usr\/bin/m }],
      labels: [
        { key: 'org.opencontainers.image.version', value: /^1\./m },
        { key: 'exact', value: /^a\.b$/ },
      ],
      exposedPorts: ['8080/tcp'],
      volumes: ['/data'],
      entrypoint: ['app'],
      cmd: ['serve'],
      workdir: '/srv',
      user: 'app',
    });
    expect(spec.services).toEqual([
      {
        name: 'db',
        image: 'postgres:16',
        env: { POSTGRES_PASSWORD: 'secret' },
        readiness: ['sh', '-c', 'pg_isready'],
        timeout: 30,
      },
      {
        name: 'cache',
        image: 'redis:7',
        env: {},
        command: ['redis-server', '--save', ''],
        readiness: ['redis-cli', 'ping'],
        timeout: 60,
      },
    ]);
  });

  it('accepts a spec with only a metadata test and no services', () => {
    const spec = parse('metadataTest:\n  user: app\n');
    expect(spec).toEqual(testSpec({ metadataTest: metadataTest({ user: 'app' }) }));
  });

  it("maps container-structure-test's fileExistenceTests and fileContentTests into file tests", () => {
    const spec = parse(`
fileExistenceTests:
  - name: config exists
    path: /etc/app.conf
    shouldExist: true
    permissions: -rw-r--r--
    uid: 1000
  - name: no shell history
    path: /root/.bash_history
    shouldExist: false
fileContentTests:
  - name: config content
    path: /etc/app.conf
    expectedContents: ['^listen 80$']
    excludedContents: [debug]
`);
    expect(spec.fileTests).toEqual([
      fileTest({ name: 'config exists', path: '/etc/app.conf', permissions: '-rw-r--r--', uid: 1000 }),
      fileTest({ name: 'no shell history', path: '/root/.bash_history', shouldExist: false }),
      fileTest({
        name: 'config content',
        path: '/etc/app.conf',
        expectedContents: [/^listen 80$/m],
        excludedContents: [/debug/m],
      }),
    ]);
    expect(errorOf('fileContentTests:\n  - name: c\n    path: /a\n    shouldExist: true\n')).toBe(
      "tests.yml: fileContentTests[0].shouldExist: unknown key 'shouldExist'; expected one of name, path, expectedContents, excludedContents",
    );
    expect(errorOf('fileExistenceTests:\n  - name: c\n    path: /a\n    expectedContents: [x]\n')).toBe(
      "tests.yml: fileExistenceTests[0].expectedContents: unknown key 'expectedContents'; expected one of name, path, shouldExist, permissions, uid, gid, isExecutableBy",
    );
  });

  it('names an unknown key by its path and suggests the closest valid one', () => {
    const text = `commandTests:\n${[0, 1, 2].map((i) => `  - name: t${i}\n    command: x\n`).join('')}  - name: t3\n    command: x\n    expectedOutptu: [a]\n`;
    expect(errorOf(text)).toBe(
      "tests.yml: commandTests[3].expectedOutptu: unknown key 'expectedOutptu'; did you mean 'expectedOutput'?",
    );
    expect(errorOf('commandTest: []\n')).toBe(
      "tests.yml: commandTest: unknown key 'commandTest'; did you mean 'commandTests'?",
    );
    expect(errorOf(command('    nmae: x\n'))).toContain("did you mean 'name'?");
    expect(errorOf('metadataTest:\n  Labels: []\n')).toBe(
      "tests.yml: metadataTest.Labels: unknown key 'Labels'; did you mean 'labels'?",
    );
    expect(errorOf(command('    frobnicate: 1\n'))).toMatch(
      /^tests\.yml: commandTests\[0\]\.frobnicate: unknown key 'frobnicate'; expected one of name, command, /,
    );
    expect(errorOf('containerRunOptions: {allocateTty: true}\nmetadataTest: {}\n')).toContain(
      "containerRunOptions.allocateTty: 'allocateTty' is not supported",
    );
  });

  it('reports wrong types with the path and the expected type', () => {
    expect(errorOf(command('    args: --version\n'))).toBe(
      "tests.yml: commandTests[0].args: expected a list of strings, got a string ('--version')",
    );
    expect(errorOf(command('    args: [a, 1]\n'))).toBe(
      'tests.yml: commandTests[0].args[1]: expected a string, got a number (1)',
    );
    expect(errorOf(command('    shell: yes\n'))).toBe(
      "tests.yml: commandTests[0].shell: expected a boolean (true or false), got a string ('yes')",
    );
    expect(errorOf(command("    exitCode: '1'\n"))).toBe(
      "tests.yml: commandTests[0].exitCode: expected an integer, got a string ('1')",
    );
    expect(errorOf(command('    exitCode: 1.5\n'))).toBe(
      'tests.yml: commandTests[0].exitCode: expected an integer, got a number (1.5)',
    );
    expect(errorOf(command('    exitCode: 256\n'))).toContain('must be between 0 and 255');
    expect(errorOf(command('    timeout: soon\n'))).toContain(
      'commandTests[0].timeout: expected a number of seconds',
    );
    expect(errorOf(command('    env: [a]\n'))).toBe(
      "tests.yml: commandTests[0].env[0]: expected a map, got a string ('a')",
    );
    expect(errorOf(command('    env: x\n'))).toContain('expected a map or a list of {key, value}');
    expect(errorOf('commandTests:\n  name: t\n')).toBe('tests.yml: commandTests: expected a list, got a map');
    expect(errorOf('commandTests: [x]\n')).toBe(
      "tests.yml: commandTests[0]: expected a map, got a string ('x')",
    );
    expect(errorOf('- a\n')).toBe('tests.yml: (top level): expected a map, got a list');
    expect(errorOf('commandTests: [{name: 1, command: x}]\n')).toBe(
      'tests.yml: commandTests[0].name: expected a string, got a number (1)',
    );
    expect(errorOf('metadataTest: {exposedPorts: [8080]}\n')).toBe(
      'tests.yml: metadataTest.exposedPorts[0]: expected a string, got a number (8080)',
    );
    expect(errorOf('metadataTest: {entrypoint: app}\n')).toContain(
      'metadataTest.entrypoint: expected a list',
    );
    expect(errorOf('metadataTest: {}\nservices: [{name: db, image: x, readiness: 3}]\n')).toBe(
      'tests.yml: services[0].readiness: expected a string or a list of strings, got a number (3)',
    );
  });

  it('reports an invalid regular expression with the engine message', () => {
    expect(errorOf(command("    expectedOutput: [ok, '(']\n"))).toBe(
      "tests.yml: commandTests[0].expectedOutput[1]: invalid regular expression '(': Unterminated group",
    );
    expect(errorOf(command("    excludedError: ['a**']\n"))).toMatch(
      /^tests\.yml: commandTests\[0\]\.excludedError\[0\]: invalid regular expression 'a\*\*': Nothing to repeat$/,
    );
    expect(errorOf("fileTests: [{name: f, path: /f, excludedContents: ['[']}]\n")).toContain(
      "fileTests[0].excludedContents[0]: invalid regular expression '['",
    );
    expect(errorOf("metadataTest: {labels: [{key: a, value: '(?<'}]}\n")).toContain(
      "metadataTest.labels[0].value: invalid regular expression '(?<'",
    );
  });

  it('rejects a zero or negative timeout', () => {
    expect(errorOf(command('    timeout: -1\n'))).toBe(
      'tests.yml: commandTests[0].timeout: must be a positive number of seconds, got -1',
    );
    expect(errorOf(command('    timeout: 0\n'))).toContain('must be a positive number of seconds, got 0');
    expect(errorOf('metadataTest: {}\nservices: [{name: db, image: x, timeout: -5}]\n')).toBe(
      'tests.yml: services[0].timeout: must be a positive number of seconds, got -5',
    );
  });

  it('rejects bad permissions and relative paths', () => {
    expect(errorOf('fileTests: [{name: f, path: /f, permissions: rwxr-xr-x}]\n')).toBe(
      "tests.yml: fileTests[0].permissions: expected a mode like '-rw-r--r--' or 'drwxr-xr-x', got 'rwxr-xr-x'",
    );
    expect(errorOf("fileTests: [{name: f, path: /f, permissions: '0755'}]\n")).toContain("got '0755'");
    expect(
      parse('fileTests: [{name: f, path: /tmp, permissions: drwxrwxrwt}]\n').fileTests[0].permissions,
    ).toBe('drwxrwxrwt');
    expect(errorOf('fileTests: [{name: f, path: etc/passwd}]\n')).toBe(
      "tests.yml: fileTests[0].path: must be an absolute path, got 'etc/passwd'",
    );
    expect(errorOf('fileTests: [{name: f, path: /f, uid: -1}]\n')).toContain(
      'fileTests[0].uid: must not be negative',
    );
    expect(
      errorOf('fileTests: [{name: f, path: /f, shouldExist: false, expectedContents: [x]}]\n'),
    ).toContain('fileTests[0].expectedContents: cannot be checked on a file with shouldExist: false');
  });

  it('requires name, command, path and image', () => {
    expect(errorOf('commandTests: [{command: x}]\n')).toBe(
      "tests.yml: commandTests[0].name: 'name' is required",
    );
    expect(errorOf('commandTests: [{name: t}]\n')).toBe(
      "tests.yml: commandTests[0].command: 'command' is required",
    );
    expect(errorOf("commandTests: [{name: t, command: ''}]\n")).toBe(
      'tests.yml: commandTests[0].command: must not be empty',
    );
    expect(errorOf('fileTests: [{name: f}]\n')).toBe("tests.yml: fileTests[0].path: 'path' is required");
    expect(errorOf('fileExistenceTests: [{path: /f}]\n')).toBe(
      "tests.yml: fileExistenceTests[0].name: 'name' is required",
    );
    expect(errorOf('metadataTest: {}\nservices: [{name: db}]\n')).toBe(
      "tests.yml: services[0].image: 'image' is required",
    );
    expect(errorOf('metadataTest: {}\nservices: [{image: x}]\n')).toBe(
      "tests.yml: services[0].name: 'name' is required",
    );
    expect(errorOf('metadataTest: {env: [{value: x}]}\n')).toBe(
      "tests.yml: metadataTest.env[0].key: 'key' is required",
    );
    expect(errorOf('metadataTest: {env: [{key: x}]}\n')).toBe(
      'tests.yml: metadataTest.env[0].value: is required',
    );
  });

  it('rejects a service name that is not a DNS label', () => {
    expect(errorOf('metadataTest: {}\nservices: [{name: my_db, image: x}]\n')).toContain(
      "services[0].name: 'my_db' is not a valid host name",
    );
    expect(errorOf('metadataTest: {}\nservices: [{name: -db, image: x}]\n')).toContain(
      'is not a valid host name',
    );
    expect(errorOf(`metadataTest: {}\nservices: [{name: ${'a'.repeat(64)}, image: x}]\n`)).toContain(
      'is not a valid host name',
    );
  });

  it('rejects duplicate test and service names', () => {
    expect(
      errorOf('commandTests: [{name: a, command: x}, {name: b, command: x}, {name: a, command: y}]\n'),
    ).toBe("tests.yml: commandTests[2].name: duplicate test name 'a' (also commandTests[0])");
    expect(
      errorOf('fileExistenceTests: [{name: f, path: /f}]\nfileContentTests: [{name: f, path: /f}]\n'),
    ).toBe("tests.yml: fileContentTests[0].name: duplicate test name 'f' (also fileExistenceTests[0])");
    expect(errorOf('metadataTest: {}\nservices: [{name: db, image: x}, {name: db, image: y}]\n')).toBe(
      "tests.yml: services[1].name: duplicate service name 'db' (also services[0])",
    );
  });

  it('rejects a spec without tests', () => {
    expect(errorOf('')).toBe('tests.yml: (top level): no tests: the specification is empty');
    expect(errorOf('schemaVersion: 2.0.0\ncommandTests: []\n')).toBe(
      'tests.yml: (top level): no tests: give at least one of commandTests, fileTests, metadataTest or licenseTests',
    );
    expect(errorOf('services: [{name: db, image: x}]\n')).toContain('no tests');
  });

  it('rejects an unsupported schemaVersion and invalid YAML', () => {
    expect(errorOf("schemaVersion: '3.0.0'\nmetadataTest: {}\n")).toBe(
      "tests.yml: schemaVersion: unsupported schemaVersion '3.0.0': container-structure-test reads '2.0.0' (and the older '1.0.0'); set schemaVersion: '2.0.0'",
    );
    expect(errorOf('commandTests: [\n')).toMatch(/^tests\.yml: line \d+, column \d+: invalid YAML: /);
    expect(errorOf('metadataTest: {}\nmetadataTest: {}\n')).toBe(
      'tests.yml: line 2, column 1: invalid YAML: Map keys must be unique',
    );
  });
});

describe('parseTestRunLines', () => {
  it('makes one shell command test per line, expecting exit 0', () => {
    expect(parseTestRunLines(['app --version', '', 'test -f /etc/app.conf'])).toEqual([
      commandTest({ name: 'app --version', command: 'app --version', shell: true, exitCode: 0 }),
      expect.objectContaining({
        name: 'test -f /etc/app.conf',
        command: 'test -f /etc/app.conf',
        shell: true,
      }),
    ]);
  });
});
