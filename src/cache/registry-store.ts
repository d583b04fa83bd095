import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where Distribution's filesystem driver keeps repositories below its root directory. */
const REPOSITORIES = join('docker', 'registry', 'v2', 'repositories');

/**
 * Deletes every tag of the local cache registry's storage except `keep` (`name:tag`), so a garbage
 * collection afterwards leaves only what the latest build used: the saved cache cannot grow.
 * Returns the tags it deleted.
 */
export async function pruneTags(storage: string, keep: Set<string>): Promise<string[]> {
  const deleted: string[] = [];
  for (const repository of await repositories(join(storage, REPOSITORIES))) {
    const tagsDir = join(storage, REPOSITORIES, repository, '_manifests', 'tags');
    for (const tag of await list(tagsDir)) {
      if (keep.has(`${repository}:${tag}`)) continue;
      await rm(join(tagsDir, tag), { recursive: true, force: true });
      deleted.push(`${repository}:${tag}`);
    }
  }
  return deleted;
}

/** Repository names (`a/b/c`) below the repositories folder: folders holding `_manifests`. */
async function repositories(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const name of await list(root)) {
    if (name.startsWith('_')) continue;
    const path = join(root, name);
    const children = await list(path);
    if (children.includes('_manifests')) found.push(prefix + name);
    found.push(...(await repositories(path, `${prefix}${name}/`)));
  }
  return found;
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * What the local cache registry's storage holds, as one digest: every blob and every tag's link
 * (upload scratch space left out). Equal before and after a build: the cache did not change.
 */
export async function storageFingerprint(storage: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '_uploads') continue;
      const path = join(dir, entry.name);
      const name = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(path, name);
      else if (entry.name === 'link') hash.update(`${name}=${await readFile(path, 'utf8')}\n`);
      else hash.update(`${name}\n`);
    }
  };
  await walk(storage, '');
  return hash.digest('hex');
}

/**
 * The compressed size of every layer the local cache registry's storage holds, by diff ID: read
 * from each tag's manifest and configuration on disk (the registry's own exact figures). Anything
 * unreadable is skipped.
 */
export async function storedLayerSizes(storage: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const v2 = join(storage, 'docker', 'registry', 'v2');
  const blob = (digest: string) =>
    readFile(join(v2, 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7), 'data'), 'utf8');
  for (const repository of await repositories(join(storage, REPOSITORIES))) {
    const tagsDir = join(storage, REPOSITORIES, repository, '_manifests', 'tags');
    for (const tag of await list(tagsDir)) {
      try {
        const digest = (await readFile(join(tagsDir, tag, 'current', 'link'), 'utf8')).trim();
        if (!/^sha256:[0-9a-f]{64}$/.test(digest)) continue;
        const manifest = JSON.parse(await blob(digest)) as {
          config?: { digest?: string };
          layers?: { size: number }[];
        };
        const configDigest = manifest.config?.digest ?? '';
        if (!/^sha256:[0-9a-f]{64}$/.test(configDigest)) continue;
        const config = JSON.parse(await blob(configDigest)) as { rootfs?: { diff_ids?: string[] } };
        const diffIds = config.rootfs?.diff_ids ?? [];
        const layers = manifest.layers ?? [];
        if (diffIds.length !== layers.length) continue;
        diffIds.forEach((diffId, i) => sizes.set(diffId, layers[i].size));
      } catch {
        // not an image manifest, or not readable: no figures from it
      }
    }
  }
  return sizes;
}
