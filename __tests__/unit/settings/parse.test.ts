import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  booleanInput,
  durationInput,
  isDirectory,
  isFile,
  keyValueLines,
  lines,
  list,
  positiveInteger,
  positiveSeconds,
  sizeInput,
  unique,
} from '../../../src/settings/parse.js';
import { inputError } from './helpers.js';

describe('lines', () => {
  it('gives the trimmed, non-empty lines of LF and CRLF text', () => {
    expect(lines('  a \r\n\n b\n   \nc d\n')).toEqual(['a', 'b', 'c d']);
    expect(lines('')).toEqual([]);
  });
});

describe('list', () => {
  it('takes one item per line or comma-separated items, trimmed, empty ones dropped', () => {
    expect(list('ghcr.io/a/b\nacme/c, d ,, \n\ne,')).toEqual(['ghcr.io/a/b', 'acme/c', 'd', 'e']);
    expect(list(' , ')).toEqual([]);
  });
});

describe('unique', () => {
  it('drops repeats and keeps the first place of each', () => {
    expect(unique(['v1', 'latest', 'v1', 'x', 'latest'])).toEqual(['v1', 'latest', 'x']);
  });
});

describe('keyValueLines', () => {
  it('splits each trimmed line at its first =, skipping blank lines', () => {
    expect(keyValueLines('A=1\n  B=x=y \n\nEMPTY=', 'build-args', 'NAME=value')).toEqual([
      ['A', '1'],
      ['B', 'x=y'],
      ['EMPTY', ''],
    ]);
  });

  it('names the input, the line and the expected form for a line without =', () => {
    expect(inputError(() => keyValueLines('A=1\nnovalue', 'labels', 'key=value')).message).toBe(
      "Input 'labels' has value 'novalue': each line must be key=value; this line has no '='.",
    );
  });

  it('rejects an empty name', () => {
    expect(inputError(() => keyValueLines('=x', 'secrets', 'id=value')).message).toBe(
      "Input 'secrets' has value '=x': each line must be id=value; the name before '=' is empty.",
    );
  });
});

describe('booleanInput', () => {
  it('reads the YAML 1.2 core booleans and falls back on empty', () => {
    for (const value of ['true', 'True', 'TRUE', ' true '])
      expect(booleanInput('pull', value, false)).toBe(true);
    for (const value of ['false', 'False', 'FALSE']) expect(booleanInput('pull', value, true)).toBe(false);
    expect(booleanInput('pull', '', true)).toBe(true);
    expect(booleanInput('pull', '  ', false)).toBe(false);
  });

  it.each(['yes', 'no', '1', 'tRue', 'on'])('rejects %j', (value) => {
    expect(inputError(() => booleanInput('no-cache', value, false)).message).toBe(
      `Input 'no-cache' has value '${value}': use 'true' or 'false'.`,
    );
  });
});

describe('sizeInput', () => {
  it('reads sizes and bytes, allows 0, and falls back on empty', () => {
    expect(sizeInput('keep-storage', '1.5GiB', 0)).toBe(Math.round(1.5 * 1024 ** 3));
    expect(sizeInput('keep-storage', ' 500MB ', 0)).toBe(500e6);
    expect(sizeInput('keep-storage', '0', 7)).toBe(0);
    expect(sizeInput('keep-storage', '', 7)).toBe(7);
  });

  it('explains the units of a size it cannot read', () => {
    expect(inputError(() => sizeInput('min-free-space', '10%', 0)).message).toBe(
      "Input 'min-free-space' has value '10%': give a size: a number with a unit, e.g. '500MB', '10GB' or '1.5GiB' (kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), or bytes.",
    );
  });
});

describe('durationInput', () => {
  it('reads durations and falls back on empty', () => {
    expect(durationInput('cleanup-until', '1h30m', 0)).toBe(90 * 60_000);
    expect(durationInput('cleanup-until', '', 5)).toBe(5);
  });

  it('asks for a unit', () => {
    expect(inputError(() => durationInput('cleanup-until', '24', 0)).message).toBe(
      "Input 'cleanup-until' has value '24': give a duration: a number with a unit s, m, h, d or w, e.g. '30m', '24h' or '7d'.",
    );
  });
});

describe('positiveSeconds', () => {
  it('reads whole and fractional seconds and falls back on empty', () => {
    expect(positiveSeconds('test-timeout', '300', 1)).toBe(300);
    expect(positiveSeconds('test-timeout', ' 1.5 ', 1)).toBe(1.5);
    expect(positiveSeconds('test-timeout', '', 42)).toBe(42);
  });

  it.each(['0', '0.0', '-1', '1e3', 'ten', '5s', '.5', 'Infinity'])('rejects %j', (value) => {
    expect(inputError(() => positiveSeconds('test-timeout', value, 1)).message).toBe(
      `Input 'test-timeout' has value '${value}': give a positive number of seconds, e.g. '300'.`,
    );
  });
});

describe('positiveInteger', () => {
  it('reads a whole number of at least 1 and falls back on empty', () => {
    expect(positiveInteger('test-parallelism', '4', 1)).toBe(4);
    expect(positiveInteger('test-parallelism', ' 1 ', 9)).toBe(1);
    expect(positiveInteger('test-parallelism', '', 9)).toBe(9);
  });

  it.each(['0', '-2', '1.5', 'four', '2x'])('rejects %j', (value) => {
    expect(inputError(() => positiveInteger('test-parallelism', value, 1)).message).toBe(
      `Input 'test-parallelism' has value '${value}': give a whole number of at least 1, e.g. '4'.`,
    );
  });
});

describe('isDirectory and isFile', () => {
  it('tell directories from files, and say no for a missing path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-parse-'));
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM scratch\n');
    expect([isDirectory(dir), isFile(dir)]).toEqual([true, false]);
    expect([isDirectory(file), isFile(file)]).toEqual([false, true]);
    expect([isDirectory(join(dir, 'missing')), isFile(join(dir, 'missing'))]).toEqual([false, false]);
  });
});
