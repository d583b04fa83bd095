import { describe, expect, it } from 'vitest';
import type { ContainerSpec } from '../../../src/engine/container-args.js';
import {
  containerCreateBody,
  demuxLogs,
  runsOverApi,
  startFailure,
} from '../../../src/engine/container-run.js';

const spec: ContainerSpec = {
  image: 'app:1',
  name: 'shipshape-t-1',
  network: 'none',
  labels: { 'dev.shipshape.run': 'r' },
};

describe('containerCreateBody', () => {
  it('is what the CLI sends for the same flags', () => {
    expect(
      containerCreateBody({
        ...spec,
        env: { A: 'b c' },
        workdir: '/w',
        user: '1000:1000',
        volumes: ['/h:/c'],
        entrypoint: ['sh', '-e'],
        command: ['-c', 'true'],
      }),
    ).toEqual({
      Image: 'app:1',
      Labels: { 'dev.shipshape.run': 'r' },
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { NetworkMode: 'none', Binds: ['/h:/c'] },
      Env: ['A=b c'],
      WorkingDir: '/w',
      User: '1000:1000',
      // `--entrypoint` takes one word; the rest of the list goes before the command.
      Entrypoint: ['sh'],
      Cmd: ['-e', '-c', 'true'],
    });
  });

  it("keeps the image's entrypoint and command unless given; an empty entrypoint clears it", () => {
    const plain = containerCreateBody(spec);
    expect(plain).not.toHaveProperty('Entrypoint');
    expect(plain).not.toHaveProperty('Cmd');
    expect(containerCreateBody({ ...spec, command: ['ls'] })).toMatchObject({ Cmd: ['ls'] });
    expect(containerCreateBody({ ...spec, entrypoint: [''] })).toMatchObject({ Entrypoint: [''] });
  });

  it('sends privileged, added capabilities and binds in HostConfig, as the CLI does for the flags', () => {
    expect(
      containerCreateBody({ ...spec, privileged: true, capAdd: ['SYS_ADMIN'], volumes: ['/w/data:/data:ro'] })
        .HostConfig,
    ).toEqual({ NetworkMode: 'none', Binds: ['/w/data:/data:ro'], Privileged: true, CapAdd: ['SYS_ADMIN'] });
    expect(containerCreateBody({ ...spec, privileged: false, capAdd: [] }).HostConfig).toEqual({
      NetworkMode: 'none',
    });
  });

  it('leaves published ports and network aliases to the CLI', () => {
    expect(runsOverApi(spec)).toBe(true);
    expect(runsOverApi({ ...spec, publish: ['127.0.0.1:80:80'] })).toBe(false);
    expect(runsOverApi({ ...spec, networkAlias: 'db' })).toBe(false);
  });
});

describe('demuxLogs', () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it('splits the stream into stdout and stderr, in order, across frames', () => {
    const bytes = Buffer.concat([frame(1, 'a\n'), frame(2, 'oops\n'), frame(1, 'b'), frame(1, 'c\n')]);
    expect(demuxLogs(bytes)).toEqual({ stdout: 'a\nbc\n', stderr: 'oops\n' });
  });

  it('keeps a character split across two frames whole, and ignores a cut-off header', () => {
    const euro = Buffer.from('€');
    const bytes = Buffer.concat([
      frame(1, ''),
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 1]),
      euro.subarray(0, 1),
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 2]),
      euro.subarray(1),
      Buffer.from([2, 0, 0]),
    ]);
    expect(demuxLogs(bytes)).toEqual({ stdout: '€', stderr: '' });
  });
});

describe('startFailure', () => {
  it('exits as docker run does: 127 for a missing command, 126 for one that cannot run, else 125', () => {
    const missing = startFailure(
      'failed to create shim task: OCI runtime create failed: exec: "nope": executable file not found in $PATH: unknown',
    );
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toBe(
      'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: exec: "nope": executable file not found in $PATH: unknown.\n',
    );
    expect(startFailure('exec: "/etc": permission denied: unknown').exitCode).toBe(126);
    expect(startFailure('invalid user: unable to find user nobody2').exitCode).toBe(125);
  });
});
