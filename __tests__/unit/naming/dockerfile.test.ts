import { describe, expect, it } from 'vitest';
import { finalBaseImage, stagesOf } from '../../../src/naming/dockerfile.js';

describe('stagesOf', () => {
  it('lists each FROM with its stage name, lower case, skipping flags', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS Build',
      'RUN go build',
      'from alpine:3.19 as runtime',
      'FROM scratch',
    ].join('\n');
    expect(stagesOf(dockerfile)).toEqual([
      { from: 'golang:1.22', name: 'build' },
      { from: 'alpine:3.19', name: 'runtime' },
      { from: 'scratch', name: undefined },
    ]);
  });

  it('joins continuations and ignores commented-out FROMs', () => {
    const dockerfile = ['# FROM ubuntu', 'FROM \\', '  debian:12 \\', '  AS base', 'RUN true'].join('\n');
    expect(stagesOf(dockerfile)).toEqual([{ from: 'debian:12', name: 'base' }]);
  });
});

describe('finalBaseImage', () => {
  it('is the image of a simple FROM', () => {
    expect(finalBaseImage('FROM alpine:3.19\nRUN true\n', '', [])).toBe('alpine:3.19');
  });

  it('follows the final FROM back through earlier stages to an image', () => {
    const dockerfile = [
      'FROM golang:1.22 AS build',
      'FROM debian:12-slim AS os',
      'FROM os AS runtime',
      'COPY --from=build /app /app',
      'FROM runtime',
    ].join('\n');
    expect(finalBaseImage(dockerfile, '', [])).toBe('debian:12-slim');
    expect(finalBaseImage('FROM node:20 AS Deps\nFROM deps\n', '', [])).toBe('node:20');
  });

  it('skips --platform and is undefined for scratch', () => {
    expect(finalBaseImage('FROM --platform=linux/amd64 alpine:3.19 AS a\n', '', [])).toBe('alpine:3.19');
    expect(finalBaseImage('FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /a /a\n', '', [])).toBe(
      undefined,
    );
    expect(finalBaseImage('FROM scratch AS empty\nFROM empty\n', '', [])).toBeUndefined();
  });

  it('substitutes ARG defaults declared before the first FROM, overridden by build args', () => {
    const dockerfile = 'ARG TAG=1.2\nFROM img:${TAG}\n';
    expect(finalBaseImage(dockerfile, '', [])).toBe('img:1.2');
    expect(finalBaseImage(dockerfile, '', ['TAG=2.0'])).toBe('img:2.0');
    expect(finalBaseImage('ARG TAG="3.1"\nFROM img:$TAG\n', '', [])).toBe('img:3.1');
    expect(finalBaseImage('ARG REG=ghcr.io\nARG TAG=1\nFROM ${REG}/acme/x:${TAG}\n', '', [])).toBe(
      'ghcr.io/acme/x:1',
    );
  });

  it('ignores an ARG after the first FROM for the base', () => {
    expect(finalBaseImage('ARG TAG=1\nFROM a:${TAG} AS one\nARG TAG=9\nFROM b:${TAG}\n', '', [])).toBe('b:1');
  });

  it('builds the target stage when given one', () => {
    const dockerfile = [
      'FROM node:20 AS deps',
      'FROM python:3.12 AS test',
      'FROM deps AS release',
      'FROM nginx:1.27',
    ].join('\n');
    expect(finalBaseImage(dockerfile, 'test', [])).toBe('python:3.12');
    expect(finalBaseImage(dockerfile, 'Release', [])).toBe('node:20');
    expect(finalBaseImage(dockerfile, '', [])).toBe('nginx:1.27');
  });

  it('reads FROM lines with continuations and around comments', () => {
    const dockerfile = [
      '# the base',
      'ARG V=3.19',
      '# FROM ubuntu:22.04',
      'FROM \\',
      '    alpine:${V} \\',
      '    AS runtime',
      '  # indented comment',
      'RUN echo hi',
    ].join('\n');
    expect(finalBaseImage(dockerfile, '', [])).toBe('alpine:3.19');
  });

  it('is undefined when an ARG has no value', () => {
    expect(finalBaseImage('ARG TAG\nFROM img:${TAG}\n', '', [])).toBeUndefined();
    expect(finalBaseImage('ARG IMAGE\nFROM ${IMAGE}\n', '', [])).toBeUndefined();
  });

  it('does not let a comment ending in a backslash swallow the next FROM', () => {
    const dockerfile = '# RUN apt-get install \\\nFROM alpine:3.19\n';
    expect(stagesOf(dockerfile)).toEqual([{ from: 'alpine:3.19', name: undefined }]);
    expect(finalBaseImage(dockerfile, '', [])).toBe('alpine:3.19');
  });

  it('substitutes ${VAR:-default} as Dockerfiles allow in FROM', () => {
    expect(finalBaseImage('ARG V=22\nFROM node:${V:-20}\n', '', [])).toBe('node:22');
    expect(finalBaseImage('ARG V\nFROM node:${V:-20}\n', '', [])).toBe('node:20');
  });
});
