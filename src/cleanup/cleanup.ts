import type { Docker, ImageInspect } from '../engine/docker.js';
import { runFilter } from './ownership.js';

export interface RemovedObject {
  kind: 'container' | 'image' | 'network';
  id: string;
  /** Bytes this object alone held on disk (a container's writable layer, an image's own layers). */
  bytes: number;
}

export interface CleanupResult {
  removed: RemovedObject[];
  bytesFreed: number;
  /** Objects of this run that could not be removed, with the engine's reason. */
  failures: { kind: RemovedObject['kind']; id: string; reason: string }[];
}

/**
 * Removes what this run created and nothing else: containers and networks carrying this run's label, and the
 * images this run's builds created that are now dangling (untagged). Tagged images stay.
 */
export async function cleanupRun(
  docker: Docker,
  runKey: string,
  createdImages: string[],
): Promise<CleanupResult> {
  const removed: RemovedObject[] = [];
  const failures: CleanupResult['failures'] = [];

  const containers = await docker.listContainers([runFilter(runKey)]);
  const containerResult = await docker.removeContainers(containers.map((c) => c.id));
  for (const container of containers) {
    if (containerResult.removed.includes(container.id)) {
      removed.push({ kind: 'container', id: container.id, bytes: container.sizeRw });
    }
  }
  failures.push(...containerResult.failed.map((f) => ({ kind: 'container' as const, ...f })));

  // Networks made for test services; a cancelled run may have left one.
  for (const id of await docker.listNetworks([runFilter(runKey)])) {
    try {
      await docker.removeNetwork(id);
      removed.push({ kind: 'network', id, bytes: 0 });
    } catch (error) {
      failures.push({ kind: 'network', id, reason: (error as Error).message });
    }
  }

  // Dangling: untagged and no child image. An untagged intermediate image of a legacy build that is
  // the parent of a tagged image stays; removing its dangling children removes the untagged parents.
  const dangling = new Set(await docker.listImageIds(['dangling=true']));
  const candidates = (await docker.inspectImages(createdImages)).filter((image) => dangling.has(image.Id));
  if (candidates.length > 0) {
    const before = await docker.inspectImages(await docker.listImageIds([], true));
    // Newest first, so a child goes before a parent that is also on the list.
    const ordered = [...candidates].sort((a, b) => b.Created.localeCompare(a.Created));
    const result = await docker.removeImages(ordered.map((image) => image.Id));
    const gone = new Set([...result.removed, ...result.deleted]);
    const survivors = before.filter((image) => !gone.has(image.Id));
    const sizes = exclusiveSizes(
      before.filter((image) => gone.has(image.Id)),
      survivors,
    );
    for (const image of before) {
      if (gone.has(image.Id)) removed.push({ kind: 'image', id: image.Id, bytes: sizes.get(image.Id) ?? 0 });
    }
    for (const failure of result.failed) {
      if (!gone.has(failure.id)) failures.push({ kind: 'image', ...failure });
    }
  }
  return { removed, bytesFreed: removed.reduce((sum, object) => sum + object.bytes, 0), failures };
}

/**
 * Bytes the removed images held beyond what survives: each removed image is charged its size minus
 * the largest surviving image whose layers are a prefix of its own (its base or parent). Images
 * share layers, so summing whole image sizes would overcount. A removed image whose removed parent
 * is also listed is charged only the difference to that parent.
 */
export function exclusiveSizes(removed: ImageInspect[], survivors: ImageInspect[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const image of removed) {
    const layers = image.RootFS.Layers ?? [];
    let shared = 0;
    for (const other of [...survivors, ...removed]) {
      if (other.Id === image.Id) continue;
      const otherLayers = other.RootFS.Layers ?? [];
      const isPrefix =
        otherLayers.length <= layers.length &&
        otherLayers.every((layer, i) => layers[i] === layer) &&
        // Among removed images only a strict ancestor counts, so two with equal layers are not both zero.
        (survivors.includes(other) || otherLayers.length < layers.length);
      if (isPrefix) shared = Math.max(shared, other.Size);
    }
    sizes.set(image.Id, Math.max(0, image.Size - shared));
  }
  return sizes;
}
