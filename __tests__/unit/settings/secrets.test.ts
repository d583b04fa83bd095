import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecrets } from '../../../src/settings/build.js';
import { rawSecrets, readSettings, secretsOf } from '../../../src/settings/inputs.js';
import { inputError, inputs } from './helpers.js';

// Issue #13, secrets: nothing of a secret's text reaches an error, and everything that could is
// masked before any input is parsed.

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-secrets-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

describe('secrets', () => {
  it('a value broken over lines is refused by line number, its text never echoed', () => {
    const error = inputError(() => readSecrets(inputs({ secrets: 'KEY=first part\nsecond-part-of-it' })));
    expect(error.message).toContain("Input 'secrets' has value 'line 2 (hidden)'");
    expect(error.message).not.toContain('second-part');
    expect(error.message).not.toContain('first part');
  });

  it('a continuation with base64 padding never becomes a secret named after a fragment', () => {
    const error = inputError(() => readSecrets(inputs({ secrets: 'KEY=QUJD\nRE+/Rg==' })));
    expect(error.message).toContain('line 2 (hidden)');
    expect(error.message).not.toContain('RE+/Rg');
  });

  it('well-formed lines still read as id=value', () => {
    expect(readSecrets(inputs({ secrets: 'A=1\nb.c-d_e=x=y' })).secrets).toEqual([
      { id: 'A', value: '1' },
      { id: 'b.c-d_e', value: 'x=y' },
    ]);
  });
});

describe('secret-envs and secret-files (multi-line values)', () => {
  it('reads a value that spans lines from the environment, and a file by its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
    writeFileSync(join(dir, 'key.pem'), 'line one\nline two\n');
    const read = inputs({ 'secret-envs': 'pem=MY_PEM', 'secret-files': 'key=key.pem' });
    expect(readSecrets(read, { MY_PEM: '-----BEGIN-----\nabc\n-----END-----' }, dir)).toEqual({
      secrets: [{ id: 'pem', value: '-----BEGIN-----\nabc\n-----END-----' }],
      secretFiles: [{ id: 'key', path: join(dir, 'key.pem') }],
    });
  });
  it('refuses a missing variable or file, a bad id and an id given twice, without a value', () => {
    const env = { TOKEN: 'hunter2-value' };
    expect(inputError(() => readSecrets(inputs({ 'secret-envs': 'a=NOPE' }), env)).input).toBe('secret-envs');
    expect(inputError(() => readSecrets(inputs({ 'secret-files': 'a=/no/such/file' }), env)).input).toBe(
      'secret-files',
    );
    expect(inputError(() => readSecrets(inputs({ 'secret-envs': '--x=TOKEN' }), env)).input).toBe(
      'secret-envs',
    );
    const twice = inputError(() => readSecrets(inputs({ secrets: 'a=1', 'secret-envs': 'a=TOKEN' }), env));
    expect(twice.input).toBe('secrets');
    expect(twice.message).not.toContain('hunter2-value');
  });
  it('masks a multi-line value whole and line by line', () => {
    const settings = readSettings(
      inputs({ images: 'acme/app', tags: 'v1', 'secret-envs': 'pem=MY_PEM' }),
      workspace(),
      {
        MY_PEM: 'first-line\nsecond-line',
      },
    );
    expect(secretsOf(settings)).toEqual(
      expect.arrayContaining(['first-line\nsecond-line', 'first-line', 'second-line']),
    );
  });
});

describe('registry-auth', () => {
  const auth = (password: string) => `- registry: ghcr.io\n  username: bot\n  password: ${password}`;
  it.each([
    ['an alias', '*hunter2-secret'],
    ['a tag', '!hunter2-secret'],
    ['an anchor', '&hunter2 secret'],
    ['a broken quote', '"hunter2-secret'],
  ])('%s is an error by position, never by content', (_what, password) => {
    const error = inputError(() =>
      readSettings(inputs({ images: 'app', tags: 'v1', 'registry-auth': auth(password) }), workspace()),
    );
    expect(error.input).toBe('registry-auth');
    expect(error.message).not.toMatch(/hunter2/);
  });

  it('a warning is an error too, with its line and column', () => {
    const error = inputError(() =>
      readSettings(inputs({ images: 'app', tags: 'v1', 'registry-auth': auth('!hunter2') }), workspace()),
    );
    expect(error.message).toMatch(/TAG_RESOLVE_FAILED at line 3, column \d+/);
  });
});

describe('what is masked', () => {
  it('before parsing: every line of password, secrets and registry-auth, and their values', () => {
    const masked = rawSecrets(
      inputs({
        password: 'pa55-word\nline-two',
        secrets: 'KEY=first part\nsecond-part-of-it',
        'registry-auth':
          '- registry: ghcr.io\n  username: bot\n  password: "quoted-pass"\n    continued-line',
      }),
    );
    for (const secret of [
      'pa55-word',
      'line-two',
      'first part',
      'second-part-of-it',
      'quoted-pass',
      'continued-line',
    ]) {
      expect(masked).toContain(secret);
    }
    // The registry host and user name are not secrets: masking them would hide the log's meaning.
    expect(masked).not.toContain('ghcr.io');
    expect(masked).not.toContain('bot');
  });

  it("after parsing: each credential's Basic string too (config.json's auth)", () => {
    const settings = readSettings(
      inputs({ images: 'app', tags: 'v1', registry: 'ghcr.io', username: 'bot', password: 'pa55-word' }),
      workspace(),
    );
    expect(secretsOf(settings)).toContain(Buffer.from('bot:pa55-word').toString('base64'));
  });
});
