import { describe, expect, it } from 'vitest';
import { containerArgs, type ContainerSpec } from '../../../src/engine/container-args.js';

const base: ContainerSpec = { image: 'app:1', name: '', network: 'none', labels: {} };

describe('containerArgs', () => {
  it('runs or creates the image on its network, without a name when none is given', () => {
    expect(containerArgs('run', base)).toEqual(['container', 'run', '--network', 'none', 'app:1']);
    expect(containerArgs('create', { ...base, name: 'c1' })).toEqual([
      'container',
      'create',
      '--name',
      'c1',
      '--network',
      'none',
      'app:1',
    ]);
  });

  it('detaches and removes the container when asked, right after the verb', () => {
    expect(containerArgs('run', { ...base, removeWhenDone: true }, true)).toEqual([
      'container',
      'run',
      '--detach',
      '--rm',
      '--network',
      'none',
      'app:1',
    ]);
  });

  it('passes publish, volumes, alias, labels, env, workdir and user before the image', () => {
    const args = containerArgs('run', {
      ...base,
      network: 'net-1',
      publish: ['127.0.0.1:5000:5000'],
      volumes: ['/a:/b', '/c:/d:ro'],
      networkAlias: 'db',
      labels: { 'dev.shipshape.run': 'k', team: 'core' },
      env: { A: '1', B: 'x=y' },
      workdir: '/srv',
      user: '1000:1000',
      command: ['echo', 'hi'],
    });
    expect(args).toEqual([
      'container',
      'run',
      '--network',
      'net-1',
      '--publish',
      '127.0.0.1:5000:5000',
      '--volume',
      '/a:/b',
      '--volume',
      '/c:/d:ro',
      '--network-alias',
      'db',
      '--label',
      'dev.shipshape.run=k',
      '--label',
      'team=core',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
      '--workdir',
      '/srv',
      '--user',
      '1000:1000',
      'app:1',
      'echo',
      'hi',
    ]);
  });

  it('passes --privileged and each --cap-add before the image, and neither unless asked', () => {
    expect(containerArgs('run', { ...base, privileged: true, capAdd: ['SYS_ADMIN', 'NET_ADMIN'] })).toEqual([
      'container',
      'run',
      '--network',
      'none',
      '--privileged',
      '--cap-add',
      'SYS_ADMIN',
      '--cap-add',
      'NET_ADMIN',
      'app:1',
    ]);
    expect(containerArgs('run', { ...base, privileged: false, capAdd: [] })).toEqual(
      containerArgs('run', base),
    );
  });

  it('leaves out empty workdir and user', () => {
    expect(containerArgs('run', { ...base, workdir: '', user: '' })).not.toEqual(
      expect.arrayContaining(['--workdir']),
    );
    expect(containerArgs('run', { ...base, workdir: '', user: '' })).toEqual(containerArgs('run', base));
  });

  it('gives --entrypoint its first word and puts the rest of the list before the command', () => {
    expect(containerArgs('run', { ...base, entrypoint: ['sh', '-c'], command: ['echo hi'] })).toEqual([
      'container',
      'run',
      '--network',
      'none',
      '--entrypoint=sh',
      'app:1',
      '-c',
      'echo hi',
    ]);
  });

  it("clears the image's entrypoint with [] or ['']", () => {
    for (const entrypoint of [[], ['']]) {
      expect(containerArgs('run', { ...base, entrypoint, command: ['ls'] }).slice(-3)).toEqual([
        '--entrypoint=',
        'app:1',
        'ls',
      ]);
    }
  });

  it('keeps the image entrypoint when none is given', () => {
    expect(containerArgs('run', { ...base, command: ['--version'] })).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^--entrypoint/)]),
    );
  });
});
