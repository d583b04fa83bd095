import { statfs } from 'node:fs/promises';
import type { Buildah } from '../engine/buildah.js';
import type { DiskUsageRow, Docker } from '../engine/docker.js';

export interface DiskState {
  /** Where the engine keeps its data; empty when the engine did not say (a remote daemon). */
  path: string;
  /** Bytes free there for an unprivileged writer; `undefined` when it could not be measured. */
  freeBytes?: number;
  /** `docker system df`: what the engine holds, per kind. */
  usage: DiskUsageRow[];
}

/** Free bytes on the filesystem holding `path`, or `undefined` (no such path here: a remote daemon). */
export async function freeBytesAt(path: string): Promise<number | undefined> {
  if (!path) return undefined;
  try {
    const stats = await statfs(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** Where the builder keeps its data: buildah's storage root, else the Docker root dir. */
export async function dataRoot(docker: Docker, buildah?: Buildah): Promise<string> {
  return buildah ? await buildah.storageRoot() : await docker.rootDir();
}

export async function measureDisk(docker: Docker, path: string): Promise<DiskState> {
  const [freeBytes, usage] = await Promise.all([freeBytesAt(path), docker.diskUsage()]);
  return { path, freeBytes, usage };
}
