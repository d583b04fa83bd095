// Shared by the benchmarks: a program run timed from spawn() to 'close'. The spawn is captured when
// this module loads, before a benchmark wraps child_process.spawn to time the action's own children.
import childProcess, { type ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { findDockerExecutables, probeDockerClient } from '../src/engine/docker.js';
import { repoRoot } from '../__tests__/harness/run-action.js';

const spawn = childProcess.spawn;

export interface ChildTiming {
  script: string;
  ms: number;
}

let recording: ChildTiming[] | undefined;
// The harness spawns `node dist/…/index.js` with child_process.spawn: wrapping it (and syncing the
// ESM named export the harness imported) times each child from spawn() to 'close', so a benchmark
// can tell the action's own processes from the harness's work around them.
childProcess.spawn = function (this: unknown, ...args: unknown[]): ChildProcess {
  const child = (spawn as (...a: unknown[]) => ChildProcess).apply(this, args);
  const sink = recording;
  if (sink) {
    const started = performance.now();
    const script = String((args[1] as string[] | undefined)?.[0] ?? args[0]);
    child.once('close', () => sink.push({ script, ms: performance.now() - started }));
  }
  return child;
} as typeof childProcess.spawn;
syncBuiltinESMExports();

/** Runs `work`, returning what it returned and every child process it spawned, timed. */
export async function recordChildren<T>(
  work: () => Promise<T>,
): Promise<{ value: T; children: ChildTiming[] }> {
  const children: ChildTiming[] = [];
  recording = children;
  try {
    return { value: await work(), children };
  } finally {
    recording = undefined;
  }
}

export interface Timed {
  ms: number;
  code: number;
  output: string;
}

/** Runs a program, timing spawn() to 'close'. */
export function timedRun(bin: string, args: string[], env: Record<string, string> = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => output.push(b));
    child.stderr.on('data', (b: Buffer) => output.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: performance.now() - started, code: code ?? 1, output: Buffer.concat(output).toString() }),
    );
  });
}

/** What every benchmark records of the machine it ran on. */
export async function machineBasics(server: { version: string; os: string }) {
  const clients = await Promise.all(findDockerExecutables().map((p) => probeDockerClient(p)));
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model ?? '',
    memoryBytes: os.totalmem(),
    dockerEngine: `${server.version} (${server.os})`,
    dockerClients: clients.map((c) => ({ path: c.path, version: c.version, buildx: c.hasBuildx })),
  };
}

// ---- statistics and tables shared by the benchmarks ----------------------------------------------

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const sec = (ms: number) => (ms / 1000).toFixed(3);
export const round = (x: number) => Math.round(x * 1000) / 1000;
export const range = (xs: number[]) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};

export function printTable(header: string[], rows: string[][], leftColumns: number): void {
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
