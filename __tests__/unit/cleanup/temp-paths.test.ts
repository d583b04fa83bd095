import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingLogger as recorder } from '../../harness/recording-logger.js';
import { ownedTempPath, removeTempPaths } from '../../../src/cleanup/temp-paths.js';

describe('temporary directories of the run', () => {
  it('owns only shipshape-… directories directly in a temporary root', () => {
    const roots = ['/runner/_temp', '/tmp'];
    expect(ownedTempPath('/runner/_temp/shipshape-cache-Ab12', roots)).toBe(true);
    expect(ownedTempPath('/tmp/shipshape-push-x', roots)).toBe(true);
    expect(ownedTempPath('/runner/_temp/other', roots)).toBe(false);
    expect(ownedTempPath('/runner/_temp/a/shipshape-x', roots)).toBe(false);
    expect(ownedTempPath('/runner/_temp/shipshape-x/../../home', roots)).toBe(false);
    expect(ownedTempPath('/home/user/shipshape-x', roots)).toBe(false);
    expect(ownedTempPath('/', roots)).toBe(false);
  });

  it('removes what is left of them, refuses anything else, and minds none already gone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'temp-root-'));
    const owned = join(root, 'shipshape-cache-1');
    mkdirSync(join(owned, 'layer-cache'), { recursive: true });
    writeFileSync(join(owned, 'layer-cache', 'blob'), 'x');
    const foreign = join(root, 'someone-else');
    mkdirSync(foreign);
    const { log, warnings } = recorder();
    const removed = await removeTempPaths([owned, owned, foreign, join(root, 'shipshape-gone')], [root], log);
    expect(removed).toBe(2);
    expect(existsSync(owned)).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(warnings).toEqual([`Not removing ${foreign}: it is not a temporary directory of this run.`]);
  });
});
