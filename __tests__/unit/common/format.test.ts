import { describe, expect, it } from 'vitest';
import {
  cell,
  codeSpan,
  escapeMarkdown,
  fencedBlock,
  formatBytes,
  formatDuration,
  shortId,
  trimOutput,
} from '../../../src/common/format.js';

describe('formatBytes', () => {
  it('shows bytes below 1000 as they are', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('uses decimal units with three significant digits', () => {
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1_234_567)).toBe('1.23 MB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(5e9)).toBe('5.00 GB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });

  it('stops at terabytes', () => {
    expect(formatBytes(1e15)).toBe('1000 TB');
  });

  it('keeps the sign of a negative change', () => {
    expect(formatBytes(-1500)).toBe('-1.50 kB');
    expect(formatBytes(-12)).toBe('-12 B');
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second and seconds with one decimal above', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(999)).toBe('999 ms');
    expect(formatDuration(1000)).toBe('1.0 s');
    expect(formatDuration(61_250)).toBe('61.3 s');
  });
});

describe('cell', () => {
  it('escapes pipes and turns line breaks into <br>', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cell('one\ntwo\r\nthree')).toBe('one<br>two<br>three');
    expect(cell('plain')).toBe('plain');
  });
});

describe('shortId', () => {
  it('gives the first twelve hex digits, without the algorithm', () => {
    expect(shortId(`sha256:${'0123456789ab'.repeat(5)}cdef`)).toBe('0123456789ab');
    expect(shortId('fedcba9876543210')).toBe('fedcba987654');
    expect(shortId('abc')).toBe('abc');
  });
});

describe('trimOutput', () => {
  it('drops trailing blanks and says when there is no output', () => {
    expect(trimOutput('hello\n\n')).toBe('hello');
    expect(trimOutput('')).toBe('(no output)');
    expect(trimOutput(' \n\t')).toBe('(no output)');
  });

  it('keeps the output as it is: the block around it has a longer fence (issue #13)', () => {
    expect(trimOutput('before\n```\nafter')).toBe('before\n```\nafter');
    expect(fencedBlock('before\n```\nafter')).toBe('````\nbefore\n```\nafter\n````');
    expect(fencedBlock('plain')).toBe('```\nplain\n```');
  });

  it('code spans a backtick cannot end, and markdown that renders as its characters', () => {
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('a | b\nc')).toBe('`a \\| b c`');
    expect(escapeMarkdown('![x](http://e.vil/p.png) [link](u) <img src=x> **b**')).toBe(
      '\\!\\[x\\]\\(http://e.vil/p.png\\) \\[link\\]\\(u\\) \\<img src=x\\> \\*\\*b\\*\\*',
    );
  });

  it('keeps the last 1500 characters of a long output, marked as cut', () => {
    const output = `${'a'.repeat(100)}${'b'.repeat(1500)}`;
    expect(trimOutput(output)).toBe(`…${'b'.repeat(1500)}`);
    const exact = 'c'.repeat(1500);
    expect(trimOutput(exact)).toBe(exact);
  });
});

describe('reports', () => {
  it('formats sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_982_665)).toBe('1.98 MB');
    expect(formatBytes(12_300_000)).toBe('12.3 MB');
    expect(formatBytes(-4_100_000)).toBe('-4.10 MB');
  });
});
