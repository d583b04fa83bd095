// Real components for integration tests, benchmarks and the demo: a busybox base image built without
// pulling, a local Distribution registry, and small docker/context helpers.
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as stringifyYaml } from 'yaml';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI; resolves with the exit code instead of rejecting on failure. */
export function docker(
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      args,
      { maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 0, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && !error.killed) return reject(error);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 137) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(opts.input ?? '');
  });
}

/** Removes image references; missing ones are ignored, other failures throw. */
export async function removeImages(refs: string[]): Promise<void> {
  if (refs.length === 0) return;
  const { code, stderr } = await docker(['image', 'rm', ...refs]);
  const problems = stderr.split('\n').filter((l) => l.trim() && !/No such image/i.test(l));
  if (code !== 0 && problems.length) throw new Error(`docker image rm failed: ${problems.join('\n')}`);
}

/** Makes a temporary build context holding `files` (relative path → content). */
export function writeContext(files: Record<string, string | Buffer>): string {
  for (const name of Object.keys(files)) {
    if (path.isAbsolute(name) || path.normalize(name).startsWith('..')) {
      throw new Error(`context file outside the context: ${name}`);
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

const APPLETS = [
  'sh', 'ls', 'cat', 'echo', 'sleep', 'dd', 'true', 'false', 'mkdir', 'rm', 'touch', 'test', 'id', 'env',
  'grep', 'wc', 'head', 'tail', 'chmod', 'stat', 'printf', 'date', 'sed', 'wget', 'nc', 'seq', 'du', 'find',
]; // prettier-ignore

/** True when the ELF file has no PT_INTERP program header, i.e. needs no dynamic loader. */
function isStaticElf(file: string): boolean {
  const b = readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[5] !== 1) return false; // ELF, little-endian
  const is64 = b[4] === 2;
  const phoff = is64 ? Number(b.readBigUInt64LE(0x20)) : b.readUInt32LE(0x1c);
  const phentsize = b.readUInt16LE(is64 ? 0x36 : 0x2a);
  const phnum = b.readUInt16LE(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return false;
  return true;
}

const imageExists = async (tag: string) => (await docker(['image', 'inspect', tag])).code === 0;

/** Takes a cross-process lock (mkdir is atomic) so concurrent callers do not import the image twice. */
async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(tmpdir(), `${name}.lock`);
  for (const start = Date.now(); ;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A holder that died leaves the lock behind; take it over once it is clearly stale.
      const since = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (since > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - start > 300_000) throw new Error(`timed out waiting for lock ${lock}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Where scripts/setup.sh unpacks Debian's busybox-static:arm64 (the second platform's base). */
const ARM64_BUSYBOX = '/var/cache/shipshape/arm64/bin/busybox';

/** Whether arm64 containers run here: the arm64 busybox is unpacked and QEMU's handler is enabled. */
export function arm64Emulation(): { ok: boolean; why: string } {
  if (!existsSync(ARM64_BUSYBOX))
    return { ok: false, why: `${ARM64_BUSYBOX} is missing (scripts/setup.sh unpacks it)` };
  const handler = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
  if (!existsSync(handler) || !readFileSync(handler, 'utf8').startsWith('enabled')) {
    return { ok: false, why: 'no enabled qemu-aarch64 binfmt handler (scripts/setup.sh registers it)' };
  }
  return { ok: true, why: '' };
}

/** A busybox root file system as a tar file (`busybox`: a static busybox of the platform's architecture). */
function writeRootfsTar(busybox: string, tarFile: string): void {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-rootfs-'));
  try {
    for (const dir of ['bin', 'etc', 'tmp', 'root']) mkdirSync(path.join(root, dir));
    chmodSync(path.join(root, 'tmp'), 0o1777);
    copyFileSync(busybox, path.join(root, 'bin/busybox'));
    chmodSync(path.join(root, 'bin/busybox'), 0o755);
    for (const applet of APPLETS) symlinkSync('busybox', path.join(root, 'bin', applet));
    writeFileSync(
      path.join(root, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    );
    writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    execFileSync('tar', ['-C', root, '--owner=0', '--group=0', '--numeric-owner', '-cf', tarFile, '.']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The two-platform busybox base (linux/amd64 from the host's busybox-static, linux/arm64 from
 * Debian's busybox-static:arm64), committed with buildah and pushed to `registry` as one image index
 * (buildah's manifest list, pushed with all its images). Returns `<registry>/shipshape-test/busybox-multi:1`.
 */
export async function pushMultiPlatformBase(registry: Registry): Promise<string> {
  const reference = `${registry.host}/shipshape-test/busybox-multi:1`;
  const work = mkdtempSync(path.join(tmpdir(), 'shipshape-multi-base-'));
  const list = `shipshape-multi-base-${process.pid}-${Date.now()}`;
  const images: string[] = [];
  const buildah = (args: string[]) => execFileSync('buildah', args, { encoding: 'utf8' }).trim();
  try {
    for (const [arch, busybox] of [
      ['amd64', '/bin/busybox'],
      ['arm64', ARM64_BUSYBOX],
    ] as const) {
      const tarFile = path.join(work, `${arch}.tar`);
      writeRootfsTar(busybox, tarFile);
      const container = buildah(['from', 'scratch']);
      try {
        buildah(['add', container, tarFile, '/']);
        buildah(['config', '--os', 'linux', '--arch', arch, '--cmd', '["sh"]', container]);
        images.push(buildah(['commit', '--quiet', '--format', 'docker', container]));
      } finally {
        buildah(['rm', container]);
      }
    }
    buildah(['manifest', 'create', list]);
    for (const image of images) buildah(['manifest', 'add', list, image]);
    buildah(['manifest', 'push', '--all', '--quiet', '--tls-verify=false', list, `docker://${reference}`]);
    return reference;
  } finally {
    spawnSync('buildah', ['manifest', 'rm', list], { stdio: 'ignore' });
    for (const image of images) spawnSync('buildah', ['rmi', image], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }
}

async function importBaseImage(tag: string): Promise<void> {
  const busybox = '/bin/busybox';
  try {
    accessSync(busybox, constants.X_OK);
  } catch {
    throw new Error(`${busybox} not found: install the Debian package busybox-static`);
  }
  if (!isStaticElf(busybox)) {
    throw new Error(`${busybox} is dynamically linked: install the Debian package busybox-static`);
  }
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-rootfs-'));
  try {
    for (const dir of ['bin', 'etc', 'tmp', 'root']) mkdirSync(path.join(root, dir));
    chmodSync(path.join(root, 'tmp'), 0o1777);
    copyFileSync(busybox, path.join(root, 'bin/busybox'));
    chmodSync(path.join(root, 'bin/busybox'), 0o755);
    for (const applet of APPLETS) symlinkSync('busybox', path.join(root, 'bin', applet));
    writeFileSync(
      path.join(root, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    );
    writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');

    const tar = spawn('tar', ['-C', root, '--owner=0', '--group=0', '--numeric-owner', '-c', '.'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const imp = spawn('docker', ['import', '--change', 'CMD ["sh"]', '-', tag], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    tar.stdout.pipe(imp.stdin);
    let stderr = '';
    tar.stderr.on('data', (d) => (stderr += d));
    imp.stderr.on('data', (d) => (stderr += d));
    imp.stdout.resume();
    const [tarCode, impCode] = await Promise.all([exitCode(tar), exitCode(imp)]);
    if (tarCode !== 0 || impCode !== 0) throw new Error(`building base image ${tag} failed: ${stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const exitCode = (child: ChildProcess) =>
  new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });

const baseImages = new Map<string, Promise<string>>();

/** A busybox image made from the host's static busybox, so tests never pull. Idempotent. */
export function ensureBaseImage(tag = 'shipshape-test/busybox:1'): Promise<string> {
  let pending = baseImages.get(tag);
  if (!pending) {
    pending = (async () => {
      if (await imageExists(tag)) return tag;
      await withLock('shipshape-base-image', async () => {
        if (!(await imageExists(tag))) await importBaseImage(tag);
      });
      return tag;
    })();
    pending.catch(() => baseImages.delete(tag));
    baseImages.set(tag, pending);
  }
  return pending;
}

export interface Registry {
  /** `127.0.0.1:PORT`; loopback registries are plain-HTTP "insecure" ones by default in dockerd. */
  host: string;
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function findExecutable(name: string, fallback: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return fallback;
}

function htpasswdLine(username: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('htpasswd', ['-Bbn', username, password], (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(new Error('htpasswd not found: install the Debian package apache2-utils'));
      } else if (error) reject(new Error(`htpasswd failed: ${stderr}`));
      else resolve(stdout.trim() + '\n');
    });
  });
}

// Registries a test forgot to stop must not outlive the test process.
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts a local Distribution registry (optionally with htpasswd basic auth) on a free loopback port.
 * `onAccessLine` receives every line the registry prints with its access log on (one per request).
 */
export async function startRegistry(
  opts: { htpasswd?: { username: string; password: string }; onAccessLine?: (line: string) => void } = {},
): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  const url = `http://${host}`;
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: !opts.onAccessLine } },
    storage: { filesystem: { rootdirectory: path.join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: host },
  };
  if (opts.htpasswd) {
    const file = path.join(dir, 'htpasswd');
    writeFileSync(file, await htpasswdLine(opts.htpasswd.username, opts.htpasswd.password));
    config.auth = { htpasswd: { realm: 'shipshape-test', path: file } };
  }
  writeFileSync(path.join(dir, 'config.yml'), stringifyYaml(config));

  const bin = findExecutable('docker-registry', '/usr/bin/docker-registry');
  const child = spawn(bin, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  const partial = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (d: Buffer) => {
      stderr = (stderr + d).slice(-64 * 1024);
      if (!opts.onAccessLine) return;
      const lines = (partial[stream] + d.toString()).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) opts.onAccessLine(line);
    });
  }
  const exited = exitCode(child).catch((e: Error) => ((stderr += e.message), -1));
  let alive = true;
  void exited.then(() => (alive = false));

  const stop = async () => {
    if (alive) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  for (const deadline = Date.now() + 15_000; Date.now() < deadline && alive; await sleep(100)) {
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return { host, url, dir, stop };
    } catch {
      // not listening yet
    }
  }
  await stop();
  throw new Error(`registry at ${host} did not come up within 15 s (${bin}):\n${stderr}`);
}

/**
 * A stand-in for the `registry:2` image, made from the host's Distribution binary and the libraries
 * it links (no pull): `/bin/registry`, entrypoint `registry`, serving `/var/lib/registry` on :5000.
 */
export async function ensureRegistryImage(tag = 'shipshape-test/registry:2'): Promise<string> {
  if (await imageExists(tag)) return tag;
  await withLock('shipshape-registry-image', async () => {
    if (await imageExists(tag)) return;
    const context = writeContext({
      'config.yml': [
        'version: 0.1',
        'storage:',
        '  filesystem:',
        '    rootdirectory: /var/lib/registry',
        'http:',
        '  addr: :5000',
        '',
      ].join('\n'),
      Dockerfile: [
        'FROM scratch',
        'COPY registry /bin/registry',
        'COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6',
        'COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2',
        'COPY config.yml /etc/docker/registry/config.yml',
        'ENTRYPOINT ["/bin/registry"]',
        'CMD ["serve", "/etc/docker/registry/config.yml"]',
        '',
      ].join('\n'),
    });
    copyFileSync('/usr/bin/docker-registry', path.join(context, 'registry'));
    copyFileSync('/lib/x86_64-linux-gnu/libc.so.6', path.join(context, 'libc.so.6'));
    copyFileSync('/lib64/ld-linux-x86-64.so.2', path.join(context, 'ld-linux-x86-64.so.2'));
    const built = await docker(['build', '-q', '-t', tag, context]);
    rmSync(context, { recursive: true, force: true });
    if (built.code !== 0) throw new Error(`building ${tag} failed: ${built.stderr}`);
  });
  return tag;
}

export interface CraftedImage {
  /** ISO time the image says it was created: cleanup policies judge age by it. */
  created: string;
  labels?: Record<string, string>;
  /** `repo:tag`; none leaves the image dangling. */
  tags?: string[];
  /** Random bytes in the image's layer (default 16), for an image that takes real disk space. */
  layerBytes?: number;
}

/**
 * Loads images with chosen creation times, labels and tags in one `docker load`: how tests and the
 * cleanup benchmark make an "old" image, or hundreds of dangling ones, without building. Each image
 * has its own one-file layer (so each has an ID of its own) and no base. Returns the image IDs in order.
 */
export async function loadCraftedImages(images: CraftedImage[]): Promise<string[]> {
  const { createHash, randomBytes } = await import('node:crypto');
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-crafted-'));
  try {
    const manifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[] = [];
    const ids: string[] = [];
    for (const [index, image] of images.entries()) {
      const layerDir = path.join(root, `layer-${index}`);
      mkdirSync(path.join(layerDir, 'content'), { recursive: true });
      writeFileSync(path.join(layerDir, 'content', 'stamp'), randomBytes(image.layerBytes ?? 16));
      const layerTar = path.join(layerDir, 'layer.tar');
      await runTar(['-cf', layerTar, '-C', path.join(layerDir, 'content'), 'stamp']);
      const diffId = `sha256:${createHash('sha256').update(readFileSync(layerTar)).digest('hex')}`;
      const config = JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: image.created,
        config: { Labels: image.labels ?? {}, Cmd: ['/stamp'] },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created: image.created, created_by: 'shipshape test fixture' }],
      });
      const configHex = createHash('sha256').update(config).digest('hex');
      writeFileSync(path.join(root, `${configHex}.json`), config);
      ids.push(`sha256:${configHex}`);
      manifest.push({
        Config: `${configHex}.json`,
        RepoTags: image.tags && image.tags.length > 0 ? image.tags : null,
        Layers: [`layer-${index}/layer.tar`],
      });
    }
    writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest));
    const archive = path.join(root, 'images.tar');
    const entries = ['manifest.json', ...manifest.flatMap((m) => [m.Config, ...m.Layers])];
    await runTar(['-cf', archive, '-C', root, ...entries]);
    const loaded = await docker(['load', '-q', '-i', archive], { timeoutMs: 300_000 });
    if (loaded.code !== 0) throw new Error(`docker load failed: ${loaded.stderr}`);
    return ids;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function runTar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('tar', args, { maxBuffer: 64 * 1024 * 1024 }, (error) => (error ? reject(error) : resolve())),
  );
}
