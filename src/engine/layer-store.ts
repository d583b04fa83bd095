import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/**
 * The chain IDs of a layer stack: the first layer's is its diff ID, each next one
 * `sha256(parent chain ID + " " + diff ID)`, as the engine names its layer directories.
 */
export function chainIds(diffIds: string[]): string[] {
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const parent = chain.at(-1);
    chain.push(
      parent ? `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}` : diffId,
    );
  }
  return chain;
}

/** One line of a layer's `tar-split.json.gz`: raw tar bytes (type 2) or a file whose bytes are on disk (type 1). */
export interface TarSplitEntry {
  type: 1 | 2;
  name?: string;
  size?: number;
  /** Base64: the raw bytes of a segment (type 2); a checksum for a file (type 1). */
  payload?: string | null;
}

/**
 * Where a tar-split file entry's bytes are: the layer's directory joined with the entry name, never
 * outside it (`../` in a name is refused).
 */
export function entryPath(layerDir: string, name: string): string {
  const relative = normalize(name).replace(/^(\.\/)+/, '');
  if (relative.startsWith('..') || relative.startsWith('/'))
    throw new Error(`tar entry ${name} leaves the layer`);
  return join(layerDir, relative);
}

/**
 * The Docker engine's own store of image configurations and layers (overlay2), read directly where
 * the daemon is local and its data readable. A layer's tar is rebuilt exactly as the engine
 * rebuilds it for `docker save` and `docker push`: from its `tar-split` record (the tar headers and
 * padding, kept when the layer was made) and the files of its directory. Nothing is copied.
 */
export class LayerStore {
  private constructor(private readonly root: string) {}

  /** The store under the engine's data root (`docker info`'s DockerRootDir); `undefined` when unreadable. */
  static async open(rootDir: string): Promise<LayerStore | undefined> {
    if (!rootDir) return undefined;
    try {
      await access(join(rootDir, 'image', 'overlay2', 'layerdb', 'sha256'), constants.R_OK);
      await access(join(rootDir, 'overlay2'), constants.R_OK);
      return new LayerStore(rootDir);
    } catch {
      return undefined;
    }
  }

  /** An image's configuration (the JSON whose digest is the image ID); `undefined` when not stored. */
  async imageConfig(imageId: string): Promise<Buffer | undefined> {
    const hex = imageId.replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
    return readFile(join(this.root, 'image', 'overlay2', 'imagedb', 'content', 'sha256', hex)).catch(
      () => undefined,
    );
  }

  /**
   * The tar of layer `index` of a stack, streamed chunk by chunk (a file at a time, never a whole
   * layer in memory). Throws when the store lacks the layer or a file is shorter than its record.
   */
  async *layerTar(diffIds: string[], index: number): AsyncGenerator<Buffer> {
    const chainId = chainIds(diffIds.slice(0, index + 1))[index];
    const layerDb = join(
      this.root,
      'image',
      'overlay2',
      'layerdb',
      'sha256',
      chainId.replace(/^sha256:/, ''),
    );
    const cacheId = (await readFile(join(layerDb, 'cache-id'), 'utf8')).trim();
    if (!/^[0-9a-zA-Z]+$/.test(cacheId)) throw new Error(`layer ${chainId} has no usable cache-id`);
    const layerDir = join(this.root, 'overlay2', cacheId, 'diff');
    const lines = createInterface({
      input: createReadStream(join(layerDb, 'tar-split.json.gz')).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line) continue;
      const entry = JSON.parse(line) as TarSplitEntry;
      if (entry.type === 2) {
        if (entry.payload) yield Buffer.from(entry.payload, 'base64');
      } else if (entry.type === 1 && (entry.size ?? 0) > 0) {
        yield* fileBytes(entryPath(layerDir, entry.name ?? ''), entry.size ?? 0);
      }
    }
  }
}

async function* fileBytes(path: string, size: number): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    read += bytes.length;
    yield bytes;
  }
  if (read !== size) throw new Error(`${path} has ${read} bytes, its layer record says ${size}`);
}
