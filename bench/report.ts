// Shared by the benchmarks: arguments, statistics, tables, targets and the results file. No side effects
// on import (the timing of child processes lives in bench/timing.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../__tests__/harness/run-action.js';

// ---- arguments -----------------------------------------------------------------------------------------

/**
 * `--runs N` (or `--runs=N`, a positive integer, `defaultRuns` when absent) and the given on/off flags;
 * anything else throws with the usage line `tsx bench/<name>.ts [--runs N] [<flag>] …`.
 */
export function parseBenchArgs<F extends string>(
  argv: string[],
  name: string,
  defaultRuns: number,
  flags: readonly F[] = [],
): { runs: number; flags: Record<F, boolean> } {
  let value = String(defaultRuns);
  const set = Object.fromEntries(flags.map((f) => [f, false])) as Record<F, boolean>;
  for (let i = 0; i < argv.length; i++) {
    if ((flags as readonly string[]).includes(argv[i])) set[argv[i] as F] = true;
    else if (argv[i] === '--runs') value = argv[++i] ?? '';
    else if (argv[i].startsWith('--runs=')) value = argv[i].slice('--runs='.length);
    else {
      const usage = `tsx bench/${name}.ts [--runs N]${flags.map((f) => ` [${f}]`).join('')}`;
      throw new Error(`unknown argument ${argv[i]} (usage: ${usage})`);
    }
  }
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got "${value}"`);
  return { runs, flags: set };
}

/** Runs a benchmark's main(): a crash prints its stack and sets exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}

/**
 * On Ctrl-C or a kill, runs `teardown` once ("removing what the benchmark <what> …") and exits 130.
 * `stopping` tells a main() that is still going not to tear down a second time.
 */
export function teardownOnSignal(
  what: string,
  teardown: () => Promise<void>,
): { readonly stopping: boolean } {
  const state = { stopping: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (state.stopping) return;
      state.stopping = true;
      console.error(`\n${signal}: removing what the benchmark ${what} …`);
      void teardown()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(130));
    });
  }
  return state;
}

// ---- statistics ----------------------------------------------------------------------------------------

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
/** Milliseconds as seconds, rounded to the millisecond: the unit of every results file. */
export const seconds = (ms: number) => round(ms / 1000);
/** Milliseconds as seconds for a table: three decimals. */
export const sec = (ms: number) => (ms / 1000).toFixed(3);
/** `lo–hi`, or the one value when they are equal. */
export const range = (xs: number[]) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};

/** `{ loadMs: 1234 }` → `{ loadSeconds: 1.234 }`. */
export function msToSeconds<T extends { [K in keyof T]: number }>(timings: T): Record<string, number> {
  return Object.fromEntries(
    Object.entries(timings).map(([k, v]) => [k.replace(/Ms$/, 'Seconds'), seconds(v as number)]),
  );
}

/** One value per approach, in the approaches' order. */
export function perApproach<A extends string, V>(approaches: readonly A[], value: (a: A) => V): Record<A, V> {
  return Object.fromEntries(approaches.map((a) => [a, value(a)])) as Record<A, V>;
}

/** The order of the approaches in run `run` (1-based): rotated by one each run (a,b,c; b,c,a; …). */
export const rotation = <A>(approaches: readonly A[], run: number): A[] =>
  approaches.map((_, i) => approaches[(i + run - 1) % approaches.length]);

/** Measurements grouped by approach, and the median time of each approach. */
export function byApproach<A extends string, M extends { approach: A; ms: number }>(
  approaches: readonly A[],
  measurements: M[],
): { of: (a: A) => M[]; medians: Record<A, number> } {
  const of = (a: A) => measurements.filter((m) => m.approach === a);
  return { of, medians: perApproach(approaches, (a) => median(of(a).map((m) => m.ms))) };
}

/** The `median` and `runs` cells of an approach's table row: its median and every time, in seconds. */
export const timeCells = (medianMs: number, runs: { ms: number }[]) => [
  sec(medianMs),
  runs.map((m) => sec(m.ms)).join(' '),
];

// ---- tables --------------------------------------------------------------------------------------------

/**
 * A table's lines: header, dashes, rows; the first `leftColumns` columns left-aligned, the others right-aligned,
 * two spaces apart. Trailing blanks are cut unless `trimEnd` is false.
 */
export function formatTable(
  header: string[],
  rows: string[][],
  leftColumns = 1,
  { trimEnd = true }: { trimEnd?: boolean } = {},
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => {
    const text = row
      .map((cell, c) => (c < leftColumns ? (cell ?? '').padEnd(widths[c]) : (cell ?? '').padStart(widths[c])))
      .join('  ');
    return trimEnd ? text.trimEnd() : text;
  };
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function printTable(
  header: string[],
  rows: string[][],
  leftColumns = 1,
  options: { trimEnd?: boolean } = {},
): void {
  for (const line of formatTable(header, rows, leftColumns, options)) console.log(line);
}

// ---- targets -------------------------------------------------------------------------------------------

export interface Target {
  target: string;
  value: string;
  pass: boolean;
}

/** PASS, FAIL, or n/a when there was nothing to judge. */
export const verdict = (pass: boolean | undefined) => (pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL');

/** `target: <what>: <value> → PASS|FAIL`, one line each. */
export function printTargets(targets: Target[]): void {
  for (const t of targets) console.log(`target: ${t.target}: ${t.value} → ${verdict(t.pass)}`);
}

// ---- the results file ----------------------------------------------------------------------------------

/**
 * Writes bench/results/<name>.json, `{ "benchmark": name, ...body }` indented by 2 with a final newline
 * (NaN is written as null), and says so.
 */
export function writeResults(name: string, body: object): void {
  const file = path.join(repoRoot, `bench/results/${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ benchmark: name, ...body }, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), file) || file}`);
}
