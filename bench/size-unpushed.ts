// Size benchmark, unpushed image (issue #14): the size report of a pull request's image that is not pushed
// (every pull request, every `push: false` run), against the method before it and against what users do
// for exact numbers.
//
// Scenario, built with the engine's BuildKit (DOCKER_BUILDKIT=1 /usr/bin/docker build) from one Dockerfile:
//     FROM shipshape-test/busybox:1
//     COPY libs /libs                                 ~965 MB of this machine's own libraries
//     ARG CHANGE=abc
//     RUN printf "$CHANGE" > /x # bench <nonce>       3 bytes
//   libs/ is a temp dir under /tmp of hard links (copies across file systems) to regular files of /usr/lib,
//   each inode once: the architecture's library dir first (/usr/lib/x86_64-linux-gnu), then the others by
//   name, until 965 MB.
//   main  <registry>/bench/big:main, CHANGE=abc, pushed to a local docker-registry started by this benchmark,
//         then removed from the engine: the base branch's image, only in the registry;
//   pr    <registry>/bench/big:pr-1, CHANGE=xyz, built (the COPY from the build cache: the same layer) and
//         NOT pushed. 3 layers, only the last differs from main's;
//   tiny  the same Dockerfile without the COPY (<registry>/bench/tiny:main pushed, :pr-1 built): 2 layers.
//
// Approaches, each in a child process (`node --import tsx bench/size-unpushed.ts --child <spec>`) under
// /usr/bin/time, N runs each, the order rotating (a,b,c,t; b,c,t,a; …). The time is the work inside the
// child, without Node's startup (the process's whole time is reported too):
//   (a) shipshape: buildSizeReport (src/size/report.ts) with the size settings readSizeSettings makes for
//       `size-base: <registry>/bench/big:main`, Docker.connect() and a new RegistryClient, timed from the
//       engine's inspect of pr to the report. Checked, so a broken run cannot be fast: no warning; layers 1–2
//       take main's exact sizes from the registry (compressedHow 'registry', equal to main's manifest);
//       layer 3 is measured from the layer store ('layer-store', 20 B–4 kB); only layer 3's tar is read, no
//       `docker save`; the engine's size; the base found and the diff changing layer 3 only;
//   (b) the method before (HEAD's src/size/measure.ts saveAndCompress and readSavedImage, copied here):
//       `docker image save --output` to a temp file, every layer gzipped (level 6) from it, the file removed;
//   (c) what users do for exact numbers: `docker tag` + `docker push` of pr to a scratch docker-registry
//       (a new one each run, so it is empty), then its manifest's layer sizes;
//   (t) (a) on the tiny image, checked the same way.
// Also measured: bytes read from the engine ((a), (t): the layer tars read from its layer store plus any
// `docker save` stream, counted by wrapping LayerStore.layerTar and Docker.saveStream in the child; (b) the
// saved tar; (c) the blobs the push uploaded: what the scratch registry stores but the manifest), the peak
// RSS of the child's process tree (/usr/bin/time %M: its largest process), dockerd's RSS growth (/proc
// sampled every 100 ms), and each estimate's error against what (c)'s push stored (the sum of its
// manifest's layer sizes).
// Targets: every (a) and (t) report right; median(a) − median(t) ≤ 2 s; |error of (a)| ≤ 2% in every run;
// median(a) below median(b) and below median(c). The benchmark exits non-zero only when it crashes.
//
// A running container (`sleep`) on each pr-1 image keeps it in the engine: a job sharing the daemon that
// removes every image (`docker rmi -f`, as the cache integration tests' fresh runner does) cannot remove
// an image a running container uses.
//
// Cleanup, at the end and on an error or Ctrl-C: those containers, the images, this run's build cache
// records (the RUN steps naming the nonce, the COPY records under them, the ≥ 100 MB context record of the
// builds), the registries and what was pushed to them, the libraries' dir and the other temp dirs. The base
// image stays.
//
// Usage: npx tsx bench/size-unpushed.ts [--runs N]   (default 3; results in bench/results/size-unpushed.json)
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  copyFileSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { formatBytes } from '../src/common/format.js';
import { Docker, parseHumanSize, parsePushDigest, type ImageInspect } from '../src/engine/docker.js';
import { LayerStore } from '../src/engine/layer-store.js';
import type { GitContext } from '../src/naming/git-context.js';
import { parseImageName } from '../src/naming/reference.js';
import { RegistryClient, type ImageManifest } from '../src/registry/api.js';
import { readSizeSettings, type SizeGroup } from '../src/settings/size.js';
import type { CompressedHow } from '../src/size/layers.js';
import { buildSizeReport } from '../src/size/report.js';
import { docker, ensureBaseImage, startRegistry, type Registry } from '../__tests__/harness/fixtures.js';
import {
  byApproach,
  median,
  parseBenchArgs,
  perApproach,
  printTable,
  printTargets,
  range,
  rotation,
  round,
  runMain,
  sec,
  seconds,
  sum,
  teardownOnSignal,
  timeCells,
  writeResults,
  type Target,
} from './report.js';
import { machineInfo, machineSummary, mustDocker, timedRun, type MachineBasics } from './timing.js';

const BASE = 'shipshape-test/busybox:1';
const REPO_BIG = 'bench/big';
const REPO_TINY = 'bench/tiny';
const TAG_MAIN = 'main';
const TAG_PR = 'pr-1';
/** The last layer's 3 bytes on main and on the pull request. */
const CHANGE = { main: 'abc', pr: 'xyz' } as const;
/** Bytes of the machine's libraries the big image copies. */
const LIBRARY_BYTES = 965_000_000;
const LIBRARY_ROOT = '/usr/lib';
/** Free space needed where the libraries are linked and where the engine keeps its data. */
const FREE_BYTES_NEEDED = 6_000_000_000;
/** The client that drives the engine's BuildKit without buildx (Debian's). */
const BUILD_CLIENT = '/usr/bin/docker';
const TIME = '/usr/bin/time';
const SELF = fileURLToPath(import.meta.url);
/** Sane bounds of the gzip size of a layer holding one 3-byte file. */
const SMALL_LAYER = { min: 20, max: 4096 };
const TARGET_EXTRA_SECONDS = 2;
const TARGET_ERROR_PERCENT = 2;

const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

type ApproachName = 'shipshape' | 'save' | 'push' | 'tiny';
const APPROACHES: ApproachName[] = ['shipshape', 'save', 'push', 'tiny'];
const TITLES: Record<ApproachName, string> = {
  shipshape: '(a) shipshape buildSizeReport',
  save: '(b) docker save + gzip -6 of every layer',
  push: '(c) docker push + manifest',
  tiny: '(t) shipshape, tiny image',
};

// ---- the child processes ---------------------------------------------------------------------------
// Each approach runs in its own process, so /usr/bin/time gives its peak RSS; it writes its result, as JSON,
// to the file `out` names.

interface ReportSpec {
  approach: 'shipshape' | 'tiny';
  out: string;
  imageId: string;
  /** The image's name (`<registry>/bench/big`) and the reference it was built as (`…:pr-1`). */
  name: string;
  reference: string;
  /** `size-base`: main's reference in the registry. */
  base: string;
  dockerfile: string;
}

interface SaveSpec {
  approach: 'save';
  out: string;
  imageId: string;
  workDir: string;
}

interface PushSpec {
  approach: 'push';
  out: string;
  imageId: string;
  /** `<scratch registry>/bench/big:pr-1`. */
  target: string;
  registryUrl: string;
}

type ChildSpec = ReportSpec | SaveSpec | PushSpec;

interface ReportLayer {
  diffId: string;
  instruction: string;
  size?: number;
  compressedSize?: number;
  compressedHow?: CompressedHow;
}

interface ReportResult {
  kind: 'report';
  ms: number;
  transport: string;
  image: { size?: number; compressedSize?: number; compressedSource: string; layers: ReportLayer[] };
  base?: { found: boolean; reason?: string; layers: number };
  diff?: { afterIndex?: number; change: string }[];
  warnings: string[];
  /** Every layer tar read from the engine's layer store: its position (0-based) and bytes. */
  layerStoreReads: { index: number; bytes: number }[];
  /** Bytes of any `docker save` stream read (the fallback). */
  saveBytes: number;
  registry: { requests: number; bytes: number };
}

interface SaveResult {
  kind: 'save';
  ms: number;
  steps: { saveMs: number; gzipMs: number; removeMs: number };
  archiveBytes: number;
  compressed: (number | undefined)[];
}

interface PushResult {
  kind: 'push';
  ms: number;
  steps: { tagMs: number; pushMs: number; manifestMs: number };
  digest: string;
  configDigest: string;
  layerSizes: number[];
}

type ChildResult = (ReportResult | SaveResult | PushResult) & { maxRssKiB: number };

/** The size group src/settings builds for a pull request with `size-base` set and no comment. */
function sizeGroup(spec: ReportSpec): SizeGroup {
  const inputs: Record<string, string> = { 'size-base': spec.base, 'size-comment': 'never' };
  const image = parseImageName(spec.name);
  const git: GitContext = {
    eventName: 'pull_request',
    ref: 'refs/pull/1/merge',
    sha: '0123456789abcdef0123456789abcdef01234567',
    repository: 'acme/shipshape-bench',
    defaultBranch: 'main',
    prNumber: 1,
    prBaseRef: 'main',
    isFork: false,
    repo: {},
  };
  const settings = readSizeSettings(
    (input) => inputs[input] ?? '',
    git,
    image,
    { tags: '', flavor: '' },
    new Date(),
  );
  return {
    ...settings,
    subject: { image, reference: spec.reference, dockerfile: spec.dockerfile, target: '', buildArgs: [] },
  };
}

/** (a) and (t): the report, with what it read from the engine's layer store and `docker save` counted. */
async function childReport(spec: ReportSpec): Promise<ReportResult> {
  const layerStoreReads: ReportResult['layerStoreReads'] = [];
  const layerTar = LayerStore.prototype.layerTar;
  LayerStore.prototype.layerTar = async function* (this: LayerStore, diffIds: string[], index: number) {
    const read = { index, bytes: 0 };
    layerStoreReads.push(read);
    for await (const chunk of layerTar.call(this, diffIds, index)) {
      read.bytes += chunk.length;
      yield chunk;
    }
  };
  let saveBytes = 0;
  const saveStream = Docker.prototype.saveStream;
  Docker.prototype.saveStream = function (this: Docker, image: string) {
    const program = saveStream.call(this, image);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        saveBytes += chunk.length;
        done(null, chunk);
      },
    });
    program.stdout.pipe(counter);
    return { ...program, stdout: counter };
  };

  const engine = Docker.connect();
  const registry = new RegistryClient([]);
  const settings = sizeGroup(spec);
  const warnings: string[] = [];
  const started = performance.now();
  // Timed with the report: the action inspects the built image once, for its summary and the report.
  const [image] = await engine.inspectImages([spec.imageId]);
  if (!image) throw new Error(`${spec.reference} (${spec.imageId}) is not in the engine`);
  const report = await buildSizeReport(
    { settings, docker: engine, image, digest: '', warn: (message) => warnings.push(message) },
    registry,
  );
  const ms = performance.now() - started;
  return {
    kind: 'report',
    ms,
    transport: engine.transport,
    image: {
      size: report.image.size,
      compressedSize: report.image.compressedSize,
      compressedSource: report.image.compressedSource,
      layers: report.image.layers.map((l) => ({
        diffId: l.diffId,
        instruction: l.instruction,
        size: l.size,
        compressedSize: l.compressedSize,
        compressedHow: l.compressedHow,
      })),
    },
    base: report.base && {
      found: report.base.found,
      reason: report.base.reason,
      layers: report.base.image?.layers.length ?? 0,
    },
    diff: report.diff?.layers.map((row) => ({ afterIndex: row.afterIndex, change: row.change })),
    warnings,
    layerStoreReads,
    saveBytes,
    registry: { requests: registry.requests.length, bytes: sum(registry.requests.map((r) => r.bytes)) },
  };
}

/**
 * (b), the method before, as HEAD's src/size/measure.ts had it (saveAndCompress): `docker save` to a file
 * in a temp dir, every layer of it gzipped to count its compressed bytes, the dir removed.
 */
async function childSave(spec: SaveSpec): Promise<SaveResult> {
  const started = performance.now();
  const dir = await mkdtemp(path.join(spec.workDir, 'size-'));
  try {
    const archive = path.join(dir, 'image.tar');
    const saved = await timedRun('docker', ['image', 'save', '--output', archive, spec.imageId]);
    if (saved.code !== 0) throw new Error(`docker image save failed (${saved.code}): ${saved.output}`);
    const archiveBytes = (await stat(archive)).size;
    const t1 = performance.now();
    const { files, gzipped } = await readSavedImage(archive);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as {
      Config: string;
      Layers: string[];
    }[];
    const entry = manifest[0];
    if (!entry) throw new Error('docker save wrote no manifest.json');
    const compressed = entry.Layers.map((layer) => gzipped.get(layer));
    const t2 = performance.now();
    await rm(dir, { recursive: true, force: true });
    const t3 = performance.now();
    return {
      kind: 'save',
      ms: t3 - started,
      steps: { saveMs: t1 - started, gzipMs: t2 - t1, removeMs: t3 - t2 },
      archiveBytes,
      compressed,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * HEAD's readSavedImage: a `docker save` archive read once, small JSON files kept whole, every entry's
 * gzip size (level 6) counted.
 */
async function readSavedImage(
  archive: string,
): Promise<{ files: Map<string, Buffer>; gzipped: Map<string, number> }> {
  const files = new Map<string, Buffer>();
  const gzipped = new Map<string, number>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '');
    if (header.type !== 'file') {
      stream.on('end', next);
      stream.resume();
      return;
    }
    const keep =
      name.endsWith('.json') ||
      (name.startsWith('blobs/') && header.size !== undefined && header.size < 4_000_000);
    const chunks: Buffer[] = [];
    let bytes = 0;
    const gzip = createGzip({ level: 6 });
    gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
    gzip.on('end', () => {
      gzipped.set(name, bytes);
      if (keep) files.set(name, Buffer.concat(chunks));
      next();
    });
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      if (keep) chunks.push(chunk);
      // Backpressure: gzip is slower than reading; hold the tar stream while it catches up.
      if (!gzip.write(chunk)) {
        stream.pause();
        gzip.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => gzip.end());
    stream.on('error', (error: Error) => gzip.destroy(error));
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    const input = createReadStream(archive);
    input.on('error', reject);
    input.pipe(reader);
  });
  return { files, gzipped };
}

/** (c): tag, push, read the manifest the registry stored. */
async function childPush(spec: PushSpec): Promise<PushResult> {
  const started = performance.now();
  const tag = await timedRun('docker', ['tag', spec.imageId, spec.target]);
  if (tag.code !== 0) throw new Error(`docker tag failed (${tag.code}): ${tag.output}`);
  const push = await timedRun('docker', ['push', spec.target]);
  if (push.code !== 0) throw new Error(`docker push ${spec.target} failed (${push.code}):\n${push.output}`);
  const digest = parsePushDigest(push.output);
  if (!digest) throw new Error(`docker push ${spec.target} printed no digest:\n${push.output}`);
  const t2 = performance.now();
  const repository = spec.target.slice(spec.target.indexOf('/') + 1).replace(/:[^:/]+$/, '');
  const res = await fetch(`${spec.registryUrl}/v2/${repository}/manifests/${digest}`, {
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (!res.ok) throw new Error(`reading the manifest of ${spec.target}: HTTP ${res.status}`);
  const manifest = (await res.json()) as ImageManifest;
  const ms = performance.now() - started;
  return {
    kind: 'push',
    ms,
    steps: { tagMs: tag.ms, pushMs: push.ms, manifestMs: performance.now() - t2 },
    digest,
    configDigest: manifest.config.digest,
    layerSizes: manifest.layers.map((l) => l.size),
  };
}

/** The child's entry: runs one approach, writes its result and its own peak RSS, exits. */
function childMain(specJson: string): void {
  const spec = JSON.parse(specJson) as ChildSpec;
  const work =
    spec.approach === 'save'
      ? childSave(spec)
      : spec.approach === 'push'
        ? childPush(spec)
        : childReport(spec);
  work.then(
    (result) => {
      const maxRssKiB = process.resourceUsage().maxRSS;
      writeFileSync(spec.out, JSON.stringify({ ...result, maxRssKiB }));
      // Docker.connect() may keep a socket open: do not wait for it.
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}

// ---- measuring a child from the outside ------------------------------------------------------------

/** The daemon's pid when it runs on this machine (its RSS is sampled), else `undefined`. */
function dockerdPid(): number | undefined {
  try {
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd' ? pid : undefined;
  } catch {
    return undefined;
  }
}

function rssKiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped: its value at the start and its peak. */
function sampleRss(
  pid: number,
  everyMs = 100,
): { stop: () => { startKiB: number; peakKiB: number } | undefined } {
  const start = rssKiB(pid);
  let peak = start ?? 0;
  const sample = () => {
    const value = rssKiB(pid);
    if (value !== undefined && value > peak) peak = value;
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return start === undefined ? undefined : { startKiB: start, peakKiB: peak };
    },
  };
}

const hasTime = (() => {
  try {
    accessSync(TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

interface ChildRun {
  result: ChildResult;
  /** spawn() to exit of the child, Node's startup included. */
  processMs: number;
  /** The largest process of the child's tree (/usr/bin/time %M), KiB; the child's own without it. */
  peakRssKiB: number;
  dockerd?: { startKiB: number; peakKiB: number };
}

let childCount = 0;

async function inChild(
  spec: Omit<ReportSpec, 'out'> | Omit<SaveSpec, 'out'> | Omit<PushSpec, 'out'>,
): Promise<ChildRun> {
  const out = path.join(state.workDir, `child-${++childCount}.json`);
  const timeFile = `${out}.time`;
  const nodeArgs = ['--import', 'tsx', SELF, '--child', JSON.stringify({ ...spec, out })];
  const sampler = state.dockerdPid ? sampleRss(state.dockerdPid) : undefined;
  const run = hasTime
    ? await timedRun(TIME, ['-o', timeFile, '-f', '%M', process.execPath, ...nodeArgs])
    : await timedRun(process.execPath, nodeArgs);
  const dockerd = sampler?.stop();
  if (run.code !== 0)
    throw new Error(`the ${spec.approach} child failed (${run.code}):\n${run.output.slice(-4000)}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  const timed = hasTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : NaN;
  return {
    result,
    processMs: run.ms,
    peakRssKiB: Number.isFinite(timed) ? timed : result.maxRssKiB,
    dockerd,
  };
}

// ---- the scenario ----------------------------------------------------------------------------------

interface Libraries {
  dir: string;
  files: number;
  bytes: number;
  linked: number;
  copied: number;
  /** Bytes taken from each directory of /usr/lib. */
  sources: Record<string, number>;
}

/**
 * Hard links (copies where a link cannot be made) under `dest`/libs to regular files of /usr/lib, each inode
 * once, the architecture's library dirs first, then the others by name, each file whole, up to `budget` bytes.
 */
function linkLibraries(dest: string, budget: number): Libraries {
  const libs = path.join(dest, 'libs');
  const got: Libraries = { dir: libs, files: 0, bytes: 0, linked: 0, copied: 0, sources: {} };
  const full = () => budget - got.bytes < 1_000_000;
  const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // A file under two names is one inode: the layer would hold it once (a tar hard link).
  const seen = new Set<string>();
  const walk = (dir: string, top: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) => byName(x.name, y.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (full()) return;
      const from = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(from, top);
      if (!entry.isFile()) continue;
      const { size, dev, ino } = statSync(from);
      if (got.bytes + size > budget || seen.has(`${dev}:${ino}`)) continue;
      const to = path.join(libs, path.relative(LIBRARY_ROOT, from));
      mkdirSync(path.dirname(to), { recursive: true });
      try {
        linkSync(from, to);
        got.linked++;
      } catch {
        try {
          copyFileSync(from, to);
          got.copied++;
        } catch {
          continue;
        }
      }
      seen.add(`${dev}:${ino}`);
      got.files++;
      got.bytes += size;
      got.sources[top] = (got.sources[top] ?? 0) + size;
    }
  };
  const tops = readdirSync(LIBRARY_ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(byName);
  const arch = tops.filter((name) => /-linux-gnu/.test(name));
  for (const top of [...arch, ...tops.filter((name) => !arch.includes(name))]) {
    if (full()) break;
    walk(path.join(LIBRARY_ROOT, top), top);
  }
  if (got.bytes < budget / 2) {
    throw new Error(
      `only ${formatBytes(got.bytes)} of regular files under ${LIBRARY_ROOT}; the scenario needs about ${formatBytes(budget)}`,
    );
  }
  return got;
}

function dockerfile(nonce: string, withLibraries: boolean): string {
  return [
    `FROM ${BASE}`,
    ...(withLibraries ? ['COPY libs /libs'] : []),
    `ARG CHANGE=${CHANGE.main}`,
    // The comment names the run in the step's build cache record, so the benchmark can prune its own.
    `RUN printf "$CHANGE" > /x # bench ${nonce}`,
    '',
  ].join('\n');
}

interface Built {
  reference: string;
  id: string;
  diffIds: string[];
  /** Uncompressed bytes, the engine's `Size`. */
  size: number;
  buildMs: number;
}

interface Pushed extends Built {
  digest: string;
  manifest: ImageManifest;
  pushMs: number;
}

interface Pair {
  label: 'big' | 'tiny';
  /** `<registry>/bench/big`. */
  name: string;
  context: string;
  dockerfile: string;
  main: Pushed;
  pr: Built;
}

interface Scenario {
  registry: Registry;
  libraries: Libraries;
  big: Pair;
  tiny: Pair;
}

interface CacheRecord {
  ID: string;
  CacheType?: string;
  Description?: string;
  CreatedAt?: string;
  Parent?: string;
  Size?: string;
}

interface State {
  registry?: Registry;
  /** The scratch registry of the (c) run under way. */
  scratch?: Registry;
  refs: string[];
  ids: string[];
  dirs: string[];
  /** A running container on each pr-1 image, so that no one else can remove it. */
  containers: string[];
  baseId: string;
  /** In the RUN step of every image, so in the descriptions of its build cache records. */
  nonce: string;
  /** When the first build started (ms since the epoch): the context record is newer. */
  startedMs: number;
  /** Build cache records found to be this run's (the COPY records are found through their RUN children). */
  cacheIds: Set<string>;
  workDir: string;
  dockerdPid?: number;
}
const state: State = {
  refs: [],
  ids: [],
  dirs: [],
  containers: [],
  baseId: '',
  nonce: '',
  startedMs: 0,
  cacheIds: new Set(),
  workDir: '',
};

async function buildCache(): Promise<CacheRecord[]> {
  const out = await mustDocker(['system', 'df', '--verbose', '--format', '{{json .BuildCache}}']);
  return (JSON.parse(out.trim() || 'null') ?? []) as CacheRecord[];
}

/** `2026-11-30 02:52:36.012384111 +0000 UTC` (the engine's CreatedAt) as ms since the epoch. */
function createdMs(text = ''): number {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))? ([+-]\d\d)(\d\d)/.exec(text);
  if (!m) return NaN;
  return Date.parse(`${m[1]}T${m[2]}.${(m[3] ?? '0').padEnd(3, '0').slice(0, 3)}${m[4]}:${m[5]}`);
}

/**
 * This run's build cache records still there, newest first: the RUN steps (their descriptions name the
 * nonce), the COPY of the libraries under them (a `fileop target` record, the RUN's parent) and the
 * context the builds sent (`local source for context`, ≥ 100 MB, made since the first build). A COPY record
 * is only found while its RUN children are there, so every record found is remembered.
 */
async function ownBuildCache(): Promise<string[]> {
  if (!state.nonce) return [];
  const records = await buildCache();
  const named = records.filter((r) => r.Description?.includes(`bench ${state.nonce}`));
  const parents = new Set(named.map((r) => r.Parent).filter(Boolean));
  const copies = records.filter((r) => parents.has(r.ID) && r.Description === 'fileop target');
  const contexts = records.filter(
    (r) =>
      r.CacheType === 'source.local' &&
      r.Description === 'local source for context' &&
      createdMs(r.CreatedAt) >= state.startedMs - 2000 &&
      (parseHumanSize(r.Size ?? '') ?? 0) >= 100_000_000,
  );
  for (const r of [...named, ...copies, ...contexts]) state.cacheIds.add(r.ID);
  return records
    .filter((r) => state.cacheIds.has(r.ID))
    .sort((x, y) => (y.CreatedAt ?? '').localeCompare(x.CreatedAt ?? ''))
    .map((r) => r.ID);
}

/** Prunes this run's build cache records (one id per call: the engine takes one value per filter). */
async function pruneOwnBuildCache(): Promise<number> {
  for (let pass = 0; pass < 3; pass++) {
    const ids = await ownBuildCache();
    if (ids.length === 0) return 0;
    for (const id of ids) await docker(['builder', 'prune', '--force', '--all', '--filter', `id=${id}`]);
  }
  return (await ownBuildCache()).length;
}

async function build(reference: string, context: string, change: string): Promise<Built> {
  const iidfile = path.join(state.workDir, `iid-${reference.replace(/\W+/g, '-')}`);
  state.refs.push(reference);
  const args = ['build', '--progress', 'plain', '--iidfile', iidfile, '--build-arg', `CHANGE=${change}`];
  const r = await timedRun(BUILD_CLIENT, [...args, '-t', reference, context], { DOCKER_BUILDKIT: '1' });
  if (r.code !== 0) throw new Error(`building ${reference} failed (${r.code}):\n${r.output.slice(-4000)}`);
  const id = readFileSync(iidfile, 'utf8').trim();
  state.ids.push(id);
  const [inspect] = JSON.parse(await mustDocker(['image', 'inspect', id])) as ImageInspect[];
  return { reference, id, diffIds: inspect.RootFS.Layers ?? [], size: inspect.Size, buildMs: r.ms };
}

async function push(built: Built, registry: Registry, repository: string): Promise<Pushed> {
  const r = await timedRun('docker', ['push', built.reference]);
  if (r.code !== 0) throw new Error(`docker push ${built.reference} failed (${r.code}):\n${r.output}`);
  const digest = parsePushDigest(r.output);
  if (!digest) throw new Error(`docker push ${built.reference} printed no digest:\n${r.output}`);
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${digest}`, {
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (!res.ok) throw new Error(`reading the manifest of ${built.reference}: HTTP ${res.status}`);
  const manifest = (await res.json()) as ImageManifest;
  if (manifest.config?.digest !== built.id || manifest.layers?.length !== built.diffIds.length) {
    throw new Error(`${built.reference}: the manifest does not describe ${built.id}`);
  }
  return { ...built, digest, manifest, pushMs: r.ms };
}

/**
 * A running container on an image: the engine refuses to remove an image (or its tags) that a running
 * container uses, even by `rmi -f`, so a job sharing the daemon that removes every image (as the cache
 * tests' fresh runner does) leaves it.
 */
async function guard(id: string): Promise<string> {
  const container = (
    await mustDocker(['run', '--detach', '--rm', '--network', 'none', id, 'sleep', '86400'])
  ).trim();
  state.containers.push(container);
  return container;
}

/** pr-1 shares every layer of main but the last. */
const sharesAllButLast = (main: Built, pr: Built) => {
  const n = main.diffIds.length;
  return (
    pr.diffIds.length === n &&
    pr.diffIds.slice(0, n - 1).join() === main.diffIds.slice(0, n - 1).join() &&
    pr.diffIds[n - 1] !== main.diffIds[n - 1]
  );
};

/**
 * Builds main, then pr-1 right away (its COPY from the build cache), keeps both, pushes main, removes it
 * from the engine. A job sharing the daemon may prune the build cache between the two builds (`docker
 * builder prune -af`): then both are built again, up to 3 times.
 */
async function preparePair(
  label: Pair['label'],
  registry: Registry,
  repository: string,
  context: string,
): Promise<Pair> {
  const name = `${registry.host}/${repository}`;
  for (let attempt = 1; ; attempt++) {
    process.stdout.write(`${label}: building main … `);
    const builtMain = await build(`${name}:${TAG_MAIN}`, context, CHANGE.main);
    process.stdout.write(`${sec(builtMain.buildMs)} s; pr-1 … `);
    const pr = await build(`${name}:${TAG_PR}`, context, CHANGE.pr);
    process.stdout.write(`${sec(pr.buildMs)} s; `);
    if (!sharesAllButLast(builtMain, pr)) {
      console.log('pr-1 does not share all but its last layer with main: was the build cache pruned?');
      if (attempt === 3) throw new Error(`${label}: pr-1 does not share all but its last layer with main`);
      await docker(['image', 'rm', '--force', builtMain.reference, pr.reference]);
      continue;
    }
    await guard(pr.id);
    const mainGuard = await guard(builtMain.id);
    process.stdout.write('pushing main … ');
    await mustDocker(['tag', builtMain.id, builtMain.reference]);
    const main = await push(builtMain, registry, repository);
    console.log(`${sec(main.pushMs)} s`);
    // The base branch's image is in the registry only, as on a fresh runner.
    await mustDocker(['container', 'rm', '--force', mainGuard]);
    state.containers = state.containers.filter((c) => c !== mainGuard);
    await docker(['image', 'rm', main.reference]);
    if ((await docker(['image', 'inspect', main.id])).code === 0)
      throw new Error(`${main.reference} is still local`);
    return { label, name, context, dockerfile: path.join(context, 'Dockerfile'), main, pr };
  }
}

function checkFreeSpace(dirs: string[]): void {
  for (const dir of dirs) {
    const fs = statfsSync(dir);
    const free = fs.bavail * fs.bsize;
    if (free < FREE_BYTES_NEEDED) {
      throw new Error(
        `${dir} has ${formatBytes(free)} free; the benchmark needs ${formatBytes(FREE_BYTES_NEEDED)}`,
      );
    }
  }
}

async function prepareScenario(registry: Registry): Promise<Scenario> {
  state.nonce = randomBytes(6).toString('hex');
  const bigContext = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-libs-'));
  const tinyContext = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-tiny-'));
  state.dirs.push(bigContext, tinyContext);
  process.stdout.write(`linking ${formatBytes(LIBRARY_BYTES)} of ${LIBRARY_ROOT} into ${bigContext} … `);
  const libraries = linkLibraries(bigContext, LIBRARY_BYTES);
  console.log(
    `${libraries.files} files, ${formatBytes(libraries.bytes)} (${libraries.linked} linked, ${libraries.copied} copied)`,
  );
  writeFileSync(path.join(bigContext, 'Dockerfile'), dockerfile(state.nonce, true));
  writeFileSync(path.join(tinyContext, 'Dockerfile'), dockerfile(state.nonce, false));
  state.startedMs = Date.now();
  const big = await preparePair('big', registry, REPO_BIG, bigContext);
  const tiny = await preparePair('tiny', registry, REPO_TINY, tinyContext);
  // Found now, while the RUN records point at the COPY record under them.
  await ownBuildCache();
  return { registry, libraries, big, tiny };
}

// ---- the approaches --------------------------------------------------------------------------------

interface Measurement {
  approach: ApproachName;
  run: number;
  position: number;
  /** The work inside the child. */
  ms: number;
  processMs: number;
  peakRssKiB: number;
  childRssKiB: number;
  dockerd?: { startKiB: number; peakKiB: number };
  /** (a), (t): layer tars and `docker save` bytes read; (b): the saved tar; (c): the blobs uploaded. */
  engineBytes: number;
  /** The compressed size per layer, and how (a) found each. */
  compressed: (number | undefined)[];
  how?: (CompressedHow | undefined)[];
  compressedTotal?: number;
  problems: string[];
  report?: ReportResult;
  save?: SaveResult;
  push?: PushResult & { blobs: number; blobBytes: number };
}

function reportSpec(pair: Pair, approach: ReportSpec['approach']): Omit<ReportSpec, 'out'> {
  return {
    approach,
    imageId: pair.pr.id,
    name: pair.name,
    reference: pair.pr.reference,
    base: pair.main.reference,
    dockerfile: pair.dockerfile,
  };
}

/** Everything wrong with a report of pair's pr-1: see the header. */
function checkReport(pair: Pair, r: ReportResult): string[] {
  const problems = r.warnings.map((w) => `warning: ${w}`);
  const layers = r.image.layers;
  const n = pair.pr.diffIds.length;
  if (layers.length !== n) return [...problems, `${layers.length} layers, expected ${n}`];
  layers.forEach((layer, i) => {
    const where = `layer ${i + 1}`;
    if (layer.diffId !== pair.pr.diffIds[i]) problems.push(`${where}: diff ID ${layer.diffId}`);
    if (i < n - 1) {
      if (layer.compressedHow !== 'registry') problems.push(`${where}: compressedHow ${layer.compressedHow}`);
      if (layer.compressedSize !== pair.main.manifest.layers[i].size) {
        problems.push(
          `${where}: ${layer.compressedSize} B, main's manifest says ${pair.main.manifest.layers[i].size}`,
        );
      }
    } else {
      if (layer.compressedHow !== 'layer-store')
        problems.push(`${where}: compressedHow ${layer.compressedHow}`);
      const size = layer.compressedSize;
      if (size === undefined || size < SMALL_LAYER.min || size > SMALL_LAYER.max) {
        problems.push(`${where}: ${size} B compressed, expected ${SMALL_LAYER.min}–${SMALL_LAYER.max}`);
      }
      if (layer.size !== CHANGE.pr.length) problems.push(`${where}: uncompressed ${layer.size}, expected 3`);
    }
  });
  if (r.image.compressedSource !== 'estimated') problems.push(`compressedSource ${r.image.compressedSource}`);
  const total = sum(layers.map((l) => l.compressedSize ?? NaN));
  if (r.image.compressedSize !== total)
    problems.push(`compressed total ${r.image.compressedSize}, layers ${total}`);
  if (r.image.size !== pair.pr.size) problems.push(`size ${r.image.size}, the engine says ${pair.pr.size}`);
  if (!r.base?.found) problems.push(`base not found: ${r.base?.reason ?? 'no base in the report'}`);
  else if (r.base.layers !== n) problems.push(`base: ${r.base.layers} layers, expected ${n}`);
  const changed = (r.diff ?? []).filter((row) => row.change !== 'unchanged');
  if (!r.diff || changed.length !== 1 || changed[0].afterIndex !== n) {
    problems.push(
      `diff: changed ${changed.map((row) => `${row.afterIndex}:${row.change}`).join(', ') || 'nothing'}`,
    );
  }
  const reads = r.layerStoreReads;
  if (reads.length !== 1 || reads[0].index !== n - 1 || reads[0].bytes > 65_536) {
    problems.push(
      `layer store reads: ${reads.map((x) => `layer ${x.index + 1} ${x.bytes} B`).join(', ') || 'none'}`,
    );
  }
  if (r.saveBytes > 0) problems.push(`read ${r.saveBytes} B of docker save`);
  return problems;
}

async function measureReport(
  scenario: Scenario,
  approach: 'shipshape' | 'tiny',
): Promise<Omit<Measurement, 'run' | 'position'>> {
  const pair = approach === 'tiny' ? scenario.tiny : scenario.big;
  const child = await inChild(reportSpec(pair, approach));
  const r = child.result as ReportResult & { maxRssKiB: number };
  return {
    approach,
    ms: r.ms,
    processMs: child.processMs,
    peakRssKiB: child.peakRssKiB,
    childRssKiB: r.maxRssKiB,
    dockerd: child.dockerd,
    engineBytes: sum(r.layerStoreReads.map((x) => x.bytes)) + r.saveBytes,
    compressed: r.image.layers.map((l) => l.compressedSize),
    how: r.image.layers.map((l) => l.compressedHow),
    compressedTotal: r.image.compressedSize,
    problems: checkReport(pair, r),
    report: r,
  };
}

async function measureSave(scenario: Scenario): Promise<Omit<Measurement, 'run' | 'position'>> {
  const { pr } = scenario.big;
  const child = await inChild({ approach: 'save', imageId: pr.id, workDir: state.workDir });
  const r = child.result as SaveResult & { maxRssKiB: number };
  const problems: string[] = [];
  if (r.compressed.length !== pr.diffIds.length || r.compressed.some((x) => x === undefined)) {
    problems.push(`compressed sizes ${r.compressed.join(', ')} for ${pr.diffIds.length} layers`);
  }
  if (r.archiveBytes < pr.size) problems.push(`saved ${r.archiveBytes} B, the image has ${pr.size}`);
  if (readdirSync(state.workDir).some((f) => f.startsWith('size-'))) problems.push('the saved tar was left');
  return {
    approach: 'save',
    ms: r.ms,
    processMs: child.processMs,
    peakRssKiB: child.peakRssKiB,
    childRssKiB: r.maxRssKiB,
    dockerd: child.dockerd,
    engineBytes: r.archiveBytes,
    compressed: r.compressed,
    compressedTotal: sum(r.compressed.map((x) => x ?? NaN)),
    problems,
    save: r,
  };
}

/**
 * The blobs a push uploaded to a registry that was empty: every blob it stores (`…/blobs/sha256/xx/<hex>/data`)
 * but the manifest, which Distribution keeps among its blobs too and which is PUT, not uploaded.
 */
function uploadedBlobs(registry: Registry, manifestDigest: string): { blobs: number; bytes: number } {
  const root = path.join(registry.dir, 'data', 'docker', 'registry', 'v2', 'blobs');
  let blobs = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name === 'data' && `sha256:${path.basename(dir)}` !== manifestDigest) {
        blobs++;
        bytes += statSync(full).size;
      }
    }
  };
  walk(root);
  return { blobs, bytes };
}

async function measurePush(scenario: Scenario): Promise<Omit<Measurement, 'run' | 'position'>> {
  const { pr } = scenario.big;
  // A new registry each run, so it holds nothing: the push uploads every blob (not timed).
  const scratch = await startRegistry();
  state.scratch = scratch;
  const target = `${scratch.host}/${REPO_BIG}:${TAG_PR}`;
  state.refs.push(target);
  try {
    const child = await inChild({ approach: 'push', imageId: pr.id, target, registryUrl: scratch.url });
    const r = child.result as PushResult & { maxRssKiB: number };
    const stored = uploadedBlobs(scratch, r.digest);
    const problems: string[] = [];
    if (r.configDigest !== pr.id)
      problems.push(`pushed configuration ${r.configDigest}, the image is ${pr.id}`);
    if (r.layerSizes.length !== pr.diffIds.length)
      problems.push(`${r.layerSizes.length} layers in the manifest`);
    if (stored.blobs !== pr.diffIds.length + 1)
      problems.push(
        `${stored.blobs} blobs uploaded, expected ${pr.diffIds.length + 1} (layers and configuration)`,
      );
    return {
      approach: 'push',
      ms: r.ms,
      processMs: child.processMs,
      peakRssKiB: child.peakRssKiB,
      childRssKiB: r.maxRssKiB,
      dockerd: child.dockerd,
      engineBytes: stored.bytes,
      compressed: r.layerSizes,
      compressedTotal: sum(r.layerSizes),
      problems,
      push: { ...r, blobs: stored.blobs, blobBytes: stored.bytes },
    };
  } finally {
    await docker(['image', 'rm', target]);
    state.refs = state.refs.filter((ref) => ref !== target);
    await scratch.stop();
    state.scratch = undefined;
  }
}

/** Both pull request images are still in the engine: a missing one would show as a broken report. */
async function checkStillThere(scenario: Scenario): Promise<void> {
  for (const { pr } of [scenario.big, scenario.tiny]) {
    if ((await docker(['image', 'inspect', '--format', '{{.Id}}', pr.id])).code !== 0) {
      throw new Error(
        `${pr.reference} (${pr.id}) was removed from the engine by something else on this daemon: run the benchmark alone`,
      );
    }
  }
}

async function runApproaches(scenario: Scenario, runs: number): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const [position, approach] of rotation(APPROACHES, run).entries()) {
      await checkStillThere(scenario);
      const m =
        approach === 'save'
          ? await measureSave(scenario)
          : approach === 'push'
            ? await measurePush(scenario)
            : await measureReport(scenario, approach);
      measurements.push({ ...m, run, position: position + 1 });
      console.log(
        `run ${run}/${runs} ${approach.padEnd(9)} ${sec(m.ms)} s (process ${sec(m.processMs)} s)  ` +
          `engine bytes ${formatBytes(m.engineBytes)}, peak RSS ${formatBytes(m.peakRssKiB * 1024)}, ` +
          `compressed ${m.compressedTotal === undefined ? '?' : formatBytes(m.compressedTotal)}` +
          (m.problems.length ? `  WRONG: ${m.problems.join('; ')}` : ''),
      );
    }
  }
  return measurements;
}

// ---- report ----------------------------------------------------------------------------------------

interface Summary {
  of: (x: ApproachName) => Measurement[];
  medians: Record<ApproachName, number>;
  /** What (c)'s pushes stored: the sum of the manifest's layer sizes (the median, and every run's). */
  stored: number;
  storedRange: string;
  /** An estimate's error against `stored`, %. */
  errorPercent: (m: Measurement) => number;
  extraMs: number;
  targets: Target[];
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const medianOf = (ms: Measurement[], pick: (m: Measurement) => number) => median(ms.map(pick));
/** `+0.52%`, `-2.2e-6%`: an error too small for four decimals keeps two significant digits. */
const percent = (x: number) =>
  `${x >= 0 ? '+' : ''}${x !== 0 && Math.abs(x) < 0.001 ? x.toExponential(1) : x.toFixed(4)}%`;

function summarize(measurements: Measurement[], runs: number): Summary {
  const { of, medians } = byApproach(APPROACHES, measurements);
  const totals = of('push').map((m) => m.compressedTotal ?? NaN);
  const stored = median(totals);
  const errorPercent = (m: Measurement) => (((m.compressedTotal ?? NaN) - stored) / stored) * 100;
  const extraMs = medians.shipshape - medians.tiny;
  const right = (x: ApproachName) => of(x).filter((m) => m.problems.length === 0).length;
  const allRight = right('shipshape') === runs && right('tiny') === runs;
  const dontCount = allRight ? '' : ' (reports wrong: does not count)';
  const worstError = Math.max(...of('shipshape').map((m) => Math.abs(errorPercent(m))));
  return {
    of,
    medians,
    stored,
    storedRange: range(totals),
    errorPercent,
    extraMs,
    targets: [
      {
        target: '(a) and (t): every report right (sizes, how each was found, layers read, diff)',
        value: `${right('shipshape')}/${runs} and ${right('tiny')}/${runs} runs`,
        pass: allRight,
      },
      {
        target: `median(a) − median(t) ≤ ${TARGET_EXTRA_SECONDS} s (the 1 GB image over the tiny one)`,
        value: `${sec(medians.shipshape)} − ${sec(medians.tiny)} = ${sec(extraMs)} s${dontCount}`,
        pass: allRight && extraMs <= TARGET_EXTRA_SECONDS * 1000,
      },
      {
        target: `|error| of (a)'s estimated compressed total against what the push stored ≤ ${TARGET_ERROR_PERCENT}%`,
        value: `worst ${percent(worstError).slice(1)} (${of('shipshape')
          .map((m) => percent(errorPercent(m)))
          .join(' ')})${dontCount}`,
        pass: allRight && worstError <= TARGET_ERROR_PERCENT,
      },
      {
        target: '(a) faster than (b) and than (c) (medians)',
        value: `${sec(medians.shipshape)} s vs ${sec(medians.save)} s and ${sec(medians.push)} s${dontCount}`,
        pass: allRight && medians.shipshape < medians.save && medians.shipshape < medians.push,
      },
    ],
  };
}

function printApproachTable(summary: Summary): void {
  const { of, medians, errorPercent } = summary;
  const order: ApproachName[] = ['shipshape', 'tiny', 'save', 'push'];
  printTable(
    [
      'approach',
      'median',
      'runs',
      'process',
      'engine bytes',
      'peak RSS',
      'dockerd +RSS',
      'compressed',
      'error vs (c)',
    ],
    order.map((x) => {
      const ms = of(x);
      const growth = ms.every((m) => m.dockerd)
        ? mib(medianOf(ms, (m) => m.dockerd!.peakKiB - m.dockerd!.startKiB))
        : 'n/a';
      const compressed = medianOf(ms, (m) => m.compressedTotal ?? NaN);
      return [
        TITLES[x],
        ...timeCells(medians[x], ms),
        sec(medianOf(ms, (m) => m.processMs)),
        formatBytes(medianOf(ms, (m) => m.engineBytes)),
        mib(medianOf(ms, (m) => m.peakRssKiB)),
        growth,
        formatBytes(compressed),
        x === 'push' ? '(exact)' : x === 'tiny' ? '' : percent(median(ms.map(errorPercent))),
      ];
    }),
    1,
  );
}

/** Each layer of pr-1 as (a), (b) and (c) sized it in their last run, with main's for the shared ones. */
function printLayerTable(scenario: Scenario, summary: Summary): void {
  const last = (x: ApproachName) => summary.of(x).at(-1)!;
  const a = last('shipshape');
  const layers = a.report!.image.layers;
  printTable(
    [
      'layer',
      'instruction',
      'uncompressed',
      '(a) compressed',
      '(a) how',
      '(b) gzip -6',
      '(c) stored',
      "main's",
    ],
    layers.map((layer, i) => [
      String(i + 1),
      layer.instruction.length > 40 ? `${layer.instruction.slice(0, 39)}…` : layer.instruction,
      layer.size === undefined ? '?' : String(layer.size),
      String(layer.compressedSize ?? '?'),
      layer.compressedHow ?? '?',
      String(last('save').compressed[i] ?? '?'),
      String(last('push').compressed[i] ?? '?'),
      i < layers.length - 1 ? String(scenario.big.main.manifest.layers[i].size) : '',
    ]),
    2,
  );
}

function printNotes(scenario: Scenario, measurements: Measurement[], summary: Summary): void {
  const { of } = summary;
  const a = of('shipshape');
  const t = of('tiny');
  const steps = <K extends string>(
    ms: Measurement[],
    pick: (m: Measurement) => Record<K, number>,
    names: K[],
  ) => names.map((k) => `${k.replace(/Ms$/, '')} ${sec(median(ms.map((m) => pick(m)[k])))}`).join(', ');
  console.log(
    `(a) read from the engine's layer store: ${range(a.map((m) => m.engineBytes))} B (layer ${a[0].report!.layerStoreReads.map((r) => r.index + 1).join(', ')}), ` +
      `no docker save; from the registry: ${range(a.map((m) => m.report!.registry.requests))} requests, ` +
      `${range(a.map((m) => m.report!.registry.bytes))} B; engine reads through ${a[0].report!.transport}. ` +
      `(t): ${range(t.map((m) => m.engineBytes))} B from the layer store.`,
  );
  console.log(
    `(b) steps (medians, s): ${steps(of('save'), (m) => m.save!.steps, ['saveMs', 'gzipMs', 'removeMs'])}; ` +
      `it writes a ${formatBytes(median(of('save').map((m) => m.engineBytes)))} second copy of the image to disk meanwhile.`,
  );
  console.log(
    `(c) steps (medians, s): ${steps(of('push'), (m) => m.push!.steps, ['tagMs', 'pushMs', 'manifestMs'])}; ` +
      `uploaded ${range(of('push').map((m) => m.push!.blobs))} blobs (layers and configuration); manifest layer sizes add up to ${summary.storedRange} B.`,
  );
  console.log(
    `peak RSS: the largest process of the child's tree (${hasTime ? `${TIME} %M` : "the child's own: no /usr/bin/time"}); ` +
      `the Node child alone: ${TITLES.shipshape} ${mib(medianOf(a, (m) => m.childRssKiB))}, ${TITLES.save} ` +
      `${mib(medianOf(of('save'), (m) => m.childRssKiB))}, ${TITLES.push} ${mib(medianOf(of('push'), (m) => m.childRssKiB))}. ` +
      `dockerd +RSS: its peak over the run minus its RSS at the start, sampled every 100 ms.`,
  );
  const { big } = scenario;
  console.log(
    `scenario: main built in ${sec(big.main.buildMs)} s, pushed in ${sec(big.main.pushMs)} s; pr-1 built in ${sec(big.pr.buildMs)} s ` +
      `(the COPY cached). Libraries: ${scenario.libraries.files} files, ${formatBytes(scenario.libraries.bytes)} from ` +
      Object.entries(scenario.libraries.sources)
        .map(([dir, bytes]) => `${dir} ${formatBytes(bytes)}`)
        .join(', ') +
      '.',
  );
  for (const m of measurements.filter((x) => x.problems.length)) {
    console.log(`WRONG ${m.approach} run ${m.run}:\n  ${m.problems.join('\n  ')}`);
  }
}

function printReport(
  scenario: Scenario,
  runs: number,
  info: MachineBasics,
  measurements: Measurement[],
  summary: Summary,
): void {
  const { big, tiny } = scenario;
  console.log('');
  console.log(
    `Size report of ${big.pr.reference}, not pushed (${big.pr.diffIds.length} layers, ${formatBytes(big.pr.size)}), ` +
      `against ${big.main.reference} in the registry (${formatBytes(sum(big.main.manifest.layers.map((l) => l.size)))} compressed); ` +
      `the last layer's 3 bytes differ. Tiny: ${tiny.pr.reference} (${tiny.pr.diffIds.length} layers, ${formatBytes(tiny.pr.size)}).`,
  );
  console.log(`(${runs} run(s), seconds; ${machineSummary(info)})`);
  console.log('');
  printApproachTable(summary);
  console.log(
    'engine bytes: (a), (t) layer tars read from the layer store (+ any docker save stream); (b) the saved tar; ' +
      '(c) the blobs the push uploaded. error: the estimated compressed total against the sum of the layer sizes in (c)’s manifest.',
  );
  console.log('');
  printLayerTable(scenario, summary);
  console.log('');
  printNotes(scenario, measurements, summary);
  console.log('');
  printTargets(summary.targets);
}

function describePair(pair: Pair) {
  return {
    main: {
      reference: pair.main.reference,
      id: pair.main.id,
      digest: pair.main.digest,
      layerSizes: pair.main.manifest.layers.map((l) => l.size),
      buildSeconds: seconds(pair.main.buildMs),
      pushSeconds: seconds(pair.main.pushMs),
    },
    pr: {
      reference: pair.pr.reference,
      id: pair.pr.id,
      diffIds: pair.pr.diffIds,
      uncompressedBytes: pair.pr.size,
      buildSeconds: seconds(pair.pr.buildMs),
    },
  };
}

/** The body of bench/results/size-unpushed.json. */
function results(
  scenario: Scenario,
  runs: number,
  info: object,
  measurements: Measurement[],
  summary: Summary,
) {
  const { of, medians, errorPercent, targets } = summary;
  return {
    machine: info,
    scenario: {
      baseImage: BASE,
      registry: `docker-registry on ${scenario.registry.host}; (c) a new one per run`,
      dockerfile: dockerfile('<nonce>', true),
      changes: CHANGE,
      libraries: { ...scenario.libraries, dir: undefined, root: LIBRARY_ROOT, budgetBytes: LIBRARY_BYTES },
      big: describePair(scenario.big),
      tiny: describePair(scenario.tiny),
      freshRunner: 'main removed from the engine (registry only); pr-1 local, not pushed',
      runs,
      order: 'rotating per run: a,b,c,t; b,c,t,a; c,t,a,b; …',
    },
    timed: {
      shipshape:
        'in a child process: Docker.inspectImages + buildSizeReport (src/size/report.ts), new Docker.connect() and RegistryClient',
      save: "in a child process: HEAD's saveAndCompress: docker image save --output, gzip -6 of every layer, rm",
      push: 'in a child process: docker tag + docker push to an empty registry + GET of the manifest',
      tiny: 'as shipshape, on the tiny image',
      peakRss: hasTime
        ? `${TIME} -f %M around the child (its tree's largest process)`
        : "the child's own maxRSS",
      dockerd: 'VmRSS of dockerd sampled every 100 ms: peak minus start',
    },
    measurements: measurements.map((m) => ({
      approach: m.approach,
      run: m.run,
      position: m.position,
      seconds: seconds(m.ms),
      processSeconds: seconds(m.processMs),
      peakRssKiB: m.peakRssKiB,
      childRssKiB: m.childRssKiB,
      dockerdRssKiB: m.dockerd,
      engineBytes: m.engineBytes,
      compressed: m.compressed,
      how: m.how,
      compressedTotal: m.compressedTotal,
      errorPercent: m.approach === 'push' || m.approach === 'tiny' ? undefined : round(errorPercent(m), 6),
      steps: m.save ? m.save.steps : m.push?.steps,
      layerStoreReads: m.report?.layerStoreReads,
      registry: m.report?.registry,
      transport: m.report?.transport,
      blobs: m.push?.blobs,
      problems: m.problems,
    })),
    summary: {
      unit: 's',
      medians: perApproach(APPROACHES, (x) => seconds(medians[x])),
      times: perApproach(APPROACHES, (x) => of(x).map((m) => seconds(m.ms))),
      processMedians: perApproach(APPROACHES, (x) => seconds(medianOf(of(x), (m) => m.processMs))),
      engineBytes: perApproach(APPROACHES, (x) => medianOf(of(x), (m) => m.engineBytes)),
      peakRssKiB: perApproach(APPROACHES, (x) => medianOf(of(x), (m) => m.peakRssKiB)),
      dockerdGrowthKiB: perApproach(APPROACHES, (x) =>
        of(x).every((m) => m.dockerd)
          ? medianOf(of(x), (m) => m.dockerd!.peakKiB - m.dockerd!.startKiB)
          : null,
      ),
      compressedTotal: perApproach(APPROACHES, (x) => medianOf(of(x), (m) => m.compressedTotal ?? NaN)),
      storedByPush: summary.stored,
      errorPercent: {
        shipshape: of('shipshape').map((m) => round(errorPercent(m), 6)),
        save: of('save').map((m) => round(errorPercent(m), 6)),
      },
      extraSecondsOverTiny: seconds(summary.extraMs),
      targets,
      pass: targets.every((t) => t.pass),
    },
  };
}

// ---- cleanup ---------------------------------------------------------------------------------------

async function teardown(): Promise<void> {
  const failures: string[] = [];
  for (const container of state.containers) {
    const { code, stderr } = await docker(['container', 'rm', '--force', container]);
    if (code !== 0 && !/No such container/i.test(stderr)) failures.push(`${container}: ${stderr.trim()}`);
  }
  state.containers = [];
  const targets = [...new Set([...state.refs, ...state.ids])].filter((t) => t && t !== state.baseId);
  for (const target of targets) {
    const { code, stderr } = await docker(['image', 'rm', '--force', target]);
    if (code !== 0 && !/No such image/i.test(stderr)) failures.push(`${target}: ${stderr.trim()}`);
  }
  state.refs = [];
  state.ids = [];
  try {
    const left = await pruneOwnBuildCache();
    if (left) failures.push(`${left} build cache record(s) of this run`);
  } catch (error) {
    failures.push(`build cache: ${(error as Error).message}`);
  }
  for (const registry of [state.scratch, state.registry]) {
    try {
      await registry?.stop();
    } catch (error) {
      failures.push(`registry: ${(error as Error).message}`);
    }
  }
  state.scratch = undefined;
  state.registry = undefined;
  for (const dir of state.dirs) rmSync(dir, { recursive: true, force: true });
  state.dirs = [];
  if (failures.length) console.error(`cleanup: could not remove\n  ${failures.join('\n  ')}`);
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { runs } = parseBenchArgs(process.argv.slice(2), 'size-unpushed', 3);
  await ensureBaseImage(BASE);
  const [baseInspect] = JSON.parse(await mustDocker(['image', 'inspect', BASE])) as ImageInspect[];
  state.baseId = baseInspect.Id;
  const engine = new Docker();
  const server = await engine.server();
  const rootDir = await engine.rootDir();
  checkFreeSpace([tmpdir(), ...(rootDir && existsSync(rootDir) ? [rootDir] : [])]);
  state.dockerdPid = dockerdPid();
  const builderVersion = (await timedRun(BUILD_CLIENT, ['--version'])).output.trim();
  const registryVersion = (await timedRun('docker-registry', ['--version'])).output.trim();

  try {
    state.workDir = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-unpushed-'));
    state.dirs.push(state.workDir);
    const registry = await startRegistry();
    state.registry = registry;
    const scenario = await prepareScenario(registry);
    const measurements = await runApproaches(scenario, runs);
    const summary = summarize(measurements, runs);
    const info = await machineInfo(server, {
      builder: `DOCKER_BUILDKIT=1 ${BUILD_CLIENT}: ${builderVersion}`,
      registry: registryVersion,
      dockerRootDir: rootDir,
      peakRss: hasTime ? TIME : 'process.resourceUsage()',
    });
    printReport(scenario, runs, info, measurements, summary);
    writeResults('size-unpushed', results(scenario, runs, info, measurements, summary));
  } finally {
    if (!interrupt?.stopping) await teardown();
  }
}

let interrupt: { readonly stopping: boolean } | undefined;
if (process.argv[2] === '--child') {
  childMain(process.argv[3] ?? '{}');
} else {
  // Ctrl-C or a kill: remove what was built, pushed and linked before going.
  interrupt = teardownOnSignal('made', teardown);
  runMain(main);
}
