import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { readSettings } from '../../../src/settings/inputs.js';
import { SpecError } from '../../../src/settings/test-types.js';
import { inputs } from './helpers.js';

// Issue #13: hostile or malformed values, each refused by the settings (before anything is created)
// with one error naming the input the value came from, and no secret text in the message.

const SECRET = 'S3cr3t-value-zz';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-hostile-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

const cases: [string, Record<string, string>, string][] = [
  // registry: a host[:port], never a flag or a path
  ['registry flag', { registry: '-h', username: 'u', password: SECRET }, 'registry'],
  ['registry long flag', { registry: '--password=x', username: 'u', password: SECRET }, 'registry'],
  ['registry path', { registry: 'ghcr.io/acme', username: 'u', password: SECRET }, 'registry'],
  ['registry space', { registry: 'ghcr.io evil', username: 'u', password: SECRET }, 'registry'],
  ['registry URL path', { registry: 'https://ghcr.io/x', username: 'u', password: SECRET }, 'registry'],
  [
    'registry-auth flag host',
    { 'registry-auth': `- registry: -h\n  username: u\n  password: "${SECRET}"` },
    'registry-auth',
  ],
  // registry-auth YAML: by position, never by content
  [
    'registry-auth alias',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: *${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth tag',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: !${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth anchor',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: &a ${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth broken quote',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: "${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth duplicate key',
    { 'registry-auth': `- registry: ghcr.io\n  password: a\n  password: ${SECRET}` },
    'registry-auth',
  ],
  ['registry-auth not a list', { 'registry-auth': `password: ${SECRET}` }, 'registry-auth'],
  [
    'registry-auth number password',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: 12345` },
    'registry-auth',
  ],
  [
    'registry-auth bad indent',
    { 'registry-auth': `- registry: ghcr.io\n username: u\n   password: ${SECRET}` },
    'registry-auth',
  ],
  // secrets: refused by line, never by text
  ['secret without =', { secrets: `${SECRET}` }, 'secrets'],
  ['secret continuation', { secrets: `A=x\n${SECRET}` }, 'secrets'],
  ['secret padding continuation', { secrets: `A=x\n${SECRET}+/==` }, 'secrets'],
  ['secret empty id', { secrets: `=${SECRET}` }, 'secrets'],
  ['secret id with space', { secrets: `my id=${SECRET}` }, 'secrets'],
  ['secret id flag', { secrets: `--output=${SECRET}` }, 'secrets'],
  // password without a user, and the reverse
  ['password alone', { password: SECRET }, 'username'],
  ['username alone', { username: 'u' }, 'password'],
  // target: a stage name, never a flag
  ['target flag', { target: '--output=type=local,dest=/' }, 'target'],
  ['target space', { target: 'a b' }, 'target'],
  ['target path', { target: '../x' }, 'target'],
  ['target dash', { target: '-x' }, 'target'],
  // labels: the ownership prefix is reserved
  ['label run', { labels: 'dev.shipshape.run=someone-else' }, 'labels'],
  ['label lease', { labels: 'dev.shipshape.lease=true' }, 'labels'],
  ['label repository', { labels: 'a=b\ndev.shipshape.repository=x' }, 'labels'],
  ['label without =', { labels: 'novalue' }, 'labels'],
  // flavor: named as the flavor's mistake
  ['flavor prefix ..', { tags: 'v1', flavor: 'prefix=../' }, 'flavor'],
  ['flavor prefix slash', { tags: 'v1', flavor: 'prefix=a/b-' }, 'flavor'],
  ['flavor prefix colon', { tags: 'v1', flavor: 'prefix=x:' }, 'flavor'],
  ['flavor suffix slash', { tags: 'v1', flavor: 'suffix=/x' }, 'flavor'],
  ['tag slash', { tags: 'a/b' }, 'tags'],
  ['tag too long', { tags: 'x'.repeat(129) }, 'tags'],
  // platforms and friends
  ['platform flag', { platforms: '--privileged' }, 'platforms'],
  ['platform upper', { platforms: 'Linux/AMD64' }, 'platforms'],
  ['platform variant', { platforms: 'linux/amd64/v9x' }, 'platforms'],
  ['platform twice', { platforms: 'linux/amd64,linux/amd64' }, 'platforms'],
  ['test-platforms unbuilt', { platforms: 'linux/amd64', 'test-platforms': 'linux/arm64' }, 'test-platforms'],
  ['provenance junk', { provenance: 'mode=full' }, 'provenance'],
  ['sbom junk', { sbom: 'spdx' }, 'sbom'],
  ['annotation level', { annotations: 'layer:k=v' }, 'annotations'],
  ['annotation without =', { annotations: 'index:k' }, 'annotations'],
  // service images: references, never flags
  [
    'service image flag',
    {
      tests: 'commandTests:\n  - name: a\n    command: x\nservices:\n  - name: db\n    image: --privileged\n',
    },
    'tests',
  ],
  [
    'service image spaces',
    { tests: 'commandTests:\n  - name: a\n    command: x\nservices:\n  - name: db\n    image: "a b"\n' },
    'tests',
  ],
  // images
  ['image upper', { images: 'ACME/App' }, 'images'],
  ['image flag', { images: '-v' }, 'images'],
  ['builder unknown', { builder: 'kaniko' }, 'builder'],
  // limits: every number has an upper bound, a YAML document a size and an alias budget
  ['min-free-space 400 digits', { 'min-free-space': '9'.repeat(400) }, 'min-free-space'],
  ['keep-storage 400 digits', { 'keep-storage': `${'9'.repeat(400)}GB` }, 'keep-storage'],
  ['size-limit 400 digits', { 'size-limit': '9'.repeat(400) }, 'size-limit'],
  ['size-increase-limit 400 digits', { 'size-increase-limit': '9'.repeat(400) }, 'size-increase-limit'],
  [
    'size-increase-limit huge percent',
    { 'size-increase-limit': `${'9'.repeat(400)}%` },
    'size-increase-limit',
  ],
  [
    'size-comment-threshold huge',
    { 'size-comment-threshold': `${'9'.repeat(30)}GB` },
    'size-comment-threshold',
  ],
  ['cleanup-until 400 digits', { 'cleanup-until': `${'9'.repeat(400)}d` }, 'cleanup-until'],
  ['cleanup-until 11 years', { 'cleanup-until': '4000d' }, 'cleanup-until'],
  ['test-timeout over the timer', { 'test-timeout': '3000000' }, 'test-timeout'],
  ['test-timeout 400 digits', { 'test-timeout': '9'.repeat(400) }, 'test-timeout'],
  ['test-parallelism huge', { 'test-parallelism': '100000' }, 'test-parallelism'],
  [
    'tests timeout 1e10',
    { tests: 'commandTests:\n  - name: a\n    command: x\n    timeout: 1e10\n' },
    'tests',
  ],
  [
    'tests billion laughs',
    {
      tests: [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'commandTests: [{name: a, command: x}]',
      ].join('\n'),
    },
    'tests',
  ],
  [
    'tests over 1 MB',
    { tests: `commandTests:\n  - name: a\n    command: x\n# ${'x'.repeat(1_100_000)}\n` },
    'tests',
  ],
];

describe('hostile inputs', () => {
  it(`has at least 60 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(cases)('%s: one error naming the input, no secret text', (_name, table, input) => {
    let error: unknown;
    try {
      readSettings(inputs({ images: 'acme/app', ...table }), workspace());
    } catch (caught) {
      error = caught;
    }
    // An input's own error, or the test specification's (which names the input and the YAML path).
    if (error instanceof SpecError) {
      expect(error.source).toBe(`input '${input}'`);
    } else {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe(input);
      expect((error as InputError).message).toMatch(new RegExp(`^Input '${input}' `));
    }
    expect((error as Error).message).not.toContain(SECRET);
  });
});
