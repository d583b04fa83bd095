import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeBytesAt } from '../../../src/cleanup/disk.js';

describe('freeBytesAt', () => {
  it('measures the free bytes of the filesystem holding a directory or a file in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-disk-'));
    const free = await freeBytesAt(dir);
    expect(free).toBeGreaterThan(0);
    expect(Number.isInteger(free)).toBe(true);
    expect(await freeBytesAt(join(dir, '.'))).toBeGreaterThan(0);
  });

  it('gives undefined for no path and for a path that is not here (a remote daemon)', async () => {
    expect(await freeBytesAt('')).toBeUndefined();
    expect(await freeBytesAt(join(tmpdir(), 'shipshape-no-such-dir', 'docker'))).toBeUndefined();
  });
});
