import { describe, expect, it } from 'vitest';
import { commandTestContainer } from '../../../src/container-tests/structure.js';
import { containerArgs } from '../../../src/engine/container-args.js';
import { commandTest } from '../../factories/test-spec.js';

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
});
