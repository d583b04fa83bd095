import { execProgram, type ExecOptions, type ExecResult } from './exec.js';

/** The one place that runs buildah, the daemonless builder. */
export class Buildah {
  constructor(readonly bin: string = 'buildah') {}

  exec(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execProgram(this.bin, args, options);
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

  async removeImages(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.exec(['rmi', '--force', ...ids]);
  }
}
