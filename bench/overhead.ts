// Overhead benchmark: what Shipshape itself costs around the builder on a fully cached build.
//
// Scenario: examples/hello (built on the local shipshape-test/busybox:1), image shipshape-bench/hello,
// tag v1, one test-run line (`hello`), push false, cleanup run. After one warm-up of each approach, every
// iteration times all three:
//   (a) shipshape: the bundled action as the runner runs it (harness runAction: dist/main then dist/post),
//       on a persistent runner (its RUNNER_TOOL_CACHE kept from job to job, as a self-hosted runner's);
//   (f) the same with a new tool cache each job;
//   (b) direct:    the same build and test run as plain docker commands.
// The order rotates per iteration (a,f,b then f,b,a then b,a,f) so no approach always runs first.
//
// Usage: npx tsx bench/overhead.ts [--runs N]     (default 7; results in bench/results/overhead.json)
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectBuilder } from '../src/builder/build.js';
import type { BuilderChoice } from '../src/engine/builders.js';
import { Buildah } from '../src/engine/buildah.js';
import { Docker } from '../src/engine/docker.js';
import { docker, ensureBaseImage } from '../__tests__/harness/fixtures.js';
import { repoRoot, runAction } from '../__tests__/harness/run-action.js';
import {
  mean,
  median,
  parseBenchArgs,
  printTable,
  rotation,
  round,
  runMain,
  sec,
  seconds,
  verdict,
  writeResults,
} from './report.js';
import { childOf, machineInfo, recordChildren, timedRun, type MachineBasics } from './timing.js';

const IMAGE = 'shipshape-bench/hello';
const TAG = 'v1';
const REFERENCE = `${IMAGE}:${TAG}`;
const CONTEXT = 'examples/hello';
const TEST_COMMAND = 'hello';
const EXPECTED_OUTPUT = 'Hello from Shipshape';
/** Every image the action builds here carries this repository label, so the end can find them all. */
const BENCH_REPOSITORY = 'shipshape-bench/overhead';
/** Issue #14: at most 0.4 s of the action's own per job (it was 1.0 s before). */
const TARGET_OVERHEAD_S = 0.4;
/**
 * The order of the approaches in iteration i (0-based), rotating: a,f,b then f,b,a then b,a,f … (a) is
 * the action on a persistent runner (its tool cache kept from job to job, as a self-hosted runner's
 * is, where a fully cached build happens); (f) the action on a runner whose tool cache is new each job.
 */
const orderOf = (i: number) => rotation(['a', 'f', 'b'] as const, i + 1);
/** The persistent runner's tool cache (RUNNER_TOOL_CACHE), kept for the whole benchmark. */
const PERSISTENT_TOOL_CACHE = path.join(tmpdir(), 'shipshape-bench-overhead-tool-cache');

// ---- timing the harness's two child processes -------------------------------------------------------
// recordChildren (bench/timing.ts) times `node dist/main/index.js` and `node dist/post/index.js` from
// spawn() to 'close', so the harness's own work around them (temp dir, action.yml parse, file command
// files, reading them back, rm) is total − children.

interface ShipshapeRun {
  /** Wall time of runAction() as a whole, harness included. */
  totalMs: number;
  /** Main child process, spawn() to exit. */
  mainMs: number;
  /** Post child process, spawn() to exit. */
  postMs: number;
  /** main + post: what the runner would spend on the action's two steps. */
  childrenMs: number;
  /** totalMs − childrenMs: the harness's own file setup and teardown. */
  harnessMs: number;
  imageId: string;
  /** The action's own phase timings: main's `timings` output, then post's `Phase …` log lines. */
  phases: Record<string, number>;
}

/** One job of the action; `toolCache` is the runner's RUNNER_TOOL_CACHE (else the harness's new one). */
async function runShipshape(toolCache?: string): Promise<ShipshapeRun> {
  const started = performance.now();
  const { value: result, children } = await recordChildren(() =>
    runAction({
      inputs: {
        context: CONTEXT,
        images: IMAGE,
        tags: TAG,
        'test-run': TEST_COMMAND,
        push: 'false',
        cleanup: 'run',
      },
      env: {
        GITHUB_REPOSITORY: BENCH_REPOSITORY,
        ...(toolCache ? { RUNNER_TOOL_CACHE: toolCache } : {}),
      },
    }),
  );
  const totalMs = performance.now() - started;
  if (result.exitCode !== 0 || result.post?.exitCode !== 0) {
    throw new Error(
      `the action failed (main ${result.exitCode}, post ${result.post?.exitCode}):\n${result.log}`,
    );
  }
  if (!result.log.includes(EXPECTED_OUTPUT)) throw new Error(`test output missing:\n${result.log}`);
  const main = childOf(children, 'main');
  const post = childOf(children, 'post');
  if (children.length !== 2 || !main || !post) {
    throw new Error(`expected to time 2 child processes (main, post), saw: ${JSON.stringify(children)}`);
  }
  const childrenMs = main.ms + post.ms;
  return {
    totalMs,
    mainMs: main.ms,
    postMs: post.ms,
    childrenMs,
    harnessMs: totalMs - childrenMs,
    imageId: result.outputs.imageid ?? '',
    phases: actionPhases(result.outputs.timings ?? '{}', result.post?.stdout ?? ''),
  };
}

/** Main's phases (`main <phase>`) from its `timings` output, post's (`post <phase>`) from its log. */
function actionPhases(timings: string, postLog: string): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const [phase, value] of Object.entries(JSON.parse(timings) as Record<string, number>)) {
    phases[`main ${phase}`] = value;
  }
  for (const [, phase, value] of postLog.matchAll(/^Phase (\S+): ([\d.]+) s$/gm)) {
    phases[`post ${phase}`] = (phases[`post ${phase}`] ?? 0) + Number(value);
  }
  return phases;
}

/** The median of each phase over the runs that have it, in the order the phases first appear. */
function medianPhases(runs: ShipshapeRun[]): Record<string, number> {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.phases)))];
  return Object.fromEntries(
    names.map((name) => [
      name,
      round(median(runs.flatMap((run) => (name in run.phases ? [run.phases[name]] : [])))),
    ]),
  );
}

// ---- the direct approach ---------------------------------------------------------------------------

/** The build command the action's builder would run, minus its labels, iidfile and --file. */
function directBuild(builder: BuilderChoice): { bin: string; args: string[]; env: Record<string, string> } {
  const context = path.join(repoRoot, CONTEXT);
  switch (builder.kind) {
    case 'buildx':
      return {
        bin: builder.client,
        args: ['buildx', 'build', '--load', '--progress', 'plain', '-t', REFERENCE, context],
        env: {},
      };
    case 'buildkit':
      return {
        bin: builder.client,
        args: ['build', '--progress', 'plain', '-t', REFERENCE, context],
        env: { DOCKER_BUILDKIT: '1' },
      };
    case 'legacy':
      return {
        bin: builder.client,
        args: ['build', '-t', REFERENCE, context],
        env: { DOCKER_BUILDKIT: '0' },
      };
    case 'buildah':
      return { bin: 'buildah', args: ['build', '--layers', '-t', REFERENCE, context], env: {} };
  }
}

function describeDirectBuild(builder: BuilderChoice): string {
  const { bin, args, env } = directBuild(builder);
  return [...Object.entries(env).map(([k, v]) => `${k}=${v}`), bin, ...args].join(' ');
}

/** The test command the action runs (`docker` first on PATH, as its Docker class uses). */
const directTestArgs = [
  'run',
  '--rm',
  '--network',
  'none',
  '--entrypoint',
  'sh',
  REFERENCE,
  '-c',
  TEST_COMMAND,
];

interface DirectRun {
  buildMs: number;
  testMs: number;
  totalMs: number;
  imageId: string;
}

async function runDirect(builder: BuilderChoice): Promise<DirectRun> {
  const { bin, args, env } = directBuild(builder);
  const build = await timedRun(bin, args, env);
  if (build.code !== 0) throw new Error(`direct build failed (${build.code}):\n${build.output}`);
  const test = await timedRun('docker', directTestArgs);
  if (test.code !== 0 || !test.output.includes(EXPECTED_OUTPUT)) {
    throw new Error(`direct test run failed (${test.code}):\n${test.output}`);
  }
  // Untimed: remember the image, for the cleanup at the end.
  const inspect = await docker(['image', 'inspect', '--format', '{{.Id}}', REFERENCE]);
  return { buildMs: build.ms, testMs: test.ms, totalMs: build.ms + test.ms, imageId: inspect.stdout.trim() };
}

// ---- statistics and report -------------------------------------------------------------------------

const stats = (xs: number[]) => ({
  median: median(xs) / 1000,
  mean: mean(xs) / 1000,
  min: Math.min(...xs) / 1000,
  max: Math.max(...xs) / 1000,
});
type Stats = ReturnType<typeof stats>;

/** Removes the images this benchmark made: every action build (by label), every direct build, the tag. */
async function cleanup(ids: Set<string>, keep: string): Promise<void> {
  const labelled = await docker([
    'image',
    'ls',
    '--quiet',
    '--no-trunc',
    '--filter',
    `label=dev.shipshape.repository=${BENCH_REPOSITORY}`,
  ]);
  for (const id of labelled.stdout.split('\n').filter(Boolean)) ids.add(id);
  const targets = [REFERENCE, ...[...ids].filter((id) => id && id !== keep)];
  const failures: string[] = [];
  for (const target of targets) {
    const { code, stderr } = await docker(['image', 'rm', '--force', target]);
    if (code !== 0 && !/No such image/i.test(stderr)) failures.push(`${target}: ${stderr.trim()}`);
  }
  if (failures.length) console.error(`cleanup: could not remove\n  ${failures.join('\n  ')}`);
}

/**
 * Warm-up: both caches full, both code paths loaded once. Also checks that the action picked the same
 * builder as ours.
 */
async function warmUp(builder: BuilderChoice, created: Set<string>): Promise<void> {
  process.stdout.write('warm-up ... ');
  const warm = await runAction({
    inputs: { context: CONTEXT, images: IMAGE, tags: TAG, 'test-run': TEST_COMMAND, push: 'false' },
    env: { GITHUB_REPOSITORY: BENCH_REPOSITORY, RUNNER_TOOL_CACHE: PERSISTENT_TOOL_CACHE },
  });
  if (warm.exitCode !== 0) throw new Error(`warm-up action run failed:\n${warm.log}`);
  created.add(warm.outputs.imageid ?? '');
  const logged = /Builder: (\S+) — /.exec(warm.log)?.[1];
  if (logged !== builder.kind) {
    throw new Error(`the action used builder "${logged}", this benchmark detected "${builder.kind}"`);
  }
  created.add((await runDirect(builder)).imageId);
  console.log('done');
}

interface Runs {
  /** (a) persistent runner. */
  shipshape: ShipshapeRun[];
  /** (f) a new tool cache each job. */
  fresh: ShipshapeRun[];
  direct: DirectRun[];
}

/** The timed iterations, both approaches in each, the order alternating. */
async function runApproaches(runs: number, builder: BuilderChoice, created: Set<string>): Promise<Runs> {
  const shipshape: ShipshapeRun[] = [];
  const fresh: ShipshapeRun[] = [];
  const direct: DirectRun[] = [];
  for (let i = 0; i < runs; i++) {
    for (const which of orderOf(i)) {
      if (which === 'a') shipshape.push(await runShipshape(PERSISTENT_TOOL_CACHE));
      else if (which === 'f') fresh.push(await runShipshape());
      else direct.push(await runDirect(builder));
    }
    created.add(shipshape[i].imageId);
    created.add(fresh[i].imageId);
    created.add(direct[i].imageId);
    process.stdout.write(`run ${i + 1}/${runs} done\n`);
  }
  return { shipshape, fresh, direct };
}

interface Summary {
  /** (a) main+post. */
  a: Stats;
  /** (f) main+post. */
  f: Stats;
  /** median(f) − median(b), seconds. */
  freshOverhead: number;
  freshPass: boolean;
  /** The median of the per-iteration differences (a − b, f − b): each pair ran back to back. */
  paired: { a: number; f: number };
  /** (a) around the whole runAction() call. */
  aTotal: Stats;
  /** (b) direct. */
  b: Stats;
  /** median(a) − median(b), seconds. */
  overhead: number;
  pass: boolean;
}

function summarize({ shipshape, fresh, direct }: Runs): Summary {
  const a = stats(shipshape.map((r) => r.childrenMs));
  const f = stats(fresh.map((r) => r.childrenMs));
  const aTotal = stats(shipshape.map((r) => r.totalMs));
  const b = stats(direct.map((r) => r.totalMs));
  const overhead = a.median - b.median;
  const freshOverhead = f.median - b.median;
  // On a shared machine whose speed drifts during the run, the back-to-back differences say more
  // than the difference of the medians: a pass needs both under the target.
  const paired = {
    a: median(shipshape.map((run, i) => run.childrenMs - direct[i].totalMs)) / 1000,
    f: median(fresh.map((run, i) => run.childrenMs - direct[i].totalMs)) / 1000,
  };
  return {
    a,
    f,
    aTotal,
    b,
    overhead,
    pass: overhead < TARGET_OVERHEAD_S && paired.a < TARGET_OVERHEAD_S,
    freshOverhead,
    freshPass: freshOverhead < TARGET_OVERHEAD_S && paired.f < TARGET_OVERHEAD_S,
    paired,
  };
}

/** Per-run times, then the median and the mean of each column. */
function printRunTable({ shipshape, fresh, direct }: Runs, { a, f, aTotal, b }: Summary): void {
  const header = [
    'run',
    'order',
    '(a) main+post',
    'main',
    'post',
    'harness',
    'runAction()',
    '(f) main+post',
    '(b) direct',
    'build',
    'run',
    'a−b',
    'f−b',
  ];
  const rows = shipshape.map((s, i) => [
    String(i + 1),
    orderOf(i).join(','),
    sec(s.childrenMs),
    sec(s.mainMs),
    sec(s.postMs),
    sec(s.harnessMs),
    sec(s.totalMs),
    sec(fresh[i].childrenMs),
    sec(direct[i].totalMs),
    sec(direct[i].buildMs),
    sec(direct[i].testMs),
    sec(s.childrenMs - direct[i].totalMs),
    sec(fresh[i].childrenMs - direct[i].totalMs),
  ]);
  const summaryRow = (label: string, pick: (x: Stats) => number) => [
    label,
    '',
    pick(a).toFixed(3),
    pick(stats(shipshape.map((r) => r.mainMs))).toFixed(3),
    pick(stats(shipshape.map((r) => r.postMs))).toFixed(3),
    pick(stats(shipshape.map((r) => r.harnessMs))).toFixed(3),
    pick(aTotal).toFixed(3),
    pick(f).toFixed(3),
    pick(b).toFixed(3),
    pick(stats(direct.map((r) => r.buildMs))).toFixed(3),
    pick(stats(direct.map((r) => r.testMs))).toFixed(3),
    '',
    '',
  ];
  printTable(header, [...rows, summaryRow('median', (x) => x.median), summaryRow('mean', (x) => x.mean)], 2, {
    trimEnd: false,
  });
}

function printReport(
  runs: number,
  builder: BuilderChoice,
  info: MachineBasics,
  results: Runs,
  summary: Summary,
): void {
  const { a, f, aTotal, b, overhead, pass, freshOverhead, freshPass, paired } = summary;
  console.log('');
  console.log(`Shipshape overhead on a fully cached build of ${CONTEXT} (${runs} runs, seconds)`);
  console.log(
    `node ${info.node}, engine ${info.dockerEngine}, builder ${builder.kind} via ${builder.client}, ${info.cpuCount} CPUs`,
  );
  console.log('');
  printRunTable(results, summary);
  console.log('');
  console.log(
    '(a) main+post: wall time of the two action processes the harness spawns, `node dist/main/index.js`',
  );
  console.log('    and `node dist/post/index.js`, each from spawn() to exit (node startup included),');
  console.log(
    `    on a persistent runner: RUNNER_TOOL_CACHE=${PERSISTENT_TOOL_CACHE}, kept from job to job.`,
  );
  console.log(
    '    runAction(): the same measured around the whole harness call; harness = runAction() − (a).',
  );
  console.log('(f) the same on a runner whose tool cache is new each job (the harness default).');
  console.log(`(b) direct: \`${describeDirectBuild(builder)}\``);
  console.log(`    then \`docker ${directTestArgs.join(' ')}\`, each from spawn() to exit.`);
  console.log('    The action also labels its image and removes its test container in a separate call; the');
  console.log('    direct build has no labels and uses `run --rm`.');
  console.log('');
  console.log(
    `overhead = median(a) − median(b) = ${a.median.toFixed(3)} − ${b.median.toFixed(3)} = ${overhead.toFixed(3)} s`,
  );
  console.log(`ratio    = median(a) / median(b) = ${(a.median / b.median).toFixed(2)}×`);
  console.log(
    `(around runAction(), harness included: ${(aTotal.median - b.median).toFixed(3)} s, ${(aTotal.median / b.median).toFixed(2)}×)`,
  );
  console.log(
    `paired   : median of the per-iteration a − b = ${paired.a.toFixed(3)} s, f − b = ${paired.f.toFixed(3)} s`,
  );
  console.log(`target   : overhead < ${TARGET_OVERHEAD_S.toFixed(1)} s, both ways → ${verdict(pass)}`);
  console.log(
    `new tool cache each job (f): median(f) − median(b) = ${f.median.toFixed(3)} − ${b.median.toFixed(3)} = ${freshOverhead.toFixed(3)} s (${(f.median / b.median).toFixed(2)}×) → ${verdict(freshPass)}`,
  );
  console.log('');
  console.log(
    "The action's own phase timings (median seconds; main's `timings` output, post's log), (a) and (f):",
  );
  const phases = medianPhases(results.shipshape);
  const freshPhases = medianPhases(results.fresh);
  for (const [name, value] of Object.entries(phases)) {
    console.log(`  ${name.padEnd(22)} ${value.toFixed(3)}   ${(freshPhases[name] ?? 0).toFixed(3)}`);
  }
  console.log(
    `  main outside its phases (node start, bundle load, untimed):  ${(median(results.shipshape.map((r) => r.mainMs / 1000)) - (phases['main total'] ?? 0)).toFixed(3)}`,
  );
  console.log(
    `  post outside its phases (node start, bundle load, untimed):  ${(median(results.shipshape.map((r) => r.postMs / 1000)) - (phases['post total'] ?? 0)).toFixed(3)}`,
  );
}

/** The body of bench/results/overhead.json. */
function results(
  runs: number,
  builder: BuilderChoice,
  info: object,
  { shipshape, fresh, direct }: Runs,
  summary: Summary,
) {
  const { a, f, aTotal, b, overhead, pass, freshOverhead, freshPass, paired } = summary;
  return {
    machine: info,
    scenario: {
      context: CONTEXT,
      reference: REFERENCE,
      testRun: TEST_COMMAND,
      push: false,
      cleanup: 'run',
      runs,
      warmUp: 'one action run (on the persistent tool cache) and one direct run before timing',
      order: 'rotating per iteration: a,f,b then f,b,a then b,a,f',
      runners: {
        a: `persistent runner: RUNNER_TOOL_CACHE=${PERSISTENT_TOOL_CACHE} kept from job to job (a self-hosted runner; the fully cached build is itself a persistent runner's case)`,
        f: "a new RUNNER_TOOL_CACHE each job (the harness's default)",
      },
    },
    timed: {
      shipshape:
        'main+post: spawn() to exit of `node dist/main/index.js` plus the same for dist/post (harness runAction); ' +
        'runAction: wall time of the whole runAction() call; harness: runAction − main+post',
      direct: `spawn() to exit of \`${describeDirectBuild(builder)}\` plus \`docker ${directTestArgs.join(' ')}\``,
    },
    runs: shipshape.map((s, i) => ({
      run: i + 1,
      order: orderOf(i).join(','),
      shipshape: {
        mainPlusPost: seconds(s.childrenMs),
        main: seconds(s.mainMs),
        post: seconds(s.postMs),
        harness: seconds(s.harnessMs),
        runAction: seconds(s.totalMs),
      },
      freshToolCache: { mainPlusPost: seconds(fresh[i].childrenMs) },
      direct: {
        total: seconds(direct[i].totalMs),
        build: seconds(direct[i].buildMs),
        run: seconds(direct[i].testMs),
      },
    })),
    summary: {
      unit: 's',
      shipshape: {
        mainPlusPost: mapValues(a, round),
        runAction: mapValues(aTotal, round),
        harness: mapValues(stats(shipshape.map((r) => r.harnessMs)), round),
      },
      direct: mapValues(b, round),
      overheadSeconds: round(overhead),
      overheadSecondsIncludingHarness: round(aTotal.median - b.median),
      pairedOverheadSeconds: round(paired.a),
      ratio: Math.round((a.median / b.median) * 100) / 100,
      target: `overhead < ${TARGET_OVERHEAD_S} s`,
      pass,
      actionPhases: medianPhases(shipshape),
      freshToolCache: {
        mainPlusPost: mapValues(f, round),
        overheadSeconds: round(freshOverhead),
        pairedOverheadSeconds: round(paired.f),
        ratio: Math.round((f.median / b.median) * 100) / 100,
        pass: freshPass,
        actionPhases: medianPhases(fresh),
      },
    },
  };
}

async function main(): Promise<void> {
  const { runs } = parseBenchArgs(process.argv.slice(2), 'overhead', 7);
  const base = await ensureBaseImage();
  const baseId = (await docker(['image', 'inspect', '--format', '{{.Id}}', base])).stdout.trim();
  const server = await new Docker().server();
  const builder = await detectBuilder(server, 'auto', new Buildah());
  const created = new Set<string>();
  rmSync(PERSISTENT_TOOL_CACHE, { recursive: true, force: true });

  try {
    await warmUp(builder, created);
    const measured = await runApproaches(runs, builder, created);
    const summary = summarize(measured);
    const info = await machineInfo(server, { builder });
    printReport(runs, builder, info, measured, summary);
    writeResults('overhead', results(runs, builder, info, measured, summary));
  } finally {
    await cleanup(created, baseId);
  }
}

function mapValues<T extends Record<string, number>>(obj: T, fn: (v: number) => number): T {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)])) as T;
}

runMain(main);
