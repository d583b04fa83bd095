import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Which platforms the engine's host can execute: its own, and those a binfmt_misc handler runs
 * under emulation (QEMU's user-mode binaries, as Debian's qemu-user-static and
 * docker/setup-qemu-action's tonistiigi/binfmt register them: `qemu-aarch64`, …).
 */

/** Go's architecture name -> the name QEMU's handlers carry. */
const QEMU_NAMES: Record<string, string> = {
  amd64: 'x86_64',
  arm64: 'aarch64',
  arm: 'arm',
  '386': 'i386',
  ppc64le: 'ppc64le',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64le: 'mips64el',
  mips64: 'mips64',
  mipsle: 'mipsel',
  mips: 'mips',
  loong64: 'loongarch64',
};

/** Architectures a host runs natively beside its own (32-bit x86 on x86-64). */
const ALSO_NATIVE: Record<string, string[]> = { amd64: ['386'] };

/** What the host executes: its architecture and the enabled binfmt handlers' names. */
export interface HostExecution {
  /** `amd64`, `arm64` (the daemon's `Arch`); empty when unknown. */
  arch: string;
  /** Names of enabled binfmt_misc handlers (`qemu-aarch64`); `undefined` when they cannot be read. */
  handlers: string[] | undefined;
}

/** Whether the host can run containers of `platform` (`linux/arm64`); `undefined`: cannot tell. */
export function canExecute(platform: string, host: HostExecution): boolean | undefined {
  const [os, arch] = platform.split('/');
  if (os !== 'linux') return false;
  if (!host.arch) return undefined;
  if (arch === host.arch || ALSO_NATIVE[host.arch]?.includes(arch)) return true;
  if (host.handlers === undefined) return undefined;
  const qemu = QEMU_NAMES[arch];
  return qemu !== undefined && host.handlers.includes(`qemu-${qemu}`);
}

/**
 * The enabled handlers under binfmt_misc (a local daemon shares this kernel's); `undefined` when the
 * file system is not mounted or not readable.
 */
export async function readBinfmtHandlers(dir = '/proc/sys/fs/binfmt_misc'): Promise<string[] | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const handlers = await Promise.all(
    names
      .filter((name) => name !== 'register' && name !== 'status')
      .map(async (name) => {
        const text = await readFile(join(dir, name), 'utf8').catch(() => '');
        return text.split('\n')[0].trim() === 'enabled' ? name : undefined;
      }),
  );
  return handlers.filter((name): name is string => name !== undefined);
}
