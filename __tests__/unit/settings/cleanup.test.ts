import { describe, expect, it } from 'vitest';
import {
  CLEANUP_POLICIES,
  DEFAULT_CLEANUP,
  readCleanupSettings,
  readGuardSettings,
} from '../../../src/settings/cleanup.js';
import { inputError, inputs } from './helpers.js';

const DAY = 86_400_000;

describe('readCleanupSettings', () => {
  it('gives the defaults for empty inputs', () => {
    expect(readCleanupSettings(inputs({}))).toEqual(DEFAULT_CLEANUP);
    expect(DEFAULT_CLEANUP).toEqual({
      policy: 'run',
      untilMs: DAY,
      keepStorageBytes: 5e9,
      strict: false,
      keepImages: false,
    });
  });

  it.each([
    [{ cleanup: 'dangling' }, { policy: 'dangling' }],
    [{ cleanup: 'false' }, { policy: 'false' }],
    [{ 'cleanup-until': '36h' }, { untilMs: 1.5 * DAY }],
    [{ 'cleanup-until': '0s' }, { untilMs: 0 }],
    [{ 'keep-storage': '0' }, { keepStorageBytes: 0 }],
    [{ 'keep-storage': '2GiB' }, { keepStorageBytes: 2 * 1024 ** 3 }],
    [{ 'cleanup-strict': 'true' }, { strict: true }],
    [{ 'keep-images': 'True' }, { keepImages: true }],
  ])('reads %o', (table, expected) => {
    expect(readCleanupSettings(inputs(table))).toEqual({ ...DEFAULT_CLEANUP, ...expected });
  });

  it('lists the policies in the order the docs give them', () => {
    expect(CLEANUP_POLICIES).toEqual(['run', 'dangling', 'aggressive', 'false']);
  });

  it.each([
    [{ cleanup: 'all' }, 'cleanup'],
    [{ 'cleanup-until': '1 day' }, 'cleanup-until'],
    [{ 'keep-storage': '5 GB free' }, 'keep-storage'],
    [{ 'cleanup-strict': 'on' }, 'cleanup-strict'],
    [{ 'keep-images': 'off' }, 'keep-images'],
  ])('names the input of a bad value: %o', (table, input) => {
    expect(inputError(() => readCleanupSettings(inputs(table))).input).toBe(input);
  });
});

describe('readGuardSettings', () => {
  it('is off by default and reads a size', () => {
    expect(readGuardSettings(inputs({}))).toEqual({ minFreeSpace: 0 });
    expect(readGuardSettings(inputs({ 'min-free-space': '10GB' }))).toEqual({ minFreeSpace: 10e9 });
  });

  it('rejects a percentage', () => {
    expect(inputError(() => readGuardSettings(inputs({ 'min-free-space': '10%' }))).input).toBe(
      'min-free-space',
    );
  });
});
