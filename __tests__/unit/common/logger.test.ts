import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stdoutLogger } from '../../../src/common/logger.js';

describe('stdoutLogger', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('writes info as a plain line', () => {
    stdoutLogger.info('::not-a-command:: 100%\nsecond');
    expect(written).toEqual(['::not-a-command:: 100%\nsecond\n']);
  });

  it('writes warnings and notices as workflow commands, escaping %, CR and LF', () => {
    stdoutLogger.warning('disk at 95%\nfree some\r\nspace');
    stdoutLogger.notice('pushed 2 tags\nsecond line');
    expect(written).toEqual([
      '::warning::disk at 95%25%0Afree some%0D%0Aspace\n',
      '::notice::pushed 2 tags%0Asecond line\n',
    ]);
  });

  it('groups the lines of the work and returns its value', async () => {
    const value = await stdoutLogger.group('Build', async () => {
      stdoutLogger.info('step 1');
      return 42;
    });
    expect(value).toBe(42);
    expect(written).toEqual(['::group::Build\n', 'step 1\n', '::endgroup::\n']);
  });

  it('closes the group when the work throws, and rethrows', async () => {
    const failing = stdoutLogger.group('Push', async () => {
      stdoutLogger.info('trying');
      throw new Error('denied');
    });
    await expect(failing).rejects.toThrow('denied');
    expect(written).toEqual(['::group::Push\n', 'trying\n', '::endgroup::\n']);
  });
});
