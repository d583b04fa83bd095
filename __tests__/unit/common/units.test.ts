import { describe, expect, it } from 'vitest';
import { parseDuration, parsePercent, parseSize } from '../../../src/common/units.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseSize', () => {
  it('reads decimal units as powers of 1000 and binary ones as powers of 1024', () => {
    expect(parseSize('500MB')).toBe(500_000_000);
    expect(parseSize('10GB')).toBe(10_000_000_000);
    expect(parseSize('2kB')).toBe(2000);
    expect(parseSize('3T')).toBe(3e12);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('4KiB')).toBe(4096);
    expect(parseSize('2MiB')).toBe(2 * 1024 ** 2);
  });
  it('reads a bare number, or one with B, as bytes, and allows zero', () => {
    expect(parseSize('0')).toBe(0);
    expect(parseSize('12345')).toBe(12_345);
    expect(parseSize('42B')).toBe(42);
    expect(parseSize('0GB')).toBe(0);
  });
  it('ignores case, surrounding blanks and a space before the unit', () => {
    expect(parseSize('5gb')).toBe(5e9);
    expect(parseSize('5Gb')).toBe(5e9);
    expect(parseSize('1.5 MB')).toBe(1_500_000);
    expect(parseSize('  7 gib  ')).toBe(7 * 1024 ** 3);
  });
  it('rounds fractional bytes to a whole number', () => {
    expect(parseSize('1.5')).toBe(2);
    expect(parseSize('0.0001kB')).toBe(0);
    expect(Number.isInteger(parseSize('1.1KiB'))).toBe(true);
  });
  it.each(['ten', '5XB', '-1GB', '', '   ', '10%', 'GB', '1.GB', '.5GB', '1e3', '5 G B', '1,5GB'])(
    'rejects %j',
    (text) => {
      expect(parseSize(text)).toBeUndefined();
    },
  );
});

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('45s')).toBe(45 * SECOND);
    expect(parseDuration('30m')).toBe(30 * MINUTE);
    expect(parseDuration('24h')).toBe(24 * HOUR);
    expect(parseDuration('7d')).toBe(7 * DAY);
    expect(parseDuration('1w')).toBe(7 * DAY);
    expect(parseDuration('0s')).toBe(0);
  });
  it('sums compound durations and fractions, and tells minutes from milliseconds', () => {
    expect(parseDuration('1h30m')).toBe(90 * MINUTE);
    expect(parseDuration('1d12h')).toBe(36 * HOUR);
    expect(parseDuration('1m30s')).toBe(90 * SECOND);
    expect(parseDuration('2m500ms')).toBe(2 * MINUTE + 500);
    expect(parseDuration('1.5h')).toBe(90 * MINUTE);
    expect(parseDuration(' 24h ')).toBe(24 * HOUR);
  });
  it.each(['24', 'h', '1y', '-1h', '', '1h 30m', 'h1', '1.h', 'ten minutes', '30M'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parsePercent', () => {
  it('reads a number followed by a percent sign', () => {
    expect(parsePercent('5%')).toBe(5);
    expect(parsePercent('12.5 %')).toBe(12.5);
    expect(parsePercent(' 0% ')).toBe(0);
    expect(parsePercent('100%')).toBe(100);
  });
  it.each(['5', '%', '-5%', 'five%', '5%%', '', '5 percent'])('rejects %j', (text) => {
    expect(parsePercent(text)).toBeUndefined();
  });
});
