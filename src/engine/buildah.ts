import { execProgram, type ExecOptions, type ExecResult } from './exec.js';

/** The one place that runs buildah, the daemonless builder. */
export class Buildah {
  constructor(readonly bin: string = 'buildah') {}

  /** Runs buildah; only the engine's own methods do. */
  protected exec(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execProgram(this.bin, args, options);
  }

  /** One `buildah build …` (arguments from builder/arguments.ts), its log streamed. */
  build(args: string[], options: Pick<ExecOptions, 'env' | 'cwd' | 'onLine'>): Promise<ExecResult> {
    return this.exec(args, options);
  }

  /** `buildah version 1.28.2 (image-spec …)` -> `1.28.2`; empty when buildah is not installed. */
  async version(): Promise<string> {
    try {
      const result = await this.exec(['--version'], { timeoutMs: 10_000 });
      return /version\s+([0-9][^\s]*)/.exec(result.stdout)?.[1] ?? '';
    } catch {
      return '';
    }
  }

  /** Copies an image from buildah's storage into the Docker engine, where tests run it. */
  async pushToDocker(image: string, reference: string): Promise<ExecResult> {
    return this.exec(['push', '--quiet', image, `docker-daemon:${reference}`]);
  }

  /** One `buildah manifest …` command (arguments from publish/buildah-manifest.ts). */
  manifest(args: string[], options: Pick<ExecOptions, 'onLine'> = {}): Promise<ExecResult> {
    return this.exec(['manifest', ...args], options);
  }

  /** Every image in buildah's storage, intermediate ones included; `filters` as `buildah images --filter`. */
  async listImages(filters: string[] = []): Promise<BuildahImage[]> {
    const args = ['images', '--all', '--json', '--no-trunc', ...filters.flatMap((f) => ['--filter', f])];
    const result = await this.exec(args);
    if (result.exitCode !== 0) return [];
    const raw = (JSON.parse(result.stdout.trim() || 'null') ?? []) as {
      id: string;
      names?: string[] | null;
      created?: number;
      createdatraw?: string;
    }[];
    return raw.map((image) => ({
      id: image.id.startsWith('sha256:') ? image.id : `sha256:${image.id}`,
      names: image.names ?? [],
      created: image.createdatraw ?? new Date((image.created ?? 0) * 1000).toISOString(),
    }));
  }

  /** Working containers (buildah's, not the Docker engine's): a failed build leaves its own. */
  async listContainers(): Promise<{ id: string; imageId: string }[]> {
    const result = await this.exec(['containers', '--all', '--json']);
    if (result.exitCode !== 0) return [];
    const raw = (JSON.parse(result.stdout.trim() || 'null') ?? []) as { id: string; imageid: string }[];
    return raw.map((container) => ({ id: container.id, imageId: container.imageid }));
  }

  /** A working container's labels (what its configuration carries); empty when it cannot be read. */
  async containerLabels(id: string): Promise<Record<string, string>> {
    const result = await this.exec([
      'inspect',
      '--type',
      'container',
      '--format',
      '{{json .Docker.Config.Labels}}',
      id,
    ]);
    if (result.exitCode !== 0) return {};
    return (JSON.parse(result.stdout.trim() || 'null') ?? {}) as Record<string, string>;
  }

  /**
   * Removes each item alone, so one failure does not stop the rest. An image with names goes by
   * its names (`[id, ...names]`): buildah refuses an ID with several, and forcing would also take
   * a container's image.
   */
  async remove(
    kind: 'rm' | 'rmi',
    items: (string | string[])[],
  ): Promise<{ removed: string[]; failed: { id: string; reason: string }[] }> {
    const removed: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const item of items) {
      const [id, ...names] = typeof item === 'string' ? [item] : item;
      const result = await this.exec([kind, ...(names.length > 0 ? names : [id])]);
      if (result.exitCode === 0 || /image not known|container not known|no such/i.test(result.stderr))
        removed.push(id);
      else failed.push({ id, reason: result.stderr.trim() });
    }
    return { removed, failed };
  }

  /** Where buildah keeps images and containers (`/var/lib/containers/storage`). */
  async storageRoot(): Promise<string> {
    const result = await this.exec(['info', '--format', '{{.store.GraphRoot}}'], { timeoutMs: 30_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
  }
}

export interface BuildahImage {
  /** `sha256:…` */
  id: string;
  /** `docker.io/acme/app:v1`; empty for an untagged image. */
  names: string[];
  /** ISO time. */
  created: string;
}
