import { afterEach, describe, expect, it } from 'vitest';
import {
  apiFilters,
  EngineApi,
  EngineApiError,
  engineSocket,
  EngineTimeoutError,
  EngineUnreachableError,
  naturalCompare,
  pathOf,
  type EngineSocketProbe,
} from '../../../src/engine/engine-api.js';
import { startFakeEngine, type FakeEngine } from '../../factories/fake-engine.js';

describe('apiFilters', () => {
  it('is undefined without filters', () => {
    expect(apiFilters([])).toBeUndefined();
    expect(apiFilters([''])).toBeUndefined();
  });
  it("turns the CLI's key=value strings into the API's map of sets", () => {
    const filters = apiFilters(['label=dev.shipshape.run=acme/app/1', 'dangling=true', 'label=lease']);
    expect(JSON.parse(filters ?? '')).toEqual({
      label: { 'dev.shipshape.run=acme/app/1': true, lease: true },
      dangling: { true: true },
    });
  });
  it('lower-cases and trims the key and trims the value, as the CLI does', () => {
    expect(apiFilters([' Label = a=b '])).toBe('{"label":{"a=b":true}}');
  });
  it('refuses a filter without a value, in the words of the CLI', () => {
    expect(() => apiFilters(['dangling'])).toThrow(/bad format of filter \(expected name=value\)/);
  });
});

describe('engineSocket', () => {
  const probe = (
    files: Record<string, string> = {},
    sockets = ['/var/run/docker.sock'],
  ): EngineSocketProbe => ({
    readFile: (file) => files[file],
    isSocket: (file) => sockets.includes(file),
    home: '/home/runner',
  });

  it('uses the default socket when nothing points elsewhere', () => {
    expect(engineSocket({}, probe()).socketPath).toBe('/var/run/docker.sock');
    const config = { '/home/runner/.docker/config.json': '{"auths":{},"currentContext":"default"}' };
    expect(engineSocket({}, probe(config)).socketPath).toBe('/var/run/docker.sock');
    expect(engineSocket({ DOCKER_CONTEXT: 'default' }, probe()).socketPath).toBe('/var/run/docker.sock');
  });

  it("follows DOCKER_HOST's unix socket", () => {
    const env = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
    expect(engineSocket(env, probe({}, ['/run/user/1000/docker.sock'])).socketPath).toBe(
      '/run/user/1000/docker.sock',
    );
    // …and only that one: the default socket existing does not matter.
    expect(engineSocket(env, probe()).socketPath).toBeUndefined();
  });

  it.each([
    [{ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, {}, /not a unix socket/],
    [{ DOCKER_HOST: 'ssh://me@builder' }, {}, /not a unix socket/],
    [{ DOCKER_HOST: 'unix://' }, {}, /names no socket/],
    [{ DOCKER_CONTEXT: 'colima' }, {}, /DOCKER_CONTEXT is colima/],
    [{}, { '/home/runner/.docker/config.json': '{"currentContext":"desktop-linux"}' }, /desktop-linux/],
    [{ DOCKER_CONFIG: '/tmp/cfg' }, { '/tmp/cfg/config.json': '{"currentContext":"remote"}' }, /remote/],
    [{}, { '/home/runner/.docker/config.json': '{not json' }, /not JSON/],
    [{ DOCKER_API_VERSION: '1.41' }, {}, /DOCKER_API_VERSION/],
    [{ SHIPSHAPE_DOCKER_API: '0' }, {}, /SHIPSHAPE_DOCKER_API is 0/],
    [{ SHIPSHAPE_DOCKER_API: 'false' }, {}, /SHIPSHAPE_DOCKER_API is false/],
  ])('leaves %j %j to the CLI', (env, files, reason) => {
    const decision = engineSocket(env, probe(files));
    expect(decision.socketPath).toBeUndefined();
    expect(decision.reason).toMatch(reason);
  });

  it('reads the config DOCKER_CONFIG names, not the home one', () => {
    const files = {
      '/home/runner/.docker/config.json': '{"currentContext":"remote"}',
      '/tmp/run/config.json': '{"auths":{}}',
    };
    expect(engineSocket({ DOCKER_CONFIG: '/tmp/run' }, probe(files)).socketPath).toBe('/var/run/docker.sock');
  });

  it('leaves a missing socket to the CLI, which says what is wrong', () => {
    expect(engineSocket({}, probe({}, [])).reason).toBe('no socket at /var/run/docker.sock');
  });
});

describe('naturalCompare', () => {
  it('sorts as the CLI sorts volume and network names', () => {
    const names = ['vol10', 'vol2', 'b', 'vol02', 'Vol3', 'vol1', 'a1', 'ab', 'a'];
    expect(names.sort(naturalCompare)).toEqual([
      'Vol3',
      'a',
      'a1',
      'ab',
      'b',
      'vol1',
      'vol2',
      'vol02',
      'vol10',
    ]);
    expect(naturalCompare('same', 'same')).toBe(0);
  });
});

describe('pathOf', () => {
  it('keeps the slashes of a reference and encodes the rest of each part', () => {
    expect(pathOf('ghcr.io/acme/app:1')).toBe('ghcr.io/acme/app%3A1');
    expect(pathOf('sha256:abc')).toBe('sha256%3Aabc');
    expect(pathOf('a b?c')).toBe('a%20b%3Fc');
  });
});

describe('EngineApi', () => {
  let engine: FakeEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('GETs JSON with the query given, leaving out undefined parameters', async () => {
    engine = await startFakeEngine(() => ({ json: [{ Id: 'sha256:a' }] }));
    const api = new EngineApi(engine.socketPath);
    expect(await api.get('/images/json', { query: { all: '1', filters: undefined } })).toEqual([
      { Id: 'sha256:a' },
    ]);
    expect(engine.requests[0].path).toBe('/images/json');
    expect([...engine.requests[0].query.entries()]).toEqual([['all', '1']]);
  });

  it('sends a JSON body and reads an empty answer as undefined', async () => {
    engine = await startFakeEngine(() => ({ status: 204 }));
    const api = new EngineApi(engine.socketPath);
    expect(await api.request('POST', '/volumes/create', { body: { Name: 'v' } })).toBeUndefined();
    expect(engine.requests[0]).toMatchObject({ method: 'POST', body: '{"Name":"v"}' });
  });

  it("carries the status and the daemon's message, worded as the CLI prints it", async () => {
    engine = await startFakeEngine((request) => {
      if (request.path === '/plain') return { status: 500, text: 'proxy says no\n' };
      if (request.path === '/empty') return { status: 500, json: {} };
      return { status: 404, json: { message: 'No such image: app:1 ' } };
    });
    const api = new EngineApi(engine.socketPath);
    const error = await api.get('/images/app:1/json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineApiError);
    expect(error).toMatchObject({
      status: 404,
      daemonMessage: 'No such image: app:1',
      message: 'Error response from daemon: No such image: app:1',
    });
    await expect(api.get('/plain')).rejects.toMatchObject({ status: 500, daemonMessage: 'proxy says no' });
    await expect(api.get('/empty')).rejects.toMatchObject({
      daemonMessage: 'API returned a 500 Internal Server Error but provided no error-message',
    });
  });

  it('gives up after the time given', async () => {
    engine = await startFakeEngine(() => ({ hang: true }));
    const api = new EngineApi(engine.socketPath);
    const started = Date.now();
    const error = await api.get('/version', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineTimeoutError);
    expect((error as EngineTimeoutError).timeoutMs).toBe(300);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says the socket is unreachable when nothing listens there', async () => {
    const api = new EngineApi('/nonexistent/shipshape/docker.sock');
    const error = await api.get('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as EngineUnreachableError).code).toBe('ENOENT');
  });
});
