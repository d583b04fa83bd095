import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';

export interface ExecOptions {
  /** Written to the program's stdin, then closed: how secrets reach a program (never argv). */
  input?: string;
  /** Variables added to (or, with `undefined`, removed from) the inherited environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill the program (SIGKILL) after this many milliseconds; the result then has `timedOut`. */
  timeoutMs?: number;
  /** Called with every output line, stdout and stderr interleaved as they arrive. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Also return stdout as raw bytes (`stdoutBytes`), for binary output such as a tar stream. */
  binary?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when `binary` was asked for. */
  stdoutBytes?: Buffer;
}

class ProgramNotFoundError extends Error {}

/** Every program this process started and that has not exited: what a cancelled step stops. */
const running = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  running.add(child);
  child.once('close', () => running.delete(child));
  child.once('error', () => running.delete(child));
}

/**
 * Stops every program still running (SIGTERM, then SIGKILL after `graceMs`): a cancelled step must
 * not leave a `docker build` client building or a test's client waiting. Resolves when all exited.
 */
export async function stopAllPrograms(graceMs = 2_000): Promise<number> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('close', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  return children.length;
}

/** Runs one program without a shell and collects its output. Never throws for a non-zero exit. */
export function execProgram(bin: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const child = spawn(bin, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const partial = { stdout: '', stderr: '' };
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);

    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        chunks[stream].push(chunk);
        if (!options.onLine) return;
        const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) options.onLine(line.replace(/\r$/, ''), stream);
      });
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new ProgramNotFoundError(`${bin} was not found on PATH`) : error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (options.onLine && partial[stream]) options.onLine(partial[stream], stream);
      }
      const stdoutBytes = Buffer.concat(chunks.stdout);
      resolve({
        exitCode: code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1),
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(chunks.stderr).toString('utf8'),
        timedOut,
        ...(options.binary ? { stdoutBytes } : {}),
      });
    });
    child.stdin.on('error', () => undefined); // a program that exits without reading stdin is fine
    child.stdin.end(options.input ?? '');
  });
}

const signalNumbers: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };

/**
 * Prints a program's output to the job log with workflow commands switched off, so a build or test
 * that prints `::set-output` or `::error::` cannot forge commands to the runner.
 */
export function createLogPassthrough(write: (text: string) => void = (t) => process.stdout.write(t)): {
  start(): void;
  line(text: string): void;
  stop(): void;
} {
  const token = randomUUID();
  return {
    start: () => write(`::stop-commands::${token}\n`),
    line: (text) => write(`${text}\n`),
    stop: () => write(`::${token}::\n`),
  };
}

/**
 * Runs `work` with a program's output going to `write` between `::stop-commands::` and its token:
 * the `line` it is handed prints one line; workflow commands stay off until `work` ends.
 */
export async function withGuardedOutput<T>(
  write: (text: string) => void,
  work: (line: (text: string) => void) => Promise<T>,
): Promise<T> {
  const passthrough = createLogPassthrough(write);
  passthrough.start();
  try {
    return await work((text) => passthrough.line(text));
  } finally {
    passthrough.stop();
  }
}

export interface BackgroundProcess {
  pid: number;
  /** Everything the program printed so far (capped), for error messages. */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the program has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running program (a local registry) that the caller stops. */
export function startBackground(
  bin: string,
  args: string[],
  options: { env?: Record<string, string> } = {},
): BackgroundProcess {
  const child = spawn(bin, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let text = '';
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.on('close', () => {
      done = true;
      resolve();
    });
    child.on('error', (error) => {
      text += `${error.message}\n`;
      done = true;
      resolve();
    });
  });
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return {
    pid: child.pid ?? 0,
    output: () => text,
    exited: () => done,
    stop: async (graceMs = 5000) => {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A program whose stdout is read as a stream (a `docker save` tar), never collected in memory. */
export interface StreamingProgram {
  stdout: NodeJS.ReadableStream;
  /** Resolves when the program has exited: its exit code and (capped) stderr. */
  finished: Promise<{ exitCode: number; stderr: string }>;
  /** Stops the program early (the reader has what it needed). */
  kill(): void;
}

export function streamProgram(bin: string, args: string[]): StreamingProgram {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const finished = new Promise<{ exitCode: number; stderr: string }>((resolve) => {
    child.on('error', (error) => resolve({ exitCode: 127, stderr: error.message }));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stderr }));
  });
  return { stdout: child.stdout, finished, kill: () => child.kill('SIGKILL') };
}
