// container-structure-test's keys beyond the basics: schemaVersion, globalEnvVars,
// containerRunOptions, setup and teardown, isExecutableBy, the metadata negatives and licenseTests.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandVariables, parseEnvFile } from '../../../src/settings/env-file.js';
import { parseTestSpec } from '../../../src/settings/test-spec.js';
import { SpecError } from '../../../src/settings/test-types.js';
import { readTestSettings } from '../../../src/settings/tests.js';
import { inputs } from './helpers.js';

const parse = (text: string) => parseTestSpec(text, 'cst.yaml', { timeoutSeconds: 60 });

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error('expected a SpecError');
}

const cst = (body: string) => `schemaVersion: '2.0.0'\n${body}`;
const oneCommand = "commandTests: [{name: t, command: 'true'}]\n";

describe('schemaVersion', () => {
  it("accepts container-structure-test's 2.0.0 and 1.0.0, and refuses others naming the file, the value and the fix", () => {
    expect(parse(cst(oneCommand)).commandTests).toHaveLength(1);
    expect(parse(`schemaVersion: '1.0.0'\n${oneCommand}`).commandTests).toHaveLength(1);
    expect(errorOf(() => parse(`schemaVersion: '2.1.0'\n${oneCommand}`))).toBe(
      "cst.yaml: schemaVersion: unsupported schemaVersion '2.1.0': container-structure-test reads '2.0.0' (and the older '1.0.0'); set schemaVersion: '2.0.0'",
    );
  });

  it("with a schemaVersion, runs commands without the image's ENTRYPOINT, as container-structure-test does", () => {
    expect(parse(cst(oneCommand)).commandTests[0].entrypoint).toEqual([]);
    expect(parse(oneCommand).commandTests[0].entrypoint).toBeUndefined();
    const kept = parse(cst("commandTests: [{name: t, command: 'x', entrypoint: [sh, -c]}]\n"));
    expect(kept.commandTests[0].entrypoint).toEqual(['sh', '-c']);
  });
});

describe('command tests', () => {
  it('applies globalEnvVars under each test envVars and env', () => {
    const spec = parse(
      cst(`globalEnvVars: [{key: A, value: global}, {key: B, value: global}, {key: C, value: global}]
commandTests:
  - name: t
    command: env
    envVars: [{key: B, value: test}]
    env: {C: ours}
  - name: u
    command: env
`),
    );
    expect(spec.commandTests.map((test) => test.env)).toEqual([
      { A: 'global', B: 'test', C: 'ours' },
      { A: 'global', B: 'global', C: 'global' },
    ]);
  });

  it('reads setup and teardown as lists of commands, and a 1.0.0 command list as command and args', () => {
    const spec = parse(`schemaVersion: '1.0.0'
commandTests:
  - name: t
    command: [apt-get, help]
    args: [--quiet]
    setup: [[touch, /a], ['sh', '-c', 'echo > /b']]
    teardown: [[rm, /a]]
`);
    expect(spec.commandTests[0]).toMatchObject({
      command: 'apt-get',
      args: ['help', '--quiet'],
      setup: [
        ['touch', '/a'],
        ['sh', '-c', 'echo > /b'],
      ],
      teardown: [['rm', '/a']],
    });
    expect(parse(oneCommand).commandTests[0]).not.toHaveProperty('setup');
    expect(errorOf(() => parse(cst("commandTests: [{name: t, command: 'x', setup: [[]]}]\n")))).toBe(
      'cst.yaml: commandTests[0].setup[0]: is an empty command: give the program and its arguments, or remove it',
    );
    expect(errorOf(() => parse(cst("commandTests: [{name: t, command: 'x', teardown: [{a: 1}]}]\n")))).toBe(
      'cst.yaml: commandTests[0].teardown[0]: expected a list of strings (a command and its arguments), got a map',
    );
    expect(errorOf(() => parse(cst('commandTests: [{name: t, command: []}]\n')))).toBe(
      'cst.yaml: commandTests[0].command: must not be empty',
    );
  });
});

describe('containerRunOptions', () => {
  const withOptions = (options: string) => parse(cst(`containerRunOptions: ${options}\n${oneCommand}`));

  it('gives every command test the options; the user unless the test has its own', () => {
    const spec = parse(
      cst(`containerRunOptions:
  user: '1000'
  privileged: true
  envVars: [FOO, BAR_2]
  envFile: config/test.env
  capabilities: [sys_admin, CAP_NET_ADMIN]
  bindMounts: ['data:/data', '/srv/cache:/cache:ro']
commandTests:
  - name: a
    command: id
  - name: b
    command: id
    user: root
`),
    );
    const options = {
      privileged: true,
      capabilities: ['SYS_ADMIN', 'CAP_NET_ADMIN'],
      bindMounts: ['data:/data', '/srv/cache:/cache:ro'],
      passEnv: ['FOO', 'BAR_2'],
      envFile: 'config/test.env',
      envFileVars: {},
    };
    expect(spec.commandTests.map((test) => [test.user, test.runOptions])).toEqual([
      ['1000', options],
      ['root', options],
    ]);
  });

  it('refuses what would be a flag, a runner secret or a named volume, by key', () => {
    expect(errorOf(() => withOptions('{envVars: [INPUT_PASSWORD]}'))).toBe(
      "cst.yaml: containerRunOptions.envVars[0]: 'INPUT_PASSWORD' is the runner's own (inputs, state and tokens never reach a test container); pass the value under another name through env",
    );
    for (const name of ['ACTIONS_RUNTIME_TOKEN', 'STATE_run-key', 'GITHUB_TOKEN']) {
      expect(errorOf(() => withOptions(`{envVars: [${name}]}`))).toContain('containerRunOptions.envVars[0]');
    }
    expect(errorOf(() => withOptions("{envVars: ['A=B']}"))).toContain("'A=B' is not a variable name");
    expect(errorOf(() => withOptions("{capabilities: ['--privileged']}"))).toBe(
      "cst.yaml: containerRunOptions.capabilities[0]: '--privileged' is not a capability name: write one like 'SYS_ADMIN'",
    );
    expect(errorOf(() => withOptions("{bindMounts: ['/only']}"))).toContain("'/only' is not a bind mount");
    expect(errorOf(() => withOptions("{bindMounts: ['/a:relative']}"))).toContain(
      'the destination must be an absolute path in the container',
    );
    expect(errorOf(() => withOptions("{bindMounts: ['/a:/b:exec']}"))).toContain('unknown mount options');
    expect(errorOf(() => withOptions("{bindMounts: ['-v:/b']}"))).toContain('the source must be a path');
    expect(errorOf(() => withOptions('{privileged: yes please}'))).toContain(
      'containerRunOptions.privileged: expected a boolean',
    );
    expect(errorOf(() => withOptions('{allocateTty: true}'))).toContain("'allocateTty' is not supported");
  });
});

describe('file tests', () => {
  it('reads isExecutableBy as container-structure-test names it', () => {
    const spec = parse(
      cst(`fileExistenceTests:
  - {name: a, path: /a, isExecutableBy: owner}
  - {name: b, path: /b, isExecutableBy: any, permissions: '-rwxr-xr-x', uid: 0, gid: 0}
`),
    );
    expect(spec.fileTests.map((test) => test.isExecutableBy)).toEqual(['owner', 'any']);
    expect(
      errorOf(() => parse(cst('fileExistenceTests: [{name: a, path: /a, isExecutableBy: everyone}]\n'))),
    ).toBe(
      "cst.yaml: fileExistenceTests[0].isExecutableBy: expected one of owner, group, other, any, got 'everyone'",
    );
  });
});

describe('metadataTest', () => {
  it('compares envVars and (with a schemaVersion) labels exactly unless isRegex, as container-structure-test', () => {
    const { metadataTest } = parse(
      cst(`metadataTest:
  envVars: [{key: V, value: '1.2'}, {key: R, value: '^1\\.', isRegex: true}, {key: E}]
  labels: [{key: l, value: 'a.b'}]
`),
    );
    const [v, r, e] = metadataTest?.env.map((pair) => pair.value) ?? [];
    expect([v.test('1.2'), v.test('1x2'), v.test('1.23')]).toEqual([true, false, false]);
    expect([r.test('1.5'), r.test('2.1')]).toEqual([true, false]);
    expect([e.test(''), e.test('x')]).toEqual([true, false]);
    const label = metadataTest?.labels[0].value;
    expect([label?.test('a.b'), label?.test('axb')]).toEqual([true, false]);
    // Without a schemaVersion, this project's labels stay patterns.
    const ours = parse("metadataTest: {labels: [{key: l, value: 'a.b'}]}\n").metadataTest?.labels[0].value;
    expect(ours?.test('axb')).toBe(true);
  });

  it('reads the negative checks', () => {
    const { metadataTest } = parse(
      cst(`metadataTest:
  unboundEnvVars: [{key: DEBUG}, TRACE]
  unexposedPorts: ['80', '53/udp']
  unmountedVolumes: [/root]
`),
    );
    expect(metadataTest).toMatchObject({
      unboundEnv: ['DEBUG', 'TRACE'],
      unexposedPorts: ['80', '53/udp'],
      unmountedVolumes: ['/root'],
    });
    expect(errorOf(() => parse(cst("metadataTest: {unexposedPorts: ['']}\n")))).toBe(
      'cst.yaml: metadataTest.unexposedPorts[0]: must not be empty',
    );
  });
});

describe('licenseTests', () => {
  it('reads debian and files, and is a test on its own', () => {
    const spec = parse(
      cst('licenseTests:\n  - debian: true\n    files:\n  - files: [/usr/share/doc/a/copyright]\n'),
    );
    expect(spec.licenseTests).toEqual([
      { name: 'license test', debian: true, files: [] },
      { name: 'license test 2', debian: false, files: ['/usr/share/doc/a/copyright'] },
    ]);
    expect(errorOf(() => parse(cst('licenseTests: [{files: [copyright]}]\n')))).toBe(
      "cst.yaml: licenseTests[0].files[0]: must be an absolute path, got 'copyright'",
    );
  });
});

describe('parseEnvFile', () => {
  it('reads the dotenv format and leaves empty values out, as container-structure-test', () => {
    expect(
      parseEnvFile(
        [
          '# comment',
          'A=1',
          'export B="two words\\nline"',
          "C='single $KEPT'",
          'D = spaced # a comment',
          'E=',
          'F: colon',
          'not a line',
          '',
        ].join('\n'),
      ),
    ).toEqual({ A: '1', B: 'two words\nline', C: 'single $KEPT', D: 'spaced', F: 'colon' });
  });
});

describe('expandVariables', () => {
  it("replaces $NAME and ${NAME} as container-structure-test (Go's os.Expand) does", () => {
    const env = { HOME: '/root', A_1: 'a', '1': 'one' };
    expect(expandVariables('$HOME/bin:${A_1}:$UNSET:x', env)).toBe('/root/bin:a::x');
    expect(expandVariables('$1 ${1} cost $ 5 $(id) $', env)).toBe('one one cost $ 5 $(id) $');
    expect(expandVariables('a${}b ${unclosed', env)).toBe('ab unclosed');
    expect(expandVariables('no variables', env)).toBe('no variables');
  });

  it('is asked for only in a file with a schemaVersion', () => {
    expect(parse(cst(oneCommand)).commandTests[0].expandVariables).toBe(true);
    expect(parse(oneCommand).commandTests[0]).not.toHaveProperty('expandVariables');
  });
});

describe('containerRunOptions paths in the settings', () => {
  function workspace(): string {
    const root = mkdtempSync(join(tmpdir(), 'shipshape-cst-'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'test.env'), 'TOKEN=from-file\nEMPTY=\n');
    symlinkSync(tmpdir(), join(root, 'escape'));
    return root;
  }
  const rules = (root: string, allowOutside = false) => ({ workspace: root, runnerTemp: '', allowOutside });
  const read = (root: string, options: string, allowOutside = false) =>
    readTestSettings(
      inputs({ tests: `containerRunOptions: ${options}\n${oneCommand}` }),
      root,
      { testOnly: false, imageRef: '' },
      [],
      rules(root, allowOutside),
    ).spec.commandTests[0].runOptions;

  it('resolves bind mount sources against the workspace and reads the env file once', () => {
    const root = workspace();
    expect(read(root, "{bindMounts: ['data:/data:ro'], envFile: test.env}")).toMatchObject({
      bindMounts: [`${join(root, 'data')}:/data:ro`],
      envFile: 'test.env',
      envFileVars: { TOKEN: 'from-file' },
    });
  });

  it('keeps them inside the workspace, symlinks followed, unless allow-paths-outside-workspace', () => {
    const root = workspace();
    const outside = (options: string) => errorOf(() => read(root, options));
    expect(outside("{bindMounts: ['/tmp:/mnt']}")).toMatch(
      /^input 'tests': containerRunOptions\.bindMounts\[0\]: '\/tmp' resolves to .*, outside the workspace .*set 'allow-paths-outside-workspace: true' to allow it\.$/,
    );
    expect(outside("{bindMounts: ['escape:/mnt']}")).toContain('outside the workspace');
    expect(outside('{envFile: ../../etc/hostname}')).toContain('containerRunOptions.envFile');
    expect(outside("{bindMounts: ['missing:/mnt']}")).toMatch(/: 'missing' \(.*\/missing\) does not exist; /);
    expect(read(root, "{bindMounts: ['/tmp:/mnt']}", true)?.bindMounts).toEqual(['/tmp:/mnt']);
  });

  it("never quotes a tests-file's paths", () => {
    const root = workspace();
    writeFileSync(
      join(root, 'tests.yaml'),
      `containerRunOptions: {bindMounts: ['/etc:/mnt']}\n${oneCommand}`,
    );
    const read = () =>
      readTestSettings(
        inputs({ 'tests-file': 'tests.yaml' }),
        root,
        { testOnly: false, imageRef: '' },
        [],
        rules(root),
      );
    expect(errorOf(read)).toBe(
      "input 'tests-file' (tests.yaml): containerRunOptions.bindMounts[0]: the path resolves outside the workspace. Give a path in the repository, or set 'allow-paths-outside-workspace: true' to allow it.",
    );
  });
});

describe('a tests-file', () => {
  it("keeps the file's values out of errors, but not the format's own words", () => {
    const hidden = (text: string) =>
      errorOf(() =>
        parseTestSpec(text, "input 'tests-file' (t.yaml)", { timeoutSeconds: 60 }, { quoteValues: false }),
      );
    expect(hidden(`schemaVersion: 'secret-1'\n${oneCommand}`)).toBe(
      "input 'tests-file' (t.yaml): schemaVersion: unsupported schemaVersion '…': container-structure-test reads '2.0.0' (and the older '1.0.0'); set schemaVersion: '2.0.0'",
    );
    expect(hidden(`containerRunOptions: {allocateTty: true}\n${oneCommand}`)).toContain(
      "containerRunOptions.allocateTty: 'allocateTty' is not supported",
    );
    expect(hidden(`containerRunOptions: {envVars: [INPUT_SECRET]}\n${oneCommand}`)).toBe(
      "input 'tests-file' (t.yaml): containerRunOptions.envVars[0]: '…' is the runner's own (inputs, state and tokens never reach a test container); pass the value under another name through env",
    );
  });
});
