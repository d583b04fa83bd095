import { describe, it, expect } from 'vitest';
import {
  engineNames,
  ImageReferenceError,
  isValidTag,
  parseImageName,
  parseReference,
  validateTag,
  withTag,
  type ImageReference,
} from '../../../src/naming/reference.js';

const HEX = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX}`;

type Expected = Omit<ImageReference, 'name'>;

const valid: Array<[string, Expected]> = [
  [
    'ubuntu',
    {
      registry: 'docker.io',
      path: 'library/ubuntu',
      familiar: 'ubuntu',
      canonical: 'docker.io/library/ubuntu:latest',
    },
  ],
  [
    'ubuntu:22.04',
    {
      registry: 'docker.io',
      path: 'library/ubuntu',
      tag: '22.04',
      familiar: 'ubuntu',
      canonical: 'docker.io/library/ubuntu:22.04',
    },
  ],
  [
    'library/ubuntu',
    {
      registry: 'docker.io',
      path: 'library/ubuntu',
      familiar: 'ubuntu',
      canonical: 'docker.io/library/ubuntu:latest',
    },
  ],
  [
    'docker.io/ubuntu',
    {
      registry: 'docker.io',
      path: 'library/ubuntu',
      familiar: 'ubuntu',
      canonical: 'docker.io/library/ubuntu:latest',
    },
  ],
  [
    'index.docker.io/library/ubuntu',
    {
      registry: 'docker.io',
      path: 'library/ubuntu',
      familiar: 'ubuntu',
      canonical: 'docker.io/library/ubuntu:latest',
    },
  ],
  [
    'acme/app',
    { registry: 'docker.io', path: 'acme/app', familiar: 'acme/app', canonical: 'docker.io/acme/app:latest' },
  ],
  [
    'docker.io/library/a/b',
    {
      registry: 'docker.io',
      path: 'library/a/b',
      familiar: 'library/a/b',
      canonical: 'docker.io/library/a/b:latest',
    },
  ],
  [
    'ghcr.io/acme/app:v1',
    {
      registry: 'ghcr.io',
      path: 'acme/app',
      tag: 'v1',
      familiar: 'ghcr.io/acme/app',
      canonical: 'ghcr.io/acme/app:v1',
    },
  ],
  [
    'localhost/app',
    { registry: 'localhost', path: 'app', familiar: 'localhost/app', canonical: 'localhost/app:latest' },
  ],
  [
    'localhost:5000/app',
    {
      registry: 'localhost:5000',
      path: 'app',
      familiar: 'localhost:5000/app',
      canonical: 'localhost:5000/app:latest',
    },
  ],
  [
    '127.0.0.1:5000/a/b/c:t',
    {
      registry: '127.0.0.1:5000',
      path: 'a/b/c',
      tag: 't',
      familiar: '127.0.0.1:5000/a/b/c',
      canonical: '127.0.0.1:5000/a/b/c:t',
    },
  ],
  [
    '[::1]:5000/app:t',
    {
      registry: '[::1]:5000',
      path: 'app',
      tag: 't',
      familiar: '[::1]:5000/app',
      canonical: '[::1]:5000/app:t',
    },
  ],
  [
    '[fe80::1]/app',
    { registry: '[fe80::1]', path: 'app', familiar: '[fe80::1]/app', canonical: '[fe80::1]/app:latest' },
  ],
  [
    'Foo.example.com/app',
    {
      registry: 'Foo.example.com',
      path: 'app',
      familiar: 'Foo.example.com/app',
      canonical: 'Foo.example.com/app:latest',
    },
  ],
  // Docker's rule: upper case in the first component makes it a registry host.
  ['ACME/app', { registry: 'ACME', path: 'app', familiar: 'ACME/app', canonical: 'ACME/app:latest' }],
  [
    `app@${DIGEST}`,
    {
      registry: 'docker.io',
      path: 'library/app',
      digest: DIGEST,
      familiar: 'app',
      canonical: `docker.io/library/app@${DIGEST}`,
    },
  ],
  [
    `app:v1@${DIGEST}`,
    {
      registry: 'docker.io',
      path: 'library/app',
      tag: 'v1',
      digest: DIGEST,
      familiar: 'app',
      canonical: `docker.io/library/app:v1@${DIGEST}`,
    },
  ],
  [
    'a__b/c--d/e.f_g',
    {
      registry: 'docker.io',
      path: 'a__b/c--d/e.f_g',
      familiar: 'a__b/c--d/e.f_g',
      canonical: 'docker.io/a__b/c--d/e.f_g:latest',
    },
  ],
  [
    'app:_V1.2-rc',
    {
      registry: 'docker.io',
      path: 'library/app',
      tag: '_V1.2-rc',
      familiar: 'app',
      canonical: 'docker.io/library/app:_V1.2-rc',
    },
  ],
  [
    `app:${'t'.repeat(128)}`,
    {
      registry: 'docker.io',
      path: 'library/app',
      tag: 't'.repeat(128),
      familiar: 'app',
      canonical: `docker.io/library/app:${'t'.repeat(128)}`,
    },
  ],
  // Without a slash there is no host, so 'localhost:5000' is the official image 'localhost' with tag '5000'.
  [
    'localhost:5000',
    {
      registry: 'docker.io',
      path: 'library/localhost',
      tag: '5000',
      familiar: 'localhost',
      canonical: 'docker.io/library/localhost:5000',
    },
  ],
  [
    `ghcr.io/acme/app@sha512:${HEX}${HEX}`,
    {
      registry: 'ghcr.io',
      path: 'acme/app',
      digest: `sha512:${HEX}${HEX}`,
      familiar: 'ghcr.io/acme/app',
      canonical: `ghcr.io/acme/app@sha512:${HEX}${HEX}`,
    },
  ],
];

describe('parseReference: valid references', () => {
  it.each(valid)('%s', (text, expected) => {
    const ref = parseReference(text);
    expect(ref).toEqual({ ...expected, name: `${expected.registry}/${expected.path}` });
  });

  it('accepts a name of exactly 255 characters', () => {
    const path = `acme/${'a'.repeat(255 - 'docker.io/acme/'.length)}`;
    expect(parseReference(path).name).toHaveLength(255);
  });
});

// [input, message fragment, rule, suggestion]
const invalid: Array<[string, string, string, string | undefined]> = [
  ['', 'is empty', 'empty', undefined],
  [' ubuntu ', 'whitespace', 'whitespace', 'ubuntu'],
  ['ACME/App', 'must be lower case', 'lower-case', 'acme/app'],
  ['Ubuntu:22.04', "'Ubuntu' must be lower case", 'lower-case', 'ubuntu:22.04'],
  ['My_Org/app', "'My_Org' must be lower case", 'lower-case', 'my_org/app'],
  ['ghcr.io/Acme/app:V1', 'must be lower case', 'lower-case', 'ghcr.io/acme/app:V1'],
  ['https://ghcr.io/acme/app', 'must not include a URL scheme', 'url-scheme', 'ghcr.io/acme/app'],
  ['http://localhost:5000/app', 'must not include a URL scheme', 'url-scheme', 'localhost:5000/app'],
  ['a//b', 'empty path component', 'empty-component', 'a/b'],
  [
    'ghcr.io/acme/app/',
    "empty path component (the name ends with '/')",
    'empty-component',
    'ghcr.io/acme/app',
  ],
  ['/app', "empty path component (the name starts with '/')", 'empty-component', 'app'],
  ['ghcr.io/', 'missing after the registry host', 'missing-path', undefined],
  [':v1', 'image name is missing', 'missing-path', undefined],
  [HEX, 'looks like an image ID', 'image-id', undefined],
  [
    `acme/${'a'.repeat(256 - 'docker.io/acme/'.length)}`,
    'longer than 255 characters',
    'name-length',
    undefined,
  ],
  // One-component Hub names count 'docker.io/library/' towards the limit, as Docker does.
  ['a'.repeat(240), 'longer than 255 characters', 'name-length', undefined],
  ['ubuntu:', "the tag after ':' is empty", 'tag-empty', 'ubuntu'],
  ['ubuntu:.x', 'must start with a letter, digit or underscore', 'tag-start', 'ubuntu:x'],
  ['ubuntu:-x', 'must start with a letter, digit or underscore', 'tag-start', 'ubuntu:x'],
  [`ubuntu:${'t'.repeat(129)}`, 'at most 128 characters', 'tag-length', undefined],
  ['ubuntu:a:b', "may contain only letters, digits, '_', '.' and '-'", 'tag-charset', 'ubuntu:a-b'],
  [
    'ghcr.io/acme/app:feature/x',
    "may contain only letters, digits, '_', '.' and '-'",
    'tag-charset',
    'ghcr.io/acme/app:feature-x',
  ],
  ['app:feature/x', "the tag 'feature/x' may contain only letters", 'tag-charset', 'app:feature-x'],
  ['app@', "the digest after '@' is empty", 'digest', undefined],
  ['app@sha256:abc', 'algorithm:hex', 'digest', undefined],
  [`app@sha256:${HEX.slice(1)}`, 'exactly 64 lower-case hex digits (got 63)', 'digest', undefined],
  [`app@sha256:${HEX.toUpperCase()}`, 'exactly 64 lower-case hex digits', 'digest', `app@${DIGEST}`],
  [`app@${HEX}`, 'has no algorithm', 'digest', `app@${DIGEST}`],
  ['app@1sha:' + HEX, 'algorithm:hex', 'digest', undefined],
  ['localhost:abc/app', "the registry port 'abc' must be a number", 'port', undefined],
  ['localhost:/app', 'registry port', 'port', undefined],
  ['-bad.example.com/app', "registry host '-bad.example.com' is not a valid host name", 'host', undefined],
  ['bad..example.com/app', 'not a valid host name', 'host', undefined],
  ['[::1/app', "missing its closing ']'", 'host', undefined],
  ['[zz::1]:5000/app', 'IPv6', 'host', undefined],
  ['::1:5000/app', 'IPv6 addresses in brackets', 'host', undefined],
  ['acme/app_', "the path component 'app_' is not valid", 'path-component', undefined],
  ['acme/a___b', 'is not valid', 'path-component', undefined],
  ['acme/-app', 'is not valid', 'path-component', undefined],
  ['acme/ap p', 'is not valid', 'path-component', undefined],
];

describe('parseReference: invalid references', () => {
  it.each(invalid)('%s', (text, fragment, rule, suggestion) => {
    let caught: unknown;
    try {
      parseReference(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImageReferenceError);
    const error = caught as ImageReferenceError;
    expect(error.message).toContain(fragment);
    expect(error.rule).toBe(rule);
    expect(error.suggestion).toBe(suggestion);
    if (suggestion !== undefined) {
      expect(error.message).toContain(`(try '${suggestion}')`);
      expect(() => parseReference(suggestion)).not.toThrow();
    }
    // Callers prefix the input name, so the message must not repeat it at the start.
    expect(error.message.startsWith('the ') || error.message.startsWith('a ')).toBe(true);
  });

  it('names the class for logs', () => {
    expect(() => parseReference('A/B')).toThrow(expect.objectContaining({ name: 'ImageReferenceError' }));
  });
});

describe('parseImageName', () => {
  it('accepts bare names', () => {
    expect(parseImageName('ghcr.io/acme/app').familiar).toBe('ghcr.io/acme/app');
    expect(parseImageName('ubuntu').name).toBe('docker.io/library/ubuntu');
  });

  it('rejects a tag and points to the tags input', () => {
    expect(() => parseImageName('acme/app:v1')).toThrow(
      "image names are given without tags; put 'v1' in the tags input (try 'acme/app')",
    );
  });

  it('rejects a digest', () => {
    expect(() => parseImageName(`ghcr.io/acme/app@${DIGEST}`)).toThrow(
      expect.objectContaining({ rule: 'name-has-digest', suggestion: 'ghcr.io/acme/app' }),
    );
  });

  it('still reports other rules first', () => {
    expect(() => parseImageName('ACME/App:v1')).toThrow(expect.objectContaining({ rule: 'lower-case' }));
  });
});

describe('validateTag / isValidTag', () => {
  it.each(['latest', 'v1', '1.2.3', '_x', 'A-b_c.d', 't'.repeat(128)])('accepts %s', (tag) => {
    expect(isValidTag(tag)).toBe(true);
    expect(() => validateTag(tag)).not.toThrow();
  });

  it.each([
    ['', 'the tag is empty', undefined],
    ['.x', 'must start with a letter, digit or underscore', 'x'],
    ['-x', 'must start with a letter, digit or underscore', 'x'],
    ['t'.repeat(129), 'at most 128 characters', undefined],
    ['feature/x', "may contain only letters, digits, '_', '.' and '-'", 'feature-x'],
    ['a:b', "may contain only letters, digits, '_', '.' and '-'", 'a-b'],
    ['/', "may contain only letters, digits, '_', '.' and '-'", undefined],
  ])('rejects %j', (tag, fragment, suggestion) => {
    expect(isValidTag(tag)).toBe(false);
    expect(() => validateTag(tag)).toThrow(fragment);
    expect(() => validateTag(tag)).toThrow(expect.objectContaining({ suggestion }));
  });
});

describe('withTag', () => {
  it.each([
    ['ubuntu', 'ubuntu:v1'],
    ['docker.io/library/ubuntu:22.04', 'ubuntu:v1'],
    ['index.docker.io/acme/app', 'acme/app:v1'],
    ['127.0.0.1:5000/hello', '127.0.0.1:5000/hello:v1'],
    ['ghcr.io/acme/app@' + DIGEST, 'ghcr.io/acme/app:v1'],
  ])('%s -> %s', (text, expected) => {
    expect(withTag(parseReference(text), 'v1')).toBe(expected);
  });

  it('rejects an invalid tag', () => {
    expect(() => withTag(parseReference('ubuntu'), '.v1')).toThrow(ImageReferenceError);
  });
});

describe('engineNames', () => {
  it('gives the names the engine lists an image by', () => {
    expect(engineNames('docker.io/library/busybox:1')).toEqual(['busybox:1']);
    expect(engineNames('busybox')).toEqual(['busybox:latest']);
    expect(engineNames('ghcr.io/acme/app:v1')).toEqual(['ghcr.io/acme/app:v1']);
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(engineNames(`postgres@${digest}`)).toEqual([`postgres@${digest}`]);
    expect(engineNames(`postgres:16@${digest}`)).toEqual(['postgres:16', `postgres@${digest}`]);
    expect(engineNames('Not A Reference')).toEqual([]);
  });
});
