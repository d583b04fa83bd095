import { describe, expect, it } from 'vitest';
import { createLogPassthrough, execProgram, startBackground } from '../../../src/engine/exec.js';

const node = process.execPath;

describe('execProgram', () => {
  it('returns the exit code and both outputs, and never throws for a non-zero exit', async () => {
    const result = await execProgram(node, [
      '-e',
      'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)',
    ]);
    expect(result).toEqual({ exitCode: 3, stdout: 'out', stderr: 'err', timedOut: false });
  });

  it('runs without a shell: arguments reach the program as they are', async () => {
    const result = await execProgram('sh', ['-c', 'printf "%s|" "$@"', 'sh', 'a b', '$HOME', '*']);
    expect(result.stdout).toBe('a b|$HOME|*|');
  });

  it('writes the input to stdin and closes it', async () => {
    const result = await execProgram(
      node,
      [
        '-e',
        'let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))',
      ],
      { input: 'secret\nvalue' },
    );
    expect(result.stdout).toBe('SECRET\nVALUE');
  });

  it('closes stdin at once without input', async () => {
    const result = await execProgram('cat', [], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: '', timedOut: false });
  });

  it('adds variables to the environment and removes those set to undefined', async () => {
    process.env.SHIPSHAPE_EXEC_TEST_REMOVED = 'still here';
    try {
      const result = await execProgram('sh', ['-c', 'echo "$ADDED|${SHIPSHAPE_EXEC_TEST_REMOVED-unset}"'], {
        env: { ADDED: 'yes', SHIPSHAPE_EXEC_TEST_REMOVED: undefined },
      });
      expect(result.stdout).toBe('yes|unset\n');
    } finally {
      delete process.env.SHIPSHAPE_EXEC_TEST_REMOVED;
    }
  });

  it('runs in the given directory', async () => {
    const result = await execProgram('pwd', [], { cwd: '/' });
    expect(result.stdout.trim()).toBe('/');
  });

  it('kills the program after timeoutMs and says it timed out', async () => {
    const started = Date.now();
    const result = await execProgram(node, ['-e', 'setTimeout(() => {}, 30_000)'], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives 128 + the signal number for a program a signal ended', async () => {
    const result = await execProgram('sh', ['-c', 'kill -TERM $$']);
    expect(result).toMatchObject({ exitCode: 143, timedOut: false });
  });

  it('calls onLine for every line of both streams, the last one even without a newline', async () => {
    const lines: [string, string][] = [];
    const result = await execProgram(
      node,
      [
        '-e',
        'process.stdout.write("one\\r\\ntw"); setTimeout(() => { process.stdout.write("o\\n\\nthree"); process.stderr.write("warn\\n"); }, 50)',
      ],
      { onLine: (line, stream) => lines.push([line, stream]) },
    );
    expect(lines.filter(([, stream]) => stream === 'stdout')).toEqual([
      ['one', 'stdout'],
      ['two', 'stdout'],
      ['', 'stdout'],
      ['three', 'stdout'],
    ]);
    expect(lines.filter(([, stream]) => stream === 'stderr')).toEqual([['warn', 'stderr']]);
    // The collected output is the program's, unchanged.
    expect(result.stdout).toBe('one\r\ntwo\n\nthree');
  });

  it('returns stdout as bytes when asked for binary output', async () => {
    const result = await execProgram(node, ['-e', 'process.stdout.write(Buffer.from([0, 255, 10]))'], {
      binary: true,
    });
    expect(result.stdoutBytes).toEqual(Buffer.from([0, 255, 10]));
    const text = await execProgram(node, ['-e', '1']);
    expect(text).not.toHaveProperty('stdoutBytes');
  });

  it('rejects with a clear message when the program is not on PATH', async () => {
    await expect(execProgram('shipshape-no-such-program', [])).rejects.toThrow(
      'shipshape-no-such-program was not found on PATH',
    );
  });
});

describe('createLogPassthrough', () => {
  it('switches workflow commands off around the lines with a token of its own', () => {
    const written: string[] = [];
    const passthrough = createLogPassthrough((text) => written.push(text));
    passthrough.start();
    passthrough.line('::error::forged');
    passthrough.stop();
    const token = /^::stop-commands::(.+)\n$/.exec(written[0])?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(written.slice(1)).toEqual(['::error::forged\n', `::${token}::\n`]);
    const other: string[] = [];
    createLogPassthrough((text) => other.push(text)).start();
    expect(other[0]).not.toBe(written[0]);
  });
});

describe('startBackground', () => {
  it('keeps the output, knows when the program exited, and stops it', async () => {
    const server = startBackground(node, ['-e', 'console.log("listening"); setInterval(() => {}, 1000)']);
    expect(server.pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && !server.output().includes('listening'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(server.output()).toContain('listening');
    expect(server.exited()).toBe(false);
    await server.stop(2000);
    expect(server.exited()).toBe(true);
  });

  it('reports a program that cannot start as exited, with the reason in its output', async () => {
    const missing = startBackground('shipshape-no-such-program', []);
    for (let i = 0; i < 100 && !missing.exited(); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(missing.exited()).toBe(true);
    expect(missing.output()).toContain('ENOENT');
  });
});
