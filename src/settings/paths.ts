import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../common/errors.js';

/** The input that lets paths leave the workspace; off unless the user says so. */
export const OUTSIDE_INPUT = 'allow-paths-outside-workspace';

/**
 * Where a path input may point: inside the workspace for what is read (`context`, `file`,
 * `tests-file`, `cache-key-files`), inside the workspace or RUNNER_TEMP for what is written
 * (`test-report`). Real paths are compared, so a symlink cannot lead out; `allowOutside` is the
 * user's explicit opt-out.
 */
export interface PathRules {
  workspace: string;
  runnerTemp: string;
  allowOutside: boolean;
}

/** Whether `path` is `root` or below it (both already real). */
function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function outside(input: string, raw: string, resolved: string, where: string): InputError {
  return new InputError(
    input,
    raw,
    `it resolves to ${resolved}, outside ${where}. Give a path in the repository, or set '${OUTSIDE_INPUT}: true' to allow it.`,
  );
}

/**
 * An existing path that is read: its real path must be in the workspace. A path that does not
 * exist is returned as it is (the caller says it is missing).
 */
export function readablePath(input: string, raw: string, path: string, rules: PathRules): string {
  const resolved = real(path);
  if (!resolved || rules.allowOutside) return path;
  const workspace = real(rules.workspace) ?? resolve(rules.workspace);
  if (!isInside(resolved, workspace)) throw outside(input, raw, resolved, `the workspace (${workspace})`);
  return path;
}

/**
 * A file that is written: its directory's real path must be in the workspace or RUNNER_TEMP, and
 * the file itself must not be a symlink (the writer also opens it without following one).
 */
export function writablePath(input: string, raw: string, path: string, rules: PathRules): string {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // not there yet: written fresh
  }
  if (link) {
    throw new InputError(input, raw, `${path} is a symbolic link; give the path of a regular file.`);
  }
  if (rules.allowOutside) return path;
  // The nearest existing directory decides (the report's directories are made on writing).
  let dir = dirname(path);
  while (!real(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const resolved = join(real(dir) ?? dir, relative(dir, dirname(path)), basename(path));
  const roots = [rules.workspace, rules.runnerTemp]
    .filter(Boolean)
    .map((root) => real(root) ?? resolve(root));
  if (!roots.some((root) => isInside(resolved, root))) {
    throw outside(input, raw, resolved, `the workspace and RUNNER_TEMP (${roots.join(', ')})`);
  }
  return path;
}

/**
 * `cache-key-files` globs: each is read from the workspace, so none may be absolute or climb out
 * of it with `..` (`/**` would walk the whole machine).
 */
export function workspaceGlobs(input: string, globs: string[], rules: PathRules): string[] {
  if (rules.allowOutside) return globs;
  for (const glob of globs) {
    const pattern = glob.replace(/^!+/, '');
    const climbs = pattern.split(/[\\/]/).includes('..');
    if (isAbsolute(pattern) || pattern.startsWith('~') || climbs) {
      throw new InputError(
        input,
        glob,
        `patterns are read from the workspace: give one relative to the repository root without '..', or set '${OUTSIDE_INPUT}: true' to allow it.`,
      );
    }
  }
  return globs;
}
