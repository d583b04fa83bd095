import { readdir, rm } from 'node:fs/promises';
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
