import * as core from '@actions/core';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../../../src/steps/runner-commands.js';

// Each function of steps/runner-commands.ts writes what its @actions/core twin writes, byte for byte
// (file-command delimiters are random in both, so they are compared as a placeholder).

const ENV_KEYS = [
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_ENV',
  'GITHUB_STEP_SUMMARY',
  'INPUT_MY_INPUT',
  'STATE_k',
  'SHIPSHAPE_EXPORTED',
];
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
  dir = mkdtempSync(join(tmpdir(), 'shipshape-commands-'));
});

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** What `work` wrote to stdout, and the exit code it set. */
async function stdoutOf(work: () => unknown): Promise<{ out: string; exitCode: unknown }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { out: chunks.join(''), exitCode };
}

const placeholder = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');

/** What `work` appended to the file named by `variable`. */
function fileOf(variable: string, work: () => unknown, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, '');
  process.env[variable] = file;
  work();
  delete process.env[variable];
  return placeholder(readFileSync(file, 'utf8'));
}

const awkward = 'a % b\r\nc: d, e\n::warning::f';

describe('workflow commands as @actions/core writes them', () => {
  it.each([
    ['info', (m: string) => ours.info(m), (m: string) => core.info(m)],
    ['notice', (m: string) => ours.notice(m), (m: string) => core.notice(m)],
    ['warning', (m: string) => ours.warning(m), (m: string) => core.warning(m)],
    ['error', (m: string) => ours.error(m), (m: string) => core.error(m)],
    ['setSecret', (m: string) => ours.setSecret(m), (m: string) => core.setSecret(m)],
    ['setFailed', (m: string) => ours.setFailed(m), (m: string) => core.setFailed(m)],
  ])('%s', async (_name, mine, theirs) => {
    for (const message of ['plain', awkward, '']) {
      const a = await stdoutOf(() => mine(message));
      const b = await stdoutOf(() => theirs(message));
      expect(a).toEqual(b);
      expect(a.out.length).toBeGreaterThan(0);
    }
  });

  it('annotations with a file and a line span', async () => {
    const properties = { title: 'DL3008: x,y', file: 'docker/Dockerfile', startLine: 3, endLine: 4 };
    const a = await stdoutOf(() => ours.warning(awkward, properties));
    const b = await stdoutOf(() => core.warning(awkward, properties));
    expect(a).toEqual(b);
    expect(a.out).toContain('file=docker/Dockerfile,line=3,endLine=4');
  });

  it('groups', async () => {
    const a = await stdoutOf(() => ours.group('Settings: a', async () => ours.info('inside')));
    const b = await stdoutOf(() => core.group('Settings: a', async () => core.info('inside')));
    expect(a).toEqual(b);
    expect(a.out).toBe('::group::Settings: a\ninside\n::endgroup::\n');
  });

  it('outputs and state through the runner files', () => {
    for (const value of ['v1', 'line 1\nline 2', '']) {
      expect(fileOf('GITHUB_OUTPUT', () => ours.setOutput('tags', value), 'a')).toBe(
        fileOf('GITHUB_OUTPUT', () => core.setOutput('tags', value), 'b'),
      );
      expect(fileOf('GITHUB_STATE', () => ours.saveState('run-key', value), 'c')).toBe(
        fileOf('GITHUB_STATE', () => core.saveState('run-key', value), 'd'),
      );
    }
    expect(fileOf('GITHUB_OUTPUT', () => ours.setOutput('n', 'x'), 'e')).toBe(
      'n<<ghadelimiter_X\nx\nghadelimiter_X\n',
    );
  });

  it('exported variables: here and through GITHUB_ENV, or the old command', async () => {
    for (const value of ['/tmp/config', 'a\nb']) {
      expect(fileOf('GITHUB_ENV', () => ours.exportVariable('SHIPSHAPE_EXPORTED', value), 'f')).toBe(
        fileOf('GITHUB_ENV', () => core.exportVariable('SHIPSHAPE_EXPORTED', value), 'g'),
      );
      expect(process.env.SHIPSHAPE_EXPORTED).toBe(value);
    }
    expect(await stdoutOf(() => ours.exportVariable('SHIPSHAPE_EXPORTED', 'x'))).toEqual(
      await stdoutOf(() => core.exportVariable('SHIPSHAPE_EXPORTED', 'x')),
    );
  });

  it('outputs and state without the runner files (old runners)', async () => {
    expect(await stdoutOf(() => ours.setOutput('n', 'a\nb'))).toEqual(
      await stdoutOf(() => core.setOutput('n', 'a\nb')),
    );
    expect(await stdoutOf(() => ours.saveState('n', 'a'))).toEqual(
      await stdoutOf(() => core.saveState('n', 'a')),
    );
  });

  it('a runner file that is missing is an error, as in @actions/core', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'absent');
    expect(() => ours.setOutput('n', 'x')).toThrow(`Missing file at path: ${join(dir, 'absent')}`);
    expect(() => core.setOutput('n', 'x')).toThrow(`Missing file at path: ${join(dir, 'absent')}`);
  });

  it('inputs and state are read from the environment', () => {
    process.env.INPUT_MY_INPUT = '  value \n';
    process.env.STATE_k = 'kept';
    expect(ours.getInput('my input')).toBe(core.getInput('my input'));
    expect(ours.getInput('my input')).toBe('value');
    expect(ours.getInput('absent')).toBe('');
    expect(ours.getState('k')).toBe('kept');
    expect(ours.getState('k')).toBe(core.getState('k'));
  });

  it('the job summary', async () => {
    const a = join(dir, 'summary-a.md');
    const b = join(dir, 'summary-b.md');
    writeFileSync(a, '# before\n');
    writeFileSync(b, '# before\n');
    process.env.GITHUB_STEP_SUMMARY = a;
    ours.appendSummary('| a | b |\n');
    process.env.GITHUB_STEP_SUMMARY = b;
    await core.summary.addRaw('| a | b |\n').write();
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8')).toBe('# before\n| a | b |\n');
  });

  it('the job summary: no file, or one that cannot be written, is an error', () => {
    expect(() => ours.appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/);
    const locked = join(dir, 'locked.md');
    writeFileSync(locked, '');
    chmodSync(locked, 0o400);
    process.env.GITHUB_STEP_SUMMARY = locked;
    if (process.getuid?.() === 0) return; // root can write any file
    expect(() => ours.appendSummary('x')).toThrow(/Unable to access summary file/);
  });
});
