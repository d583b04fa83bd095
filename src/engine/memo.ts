import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/**
 * A small JSON file of facts that depend only on their key (a layer's diff ID, a program's file), kept
 * in the runner's tool cache so that a persistent (self-hosted) runner pays for each fact once. On a
 * fresh runner it is empty and costs nothing. It is never trusted blindly: a directory or file that
 * is a symlink, not the runner user's, or writable by others is not read or written, and each entry
 * is checked by `valid` before use. Writes go to a temporary file renamed into place, so two jobs
 * writing at once lose entries, never the file.
 */
export class Memo<T> {
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly entries: Map<string, T>,
    private readonly limit: number,
  ) {}

  /**
   * `$RUNNER_TOOL_CACHE/shipshape/<name>.json`; without a tool cache (or a safe one) the memo only
   * lives as long as the process.
   */
  static open<T>(
    name: string,
    valid: (value: unknown) => value is T,
    options: { env?: NodeJS.ProcessEnv; limit?: number } = {},
  ): Memo<T> {
    const limit = options.limit ?? 2000;
    const dir = memoDir(options.env ?? process.env);
    if (!dir) return new Memo<T>(undefined, new Map(), limit);
    const file = join(dir, `${name}.json`);
    return new Memo<T>(file, readEntries(file, valid), limit);
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    if (this.entries.get(key) === value) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.changed = true;
  }

  /** Writes the newest `limit` entries back; problems are silent (it is only a memo). */
  async save(): Promise<void> {
    if (!this.file || !this.changed) return;
    const kept = [...this.entries].slice(-this.limit);
    const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(Object.fromEntries(kept)));
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
      this.changed = false;
    } catch {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/** The memo directory, made if missing; `undefined` when there is no tool cache or it is not safe. */
function memoDir(env: NodeJS.ProcessEnv): string | undefined {
  const root = env.RUNNER_TOOL_CACHE;
  if (!root || !isAbsolute(root)) return undefined;
  const dir = join(root, 'shipshape');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = lstatSync(dir);
    return stats.isDirectory() && ownedAndPrivate(stats) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function ownedAndPrivate(stats: { uid: number; mode: number; isSymbolicLink(): boolean }): boolean {
  const uid = typeof process.getuid === 'function' ? process.getuid() : stats.uid;
  return !stats.isSymbolicLink() && stats.uid === uid && (stats.mode & 0o022) === 0;
}

function readEntries<T>(file: string, valid: (value: unknown) => value is T): Map<string, T> {
  const entries = new Map<string, T>();
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !ownedAndPrivate(stats) || stats.size > 4 * 1024 * 1024) return entries;
    const parsed = JSON.parse(readFileSync(fd, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return entries;
    for (const [key, value] of Object.entries(parsed)) if (valid(value)) entries.set(key, value);
  } catch {
    // no memo yet, or not one we can use: start empty
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return entries;
}
