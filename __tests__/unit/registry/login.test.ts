import { describe, expect, it } from 'vitest';
import { transientLoginFailure } from '../../../src/registry/login.js';

const failed = (stderr: string, timedOut = false) => ({ exitCode: 1, stdout: '', stderr, timedOut });

describe('transientLoginFailure', () => {
  it('retries what docker/login-action retries: 5xx answers, timeouts, reset or cut connections', () => {
    for (const stderr of [
      'Error response from daemon: login attempt to https://r/v2/ failed with status: 503 Service Unavailable',
      'Error response from daemon: Get "https://r/v2/": received unexpected HTTP status: 502 Bad Gateway',
      'Error response from daemon: Get "https://r/v2/": net/http: TLS handshake timeout',
      'Error response from daemon: Get "http://r/v2/": read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer',
      'Error response from daemon: Get "http://r/v2/": EOF',
      'Error response from daemon: Get "http://r/v2/": dial tcp: i/o timeout',
    ]) {
      expect(transientLoginFailure(failed(stderr)), stderr).toBe(true);
    }
    expect(transientLoginFailure(failed('', true))).toBe(true);
  });

  it('fails at once on wrong credentials, on nothing listening, and on anything else', () => {
    for (const stderr of [
      'Error response from daemon: login attempt to http://r/v2/ failed with status: 401 Unauthorized',
      'Error response from daemon: Get "https://r/v2/": unauthorized: incorrect username or password',
      'Error response from daemon: Get "http://r/v2/": dial tcp 127.0.0.1:9: connect: connection refused',
      'Error response from daemon: Get "https://nope/v2/": dial tcp: lookup nope: no such host',
      'Error: Cannot perform an interactive login from a non TTY device',
    ]) {
      expect(transientLoginFailure(failed(stderr)), stderr).toBe(false);
    }
  });
});
