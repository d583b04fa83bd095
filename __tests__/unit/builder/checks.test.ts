import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/builder/arguments.js';
import { buildxHasChecks, checkAnnotation, parseCheckResult } from '../../../src/builder/checks.js';
import { parseBuildxVersion } from '../../../src/engine/clients.js';

// BuildKit's lint result as `buildx build --call check,format=json` prints it (frontend/subrequests/lint):
// a source index of 0 is left out of the JSON, as protobuf's JSON does.
const lint = JSON.stringify({
  warnings: [
    {
      ruleName: 'JSONArgsRecommended',
      description:
        'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
      url: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/',
      detail: 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
      location: { ranges: [{ start: { line: 4 }, end: { line: 4 } }] },
    },
    {
      ruleName: 'FromAsCasing',
      description: "The 'as' keyword should match the case of the 'from' keyword",
      detail: "'as' and 'FROM' keywords' casing do not match",
      location: { sourceIndex: 0, ranges: [{ start: { line: 1, character: 1 }, end: { line: 2 } }] },
    },
    { ruleName: 'InvalidBaseImagePlatform', detail: 'no place', location: { sourceIndex: -1 } },
  ],
  sources: [{ filename: 'Dockerfile', data: 'RlJPTSBidXN5Ym94', language: 'Dockerfile' }],
});

describe('parseCheckResult', () => {
  it('reads each warning with its rule, text, link and line span', () => {
    expect(parseCheckResult(`${lint}\n`)).toEqual({
      warnings: [
        {
          rule: 'JSONArgsRecommended',
          message:
            'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
          url: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/',
          file: 'Dockerfile',
          startLine: 4,
          endLine: 4,
        },
        {
          rule: 'FromAsCasing',
          message:
            "The 'as' keyword should match the case of the 'from' keyword: 'as' and 'FROM' keywords' casing do not match",
          url: undefined,
          file: 'Dockerfile',
          startLine: 1,
          endLine: 2,
        },
        { rule: 'InvalidBaseImagePlatform', message: 'no place', url: undefined },
      ],
    });
  });

  it('reads a Dockerfile that does not parse as an error, and no warnings as none', () => {
    const broken = {
      warnings: [],
      sources: [{ filename: 'Dockerfile' }],
      buildError: {
        message: 'unknown instruction: FORM',
        location: { ranges: [{ start: { line: 1 }, end: { line: 1 } }] },
      },
    };
    expect(parseCheckResult(JSON.stringify(broken))).toEqual({
      warnings: [],
      error: {
        rule: 'buildError',
        message: 'unknown instruction: FORM',
        file: 'Dockerfile',
        startLine: 1,
        endLine: 1,
      },
    });
    expect(parseCheckResult('{"warnings":null,"sources":[]}')).toEqual({ warnings: [] });
  });

  it('gives nothing for output that is not a lint result', () => {
    expect(parseCheckResult('')).toBeUndefined();
    expect(parseCheckResult('ERROR: failed to solve: {oops')).toBeUndefined();
    expect(parseCheckResult('{"warnings": 3}')).toBeUndefined();
  });
});

describe('checkAnnotation', () => {
  const finding = {
    rule: 'FromAsCasing',
    message: 'casing',
    url: 'https://x/y',
    file: 'Dockerfile',
    startLine: 2,
    endLine: 3,
  };

  it("points at the build's Dockerfile, relative to the workspace, when BuildKit names it by its base name", () => {
    expect(checkAnnotation(finding, '/w/docker/app/Dockerfile', '/w')).toEqual({
      title: 'FromAsCasing',
      message: 'casing (https://x/y)',
      file: 'docker/app/Dockerfile',
      startLine: 2,
      endLine: 3,
    });
  });

  it('keeps another file of the workspace, and names no file outside it', () => {
    expect(checkAnnotation({ ...finding, file: 'other.Dockerfile' }, '/w/Dockerfile', '/w').file).toBe(
      'other.Dockerfile',
    );
    expect(
      checkAnnotation({ ...finding, file: '/etc/Dockerfile.x' }, '/w/Dockerfile', '/w').file,
    ).toBeUndefined();
    const placeless = checkAnnotation({ rule: 'R', message: 'm' }, '/w/Dockerfile', '/w');
    expect(placeless).toEqual({ title: 'R', message: 'm', file: 'Dockerfile' });
  });
});

describe('buildx versions', () => {
  it('reads the version buildx prints, and knows which have build checks', () => {
    expect(parseBuildxVersion('github.com/docker/buildx v0.15.1 1c1a2d4\n')).toBe('0.15.1');
    expect(parseBuildxVersion('github.com/docker/buildx 0.10.5+ds1 0.10.5+ds1-1\n')).toBe('0.10.5+ds1');
    expect(parseBuildxVersion('no version here')).toBe('');
    expect(buildxHasChecks('0.14.1')).toBe(false);
    expect(buildxHasChecks('0.15.0')).toBe(true);
    expect(buildxHasChecks('0.29.1')).toBe(true);
    expect(buildxHasChecks('1.0.0')).toBe(true);
    expect(buildxHasChecks('')).toBe(true);
  });
});

describe('checkCommand', () => {
  it("runs buildx's checks with what the Dockerfile is read with, and no build, tag, label or cache", () => {
    expect(
      checkCommand({
        context: '/w',
        file: '/w/Dockerfile',
        buildArgs: ['A=1'],
        target: 'final',
        platforms: ['linux/amd64', 'linux/arm64'],
        buildContexts: ['assets=/w/assets'],
      }),
    ).toEqual([
      'buildx',
      'build',
      '--call',
      'check,format=json',
      '--progress',
      'plain',
      '--file',
      '/w/Dockerfile',
      '--build-arg',
      'A=1',
      '--target',
      'final',
      '--platform',
      'linux/amd64,linux/arm64',
      '--build-context',
      'assets=/w/assets',
      '/w',
    ]);
  });
});
