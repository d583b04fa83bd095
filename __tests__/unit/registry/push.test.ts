import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DockerError, type Docker } from '../../../src/engine/docker.js';
import type { ExecResult } from '../../../src/engine/exec.js';
import { classifyPushFailure, PushError, pushReferences, registryOf } from '../../../src/registry/push.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

// Error texts as docker 20.10–28 print them (stderr of `docker push`).
const CASES: [string, ReturnType<typeof classifyPushFailure>][] = [
  ['unauthorized: authentication required', 'auth'],
  ['no basic auth credentials', 'auth'],
  ['unauthorized: incorrect username or password', 'auth'],
  ['error parsing HTTP 401 response body: unexpected end of JSON input: ""', 'auth'],
  ['denied: requested access to the resource is denied', 'denied'],
  ['denied: permission_denied: write_package', 'denied'],
  [
    'unexpected status from HEAD request to https://ghcr.io/v2/acme/app/blobs/sha256:ab: 403 Forbidden',
    'denied',
  ],
  ['unauthorized: access to the requested resource is not authorized: insufficient_scope', 'denied'],
  ['Get "http://127.0.0.1:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused', 'transient'],
  [
    'Get "http://127.0.0.1:33901/v2/": read tcp 127.0.0.1:57510->127.0.0.1:33901: read: connection reset by peer',
    'transient',
  ],
  ['EOF', 'transient'],
  ['Put "https://registry.example/v2/app/blobs/uploads/x": EOF', 'transient'],
  ['received unexpected HTTP status: 503 Service Unavailable', 'transient'],
  ['received unexpected HTTP status: 500 Internal Server Error', 'transient'],
  [
    'error parsing HTTP 502 response body: invalid character \'<\' looking for beginning of value: "<html>Bad Gateway"',
    'transient',
  ],
  ['unknown: 504 Gateway Time-out', 'transient'],
  ['Get "https://ghcr.io/v2/": net/http: TLS handshake timeout', 'transient'],
  ['Get "https://ghcr.io/v2/": dial tcp 140.82.121.34:443: i/o timeout', 'transient'],
  [
    'Get "https://ghcr.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    'transient',
  ],
  ['write tcp 10.1.0.4:41234->140.82.121.34:443: write: broken pipe', 'transient'],
  ['An image does not exist locally with the tag: 127.0.0.1:5000/app', 'other'],
  ['Get "https://nosuchhost.invalid/v2/": dial tcp: lookup nosuchhost.invalid: no such host', 'other'],
  ['toomanyrequests: You have reached your pull rate limit.', 'other'],
  ['manifest invalid: manifest invalid', 'other'],
  [
    'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
    'other',
  ],
  // Ports and digests that contain 401/403/5xx are not statuses.
  ['Get "http://127.0.0.1:5003/v2/": some new error', 'other'],
];

describe('classifyPushFailure', () => {
  it.each(CASES)('%s -> %s', (text, kind) => {
    expect(classifyPushFailure(text)).toBe(kind);
  });
});

describe('registryOf', () => {
  it.each([
    ['ghcr.io/acme/app:v1', 'ghcr.io'],
    ['127.0.0.1:5000/app:1', '127.0.0.1:5000'],
    ['acme/app:latest', 'docker.io'],
    ['ubuntu', 'docker.io'],
    ['index.docker.io/acme/app', 'docker.io'],
    ['[::1]:5000/app@sha256:' + 'a'.repeat(64), '[::1]:5000'],
  ])('%s -> %s', (reference, registry) => {
    expect(registryOf(reference)).toBe(registry);
  });
});

/** A Docker whose `push` answers from a script: a string is a failure's stderr, `ok` a success. */
function fakeDocker(script: Record<string, string[]>) {
  const calls: string[] = [];
  const docker = {
    async push(reference: string, onLine?: (line: string, stream: 'stdout' | 'stderr') => void) {
      calls.push(reference);
      const next = script[reference]?.shift();
      if (next === undefined) throw new Error(`unexpected push of ${reference}`);
      if (next === 'ok') {
        const stdout = `latest: digest: ${DIGEST} size: 527\n`;
        onLine?.(stdout.trim(), 'stdout');
        const result: ExecResult = { exitCode: 0, stdout, stderr: '', timedOut: false };
        return { digest: DIGEST, result };
      }
      const result: ExecResult = {
        exitCode: 1,
        stdout: `The push refers to repository [${reference}]\n`,
        stderr: `${next}\n`,
        timedOut: false,
      };
      throw new DockerError(`docker push ${reference} failed: ${next}`, result);
    },
  };
  return { docker: docker as unknown as Docker, calls };
}

describe('pushReferences', () => {
  let output: string[];
  beforeEach(() => {
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const refused = 'Get "http://127.0.0.1:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused';

  it('retries transient failures with exponential backoff and returns the digest', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { docker, calls } = fakeDocker({ '127.0.0.1:5001/app:1': [refused, 'EOF', 'ok'] });
    const delays: number[] = [];
    const result = await pushReferences(docker, ['127.0.0.1:5001/app:1'], {
      sleep: async (ms) => void delays.push(ms),
    });
    expect(result).toEqual({
      references: [{ reference: '127.0.0.1:5001/app:1', digest: DIGEST }],
      digest: DIGEST,
    });
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([2000, 4000]);
    const retries = output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('Push of'));
    expect(retries).toEqual([
      `Push of 127.0.0.1:5001/app:1 failed (attempt 1 of 4): ${refused}; retrying in 2.0 s`,
      'Push of 127.0.0.1:5001/app:1 failed (attempt 2 of 4): EOF; retrying in 4.0 s',
    ]);
  });

  it("prints the client's output with workflow commands off (issue #13)", async () => {
    const { docker } = fakeDocker({ 'r.example/app:1': ['ok'] });
    await pushReferences(docker, ['r.example/app:1'], { sleep: async () => undefined });
    const text = output.join('');
    const token = /::stop-commands::([0-9a-f-]{36})\n/.exec(text)?.[1];
    expect(token).toBeDefined();
    const inside = text.slice(text.indexOf(`::stop-commands::${token}`), text.indexOf(`::${token}::`));
    expect(inside).toContain(`latest: digest: ${DIGEST} size: 527`);
  });

  it('adds at most 20 % jitter to each delay', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const failure = 'received unexpected HTTP status: 503 Service Unavailable';
    const { docker } = fakeDocker({ 'r.example/app:1': [failure, failure, failure, 'ok'] });
    const delays: number[] = [];
    await pushReferences(docker, ['r.example/app:1'], {
      baseDelayMs: 1000,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(delays).toEqual([1200, 2400, 4800]);
  });

  it('keeps real jitter within [delay, 1.2 × delay]', async () => {
    const { docker } = fakeDocker({ 'r.example/app:1': ['EOF', 'EOF', 'EOF', 'ok'] });
    const delays: number[] = [];
    await pushReferences(docker, ['r.example/app:1'], {
      baseDelayMs: 500,
      sleep: async (ms) => void delays.push(ms),
    });
    [500, 1000, 2000].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('gives up after `attempts` transient failures, naming the registry', async () => {
    const { docker, calls } = fakeDocker({
      '127.0.0.1:5001/app:1': [refused, refused, refused, refused, 'ok'],
    });
    const delays: number[] = [];
    const error = await pushReferences(docker, ['127.0.0.1:5001/app:1'], {
      sleep: async (ms) => void delays.push(ms),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).attempts).toBe(4);
    expect((error as Error).message).toContain('after 4 attempt(s); 127.0.0.1:5001 kept failing');
    expect((error as Error).message).toContain('connection refused');
    expect(calls).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it('honours a smaller number of attempts', async () => {
    const { docker, calls } = fakeDocker({ 'r.example/app:1': ['EOF', 'EOF', 'ok'] });
    await expect(
      pushReferences(docker, ['r.example/app:1'], { attempts: 2, sleep: async () => {} }),
    ).rejects.toThrow(/after 2 attempt/);
    expect(calls).toHaveLength(2);
  });

  it('fails at once, without retrying, when not logged in', async () => {
    const { docker, calls } = fakeDocker({
      '127.0.0.1:5001/app:1': ['unauthorized: authentication required', 'ok'],
    });
    const sleep = vi.fn(async () => {});
    const error = (await pushReferences(docker, ['127.0.0.1:5001/app:1'], { sleep }).catch(
      (e: unknown) => e,
    )) as PushError;
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(error.failure).toBe('auth');
    expect(error.message).toContain(
      "not logged in to 127.0.0.1:5001: set 'username' and 'password' (or 'registry-auth')",
    );
    expect(error.message).toContain('unauthorized: authentication required');
  });

  it('fails at once when the credentials may not push to the repository', async () => {
    const { docker, calls } = fakeDocker({
      'ghcr.io/acme/app:v1': ['denied: permission_denied: write_package', 'ok'],
    });
    const error = (await pushReferences(docker, ['ghcr.io/acme/app:v1'], { sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as PushError;
    expect(calls).toHaveLength(1);
    expect(error.failure).toBe('denied');
    expect(error.message).toContain(
      "the credentials for ghcr.io may not push to acme/app: for ghcr.io the token needs 'packages: write'",
    );
  });

  it('fails at once on other errors, with the registry’s last lines', async () => {
    const { docker, calls } = fakeDocker({ 'r.example/app:1': ['manifest invalid: manifest invalid', 'ok'] });
    await expect(pushReferences(docker, ['r.example/app:1'], { sleep: async () => {} })).rejects.toThrow(
      'Push of r.example/app:1 failed: manifest invalid: manifest invalid',
    );
    expect(calls).toHaveLength(1);
  });

  it('pushes references in order and stops at the first that fails', async () => {
    const { docker, calls } = fakeDocker({
      'a.example/app:1': ['EOF', 'ok'],
      'b.example/app:1': ['denied: requested access to the resource is denied'],
      'c.example/app:1': ['ok'],
    });
    await expect(
      pushReferences(docker, ['a.example/app:1', 'b.example/app:1', 'c.example/app:1'], {
        sleep: async () => {},
      }),
    ).rejects.toThrow(/b\.example may not push/);
    expect(calls).toEqual(['a.example/app:1', 'a.example/app:1', 'b.example/app:1']);
  });

  it('returns the first digest and one entry per reference', async () => {
    const { docker } = fakeDocker({ 'a.example/app:1': ['ok'], 'b.example/app:1': ['ok'] });
    const result = await pushReferences(docker, ['a.example/app:1', 'b.example/app:1']);
    expect(result.digest).toBe(DIGEST);
    expect(result.references.map((r) => r.reference)).toEqual(['a.example/app:1', 'b.example/app:1']);
  });
});
