import { describe, expect, it } from 'vitest';
import { commandTestContainer, runMetadataTest } from '../../../src/container-tests/structure.js';
import type { Docker } from '../../../src/engine/docker.js';
import { containerArgs } from '../../../src/engine/container-args.js';
import { commandTest, metadataTest } from '../../factories/test-spec.js';

const options = { labels: { 'dev.shipshape.run': 'k' }, name: 'shipshape-test-1', network: 'none' };

describe('commandTestContainer', () => {
  it('runs a plain command test as the command and its arguments, on the image entrypoint', () => {
    const test = commandTest({
      command: 'echo',
      args: ['a b', 'c'],
      env: { A: '1' },
      workdir: '/w',
      user: 'nobody',
    });
    expect(commandTestContainer('app:1', test, options)).toEqual({
      image: 'app:1',
      name: 'shipshape-test-1',
      network: 'none',
      labels: { 'dev.shipshape.run': 'k' },
      env: { A: '1' },
      workdir: '/w',
      user: 'nobody',
      entrypoint: undefined,
      command: ['echo', 'a b', 'c'],
    });
  });

  it('gives only the arguments when the test has no command (the image entrypoint gets them)', () => {
    const test = commandTest({ command: '', args: ['--version'] });
    expect(commandTestContainer('app:1', test, options).command).toEqual(['--version']);
  });

  it('runs a shell test through sh -c with the command and arguments joined by spaces', () => {
    const test = commandTest({
      command: 'echo',
      args: ['$HOME', '&&', 'ls'],
      shell: true,
      entrypoint: ['/x'],
    });
    const container = commandTestContainer('app:1', test, options);
    expect(container.entrypoint).toEqual(['sh']);
    expect(container.command).toEqual(['-c', 'echo $HOME && ls']);
    expect(containerArgs('run', container).slice(-4)).toEqual([
      '--entrypoint=sh',
      'app:1',
      '-c',
      'echo $HOME && ls',
    ]);
  });

  it("passes the test's entrypoint list through: the first word to --entrypoint, the rest before the command", () => {
    const test = commandTest({ command: 'status', args: [], entrypoint: ['/bin/tool', '--quiet'] });
    const container = commandTestContainer('app:1', test, options);
    expect(container.entrypoint).toEqual(['/bin/tool', '--quiet']);
    expect(containerArgs('run', container).slice(-4)).toEqual([
      '--entrypoint=/bin/tool',
      'app:1',
      '--quiet',
      'status',
    ]);
  });

  it('clears the image entrypoint for an empty entrypoint list', () => {
    const container = commandTestContainer('app:1', commandTest({ command: 'ls', entrypoint: [] }), options);
    expect(containerArgs('run', container).slice(-3)).toEqual(['--entrypoint=', 'app:1', 'ls']);
  });

  it("applies the file's containerRunOptions: env file, then runner variables, then the test's env; mounts and privileges", () => {
    const test = commandTest({
      command: 'env',
      env: { SHARED: 'test', OWN: 'x' },
      runOptions: {
        privileged: true,
        capabilities: ['SYS_ADMIN'],
        bindMounts: ['/w/data:/data:ro'],
        passEnv: ['FROM_RUNNER', 'SHARED', 'UNSET', 'EMPTY'],
        envFile: 'test.env',
        envFileVars: { FROM_FILE: 'f', FROM_RUNNER: 'file' },
      },
    });
    const runner = { FROM_RUNNER: 'runner', SHARED: 'runner', EMPTY: '' };
    const container = commandTestContainer('app:1', test, options, runner);
    expect(container).toMatchObject({
      env: { FROM_FILE: 'f', FROM_RUNNER: 'runner', SHARED: 'test', OWN: 'x' },
      privileged: true,
      capAdd: ['SYS_ADMIN'],
      volumes: ['/w/data:/data:ro'],
      network: 'none',
    });
    expect(container.env).not.toHaveProperty('UNSET');
    expect(container.env).not.toHaveProperty('EMPTY');
    const args = containerArgs('run', container);
    expect(args).toEqual(
      expect.arrayContaining(['--privileged', '--cap-add', 'SYS_ADMIN', '--volume', '/w/data:/data:ro']),
    );
    expect(args.slice(args.indexOf('--network'), args.indexOf('--network') + 2)).toEqual([
      '--network',
      'none',
    ]);
  });

  it('adds nothing without containerRunOptions', () => {
    const container = commandTestContainer('app:1', commandTest({ command: 'ls' }), options, { FOO: 'x' });
    expect(container).not.toHaveProperty('privileged');
    expect(container).not.toHaveProperty('volumes');
    expect(container.env).toEqual({});
  });
});

describe('runMetadataTest', () => {
  const config = {
    Env: ['PATH=/bin', 'APP_MODE=production'],
    ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
    Volumes: { '/data': {} },
  };
  // Only the image's configuration is read: nothing runs.
  const engine = {
    inspectImages: () => Promise.resolve([{ Id: 'sha256:1', Config: config }]),
  } as unknown as Docker;

  it("checks container-structure-test's negatives: unset variables, unexposed ports of any protocol, unmounted volumes", async () => {
    const results = await runMetadataTest(
      engine,
      'app:1',
      metadataTest({
        unboundEnv: ['DEBUG', 'APP_MODE'],
        unexposedPorts: ['80', '53', '8080/udp'],
        unmountedVolumes: ['/root', '/data'],
      }),
    );
    expect(results.map(({ name, passed, expected, actual }) => ({ name, passed, expected, actual }))).toEqual(
      [
        { name: 'metadata: env DEBUG unset', passed: true, expected: undefined, actual: undefined },
        {
          name: 'metadata: env APP_MODE unset',
          passed: false,
          expected: 'env APP_MODE not set',
          actual: 'APP_MODE=production',
        },
        { name: 'metadata: unexposed port 80', passed: true, expected: undefined, actual: undefined },
        {
          name: 'metadata: unexposed port 53',
          passed: false,
          expected: 'port 53 not exposed',
          actual: '53/udp',
        },
        { name: 'metadata: unexposed port 8080/udp', passed: true, expected: undefined, actual: undefined },
        { name: 'metadata: unmounted volume /root', passed: true, expected: undefined, actual: undefined },
        {
          name: 'metadata: unmounted volume /data',
          passed: false,
          expected: 'no volume /data',
          actual: '/data',
        },
      ],
    );
  });
});
