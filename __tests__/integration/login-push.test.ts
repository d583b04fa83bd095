// login → push (with retries) → logout against real htpasswd registries, calling the modules directly.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Docker } from '../../src/engine/docker.js';
import type { ExecOptions } from '../../src/engine/exec.js';
import { login, LoginError, logout, type LoginSession } from '../../src/registry/login.js';
import { PushError, pushReferences } from '../../src/registry/push.js';
import { docker, writeContext, type Registry } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';

const id = randomUUID().slice(0, 8);
const userA = { username: 'ci-a', password: `pw-A-${randomUUID()}` };
const userB = { username: 'ci-b', password: `pw-B-${randomUUID()}` };
const PRIOR_AUTH = { auth: Buffer.from('earlier:login').toString('base64') };

/** A Docker that records when each push started, to count attempts and time the backoff. */
class RecordingDocker extends Docker {
  pushes: { reference: string; at: number }[] = [];
  logins = 0;
  override login(...args: Parameters<Docker['login']>) {
    this.logins++;
    return super.login(...args);
  }
  override push(reference: string, onLine?: ExecOptions['onLine']) {
    this.pushes.push({ reference, at: Date.now() });
    return super.push(reference, onLine);
  }
}

/** `ps` (arguments and environment of every process) every 50 ms, in its own process. */
function startProcessSampler(): { stop(): Promise<{ text: string; samples: number }> } {
  const child: ChildProcess = spawn(
    'bash',
    ['-c', 'while :; do ps -e -ww -o args e; echo "--- sample"; sleep 0.05; done'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    async stop() {
      child.kill('SIGTERM');
      await closed;
      return { text, samples: text.split('--- sample').length - 1 };
    },
  };
}

/**
 * A TCP proxy in front of a registry that resets the next `refuse` incoming connections and forwards
 * the others. `arm()` also drops the open connections, so the daemon cannot reuse one.
 */
async function startProxy(target: string) {
  const [targetHost, targetPort] = target.split(':');
  const open = new Set<Socket>();
  const state = { refuse: 0, refused: 0, forwarded: 0 };
  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (state.refused < state.refuse) {
      state.refused++;
      client.resetAndDestroy();
      return;
    }
    state.forwarded++;
    const upstream = connect(Number(targetPort), targetHost);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    open.add(client).add(upstream);
    client.on('close', () => open.delete(client));
    upstream.on('close', () => open.delete(upstream));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    state,
    arm(refuse: number) {
      for (const socket of open) socket.destroy();
      Object.assign(state, { refuse, refused: 0, forwarded: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('login, push with retries, logout', () => {
  const fx = useIntegrationFixtures({ registries: [{ htpasswd: userA }, { htpasswd: userB }] });
  let registryA: Registry;
  let registryB: Registry;
  let work: string;
  let userConfigDir: string;
  let userConfigBytes: Buffer;
  let homeConfigBefore: Buffer | undefined;
  let image: string;
  let imageId: string;
  const savedEnv = {
    DOCKER_CONFIG: process.env.DOCKER_CONFIG,
    REGISTRY_AUTH_FILE: process.env.REGISTRY_AUTH_FILE,
  };
  const homeConfig = path.join(homedir(), '.docker', 'config.json');
  let log: string[];

  beforeAll(async () => {
    homeConfigBefore = existsSync(homeConfig) ? readFileSync(homeConfig) : undefined;
    work = mkdtempSync(path.join(tmpdir(), 'shipshape-login-it-'));
    // The "user's" docker config for this test: an earlier login and a cli-plugins folder.
    userConfigDir = path.join(work, 'user-docker');
    mkdirSync(path.join(userConfigDir, 'cli-plugins'), { recursive: true });
    writeFileSync(path.join(userConfigDir, 'cli-plugins', 'README'), 'plugins live here\n');
    writeFileSync(
      path.join(userConfigDir, 'config.json'),
      JSON.stringify({ auths: { 'prior.example:5000': PRIOR_AUTH }, detachKeys: 'ctrl-e,e' }, null, 2),
    );
    userConfigBytes = readFileSync(path.join(userConfigDir, 'config.json'));
    process.env.DOCKER_CONFIG = userConfigDir;
    delete process.env.REGISTRY_AUTH_FILE;

    [registryA, registryB] = fx.registries;
    const context = writeContext({ Dockerfile: `FROM ${fx.base}\nCOPY id /id\n`, id: `${id}\n` });
    image = `shipshape-it/login-push:${id}`;
    const built = await docker(['build', '-q', '-t', image, context]);
    rmSync(context, { recursive: true, force: true });
    expect(built.code, built.stderr).toBe(0);
    imageId = built.stdout.trim();
    fx.cleanupAfter(image);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  beforeEach(() => {
    log = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log.push(...String(chunk).split('\n'));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    // Every test leaves the user's config as it found it and no session directory behind.
    expect(readFileSync(path.join(userConfigDir, 'config.json')).equals(userConfigBytes)).toBe(true);
    expect(readdirSync(work).filter((name) => name.startsWith('shipshape-docker-config-'))).toEqual([]);
    expect(process.env.DOCKER_CONFIG).toBe(userConfigDir);
    expect(process.env.REGISTRY_AUTH_FILE).toBeUndefined();
  });

  it('logs in to two registries, pushes the same digest to both, pulls it back, logs out', async () => {
    const sampler = startProcessSampler();
    const engine = new Docker();
    let session: LoginSession | undefined;
    try {
      session = await login(
        engine,
        [
          { registry: registryA.host, ...userA },
          { registry: registryB.host, ...userB },
        ],
        work,
      );
      expect(session.registries).toEqual([registryA.host, registryB.host]);
      expect(path.dirname(session.configDir)).toBe(work);
      expect(statSync(session.configDir).mode & 0o777).toBe(0o700);
      expect(process.env.DOCKER_CONFIG).toBe(session.configDir);
      expect(process.env.REGISTRY_AUTH_FILE).toBe(path.join(session.configDir, 'config.json'));
      const config = JSON.parse(readFileSync(path.join(session.configDir, 'config.json'), 'utf8'));
      expect(Object.keys(config.auths).sort()).toEqual(
        [registryA.host, registryB.host, 'prior.example:5000'].sort(),
      );
      expect(config.auths['prior.example:5000']).toEqual(PRIOR_AUTH);
      expect(config.detachKeys).toBe('ctrl-e,e');
      expect(readFileSync(path.join(session.configDir, 'cli-plugins', 'README'), 'utf8')).toBe(
        'plugins live here\n',
      );

      const refA = `${registryA.host}/shipshape/login-push:${id}`;
      const refB = `${registryB.host}/team/login-push:${id}`;
      for (const ref of [refA, refB]) {
        await engine.tag(image, ref);
        fx.cleanupAfter(ref);
      }
      const result = await pushReferences(engine, [refA, refB], { sleep: async () => {} });
      expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(result.references).toEqual([
        { reference: refA, digest: result.digest },
        { reference: refB, digest: result.digest },
      ]);
      expect(log.some((line) => line.startsWith('Push of'))).toBe(false); // no retries needed

      // Pull back by digest (still logged in: both registries require authentication to read).
      expect((await docker(['image', 'rm', refA, refB])).code).toBe(0);
      for (const ref of [refA, refB]) {
        const byDigest = `${ref.replace(/:[^:/]+$/, '')}@${result.digest}`;
        const pulled = await docker(['image', 'pull', '--quiet', byDigest]);
        expect(pulled.code, pulled.stderr).toBe(0);
        fx.cleanupAfter(byDigest);
        const inspected = await docker(['image', 'inspect', '--format', '{{.Id}}', byDigest]);
        expect(inspected.stdout.trim()).toBe(imageId);
      }
    } finally {
      const warnings = session ? await logout(engine, session) : [];
      expect(warnings).toEqual([]);
      const { text, samples } = await sampler.stop();
      expect(samples).toBeGreaterThan(3);
      for (const secret of [userA.password, userB.password]) {
        expect(text.includes(secret), 'password in a process listing').toBe(false);
        expect(
          log.some((line) => line.includes(secret)),
          'password in the log',
        ).toBe(false);
      }
    }
    expect(existsSync(session.configDir)).toBe(false);
    expect(existsSync(path.join(userConfigDir, 'cli-plugins', 'README'))).toBe(true);
    expect(existsSync(homeConfig) ? readFileSync(homeConfig) : undefined).toEqual(homeConfigBefore);
  });

  it('fails fast with a LoginError naming the registry when the password is wrong', async () => {
    const started = Date.now();
    const error = await login(
      new Docker(),
      [
        { registry: registryA.host, ...userA },
        { registry: registryB.host, username: userB.username, password: 'not-the-password' },
      ],
      work,
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as Error).message).toContain(`Login to ${registryB.host} failed: wrong credentials`);
    expect((error as Error).message).not.toContain('not-the-password');
    // The directory holding registry A's credentials is gone again (checked in afterEach).
  });

  it("keeps this run's credentials out of the user's credential store", async () => {
    // A user whose logins live in a keychain helper (here one that does not exist: using it would fail).
    const storeDir = path.join(work, 'user-with-store');
    mkdirSync(storeDir, { recursive: true });
    const storeConfig = JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'shipshape-missing' });
    writeFileSync(path.join(storeDir, 'config.json'), storeConfig);
    process.env.DOCKER_CONFIG = storeDir;
    try {
      const session = await login(new Docker(), [{ registry: registryA.host, ...userA }], work);
      const config = JSON.parse(readFileSync(path.join(session.configDir, 'config.json'), 'utf8'));
      expect(config.credsStore).toBeUndefined();
      expect(config.credHelpers).toEqual({ 'ghcr.io': 'shipshape-missing' }); // the earlier login still works
      expect(config.auths[registryA.host].auth).toBeTruthy();
      expect(await logout(new Docker(), session)).toEqual([]);
      expect(process.env.DOCKER_CONFIG).toBe(storeDir);
      expect(readFileSync(path.join(storeDir, 'config.json'), 'utf8')).toBe(storeConfig);
    } finally {
      process.env.DOCKER_CONFIG = userConfigDir;
    }
  });

  it('logs in to Docker Hub without a server argument, the password on stdin only', async () => {
    const calls: { args: string[]; options: ExecOptions }[] = [];
    // The engine's own login/logout run through `exec`: record it instead of running docker.
    const recorder = new (class extends Docker {
      protected override async exec(args: string[], options: ExecOptions = {}) {
        calls.push({ args, options });
        return { exitCode: 0, stdout: 'Login Succeeded\n', stderr: '', timedOut: false };
      }
    })();
    const session = await login(
      recorder,
      [
        { registry: '', username: 'hubuser', password: 'hub-secret' },
        { registry: 'https://ghcr.io/', username: 'octo', password: 'ghcr-secret' },
      ],
      work,
    );
    expect(session.registries).toEqual(['docker.io', 'ghcr.io']);
    expect(await logout(recorder, session)).toEqual([]);
    expect(calls.map((call) => call.args)).toEqual([
      ['login', '--username', 'hubuser', '--password-stdin'],
      ['login', '--username', 'octo', '--password-stdin', 'ghcr.io'],
      ['logout'],
      ['logout', 'ghcr.io'],
    ]);
    expect(calls.map((call) => call.options.input)).toEqual([
      'hub-secret',
      'ghcr-secret',
      undefined,
      undefined,
    ]);
    for (const call of calls) expect(call.options.env).toEqual({ DOCKER_CONFIG: session.configDir });
  });

  it('retries a login whose connections are reset, and a wrong password only once', async () => {
    const proxy = await startProxy(registryA.host);
    const engine = new RecordingDocker();
    const waits: number[] = [];
    const retry = { baseDelayMs: 200, sleep: async (ms: number) => void waits.push(ms) };
    try {
      // How many connections does one failed login attempt make? Measured with a single try.
      proxy.arm(Infinity);
      const single = await login(engine, [{ registry: proxy.host, ...userA }], work, undefined, {
        ...retry,
        attempts: 1,
      }).catch((e: unknown) => e);
      expect(single).toBeInstanceOf(LoginError);
      const perAttempt = proxy.state.refused;
      expect(perAttempt).toBeGreaterThan(0);
      // Every connection of the first attempt is reset; the second gets through.
      engine.logins = 0;
      waits.length = 0;
      proxy.arm(perAttempt);
      log.length = 0;
      const session = await login(engine, [{ registry: proxy.host, ...userA }], work, undefined, retry);
      expect(engine.logins).toBe(2);
      expect(waits).toEqual([200]);
      expect(log.filter((line) => line.startsWith('Login to'))[0]).toMatch(
        new RegExp(`^Login to ${proxy.host} failed \\(attempt 1 of 3\\): .*; retrying in 0\\.2 s$`),
      );
      expect(await logout(engine, session)).toEqual([]);

      engine.logins = 0;
      proxy.arm(0);
      const error = await login(
        engine,
        [{ registry: proxy.host, username: userA.username, password: 'not-the-password' }],
        work,
        undefined,
        retry,
      ).catch((e: unknown) => e);
      expect((error as Error).message).toContain('wrong credentials');
      expect(engine.logins).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('says the registry is unreachable when nothing listens', async () => {
    const proxy = await startProxy(registryA.host);
    const closed = proxy.host;
    await proxy.close();
    const error = await login(new Docker(), [{ registry: closed, ...userA }], work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Login to ${closed} failed: the registry is unreachable .*connection refused`),
    );
  });

  it('retries a push while the registry refuses connections, then succeeds on the third attempt', async () => {
    const proxy = await startProxy(registryA.host);
    const engine = new RecordingDocker();
    const ref = `${proxy.host}/shipshape/login-push:${id}-retry`;
    await engine.tag(image, ref);
    fx.cleanupAfter(ref);
    let session: LoginSession | undefined;
    try {
      // How many connections does one failed push attempt make? Measure it with a single try.
      proxy.arm(Infinity);
      const single = await pushReferences(engine, [ref], { attempts: 1 }).catch((e: unknown) => e);
      expect(single).toBeInstanceOf(PushError);
      expect((single as PushError).failure).toBe('transient');
      const perAttempt = proxy.state.refused;
      expect(perAttempt).toBeGreaterThan(0);

      proxy.arm(0);
      session = await login(engine, [{ registry: proxy.host, ...userA }], work);

      // Refuse exactly the connections of two failed attempts.
      proxy.arm(2 * perAttempt);
      engine.pushes = [];
      log.length = 0;
      const result = await pushReferences(engine, [ref], { baseDelayMs: 500 });
      expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(engine.pushes).toHaveLength(3);
      expect(proxy.state.refused).toBe(2 * perAttempt);
      const retries = log.filter((line) => line.startsWith('Push of'));
      expect(retries).toHaveLength(2);
      expect(retries[0]).toMatch(
        new RegExp(
          `^Push of ${ref} failed \\(attempt 1 of 4\\): .*connection reset by peer; retrying in 0\\.[56] s$`,
        ),
      );
      expect(retries[1]).toMatch(/\(attempt 2 of 4\): .*; retrying in 1\.[0-2] s$/);
      const [first, second, third] = engine.pushes.map((p) => p.at);
      expect(second - first).toBeGreaterThanOrEqual(500);
      expect(third - second).toBeGreaterThanOrEqual(1000);
      // Reported for the record: connections per failed attempt and the gaps between attempts.
      console.error(
        `push retry: ${perAttempt} connection(s) per failed attempt; attempts at +0, +${second - first}, +${third - first} ms`,
      );
      expect(log.some((line) => line.includes(userA.password))).toBe(false);
    } finally {
      if (session) expect(await logout(engine, session)).toEqual([]);
      await proxy.close();
    }
  });
});
