import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readablePath, workspaceGlobs, writablePath } from '../../../src/settings/paths.js';

function fixture() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'paths-')));
  const workspace = join(root, 'ws');
  const temp = join(root, 'temp');
  const outside = join(root, 'out');
  for (const dir of [workspace, temp, outside, join(workspace, 'sub')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(outside, 'f'), 'x');
  symlinkSync(outside, join(workspace, 'link'));
  symlinkSync(join(workspace, 'sub'), join(workspace, 'inner-link'));
  return { root, workspace, temp, outside, rules: { workspace, runnerTemp: temp, allowOutside: false } };
}

describe('paths the action reads and writes', () => {
  it('reads inside the workspace, following links only while they stay in it', () => {
    const fx = fixture();
    expect(readablePath('context', 'sub', join(fx.workspace, 'sub'), fx.rules)).toBe(
      join(fx.workspace, 'sub'),
    );
    expect(readablePath('context', 'inner-link', join(fx.workspace, 'inner-link'), fx.rules)).toBe(
      join(fx.workspace, 'inner-link'),
    );
    expect(() => readablePath('context', 'link', join(fx.workspace, 'link'), fx.rules)).toThrow(
      `Input 'context' has value 'link': it resolves to ${fx.outside}, outside the workspace (${fx.workspace}). Give a path in the repository, or set 'allow-paths-outside-workspace: true' to allow it.`,
    );
    expect(() => readablePath('file', '/', '/', fx.rules)).toThrow(/outside the workspace/);
    // A sibling whose name starts like the workspace's is still outside it.
    mkdirSync(`${fx.workspace}-evil`);
    expect(() => readablePath('file', 'x', `${fx.workspace}-evil`, fx.rules)).toThrow(/outside/);
    expect(readablePath('file', '/', '/', { ...fx.rules, allowOutside: true })).toBe('/');
  });

  it('writes inside the workspace or RUNNER_TEMP, never through a symlink', () => {
    const fx = fixture();
    expect(writablePath('test-report', 'r', join(fx.temp, 'new', 'dir', 'r.xml'), fx.rules)).toBe(
      join(fx.temp, 'new', 'dir', 'r.xml'),
    );
    expect(writablePath('test-report', 'r', join(fx.workspace, 'r.xml'), fx.rules)).toBe(
      join(fx.workspace, 'r.xml'),
    );
    expect(() => writablePath('test-report', 'r', join(fx.workspace, 'link', 'r.xml'), fx.rules)).toThrow(
      /outside the workspace and RUNNER_TEMP/,
    );
    symlinkSync(join(fx.outside, 'f'), join(fx.workspace, 'r-link.xml'));
    expect(() =>
      writablePath('test-report', 'r', join(fx.workspace, 'r-link.xml'), { ...fx.rules, allowOutside: true }),
    ).toThrow(/is a symbolic link/);
  });

  it('keeps cache-key-files globs in the workspace', () => {
    const fx = fixture();
    expect(
      workspaceGlobs('cache-key-files', ['package-lock.json', '**/go.sum', '!vendor/**'], fx.rules),
    ).toHaveLength(3);
    for (const glob of ['/**', '../x', 'a/../../b', '~/.ssh/*', '!/etc/*']) {
      expect(() => workspaceGlobs('cache-key-files', [glob], fx.rules)).toThrow(
        `Input 'cache-key-files' has value '${glob}'`,
      );
    }
    expect(workspaceGlobs('cache-key-files', ['/**'], { ...fx.rules, allowOutside: true })).toEqual(['/**']);
  });
});
