// Cleanup benchmark: the post step under policy `run` against the cleanup commands users run today, on a
// daemon that another live run shares.
//
// Scenario, seeded afresh before every timed approach (the seeding is not timed):
//   this run:         200 stopped (exited) containers and 200 dangling images, all with the run's ownership
//                     labels (dev.shipshape.run=<runKey>, repository, run id, attempt, job);
//   another live run: the same repository, run id, attempt and job with another nonce (a matrix leg on the
//                     same daemon): 50 stopped containers, 50 dangling images and its lease volume
//                     shipshape-lease-<nonce> (its labels plus dev.shipshape.lease=true);
//   bystanders:       3 running containers (`sleep 600`), 3 tagged images shipshape-bench/cleanup-tagged:<n>
//                     and the base image shipshape-test/busybox:1, none with Shipshape labels.
// The containers are `docker create --network none … shipshape-test/busybox:1 true` (several at once), then
// `docker start` in a few batches, then waited on until all have exited. The images come from one
// `docker load` tar made at the start: 253 images sharing one tiny layer, differing by a label, untagged
// (manifest RepoTags null, so they load dangling) but for the 3 tagged ones.
//
// Approaches, each from the same fresh seed, each timed from spawn() to exit:
//   (a) shipshape: the bundled post step as the runner runs it (harness runPostStep: `node dist/post/index.js`)
//       with state run-key=<this run's key>, cleanup={"policy":"run",…}, created-images=[];
//   (b) seed commands: sh -c 'docker rm $(docker ps -aq -f status=exited);
//                             docker images -q -f dangling=true | xargs docker rmi';
//   (c) prune:         sh -c 'docker container prune -f && docker image prune -f'.
// After each: how many of this run's objects are gone, and how many of anyone else's. Then everything seeded
// is removed (also on error or Ctrl-C). The order rotates per run (a,b,c; b,c,a; c,a,b; …).
// Targets (for a): median(a) ≤ 1.5 × the faster of median(b) and median(c); 100% of this run's containers and
// images removed; 0 of anyone else's objects removed. The benchmark exits non-zero only when it crashes.
//
// (b) and (c) remove EVERY stopped container and dangling image on the daemon, not only the seeded ones.
// At the start and before each of (b) and (c) the benchmark looks for stopped containers and dangling images
// it did not seed; if there are any it stops, unless --allow-foreign is given (then they are removed too, and
// counted apart). Such objects left alone by (a) are counted too: (a) must not remove them either.
//
// Usage: npx tsx bench/cleanup.ts [--runs N] [--allow-foreign]   (default 3 runs; results in
// bench/results/cleanup.json)
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createOwnership,
  LEASE_LABEL,
  leaseLabels,
  leaseName,
  RUN_LABEL,
  type Ownership,
} from '../src/cleanup/ownership.js';
import { Docker } from '../src/engine/docker.js';
import { docker, ensureBaseImage, loadCraftedImages } from '../__tests__/harness/fixtures.js';
import { repoRoot, runPostStep, type Annotation } from '../__tests__/harness/run-action.js';
import {
  byApproach,
  median,
  msToSeconds,
  parseBenchArgs,
  perApproach,
  printTable,
  printTargets,
  range,
  rotation,
  runMain,
  sec,
  seconds,
  teardownOnSignal,
  timeCells,
  writeResults,
  type Target,
} from './report.js';
import {
  childOf,
  machineBasics,
  machineSummary,
  mustDocker,
  recordChildren,
  timedRun,
  type MachineBasics,
} from './timing.js';

const BASE = 'shipshape-test/busybox:1';
const OWN = 200;
const OTHER = 50;
const RUNNING = 3;
const TAGGED = 3;
const TAGGED_REPO = 'shipshape-bench/cleanup-tagged';
/** On every seeded object (not a dev.shipshape.* label, so it says nothing of ownership): for the teardown. */
const BENCH_LABEL = 'bench.shipshape.cleanup';
/** The GitHub context both runs share: the other run is a matrix leg of the same job. */
const RUN_ENV = {
  GITHUB_REPOSITORY: 'acme/shipshape-bench',
  GITHUB_RUN_ID: '123',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'bench',
};
const CLEANUP_STATE = JSON.stringify({
  policy: 'run',
  untilMs: 86_400_000,
  keepStorageBytes: 5_000_000_000,
  strict: false,
  keepImages: false,
});
const COMMANDS = {
  commands:
    'docker rm $(docker ps -aq -f status=exited); docker images -q -f dangling=true | xargs docker rmi',
  prune: 'docker container prune -f && docker image prune -f',
} as const;
const TARGET_RATIO = 1.5;
const CREATE_CONCURRENCY = 6;
const START_BATCHES = 4;

type ApproachName = 'shipshape' | 'commands' | 'prune';
const APPROACHES: ApproachName[] = ['shipshape', 'commands', 'prune'];
const TITLES: Record<ApproachName, string> = {
  shipshape: '(a) shipshape post, policy run',
  commands: '(b) seed commands (rm + rmi)',
  prune: '(c) container + image prune',
};

interface Options {
  runs: number;
  allowForeign: boolean;
}

function parseArgs(argv: string[]): Options {
  const { runs, flags } = parseBenchArgs(argv, 'cleanup', 3, ['--allow-foreign']);
  return { runs, allowForeign: flags['--allow-foreign'] };
}

// ---- timing the post step's child process ----------------------------------------------------------
// recordChildren (bench/timing.ts) times `node dist/post/index.js` from spawn() to 'close', like the
// competitors' `sh -c …`. The whole runPostStep() call is also timed.

// ---- small helpers ---------------------------------------------------------------------------------

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const chunk = <T>(xs: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Runs fn over items, at most `limit` at a time, results in item order. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const labelArgs = (labels: Record<string, string>) =>
  Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);

// ---- the scenario ----------------------------------------------------------------------------------

interface Scenario {
  benchId: string;
  own: Ownership;
  other: Ownership;
  leaseVolume: string;
  baseId: string;
  ownImages: string[];
  otherImages: string[];
  tagged: { ref: string; id: string }[];
  /** Container IDs of the current seed (empty when nothing is seeded). */
  ownContainers: string[];
  otherContainers: string[];
  running: string[];
}

/**
 * Every seeded image in one `docker load` (the test fixture that makes images without building):
 * this run's and the other run's dangling ones, and the tagged ones, each labelled with the bench id.
 */
async function loadImages(sc: Scenario): Promise<void> {
  const created = new Date().toISOString();
  const image = (labels: Record<string, string>, tags?: string[]) => ({
    created,
    labels: { ...labels, [BENCH_LABEL]: sc.benchId },
    tags,
  });
  const refs = Array.from({ length: TAGGED }, (_, i) => `${TAGGED_REPO}:${i + 1}`);
  const ids = await loadCraftedImages([
    ...Array.from({ length: OWN }, (_, i) => image({ ...sc.own.labels, n: `own-${i}` })),
    ...Array.from({ length: OTHER }, (_, i) => image({ ...sc.other.labels, n: `other-${i}` })),
    ...refs.map((ref, i) => image({ n: `tagged-${i + 1}` }, [ref])),
  ]);
  sc.ownImages = ids.slice(0, OWN);
  sc.otherImages = ids.slice(OWN, OWN + OTHER);
  sc.tagged = refs.map((ref, i) => ({ ref, id: ids[OWN + OTHER + i] }));
  // (docker load names untagged images only when the tar has no tagged one, so look them up instead.)
  const loaded = new Set(
    lines(
      await mustDocker(['images', '-aq', '--no-trunc', '--filter', `label=${BENCH_LABEL}=${sc.benchId}`]),
    ),
  );
  const missing = [...sc.ownImages, ...sc.otherImages, ...sc.tagged.map((t) => t.id)].filter(
    (id) => !loaded.has(id),
  );
  if (missing.length)
    throw new Error(`docker load did not make ${missing.length} images, e.g. ${missing[0]}`);
}

/** The other run's lease volume, the stopped containers (created, not started) and the running ones. */
async function createContainers(sc: Scenario): Promise<void> {
  await mustDocker([
    'volume',
    'create',
    ...labelArgs({ ...leaseLabels(sc.other), [BENCH_LABEL]: sc.benchId }),
    sc.leaseVolume,
  ]);
  const create = (labels: Record<string, string>) =>
    mustDocker([
      'create',
      '--network',
      'none',
      ...labelArgs({ ...labels, [BENCH_LABEL]: sc.benchId }),
      BASE,
      'true',
    ]);
  const jobs = [
    ...Array.from({ length: OWN }, (_, i) => ({ ...sc.own.labels, n: `own-${i}` })),
    ...Array.from({ length: OTHER }, (_, i) => ({ ...sc.other.labels, n: `other-${i}` })),
  ];
  // A failure part-way leaves the containers made so far to the teardown's label sweep.
  const ids = (await pool(jobs, CREATE_CONCURRENCY, create)).map((out) => out.trim());
  sc.ownContainers = ids.slice(0, OWN);
  sc.otherContainers = ids.slice(OWN);
  sc.running = [];
  for (let i = 0; i < RUNNING; i++) {
    const out = await mustDocker([
      'run',
      '--detach',
      '--network',
      'none',
      '--label',
      `${BENCH_LABEL}=${sc.benchId}`,
      BASE,
      'sleep',
      '600',
    ]);
    sc.running.push(out.trim());
  }
}

const EXITED_FILTER = ['ps', '-aq', '--no-trunc', '--filter', 'status=exited', '--filter'];

/** Starts the stopped containers in a few batches and waits until all of them have exited. */
async function startAndWait(sc: Scenario): Promise<void> {
  const stopped = [...sc.ownContainers, ...sc.otherContainers];
  await Promise.all(
    chunk(stopped, Math.ceil(stopped.length / START_BATCHES)).map((batch) => mustDocker(['start', ...batch])),
  );
  for (const deadline = Date.now() + 120_000; ; await sleep(200)) {
    const exited = lines(await mustDocker([...EXITED_FILTER, `label=${BENCH_LABEL}=${sc.benchId}`]));
    if (exited.length === stopped.length) break;
    if (Date.now() > deadline) {
      throw new Error(`only ${exited.length} of ${stopped.length} seeded containers exited within 120 s`);
    }
  }
}

/** Counts the seed with the filters a user would use; anything not as planned throws. */
async function verifySeed(sc: Scenario): Promise<void> {
  const count = async (args: string[]) => new Set(lines(await mustDocker(args))).size;
  const exitedOf = (runKey: string) => count([...EXITED_FILTER, `label=${RUN_LABEL}=${runKey}`]);
  const danglingOf = (runKey: string) =>
    count(['images', '-q', '--no-trunc', '-f', 'dangling=true', '-f', `label=${RUN_LABEL}=${runKey}`]);
  const leaseFilter = ['--filter', `label=${LEASE_LABEL}=true`, '--filter', `name=${sc.leaseVolume}`];
  const checks: [string, number, Promise<number>][] = [
    ['own exited containers', OWN, exitedOf(sc.own.runKey)],
    ['other run exited containers', OTHER, exitedOf(sc.other.runKey)],
    ['own dangling images', OWN, danglingOf(sc.own.runKey)],
    ['other run dangling images', OTHER, danglingOf(sc.other.runKey)],
    [
      'running containers',
      RUNNING,
      count(['ps', '-q', '--no-trunc', '--filter', `label=${BENCH_LABEL}=${sc.benchId}`]),
    ],
    ['tagged images', TAGGED, count(['images', '-q', '--no-trunc', TAGGED_REPO])],
    ['lease volume', 1, count(['volume', 'ls', '-q', ...leaseFilter])],
  ];
  const counts = await Promise.all(checks.map(([, , n]) => n));
  const wrong = checks
    .map(([what, expected], i) =>
      counts[i] === expected ? '' : `${what}: ${counts[i]}, expected ${expected}`,
    )
    .filter(Boolean);
  if (wrong.length) throw new Error(`the seed is not as planned:\n  ${wrong.join('\n  ')}`);
}

interface SeedTiming {
  loadMs: number;
  createMs: number;
  startMs: number;
  totalMs: number;
}

/** Seeds the whole scenario; verifies it with the filters a user would use. */
async function seed(sc: Scenario): Promise<SeedTiming> {
  const t0 = performance.now();
  await loadImages(sc);
  const t1 = performance.now();
  await createContainers(sc);
  const t2 = performance.now();
  await startAndWait(sc);
  const t3 = performance.now();
  await verifySeed(sc);
  return { loadMs: t1 - t0, createMs: t2 - t1, startMs: t3 - t2, totalMs: performance.now() - t0 };
}

/** Stopped containers and dangling images on the daemon that this benchmark did not seed. */
async function foreignObjects(sc: Scenario): Promise<{ containers: string[]; images: string[] }> {
  const seededContainers = new Set([...sc.ownContainers, ...sc.otherContainers, ...sc.running]);
  const seededImages = new Set([...sc.ownImages, ...sc.otherImages, ...sc.tagged.map((t) => t.id)]);
  const [stopped, dangling] = await Promise.all([
    mustDocker([
      'ps',
      '-aq',
      '--no-trunc',
      '-f',
      'status=exited',
      '-f',
      'status=created',
      '-f',
      'status=dead',
    ]),
    mustDocker(['images', '-q', '--no-trunc', '-f', 'dangling=true']),
  ]);
  return {
    containers: lines(stopped).filter((id) => !seededContainers.has(id)),
    images: [...new Set(lines(dangling))].filter((id) => !seededImages.has(id)),
  };
}

interface Census {
  ownContainers: number;
  ownImages: number;
  otherContainers: number;
  otherImages: number;
  running: number;
  tagged: number;
  base: number;
  lease: number;
}
const SEEDED: Census = {
  ownContainers: OWN,
  ownImages: OWN,
  otherContainers: OTHER,
  otherImages: OTHER,
  running: RUNNING,
  tagged: TAGGED,
  base: 1,
  lease: 1,
};
const OTHERS_KEYS = ['otherContainers', 'otherImages', 'running', 'tagged', 'base', 'lease'] as const;
const OTHERS_TOTAL = OTHERS_KEYS.reduce((sum, k) => sum + SEEDED[k], 0);

/**
 * What is left of each seeded group (running containers count only if still running, tags only if
 * unchanged), and every container and image ID on the daemon.
 */
async function census(sc: Scenario): Promise<{ left: Census; containers: Set<string>; images: Set<string> }> {
  const [all, running, images, refs, volumes] = await Promise.all([
    mustDocker(['ps', '-aq', '--no-trunc']),
    mustDocker(['ps', '-q', '--no-trunc']),
    mustDocker(['images', '-aq', '--no-trunc']),
    mustDocker(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']),
    mustDocker(['volume', 'ls', '-q']),
  ]);
  const containerSet = new Set(lines(all));
  const runningSet = new Set(lines(running));
  const imageSet = new Set(lines(images));
  const refSet = new Set(lines(refs));
  const present = (ids: string[], set: Set<string>) => ids.filter((id) => set.has(id)).length;
  const left: Census = {
    ownContainers: present(sc.ownContainers, containerSet),
    ownImages: present(sc.ownImages, imageSet),
    otherContainers: present(sc.otherContainers, containerSet),
    otherImages: present(sc.otherImages, imageSet),
    running: present(sc.running, runningSet),
    tagged: sc.tagged.filter((t) => refSet.has(`${t.ref} ${t.id}`)).length,
    base: refSet.has(`${BASE} ${sc.baseId}`) ? 1 : 0,
    lease: lines(volumes).includes(sc.leaseVolume) ? 1 : 0,
  };
  return { left, containers: containerSet, images: imageSet };
}

function removedOf(left: Census): Census {
  const removed = { ...SEEDED };
  for (const k of Object.keys(SEEDED) as (keyof Census)[]) removed[k] = SEEDED[k] - left[k];
  return removed;
}

/** Removes everything seeded (by the benchmark label and by ID); never the base image. */
async function teardown(sc: Scenario): Promise<void> {
  const problems: string[] = [];
  const note = (r: { code: number; stderr: string }, ignore: RegExp) => {
    const bad = lines(r.stderr).filter((l) => !ignore.test(l));
    if (r.code !== 0 && bad.length) problems.push(...bad);
  };
  const labelled = lines(
    (await docker(['ps', '-aq', '--no-trunc', '--filter', `label=${BENCH_LABEL}=${sc.benchId}`])).stdout,
  );
  const containers = [...new Set([...labelled, ...sc.ownContainers, ...sc.otherContainers, ...sc.running])];
  await pool(chunk(containers, 100), 3, async (batch) =>
    note(await docker(['rm', '--force', ...batch]), /No such container/i),
  );
  const present = new Set(lines((await docker(['images', '-aq', '--no-trunc'])).stdout));
  const images = [
    ...new Set([
      ...lines(
        (await docker(['images', '-aq', '--no-trunc', '--filter', `label=${BENCH_LABEL}=${sc.benchId}`]))
          .stdout,
      ),
      ...[...sc.ownImages, ...sc.otherImages, ...sc.tagged.map((t) => t.id)].filter((id) => present.has(id)),
    ]),
  ].filter((id) => id !== sc.baseId);
  await pool(chunk(images, 100), 3, async (batch) =>
    note(await docker(['rmi', '--force', ...batch]), /No such image/i),
  );
  note(await docker(['volume', 'rm', '--force', sc.leaseVolume]), /no such volume/i);
  sc.ownContainers = [];
  sc.otherContainers = [];
  sc.running = [];
  if (problems.length) console.error(`teardown: could not remove\n  ${problems.join('\n  ')}`);
}

// ---- the approaches --------------------------------------------------------------------------------

interface Measurement {
  approach: ApproachName;
  run: number;
  position: number;
  /** The timed process, spawn() to exit: `node dist/post/index.js` for (a), `sh -c …` for (b) and (c). */
  ms: number;
  /** (a) only: the whole runPostStep() call, harness included. */
  callMs?: number;
  exitCode: number;
  seeding: SeedTiming;
  /** Stopped containers and dangling images on the daemon not seeded by the benchmark, before the approach. */
  foreignBefore: { containers: number; images: number };
  /** How many of those the approach removed. */
  foreignRemoved: number;
  removed: Census;
  /** (a): the post step's "Removed …" log line and annotations; (b), (c): the command's output, trimmed. */
  log: string;
  annotations?: Annotation[];
  summary?: string;
}

async function runShipshape(sc: Scenario) {
  const started = performance.now();
  const { value: result, children } = await recordChildren(() =>
    runPostStep(
      { 'run-key': sc.own.runKey, cleanup: CLEANUP_STATE, 'created-images': '[]' },
      { env: RUN_ENV },
    ),
  );
  const callMs = performance.now() - started;
  if (result.exitCode !== 0) {
    throw new Error(`the post step failed (${result.exitCode}):\n${result.stdout}${result.stderr}`);
  }
  const post = childOf(children, 'post');
  if (children.length !== 1 || !post) {
    throw new Error(`expected to time 1 child process (post), saw: ${JSON.stringify(children)}`);
  }
  const log = `${result.stdout}${result.stderr}`;
  return {
    ms: post.ms,
    callMs,
    exitCode: result.exitCode,
    log: lines(log)
      .filter((l) => /removed|warning|error/i.test(l))
      .join('\n'),
    annotations: result.annotations,
    summary: result.summary,
  };
}

async function runCommand(name: 'commands' | 'prune') {
  const r = await timedRun('sh', ['-c', COMMANDS[name]]);
  const out = lines(r.output);
  // The commands print one line per removed object; keep the first and last few.
  const kept = out.length > 8 ? [...out.slice(0, 3), `… (${out.length - 6} lines)`, ...out.slice(-3)] : out;
  return { ms: r.ms, exitCode: r.code, log: kept.join('\n') };
}

// ---- running the approaches ------------------------------------------------------------------------

let current: Scenario | undefined;

function newScenario(baseId: string): Scenario {
  const ownNonce = randomBytes(4).toString('hex');
  let otherNonce = randomBytes(4).toString('hex');
  while (otherNonce === ownNonce) otherNonce = randomBytes(4).toString('hex');
  const other = createOwnership(RUN_ENV, otherNonce);
  const base = {
    benchId: randomBytes(6).toString('hex'),
    own: createOwnership(RUN_ENV, ownNonce),
    other,
    leaseVolume: leaseName(other.runKey),
  };
  return {
    ...base,
    baseId,
    ownImages: [],
    otherImages: [],
    tagged: [],
    ownContainers: [],
    otherContainers: [],
    running: [],
  };
}

/** At the start: (b) and (c) would remove stopped containers and dangling images that are not ours. */
async function refuseForeign(sc: Scenario, opts: Options): Promise<void> {
  const before = await foreignObjects(sc);
  if ((before.containers.length || before.images.length) && !opts.allowForeign) {
    throw new Error(
      `this daemon holds ${before.containers.length} stopped container(s) and ${before.images.length} dangling ` +
        `image(s) the benchmark did not make; approaches (b) and (c) would remove them and time their removal. ` +
        `Remove them first, or pass --allow-foreign to go ahead anyway.`,
    );
  }
}

/** Everything of others that an approach removed (the other run's objects, bystanders, lease). */
const othersRemoved = (m: { removed: Census }) => OTHERS_KEYS.reduce((sum, k) => sum + m.removed[k], 0);

/** One approach from a fresh seed: seed, run it timed, count what is gone, tear down. */
async function measureApproach(
  sc: Scenario,
  opts: Options,
  run: number,
  position: number,
  approach: ApproachName,
): Promise<Measurement> {
  const seedTiming = await seed(sc);
  const foreign = await foreignObjects(sc);
  if (
    approach !== 'shipshape' &&
    (foreign.containers.length || foreign.images.length) &&
    !opts.allowForeign
  ) {
    throw new Error(
      `${foreign.containers.length} stopped container(s) and ${foreign.images.length} dangling image(s) ` +
        `not made by the benchmark appeared on the daemon (is something else using it?); stopping before ` +
        `(b) or (c) removes them. Pass --allow-foreign to go ahead anyway.`,
    );
  }
  const result = approach === 'shipshape' ? await runShipshape(sc) : await runCommand(approach);
  const after = await census(sc);
  const removed = removedOf(after.left);
  const foreignRemoved =
    foreign.containers.filter((id) => !after.containers.has(id)).length +
    foreign.images.filter((id) => !after.images.has(id)).length;
  await teardown(sc);
  const measurement: Measurement = {
    approach,
    run,
    position,
    ...result,
    seeding: seedTiming,
    foreignBefore: { containers: foreign.containers.length, images: foreign.images.length },
    foreignRemoved,
    removed,
  };
  console.log(
    `run ${run}/${opts.runs} ${approach.padEnd(9)} ${sec(result.ms)} s  ` +
      `own ${removed.ownContainers}+${removed.ownImages}/${OWN * 2}, others ${othersRemoved(measurement)}/${OTHERS_TOTAL}  ` +
      `(seeding ${sec(seedTiming.totalMs)} s: load ${sec(seedTiming.loadMs)}, create ${sec(seedTiming.createMs)}, ` +
      `start+wait ${sec(seedTiming.startMs)})`,
  );
  return measurement;
}

/** Every run, the order rotating (a,b,c; b,c,a; c,a,b; …). */
async function runApproaches(sc: Scenario, opts: Options): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (let run = 1; run <= opts.runs; run++) {
    for (const [position, approach] of rotation(APPROACHES, run).entries()) {
      measurements.push(await measureApproach(sc, opts, run, position + 1, approach));
    }
  }
  return measurements;
}

// ---- statistics and report -------------------------------------------------------------------------

interface Summary {
  of: (a: ApproachName) => Measurement[];
  medians: Record<ApproachName, number>;
  /** The faster competitor, (b) or (c). */
  fastest: ApproachName;
  /** median(a) / median(fastest). */
  ratio: number;
  targets: Target[];
}

function summarize(measurements: Measurement[]): Summary {
  const { of, medians } = byApproach(APPROACHES, measurements);
  const fastest: ApproachName = medians.commands <= medians.prune ? 'commands' : 'prune';
  const ratio = medians.shipshape / medians[fastest];
  return { of, medians, fastest, ratio, targets: checkTargets(of('shipshape'), ratio) };
}

function checkTargets(shipshape: Measurement[], ratio: number): Target[] {
  const ownAll = shipshape.every((m) => m.removed.ownContainers === OWN && m.removed.ownImages === OWN);
  const othersNone = shipshape.every((m) => othersRemoved(m) === 0 && m.foreignRemoved === 0);
  const foreignByA = shipshape.reduce((sum, m) => sum + m.foreignRemoved, 0);
  return [
    {
      target: `median(a) ≤ ${TARGET_RATIO} × the faster of (b), (c)`,
      value: `${ratio.toFixed(2)}×`,
      pass: ratio <= TARGET_RATIO,
    },
    {
      target: "(a) removes 100% of this run's containers and images",
      value: `${range(shipshape.map((m) => m.removed.ownContainers + m.removed.ownImages))}/${OWN * 2}`,
      pass: ownAll,
    },
    {
      target: "(a) removes 0 of anyone else's objects",
      value:
        `${range(shipshape.map(othersRemoved))}/${OTHERS_TOTAL}` +
        (foreignByA ? ` (and ${foreignByA} not seeded by the benchmark)` : ''),
      pass: othersNone,
    },
  ];
}

/** The approaches, others' objects removed by kind, and the runs one by one. */
function printTables(runs: number, measurements: Measurement[], { of, medians, fastest }: Summary): void {
  printTable(
    ['approach', 'median', 'runs', 'ratio', 'own ctrs', 'own imgs', 'others removed'],
    APPROACHES.map((a) => [
      TITLES[a],
      ...timeCells(medians[a], of(a)),
      `${(medians[a] / medians[fastest]).toFixed(2)}×`,
      `${range(of(a).map((m) => m.removed.ownContainers))}/${OWN}`,
      `${range(of(a).map((m) => m.removed.ownImages))}/${OWN}`,
      `${range(of(a).map(othersRemoved))}/${OTHERS_TOTAL}`,
    ]),
    1,
  );
  console.log('');
  console.log("Others' objects removed, by kind (range over runs):");
  printTable(
    [
      'approach',
      `other run ctrs /${OTHER}`,
      `other run imgs /${OTHER}`,
      `running /${RUNNING}`,
      `tagged /${TAGGED}`,
      'base /1',
      'lease /1',
    ],
    APPROACHES.map((a) => [TITLES[a], ...OTHERS_KEYS.map((k) => range(of(a).map((m) => m.removed[k])))]),
    1,
  );
  console.log('');
  console.log('Per run (order rotates; each approach from its own fresh seed):');
  printTable(
    ['run', 'order', '(a)', '(b)', '(c)', 'seeding (s)'],
    Array.from({ length: runs }, (_, i) => {
      const ms = measurements.filter((m) => m.run === i + 1);
      const time = (a: ApproachName) => sec(ms.find((m) => m.approach === a)!.ms);
      return [
        String(i + 1),
        [...ms]
          .sort((x, y) => x.position - y.position)
          .map((m) => 'abc'[APPROACHES.indexOf(m.approach)])
          .join(','),
        time('shipshape'),
        time('commands'),
        time('prune'),
        ms.map((m) => sec(m.seeding.totalMs)).join(' '),
      ];
    }),
    2,
  );
}

/** What was timed, then anything unusual: non-zero exits, objects not seeded, the post step's annotations. */
function printNotes(measurements: Measurement[], { of, fastest }: Summary): void {
  console.log(
    '(a): `node dist/post/index.js` from spawn() to exit (harness runPostStep, state run-key, cleanup policy run,',
  );
  console.log(
    `    created-images []); the whole runPostStep() call had median ${sec(median(of('shipshape').map((m) => m.callMs!)))} s.`,
  );
  console.log(`(b): sh -c '${COMMANDS.commands}'`);
  console.log(`(c): sh -c '${COMMANDS.prune}'`);
  console.log(
    `ratio = median / median of the fastest competitor, ${TITLES[fastest]}. (b) and (c) also remove the other ` +
      `run's ${OTHER} + ${OTHER} objects, so they remove ${2 * (OWN + OTHER)} where (a) should remove ${2 * OWN}.`,
  );
  const exitCodes = measurements.filter((m) => m.exitCode !== 0);
  if (exitCodes.length) {
    console.log(
      `non-zero exits: ${exitCodes.map((m) => `${m.approach} run ${m.run}: ${m.exitCode}`).join(', ')}`,
    );
  }
  const foreignSeen = measurements.filter((m) => m.foreignBefore.containers || m.foreignBefore.images);
  if (foreignSeen.length) {
    console.log(
      `${foreignSeen.length} approach run(s) started with stopped containers or dangling images the benchmark ` +
        `did not seed; removed: ${foreignSeen.map((m) => `${m.approach} run ${m.run}: ${m.foreignRemoved}`).join(', ')} ` +
        `(foreignBefore, foreignRemoved in the JSON).`,
    );
  }
  const annotations = of('shipshape').flatMap((m) => m.annotations ?? []);
  if (annotations.length) {
    console.log(`post step annotations: ${annotations.map((a) => `${a.level}: ${a.message}`).join(' | ')}`);
  }
}

function printReport(runs: number, info: MachineBasics, measurements: Measurement[], summary: Summary): void {
  console.log('');
  console.log(
    `Cleanup after a run: ${OWN} stopped containers + ${OWN} dangling images of this run, beside another live ` +
      `run's ${OTHER} + ${OTHER}, ${RUNNING} running containers, ${TAGGED} tagged images and the base image`,
  );
  console.log(`(${runs} run(s), seconds; ${machineSummary(info)})`);
  console.log('');
  printTables(runs, measurements, summary);
  console.log('');
  printNotes(measurements, summary);
  console.log('');
  printTargets(summary.targets);
}

/** The body of bench/results/cleanup.json. */
function results(sc: Scenario, runs: number, info: object, measurements: Measurement[], summary: Summary) {
  const { of, medians, fastest, ratio, targets } = summary;
  const seeds = measurements.map((m) => m.seeding.totalMs);
  return {
    machine: info,
    scenario: {
      thisRun: { runKey: sc.own.runKey, stoppedContainers: OWN, danglingImages: OWN },
      otherLiveRun: {
        runKey: sc.other.runKey,
        stoppedContainers: OTHER,
        danglingImages: OTHER,
        leaseVolume: sc.leaseVolume,
      },
      bystanders: {
        runningContainers: RUNNING,
        taggedImages: sc.tagged.map((t) => t.ref),
        baseImage: BASE,
      },
      postState: { 'run-key': sc.own.runKey, cleanup: JSON.parse(CLEANUP_STATE), 'created-images': [] },
      runs,
      order: 'rotating per run: a,b,c then b,c,a then c,a,b …; each approach from its own fresh seed',
      seeding:
        'untimed: one docker load tar (253 images, one shared layer), docker create ×250 (' +
        `${CREATE_CONCURRENCY} at once) + docker start in ${START_BATCHES} batches, waited until exited`,
    },
    timed: {
      shipshape:
        'spawn() to exit of `node dist/post/index.js` (harness runPostStep); callMs: the whole runPostStep() call',
      commands: `spawn() to exit of sh -c '${COMMANDS.commands}'`,
      prune: `spawn() to exit of sh -c '${COMMANDS.prune}'`,
    },
    measurements: measurements.map((m) => ({
      ...m,
      seconds: seconds(m.ms),
      ms: undefined,
      callSeconds: m.callMs === undefined ? undefined : seconds(m.callMs),
      callMs: undefined,
      seeding: msToSeconds(m.seeding),
    })),
    summary: {
      unit: 's',
      medians: perApproach(APPROACHES, (a) => seconds(medians[a])),
      times: perApproach(APPROACHES, (a) => of(a).map((m) => seconds(m.ms))),
      shipshapeRunPostStepMedian: seconds(median(of('shipshape').map((m) => m.callMs!))),
      fastestCompetitor: fastest,
      ratio: Math.round(ratio * 100) / 100,
      removed: perApproach(APPROACHES, (a) => ({
        ownContainers: of(a).map((m) => m.removed.ownContainers),
        ownImages: of(a).map((m) => m.removed.ownImages),
        others: of(a).map(othersRemoved),
        othersByKind: of(a).map((m) => Object.fromEntries(OTHERS_KEYS.map((k) => [k, m.removed[k]]))),
      })),
      seedingSeconds: {
        median: seconds(median(seeds)),
        min: seconds(Math.min(...seeds)),
        max: seconds(Math.max(...seeds)),
      },
      targets,
      pass: targets.every((t) => t.pass),
    },
  };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(repoRoot, 'dist/post/index.js'))) {
    throw new Error('dist/post/index.js is missing: run `npm run bundle` first');
  }
  await ensureBaseImage(BASE);
  const baseId = (await mustDocker(['image', 'inspect', '--format', '{{.Id}}', BASE])).trim();
  const server = await new Docker().server();
  const sc = newScenario(baseId);
  current = sc;

  try {
    await refuseForeign(sc, opts);
    console.log(
      `this run ${sc.own.runKey}, other live run ${sc.other.runKey}, ${opts.runs} run(s) of 3 approaches`,
    );
    const measurements = await runApproaches(sc, opts);
    const summary = summarize(measurements);
    const info = await machineBasics(server);
    printReport(opts.runs, info, measurements, summary);
    writeResults('cleanup', results(sc, opts.runs, info, measurements, summary));
  } finally {
    if (!interrupt.stopping) {
      await teardown(sc);
    }
  }
}

// Ctrl-C or a kill: remove what was seeded before going.
const interrupt = teardownOnSignal('seeded', () => (current ? teardown(current) : Promise.resolve()));

runMain(main);
