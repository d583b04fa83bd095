// Size benchmark: the size report of a pull request's image against its base-branch image, computed
// from the registry's manifests and configurations, against what users script today for the same figures.
//
// Scenario: two images on the local shipshape-test/busybox:1, built with the engine's BuildKit
// (DOCKER_BUILDKIT=1 /usr/bin/docker build) and pushed to a local docker-registry started by this
// benchmark with its access log on:
//   A  <host>/bench/app:main (base branch): 40 layers, the base image's one and 39 steps
//      `RUN dd if=/dev/urandom of=/data/layer-NN bs=1k count=<150–500>` (random data, so the layers do
//      not compress to nothing), 14 MB compressed;
//   B  <host>/bench/app:pr-1 (pull request): the same Dockerfile with other build args: layers 38 and 39
//      grow, layer 40 shrinks, and one more step adds layer 41. Layers 1–37 are A's (build cache).
// Fresh runner: A is removed from the engine; B stays, as the image the job just built would.
//
// Approaches, N runs each (the order alternates: a,b then b,a …):
//   (a) shipshape: the size report with the project's own modules (src/size, src/registry/api.ts), in this
//       process: measureBuiltImage (B: engine inspect and history, manifest and configuration from the
//       registry), measureRegistryImage (A: registry only), diffImages, renderSizeReport. Each run is
//       checked (layer counts, diff IDs, compressed sizes equal to the manifests', the changed layers), so
//       a broken run cannot report a fast time;
//   (b) what users script today: `docker pull` of both references (both removed first, so they download),
//       then `docker image inspect` of both and `docker history` of each, timed end to end.
// Registry traffic of each run is read from the registry's access log: requests, manifests, config blobs,
// layer blobs (GET and HEAD, split by comparing digests with the two manifests) and the response bytes
// (GET bodies; a HEAD has none). For (a) the RegistryClient's own request log is compared with it.
// Targets (for a): every report right; median time < 2 s; no layer blob downloaded in any run. The
// benchmark exits non-zero only when it crashes.
//
// The engine's BuildKit keeps built layers in its build cache after the image is gone, so a pull would find
// them all. Every RUN step ends in the comment `# bench <nonce>`, and right after the push the benchmark
// prunes the build cache records whose description holds that nonce (and no others): then a removed image
// takes its layers along, and (b) really downloads. Each (b) run is checked to download every layer blob.
//
// Cleanup, at the end and on an error or Ctrl-C: both images (built and pulled), this run's build cache
// records, the registry and what was pushed to it (its storage directory), the temp directories. The base
// image stays.
//
// Usage: npx tsx bench/size.ts [--runs N]   (default 5; results in bench/results/size.json)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Docker, parsePushDigest, type ImageInspect } from '../src/engine/docker.js';
import { RegistryClient, type ImageManifest, type RequestLog } from '../src/registry/api.js';
import { formatBytes } from '../src/common/format.js';
import { diffImages, type SizeDiff } from '../src/size/diff.js';
import type { ImageSize } from '../src/size/layers.js';
import { measureBuiltImage, measureRegistryImage } from '../src/size/measure.js';
import { renderSizeReport } from '../src/size/render.js';
import {
  docker,
  ensureBaseImage,
  startRegistry,
  writeContext,
  type Registry,
} from '../__tests__/harness/fixtures.js';
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
  sum,
  teardownOnSignal,
  timeCells,
  writeResults,
  type Target,
} from './report.js';
import { machineInfo, machineSummary, mustDocker, timedRun, type MachineBasics } from './timing.js';

const BASE = 'shipshape-test/busybox:1';
const REPOSITORY = 'bench/app';
const TAG_A = 'main';
const TAG_B = 'pr-1';
/** The client that drives the engine's BuildKit without buildx (Debian's). */
const BUILD_CLIENT = '/usr/bin/docker';
/** Layers of A, the base image's included; B has one more. */
const LAYERS_A = 40;
const LAYERS_B = LAYERS_A + 1;
/** KiB of random data in the layer at 1-based position p of A (p ≥ 2): 150–500. */
const kib = (p: number) => 150 + ((p * 97) % 351);
/** B's changes, by 1-based layer position: build args from VARIABLE_FROM on, then one more step. */
const VARIABLE_FROM = 38;
const B_KIB: Record<number, number> = { 38: kib(38) + 600, 39: kib(39) + 300, 40: 60, 41: 800 };
const EXPECTED_CHANGES: Record<number, 'grown' | 'shrunk' | 'added'> = {
  38: 'grown',
  39: 'grown',
  40: 'shrunk',
  41: 'added',
};
const TARGET_SECONDS = 2;

const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

type ApproachName = 'shipshape' | 'users';
const APPROACHES: ApproachName[] = ['shipshape', 'users'];
const TITLES: Record<ApproachName, string> = {
  shipshape: '(a) shipshape size report',
  users: '(b) docker pull ×2 + inspect + history',
};

// ---- small helpers ---------------------------------------------------------------------------------

/** Removes references or IDs; ones already gone are fine. */
async function removeImage(refs: string[]): Promise<void> {
  const { code, stderr } = await docker(['image', 'rm', ...refs]);
  const problems = stderr.split('\n').filter((l) => l.trim() && !/No such image/i.test(l));
  if (code !== 0 && problems.length)
    throw new Error(`docker image rm ${refs.join(' ')}: ${problems.join(' ')}`);
}

const exists = async (ref: string) =>
  (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;

// ---- a registry whose access log the benchmark reads -----------------------------------------------
// The fixture's startRegistry turns the access log off, so this starts its own docker-registry. Distribution
// 2.8 writes one Apache "combined" line per request (method, URI, status, bytes the handler wrote) to
// stdout; both streams are read, in case another version writes it to stderr.

interface AccessEntry {
  method: string;
  uri: string;
  status: number;
  /** Bytes the handler wrote: the body of a GET; a HEAD's are counted but never sent. */
  bytes: number;
  agent: string;
}

interface LoggedRegistry extends Registry {
  entries: AccessEntry[];
}

const ACCESS_LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) (\d+|-)(?: "[^"]*" "([^"]*)")?/;

/** The fixture's registry with its access log on, each request parsed as it is printed. */
async function startLoggedRegistry(): Promise<LoggedRegistry> {
  const entries: AccessEntry[] = [];
  const registry = await startRegistry({
    onAccessLine: (line) => {
      const m = ACCESS_LINE.exec(line);
      if (!m) return;
      entries.push({
        method: m[1],
        uri: m[2],
        status: Number(m[3]),
        bytes: m[4] === '-' ? 0 : Number(m[4]),
        agent: m[5] ?? '',
      });
    },
  });
  return { ...registry, entries };
}

let markCount = 0;
const MARK = 'bench-mark=';

/** Sends a marker request and waits for its access-log line: everything before it has been logged. */
async function mark(registry: LoggedRegistry): Promise<number> {
  const label = `${process.pid}-${++markCount}`;
  const res = await fetch(`${registry.url}/v2/?${MARK}${label}`);
  await res.arrayBuffer();
  for (const deadline = Date.now() + 10_000; ; await sleep(5)) {
    const index = registry.entries.findIndex((e) => e.uri.endsWith(`${MARK}${label}`));
    if (index >= 0) return index;
    if (Date.now() > deadline) throw new Error(`the registry's access log did not show marker ${label}`);
  }
}

/** Runs `work` between two markers; returns its value and the registry requests made meanwhile. */
async function logged<T>(registry: LoggedRegistry, work: () => Promise<T>) {
  const start = await mark(registry);
  const value = await work();
  const end = await mark(registry);
  const entries = registry.entries.slice(start + 1, end).filter((e) => !e.uri.includes(MARK));
  return { value, entries };
}

interface Traffic {
  requests: number;
  manifests: number;
  configBlobGets: number;
  configBlobHeads: number;
  layerBlobGets: number;
  layerBlobHeads: number;
  /** Blob requests for a digest in neither manifest. */
  otherBlobs: number;
  /** Response bodies: every GET's bytes (a HEAD sends none). */
  bytes: number;
  layerBlobBytes: number;
  statuses: Record<string, number>;
}

const BLOB_URI = /^\/v2\/.+\/blobs\/(sha256:[a-f0-9]{64})(?:\?.*)?$/;
const MANIFEST_URI = /^\/v2\/.+\/manifests\/[^/?]+(?:\?.*)?$/;

function tally(entries: AccessEntry[], configs: Set<string>, layers: Set<string>): Traffic {
  const t: Traffic = {
    requests: entries.length,
    manifests: 0,
    configBlobGets: 0,
    configBlobHeads: 0,
    layerBlobGets: 0,
    layerBlobHeads: 0,
    otherBlobs: 0,
    bytes: 0,
    layerBlobBytes: 0,
    statuses: {},
  };
  for (const e of entries) {
    const body = e.method === 'HEAD' ? 0 : e.bytes;
    t.bytes += body;
    t.statuses[e.status] = (t.statuses[e.status] ?? 0) + 1;
    if (MANIFEST_URI.test(e.uri)) t.manifests++;
    const blob = BLOB_URI.exec(e.uri)?.[1];
    if (!blob) continue;
    const head = e.method === 'HEAD';
    if (configs.has(blob)) {
      if (head) t.configBlobHeads++;
      else t.configBlobGets++;
    } else if (layers.has(blob)) {
      if (head) t.layerBlobHeads++;
      else t.layerBlobGets++;
      t.layerBlobBytes += body;
    } else t.otherBlobs++;
  }
  return t;
}

// ---- the scenario ----------------------------------------------------------------------------------

function dockerfile(nonce: string, withExtraLayer: boolean): string {
  // The shell comment names the run in every step's build cache record, so the benchmark can prune its own.
  const step = (p: number, count: string) =>
    `RUN dd if=/dev/urandom of=/data/layer-${String(p).padStart(2, '0')} bs=1k count=${count} 2>/dev/null # bench ${nonce}`;
  const out = [`FROM ${BASE}`];
  for (let p = 2; p <= LAYERS_A; p++) {
    if (p === VARIABLE_FROM) {
      for (let q = VARIABLE_FROM; q <= LAYERS_A; q++) out.push(`ARG L${q}=${kib(q)}`);
    }
    const count = p >= VARIABLE_FROM ? `$L${p}` : String(kib(p));
    out.push(
      p === 2
        ? `RUN mkdir /data && echo ${nonce} > /data/run-id && ${step(p, count).slice('RUN '.length)}`
        : step(p, count),
    );
  }
  if (withExtraLayer) out.push(step(LAYERS_B, String(B_KIB[LAYERS_B])));
  return `${out.join('\n')}\n`;
}

/** KiB of random data the scenario writes into each layer (1-based positions; 0 for the base's). */
function expectedKib(which: 'A' | 'B'): number[] {
  const count = which === 'A' ? LAYERS_A : LAYERS_B;
  return Array.from({ length: count }, (_, i) => {
    const p = i + 1;
    if (p === 1) return 0;
    return which === 'B' && B_KIB[p] !== undefined ? B_KIB[p] : kib(p);
  });
}

interface Built {
  which: 'A' | 'B';
  reference: string;
  id: string;
  /** Manifest digest the push reported. */
  digest: string;
  manifest: ImageManifest;
  diffIds: string[];
  /** Uncompressed bytes, the engine's `Size`. */
  size: number;
  buildMs: number;
  pushMs: number;
}

interface Context {
  registry: LoggedRegistry;
  a: Built;
  b: Built;
  baseLayers: string[];
  configs: Set<string>;
  layers: Set<string>;
  workDir: string;
  name: string;
  /** Layer blobs a pull of both must download: all but the base image's, which stays local. */
  toDownload: string[];
}

interface State {
  registry?: LoggedRegistry;
  refs: string[];
  ids: string[];
  dirs: string[];
  baseId: string;
  /** In every RUN step of the scenario, so in the descriptions of its build cache records. */
  nonce: string;
}
const state: State = { refs: [], ids: [], dirs: [], baseId: '', nonce: '' };

interface CacheRecord {
  ID: string;
  CacheType?: string;
  Description?: string;
  CreatedAt?: string;
}

async function buildCache(): Promise<CacheRecord[]> {
  const out = await mustDocker(['system', 'df', '--verbose', '--format', '{{json .BuildCache}}']);
  return (JSON.parse(out.trim() || 'null') ?? []) as CacheRecord[];
}

/**
 * This run's build cache records, newest first: its steps', named by the nonce. The engine's BuildKit
 * keeps the layers it built in them after the images are gone, and a pull would then find every layer
 * already there. (The context and Dockerfile `local source` records, a few kB, name no build: on a shared
 * daemon they cannot be told from others', so they stay.)
 */
async function ownBuildCache(): Promise<string[]> {
  if (!state.nonce) return [];
  return (await buildCache())
    .filter((r) => r.Description?.includes(`bench ${state.nonce}`))
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

async function build(
  which: 'A' | 'B',
  reference: string,
  context: string,
  buildArgs: Record<string, number>,
): Promise<{ id: string; ms: number }> {
  const iidfile = path.join(context, '.iid');
  state.refs.push(reference);
  const args = ['build', '--progress', 'plain', '--iidfile', iidfile, '-t', reference];
  for (const [k, v] of Object.entries(buildArgs)) args.push('--build-arg', `${k}=${v}`);
  const r = await timedRun(BUILD_CLIENT, [...args, context], { DOCKER_BUILDKIT: '1' });
  if (r.code !== 0) throw new Error(`building ${which} failed (${r.code}):\n${r.output.slice(-4000)}`);
  const id = readFileSync(iidfile, 'utf8').trim();
  state.ids.push(id);
  return { id, ms: r.ms };
}

async function pushAndRead(
  which: 'A' | 'B',
  reference: string,
  registry: LoggedRegistry,
  built: { id: string; ms: number },
): Promise<Built> {
  const push = await timedRun('docker', ['push', reference]);
  if (push.code !== 0) throw new Error(`docker push ${reference} failed (${push.code}):\n${push.output}`);
  const digest = parsePushDigest(push.output);
  if (!digest) throw new Error(`docker push ${reference} printed no digest:\n${push.output}`);
  const res = await fetch(`${registry.url}/v2/${REPOSITORY}/manifests/${digest}`, {
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (!res.ok) throw new Error(`reading the manifest of ${reference}: HTTP ${res.status}`);
  const manifest = (await res.json()) as ImageManifest;
  const [inspect] = JSON.parse(await mustDocker(['image', 'inspect', built.id])) as ImageInspect[];
  const diffIds = inspect.RootFS.Layers ?? [];
  if (manifest.config?.digest !== built.id) {
    throw new Error(
      `${reference}: the manifest's configuration ${manifest.config?.digest} is not the image ${built.id}`,
    );
  }
  if (manifest.layers?.length !== diffIds.length) {
    throw new Error(
      `${reference}: ${manifest.layers?.length} layers in the manifest, ${diffIds.length} in the engine`,
    );
  }
  return {
    which,
    reference,
    id: built.id,
    digest,
    manifest,
    diffIds,
    size: inspect.Size,
    buildMs: built.ms,
    pushMs: push.ms,
  };
}

// ---- (a) the size report ---------------------------------------------------------------------------

interface ShipshapeResult {
  ms: number;
  phases: { builtMs: number; registryMs: number; diffRenderMs: number };
  image: ImageSize;
  base?: ImageSize;
  diff?: SizeDiff;
  markdown: string;
  clientRequests: RequestLog[];
}

async function runShipshape(ctx: Context): Promise<ShipshapeResult> {
  const client = new RegistryClient([]);
  const engine = Docker.connect();
  const t0 = performance.now();
  // Timed with the report: the action inspects the built image once, for its summary and the report.
  const [inspected] = await engine.inspectImages([ctx.b.id]);
  const image = await measureBuiltImage(engine, client, {
    image: inspected,
    reference: ctx.b.reference,
    pushed: `${ctx.name}@${ctx.b.digest}`,
    baseLayers: ctx.baseLayers,
    exactSizes: new Map(),
    warn: (message) => console.warn(message),
  });
  const t1 = performance.now();
  const known = new Map(
    image.layers.flatMap((layer) => (layer.size === undefined ? [] : [[layer.diffId, layer.size] as const])),
  );
  const base = await measureRegistryImage(
    client,
    ctx.a.reference,
    image.platform,
    known,
    ctx.baseLayers,
    engine,
  );
  const t2 = performance.now();
  const diff = base ? diffImages(base, image) : undefined;
  const markdown = renderSizeReport(
    { image, base: { reference: ctx.a.reference, found: Boolean(base), image: base }, diff, exceeded: [] },
    ctx.name,
  );
  const t3 = performance.now();
  return {
    ms: t3 - t0,
    phases: { builtMs: t1 - t0, registryMs: t2 - t1, diffRenderMs: t3 - t2 },
    image,
    base,
    diff,
    markdown,
    clientRequests: client.requests,
  };
}

/**
 * Everything wrong with one image of a report: its layers, diff IDs, compressed sizes (against the manifest),
 * origins, instructions, and uncompressed sizes where `sizesKnown` (1-based position) says they are known.
 */
function checkImage(
  label: string,
  got: ImageSize,
  built: Built,
  sizesKnown: (p: number) => boolean,
): string[] {
  const problems: string[] = [];
  const kibs = expectedKib(built.which);
  if (got.layers.length !== kibs.length) {
    problems.push(`${label}: ${got.layers.length} layers, expected ${kibs.length}`);
    return problems;
  }
  if (got.compressedSource !== 'registry')
    problems.push(`${label}: compressedSource ${got.compressedSource}`);
  const manifestTotal = sum(built.manifest.layers.map((l) => l.size));
  if (got.compressedSize !== manifestTotal) {
    problems.push(
      `${label}: compressed total ${got.compressedSize}, the manifest's layers add up to ${manifestTotal}`,
    );
  }
  got.layers.forEach((layer, i) => {
    const p = i + 1;
    const where = `${label} layer ${p}`;
    if (layer.diffId !== built.diffIds[i])
      problems.push(`${where}: diff ID ${layer.diffId}, expected ${built.diffIds[i]}`);
    if (layer.compressedSize !== built.manifest.layers[i].size) {
      problems.push(
        `${where}: compressed ${layer.compressedSize}, the manifest says ${built.manifest.layers[i].size}`,
      );
    }
    if (layer.origin !== (p === 1 ? 'base' : 'added')) problems.push(`${where}: origin ${layer.origin}`);
    if (p === 1) return;
    const file = `/data/layer-${String(p).padStart(2, '0')}`;
    if (!layer.instruction.includes(file)) problems.push(`${where}: instruction "${layer.instruction}"`);
    if (!sizesKnown(p)) {
      if (layer.size !== undefined) problems.push(`${where}: size ${layer.size}, expected unknown`);
    } else if (
      layer.size === undefined ||
      layer.size < kibs[i] * 1024 ||
      layer.size > kibs[i] * 1024 + 4096
    ) {
      problems.push(`${where}: size ${layer.size}, expected ${kibs[i] * 1024} bytes of data (+ ≤ 4 kB)`);
    }
  });
  return problems;
}

/** Everything wrong with the diff: each layer's change and pairing, the changed layers first, the totals. */
function checkDiff(ctx: Context, diff: SizeDiff): string[] {
  const problems: string[] = [];
  const rows = diff.layers;
  if (rows.length !== LAYERS_B) problems.push(`diff: ${rows.length} rows, expected ${LAYERS_B}`);
  for (const row of rows) {
    const p = row.afterIndex;
    const expected: string = p === undefined ? 'removed?' : (EXPECTED_CHANGES[p] ?? 'unchanged');
    if (row.change !== expected) {
      problems.push(
        `diff: layer ${p ?? `(${row.beforeIndex})`} "${row.instruction}" is ${row.change}, expected ${expected}`,
      );
    } else if (expected !== 'added' && row.beforeIndex !== p) {
      problems.push(`diff: layer ${p} paired with A's layer ${row.beforeIndex}`);
    } else if (expected === 'unchanged' && row.before?.diffId !== row.after?.diffId) {
      problems.push(`diff: layer ${p} unchanged but its diff IDs differ`);
    }
  }
  const changedFirst = rows.slice(0, Object.keys(EXPECTED_CHANGES).length).map((row) => row.afterIndex);
  if (changedFirst.some((p) => p === undefined || !EXPECTED_CHANGES[p])) {
    problems.push(`diff: the changed layers do not come first (${changedFirst.join(', ')})`);
  }
  const beforeTotal = sum(ctx.a.manifest.layers.map((l) => l.size));
  const afterTotal = sum(ctx.b.manifest.layers.map((l) => l.size));
  if (diff.compressedSize.before !== beforeTotal || diff.compressedSize.after !== afterTotal) {
    problems.push(
      `diff: compressed ${diff.compressedSize.before} → ${diff.compressedSize.after}, manifests ${beforeTotal} → ${afterTotal}`,
    );
  }
  return problems;
}

/** Everything that is wrong with a report, checked against the engine and the registry's manifests. */
function checkReport(ctx: Context, r: ShipshapeResult): string[] {
  const problems = checkImage('B (built)', r.image, ctx.b, () => true);
  if (r.image.size !== ctx.b.size)
    problems.push(`B (built): size ${r.image.size}, the engine says ${ctx.b.size}`);
  if (!r.base || !r.diff) {
    problems.push(`measureRegistryImage found no ${ctx.a.reference}`);
    return problems;
  }
  // A is not in the engine: only the layers it shares with B have an uncompressed size.
  problems.push(...checkImage('A (registry)', r.base, ctx.a, (p) => p < VARIABLE_FROM));
  if (r.base.platform !== r.image.platform)
    problems.push(`platforms ${r.base.platform} vs ${r.image.platform}`);
  problems.push(...checkDiff(ctx, r.diff));
  if (!r.markdown.includes(`| Layers | ${LAYERS_A} | ${LAYERS_B} | |`))
    problems.push('report: no layer count row');
  const layerRows = r.markdown.split('\n').filter((l) => /^\| (\d+|\(\d+\)) \| `/.test(l));
  if (layerRows.length !== LAYERS_B)
    problems.push(`report: ${layerRows.length} layer rows, expected ${LAYERS_B}`);
  return problems;
}

// ---- (b) what users script today -------------------------------------------------------------------

interface UsersResult {
  ms: number;
  steps: { command: string; ms: number }[];
}

async function runUsers(ctx: Context): Promise<UsersResult> {
  const commands = [
    ['pull', ctx.a.reference],
    ['pull', ctx.b.reference],
    ['image', 'inspect', ctx.a.reference, ctx.b.reference],
    ['history', '--no-trunc', ctx.a.reference],
    ['history', '--no-trunc', ctx.b.reference],
  ];
  const steps: UsersResult['steps'] = [];
  const t0 = performance.now();
  for (const args of commands) {
    const r = await timedRun('docker', args);
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}):\n${r.output}`);
    steps.push({ command: `docker ${args.join(' ')}`, ms: r.ms });
  }
  return { ms: performance.now() - t0, steps };
}

/** After (b): both images are back, the same IDs, with their layers. */
async function checkPulled(ctx: Context): Promise<string[]> {
  const problems: string[] = [];
  for (const built of [ctx.a, ctx.b]) {
    const out = await docker(['image', 'inspect', built.reference]);
    if (out.code !== 0) {
      problems.push(`${built.reference} is not in the engine after the pull`);
      continue;
    }
    const [inspect] = JSON.parse(out.stdout) as ImageInspect[];
    if (inspect.Id !== built.id)
      problems.push(`${built.reference}: pulled ${inspect.Id}, pushed ${built.id}`);
    if ((inspect.RootFS.Layers ?? []).join() !== built.diffIds.join()) {
      problems.push(`${built.reference}: pulled layers differ from the pushed ones`);
    }
  }
  return problems;
}

// ---- fresh runners ---------------------------------------------------------------------------------

/** (a): A is not in the engine, B is (the job just built it). */
async function freshForShipshape(ctx: Context): Promise<void> {
  await removeImage([ctx.a.reference]);
  if (await exists(ctx.a.id)) throw new Error(`${ctx.a.reference} (${ctx.a.id}) is still in the engine`);
  if (!(await exists(ctx.b.id))) throw new Error(`${ctx.b.reference} (${ctx.b.id}) is not in the engine`);
}

/** (b): neither image is in the engine, so both pulls download. */
async function freshForUsers(ctx: Context): Promise<void> {
  await removeImage([ctx.a.reference, ctx.b.reference]);
  for (const built of [ctx.a, ctx.b]) {
    if (await exists(built.id)) throw new Error(`${built.reference} (${built.id}) is still in the engine`);
  }
}

// ---- cleanup ---------------------------------------------------------------------------------------

async function teardown(): Promise<void> {
  const failures: string[] = [];
  const targets = [...new Set([...state.refs, ...state.ids])].filter((t) => t && t !== state.baseId);
  for (const target of targets) {
    const { code, stderr } = await docker(['image', 'rm', '--force', target]);
    if (code !== 0 && !/No such image/i.test(stderr)) failures.push(`${target}: ${stderr.trim()}`);
  }
  state.refs = [];
  state.ids = [];
  if (state.nonce) {
    try {
      const left = await pruneOwnBuildCache();
      if (left) failures.push(`${left} build cache record(s) of this run`);
    } catch (error) {
      failures.push(`build cache: ${(error as Error).message}`);
    }
  }
  try {
    await state.registry?.stop();
  } catch (error) {
    failures.push(`registry: ${(error as Error).message}`);
  }
  state.registry = undefined;
  for (const dir of state.dirs) rmSync(dir, { recursive: true, force: true });
  state.dirs = [];
  if (failures.length) console.error(`cleanup: could not remove\n  ${failures.join('\n  ')}`);
}

// ---- main ------------------------------------------------------------------------------------------

interface Measurement {
  approach: ApproachName;
  run: number;
  position: number;
  ms: number;
  traffic: Traffic;
  problems: string[];
  phases?: ShipshapeResult['phases'];
  client?: { requests: number; bytes: number; layerBlobRequests: number };
  steps?: UsersResult['steps'];
}

// ---- the scenario, built and pushed ---------------------------------------------------------------

/** Builds A and B with BuildKit and pushes both; B must share exactly layers 1–37 with A. */
async function buildAndPush(
  registry: LoggedRegistry,
  name: string,
  contextA: string,
  contextB: string,
): Promise<{ a: Built; b: Built }> {
  const refA = `${name}:${TAG_A}`;
  const refB = `${name}:${TAG_B}`;
  process.stdout.write(`building A (${LAYERS_A} layers) and B (${LAYERS_B}) with BuildKit … `);
  const builtA = await build('A', refA, contextA, {});
  const argsB = Object.fromEntries(
    Object.entries(B_KIB)
      .filter(([p]) => Number(p) <= LAYERS_A)
      .map(([p, v]) => [`L${p}`, v]),
  );
  const builtB = await build('B', refB, contextB, argsB);
  console.log(`${sec(builtA.ms)} s + ${sec(builtB.ms)} s`);
  process.stdout.write(`pushing both to ${registry.host} … `);
  const a = await pushAndRead('A', refA, registry, builtA);
  const b = await pushAndRead('B', refB, registry, builtB);
  console.log(`${sec(a.pushMs)} s + ${sec(b.pushMs)} s`);
  const shared = b.diffIds.slice(0, VARIABLE_FROM - 1).join();
  if (
    a.diffIds.slice(0, VARIABLE_FROM - 1).join() !== shared ||
    a.diffIds[VARIABLE_FROM - 1] === b.diffIds[VARIABLE_FROM - 1]
  ) {
    throw new Error(
      `B does not share exactly layers 1–${VARIABLE_FROM - 1} with A (was the build cache used?)`,
    );
  }
  return { a, b };
}

/**
 * Builds, pushes and reads both images, then prunes this run's build cache records (untimed). Returns the
 * context of every run and the compressed size of each layer blob.
 */
async function prepareScenario(
  registry: LoggedRegistry,
  baseLayers: string[],
): Promise<{ ctx: Context; layerBytes: Map<string, number> }> {
  const name = `${registry.host}/${REPOSITORY}`;
  const nonce = randomBytes(6).toString('hex');
  state.nonce = nonce;
  const contextA = writeContext({ Dockerfile: dockerfile(nonce, false) });
  const contextB = writeContext({ Dockerfile: dockerfile(nonce, true) });
  const workDir = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-size-'));
  state.dirs.push(contextA, contextB, workDir);
  const { a, b } = await buildAndPush(registry, name, contextA, contextB);
  // The base image's layer stays in the engine, so a pull downloads every other layer blob once.
  const pairs = [a, b].flatMap((x) => x.manifest.layers.map((l, i) => ({ blob: l, diffId: x.diffIds[i] })));
  const layers = new Set(pairs.map((x) => x.blob.digest));
  const baseBlobs = new Set(pairs.filter((x) => baseLayers.includes(x.diffId)).map((x) => x.blob.digest));
  const toDownload = [...layers].filter((d) => !baseBlobs.has(d));
  const layerBytes = new Map(pairs.map((x) => [x.blob.digest, x.blob.size]));
  const ctx: Context = {
    registry,
    a,
    b,
    baseLayers,
    configs: new Set([a.manifest.config.digest, b.manifest.config.digest]),
    layers,
    workDir,
    name,
    toDownload,
  };
  // Untimed: without its build cache records, an image removed from the engine takes its layers along.
  const left = await pruneOwnBuildCache();
  if (left) throw new Error(`${left} build cache record(s) of this run could not be pruned`);
  return { ctx, layerBytes };
}

// ---- the runs --------------------------------------------------------------------------------------

/** (a) on its fresh runner, with the registry traffic, checked; also returns the report's Markdown. */
async function measureShipshape(
  ctx: Context,
  run: number,
  position: number,
): Promise<{ measurement: Measurement; markdown: string }> {
  await freshForShipshape(ctx);
  const { value: r, entries } = await logged(ctx.registry, () => runShipshape(ctx));
  const traffic = tally(entries, ctx.configs, ctx.layers);
  const problems = checkReport(ctx, r);
  const clientBytes = sum(r.clientRequests.map((q) => q.bytes));
  const clientLayers = r.clientRequests.filter((q) => {
    const digest = BLOB_URI.exec(new URL(q.url).pathname)?.[1];
    return digest !== undefined && !ctx.configs.has(digest);
  }).length;
  if (r.clientRequests.length !== traffic.requests || clientBytes !== traffic.bytes) {
    problems.push(
      `the client logged ${r.clientRequests.length} requests, ${clientBytes} bytes; the registry ${traffic.requests}, ${traffic.bytes}`,
    );
  }
  const measurement: Measurement = {
    approach: 'shipshape',
    run,
    position,
    ms: r.ms,
    traffic,
    problems,
    phases: r.phases,
    client: {
      requests: r.clientRequests.length,
      bytes: clientBytes,
      layerBlobRequests: clientLayers,
    },
  };
  return { measurement, markdown: r.markdown };
}

/** (b) on its fresh runner, with the registry traffic; every layer blob must have been downloaded. */
async function measureUsers(ctx: Context, run: number, position: number): Promise<Measurement> {
  await freshForUsers(ctx);
  const { value: r, entries } = await logged(ctx.registry, () => runUsers(ctx));
  const traffic = tally(entries, ctx.configs, ctx.layers);
  const problems = await checkPulled(ctx);
  if (traffic.layerBlobGets !== ctx.toDownload.length) {
    problems.push(
      `the pulls downloaded ${traffic.layerBlobGets} layer blobs, expected ${ctx.toDownload.length}: not a fresh runner`,
    );
  }
  return { approach: 'users', run, position, ms: r.ms, traffic, problems, steps: r.steps };
}

/** Every run of both approaches, the order alternating (a,b then b,a …). */
async function runApproaches(
  ctx: Context,
  runs: number,
): Promise<{ measurements: Measurement[]; lastMarkdown: string }> {
  const measurements: Measurement[] = [];
  let lastMarkdown = '';
  for (let run = 1; run <= runs; run++) {
    for (const [position, approach] of rotation(APPROACHES, run).entries()) {
      if (approach === 'shipshape') {
        const { measurement, markdown } = await measureShipshape(ctx, run, position + 1);
        lastMarkdown = markdown;
        measurements.push(measurement);
      } else {
        measurements.push(await measureUsers(ctx, run, position + 1));
      }
      const m = measurements[measurements.length - 1];
      console.log(
        `run ${run}/${runs} ${approach.padEnd(9)} ${sec(m.ms)} s  ${m.traffic.requests} requests, ` +
          `${m.traffic.layerBlobGets} layer blob GETs, ${formatBytes(m.traffic.bytes)}` +
          (m.problems.length ? `  WRONG: ${m.problems.length} problem(s)` : ''),
      );
    }
  }
  return { measurements, lastMarkdown };
}

// ---- report ----------------------------------------------------------------------------------------

interface Summary {
  of: (x: ApproachName) => Measurement[];
  medians: Record<ApproachName, number>;
  /** The median over an approach's runs of one traffic figure. */
  trafficMedian: (x: ApproachName, pick: (t: Traffic) => number) => number;
  /** The range over an approach's runs of one traffic figure. */
  traffic: (x: ApproachName, pick: (t: Traffic) => number) => string;
  /** median(a) / median(b): time, and bytes read. */
  ratio: number;
  bytesRatio: number;
  /** (b)'s commands. */
  stepNames: string[];
  targets: Target[];
}

function summarize(measurements: Measurement[], runs: number): Summary {
  const { of, medians } = byApproach(APPROACHES, measurements);
  const trafficMedian = (x: ApproachName, pick: (t: Traffic) => number) =>
    median(of(x).map((m) => pick(m.traffic)));
  const traffic = (x: ApproachName, pick: (t: Traffic) => number) => range(of(x).map((m) => pick(m.traffic)));
  return {
    of,
    medians,
    trafficMedian,
    traffic,
    ratio: medians.shipshape / medians.users,
    bytesRatio: trafficMedian('shipshape', (t) => t.bytes) / trafficMedian('users', (t) => t.bytes),
    stepNames: of('users')[0].steps!.map((s) => s.command),
    targets: checkTargets(of('shipshape'), medians.shipshape, runs),
  };
}

function checkTargets(shipshape: Measurement[], medianMs: number, runs: number): Target[] {
  const allRight = shipshape.every((m) => m.problems.length === 0);
  const layerGets = sum(shipshape.map((m) => m.traffic.layerBlobGets));
  const layerHeads = sum(shipshape.map((m) => m.traffic.layerBlobHeads));
  return [
    {
      target: '(a) every report right (layers, diff IDs, compressed sizes = manifests, changed layers)',
      value: `${shipshape.filter((m) => !m.problems.length).length}/${runs} runs`,
      pass: allRight,
    },
    {
      target: `median(a) < ${TARGET_SECONDS} s`,
      value: `${sec(medianMs)} s${allRight ? '' : ' (reports wrong: does not count)'}`,
      pass: allRight && medianMs < TARGET_SECONDS * 1000,
    },
    {
      target: '(a) downloads no layer blob (registry access log, every run)',
      value: `${layerGets} layer blob GETs` + (layerHeads ? `, ${layerHeads} HEADs` : ''),
      pass: layerGets === 0,
    },
  ];
}

/** Each approach's times and registry traffic, then the ratio (a)/(b). */
function printApproachTable(summary: Summary): void {
  const { of, medians, trafficMedian, traffic, ratio, bytesRatio } = summary;
  printTable(
    [
      'approach',
      'median',
      'runs',
      'requests',
      'manifests',
      'config blobs',
      'layer blobs GET/HEAD',
      'bytes read',
    ],
    [
      ...APPROACHES.map((x) => [
        TITLES[x],
        ...timeCells(medians[x], of(x)),
        traffic(x, (t) => t.requests),
        traffic(x, (t) => t.manifests),
        traffic(x, (t) => t.configBlobGets + t.configBlobHeads),
        `${traffic(x, (t) => t.layerBlobGets)}/${traffic(x, (t) => t.layerBlobHeads)}`,
        formatBytes(trafficMedian(x, (t) => t.bytes)),
      ]),
      [
        'ratio (a)/(b)',
        `${ratio.toFixed(3)}×`,
        '',
        `${(trafficMedian('shipshape', (t) => t.requests) / trafficMedian('users', (t) => t.requests)).toFixed(3)}×`,
        '',
        '',
        '',
        `${bytesRatio.toPrecision(2)}×`,
      ],
    ],
    1,
  );
}

/** Where (a)'s time goes and what its client logged; (b)'s steps and downloads; any wrong run. */
function printNotes(
  ctx: Context,
  layerBytes: Map<string, number>,
  measurements: Measurement[],
  summary: Summary,
): void {
  const { of, traffic, stepNames } = summary;
  const phase = (pick: (p: NonNullable<Measurement['phases']>) => number) =>
    sec(median(of('shipshape').map((m) => pick(m.phases!))));
  console.log(
    `(a) in this process: measureBuiltImage (B: engine inspect + history, manifest + config) ${phase((p) => p.builtMs)} s, ` +
      `measureRegistryImage (A) ${phase((p) => p.registryMs)} s, diffImages + renderSizeReport ${phase((p) => p.diffRenderMs)} s (medians).`,
  );
  const client = of('shipshape').map((m) => m.client!);
  console.log(
    `    RegistryClient.requests: ${range(client.map((c) => c.requests))} requests, ${range(client.map((c) => c.bytes))} bytes, ` +
      `${range(client.map((c) => c.layerBlobRequests))} to a layer blob (the registry's log: ${traffic('shipshape', (t) => t.requests)}, ` +
      `${traffic('shipshape', (t) => t.bytes)} bytes).`,
  );
  console.log(
    `(b) ${stepNames.join('; ')}; timed end to end. Medians: ${stepNames
      .map((_, i) => sec(median(of('users').map((m) => m.steps![i].ms))))
      .join(' + ')} s.`,
  );
  const { toDownload } = ctx;
  console.log(
    `    layer blobs to download: ${toDownload.length} (${formatBytes(sum(toDownload.map((d) => layerBytes.get(d) ?? 0)))}); ` +
      `the base image's layer is already local. Layer blob bytes read: ${traffic('users', (t) => t.layerBlobBytes)}.`,
  );
  console.log(`Bytes read: response bodies of GETs in the registry's access log (a HEAD sends none).`);
  const wrong = measurements.filter((m) => m.problems.length);
  for (const m of wrong) console.log(`WRONG ${m.approach} run ${m.run}:\n  ${m.problems.join('\n  ')}`);
}

function printReport(
  ctx: Context,
  layerBytes: Map<string, number>,
  runs: number,
  info: MachineBasics,
  measurements: Measurement[],
  summary: Summary,
): void {
  const { a, b } = ctx;
  const { trafficMedian, ratio, bytesRatio } = summary;
  console.log('');
  console.log(
    `Size report of ${b.reference} (${LAYERS_B} layers, ${formatBytes(sum(b.manifest.layers.map((l) => l.size)))} compressed) ` +
      `against ${a.reference} (${LAYERS_A} layers, ${formatBytes(sum(a.manifest.layers.map((l) => l.size)))}), A not local`,
  );
  console.log(`(${runs} run(s), seconds; ${machineSummary(info)})`);
  console.log('');
  printApproachTable(summary);
  console.log(
    `(b) takes ${(1 / ratio).toFixed(1)}× as long as (a) and reads ${(1 / bytesRatio).toFixed(0)}× its bytes ` +
      `(${formatBytes(trafficMedian('users', (t) => t.bytes))} against ${formatBytes(trafficMedian('shipshape', (t) => t.bytes))}).`,
  );
  console.log('');
  printNotes(ctx, layerBytes, measurements, summary);
  console.log('');
  printTargets(summary.targets);
}

/** The body of bench/results/size.json. */
function results(
  ctx: Context,
  runs: number,
  info: object,
  measurements: Measurement[],
  summary: Summary,
  lastMarkdown: string,
) {
  const { of, medians, trafficMedian, ratio, bytesRatio, stepNames, targets } = summary;
  return {
    machine: info,
    scenario: {
      baseImage: BASE,
      registry: `docker-registry on ${ctx.registry.host}, access log on`,
      images: Object.fromEntries(
        [ctx.a, ctx.b].map((x) => [
          x.which,
          {
            reference: x.reference,
            id: x.id,
            digest: x.digest,
            layers: x.diffIds.length,
            compressedBytes: sum(x.manifest.layers.map((l) => l.size)),
            uncompressedBytes: x.size,
            kibPerLayer: expectedKib(x.which),
            buildSeconds: seconds(x.buildMs),
            pushSeconds: seconds(x.pushMs),
          },
        ]),
      ),
      changes: Object.fromEntries(
        Object.entries(EXPECTED_CHANGES).map(([p, c]) => [
          p,
          { change: c, kib: { A: kib(Number(p)), B: B_KIB[Number(p)] } },
        ]),
      ),
      freshRunner: {
        shipshape: 'A removed from the engine, B local',
        users: 'A and B removed from the engine',
      },
      layerBlobsToDownload: ctx.toDownload.length,
      runs,
      order: 'alternating per run: odd runs a then b, even runs b then a',
    },
    timed: {
      shipshape:
        'in this process: measureBuiltImage + measureRegistryImage + diffImages + renderSizeReport (src/size), new RegistryClient and Docker per run',
      users: `spawn() to exit of each, in sequence, end to end: ${stepNames.join('; ')}`,
      traffic: "the registry's access log between two marker requests; bytes: GET response bodies",
    },
    measurements: measurements.map((m) => ({
      approach: m.approach,
      run: m.run,
      position: m.position,
      seconds: seconds(m.ms),
      phases: m.phases && msToSeconds(m.phases),
      steps: m.steps?.map((x) => ({ command: x.command, seconds: seconds(x.ms) })),
      traffic: m.traffic,
      client: m.client,
      problems: m.problems,
    })),
    summary: {
      unit: 's',
      medians: perApproach(APPROACHES, (x) => seconds(medians[x])),
      times: perApproach(APPROACHES, (x) => of(x).map((m) => seconds(m.ms))),
      ratio: Math.round(ratio * 1000) / 1000,
      bytesRead: perApproach(APPROACHES, (x) => trafficMedian(x, (t) => t.bytes)),
      bytesRatio: Number(bytesRatio.toPrecision(3)),
      requests: perApproach(APPROACHES, (x) => trafficMedian(x, (t) => t.requests)),
      layerBlobGets: perApproach(APPROACHES, (x) => trafficMedian(x, (t) => t.layerBlobGets)),
      targets,
      pass: targets.every((t) => t.pass),
    },
    report: lastMarkdown,
  };
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { runs } = parseBenchArgs(process.argv.slice(2), 'size', 5);
  await ensureBaseImage(BASE);
  const [baseInspect] = JSON.parse(await mustDocker(['image', 'inspect', BASE])) as ImageInspect[];
  state.baseId = baseInspect.Id;
  const baseLayers = baseInspect.RootFS.Layers ?? [];
  const server = await new Docker().server();
  const builderVersion = (await timedRun(BUILD_CLIENT, ['--version'])).output.trim();
  const registryVersion = (await timedRun('docker-registry', ['--version'])).output.trim();

  try {
    const registry = await startLoggedRegistry();
    state.registry = registry;
    const { ctx, layerBytes } = await prepareScenario(registry, baseLayers);
    const { measurements, lastMarkdown } = await runApproaches(ctx, runs);
    const summary = summarize(measurements, runs);
    const info = await machineInfo(server, {
      builder: `DOCKER_BUILDKIT=1 ${BUILD_CLIENT}: ${builderVersion}`,
      registry: registryVersion,
    });
    printReport(ctx, layerBytes, runs, info, measurements, summary);
    writeResults('size', results(ctx, runs, info, measurements, summary, lastMarkdown));
  } finally {
    if (!interrupt.stopping) await teardown();
  }
}

// Ctrl-C or a kill: remove what was built, pulled and pushed before going.
const interrupt = teardownOnSignal('made', teardown);

runMain(main);
