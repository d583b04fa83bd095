// Shared by the benchmarks: a program run timed from spawn() to 'close', the action's child processes
// timed, docker calls that must succeed, and the machine. The spawn is captured when this module loads,
// before a benchmark wraps child_process.spawn to time the action's own children. Statistics, tables,
// targets and the results file are in bench/report.ts.
import childProcess, { type ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDockerExecutables, probeDockerClient } from '../src/engine/clients.js';
import { docker } from '../__tests__/harness/fixtures.js';
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

/** The action's `main` or `post` process among timed children (`node dist/<step>/index.js`). */
export function childOf<T extends { script: string }>(children: T[], step: 'main' | 'post'): T | undefined {
  return children.find((c) => c.script.endsWith(path.join('dist', step, 'index.js')));
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

export type MachineBasics = Awaited<ReturnType<typeof machineBasics>>;

/** Runs docker and returns stdout; a non-zero exit throws (showing at most 12 of the arguments). */
export async function mustDocker(args: string[]): Promise<string> {
  const r = await docker(args);
  if (r.code !== 0) {
    const shown = args.length > 12 ? [...args.slice(0, 12), `… (${args.length} args)`] : args;
    throw new Error(`docker ${shown.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/** What every benchmark records of the machine it ran on, followed by what this one adds. */
export async function machineInfo<E extends object>(server: { version: string; os: string }, extra: E) {
  return { ...(await machineBasics(server)), ...extra };
}

/** `node …, engine …, N CPUs`: the machine in a report's heading. */
export const machineSummary = (info: { node: string; dockerEngine: string; cpuCount: number }) =>
  `node ${info.node}, engine ${info.dockerEngine}, ${info.cpuCount} CPUs`;
