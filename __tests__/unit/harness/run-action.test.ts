import { describe, expect, it } from 'vitest';
import { parseAnnotations, parseFileCommand } from '../../harness/run-action.js';

describe('parseFileCommand', () => {
  it('reads single-line entries', () => {
    expect(parseFileCommand('imageid=sha256:abc\ntags=a:1\n')).toEqual({
      imageid: 'sha256:abc',
      tags: 'a:1',
    });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseFileCommand('arg=A=B<<C\n')).toEqual({ arg: 'A=B<<C' });
  });

  it('reads heredoc entries with multi-line values', () => {
    const text = 'tags<<ghadelimiter_1\nr/a:1\nr/a:2\n\nr/a:3\nghadelimiter_1\nimage=r/a:1\n';
    expect(parseFileCommand(text)).toEqual({ tags: 'r/a:1\nr/a:2\n\nr/a:3', image: 'r/a:1' });
  });

  it('accepts CRLF line endings', () => {
    expect(parseFileCommand('a<<EOF\r\nx\r\ny\r\nEOF\r\nb=1\r\n')).toEqual({ a: 'x\ny', b: '1' });
  });

  it('reads empty values in both forms', () => {
    expect(parseFileCommand('digest=\nnote<<EOF\nEOF\n')).toEqual({ digest: '', note: '' });
  });

  it('lets later entries with the same name win', () => {
    expect(parseFileCommand('a=1\na<<EOF\n2\nEOF\nb=x\na=3\n')).toEqual({ a: '3', b: 'x' });
  });

  it('returns nothing for an empty file', () => {
    expect(parseFileCommand('')).toEqual({});
  });

  it('rejects malformed entries', () => {
    expect(() => parseFileCommand('no-separator\n')).toThrow(/invalid/);
    expect(() => parseFileCommand('=value\n')).toThrow(/empty name/);
    expect(() => parseFileCommand('a<<EOF\nnever closed\n')).toThrow(/delimiter "EOF" not found/);
  });
});

describe('parseAnnotations', () => {
  it('reads error, warning and notice commands with or without properties', () => {
    const stdout = [
      'plain log line',
      '::error::build failed%0Aline two',
      '::warning file=Dockerfile,line=3,col=1::100%25 sure',
      '::notice title=Pushed::r/a:1%0D',
      '::debug::ignored',
      '::add-mask::secret',
    ].join('\n');
    expect(parseAnnotations(stdout)).toEqual([
      { level: 'error', message: 'build failed\nline two' },
      { level: 'warning', message: '100% sure' },
      { level: 'notice', message: 'r/a:1\r' },
    ]);
  });

  it('unescapes %25 only once', () => {
    expect(parseAnnotations('::error::%250A')).toEqual([{ level: 'error', message: '%0A' }]);
  });
});
