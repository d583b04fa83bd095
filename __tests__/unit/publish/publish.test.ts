import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/common/logger.js';
import { Docker } from '../../../src/engine/docker.js';
import type { ExecOptions, ExecResult } from '../../../src/engine/exec.js';
import { parseImageName } from '../../../src/naming/reference.js';
import { publishStage } from '../../../src/publish/publish.js';
import type { PublishSettings } from '../../../src/settings/publish.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** A Docker whose push answers from a table of digests by reference and records what it pushed. */
class FakeDocker extends Docker {
  readonly pushed: string[] = [];
  constructor(private readonly digests: Record<string, string>) {
    super('docker-not-used');
  }
  override async push(
    reference: string,
    onLine?: ExecOptions['onLine'],
  ): Promise<{ digest: string; result: ExecResult }> {
    this.pushed.push(reference);
    onLine?.(`${reference}: digest: ${this.digests[reference]} size: 528`, 'stdout');
    return {
      digest: this.digests[reference],
      result: { exitCode: 0, stdout: '', stderr: '', timedOut: false },
    };
  }
}

const quiet: Logger = {
  info: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  group: (_title, work) => work(),
};

function settings(push: boolean): PublishSettings {
  return {
    images: [parseImageName('ghcr.io/acme/app')],
    tags: ['v1', 'latest'],
    references: ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:latest'],
    version: 'v1',
    push,
    pushInput: push ? 'true' : 'false',
    credentials: [],
    logout: true,
    tagRules: { tags: 'v1\nlatest', flavor: '', extensions: false },
    notices: [],
    warnings: [],
  };
}

function context(docker: Docker, failedTests = 0, testOnly = false) {
  return { docker, testOnly, failedTests, log: quiet };
}

describe('publishStage', () => {
  it('pushes nothing and says it was not requested with push: false', async () => {
    const docker = new FakeDocker({});
    expect(await publishStage(settings(false), context(docker, 3, true))).toEqual({
      requested: false,
      digest: '',
    });
    expect(docker.pushed).toEqual([]);
  });

  it('pushes nothing for test-only, and says why', async () => {
    const docker = new FakeDocker({});
    expect(await publishStage(settings(true), context(docker, 0, true))).toEqual({
      requested: true,
      digest: '',
      skippedReason: "not pushed: 'test-only' builds nothing to push",
    });
    expect(docker.pushed).toEqual([]);
  });

  it('pushes nothing when a test failed, and counts the failures', async () => {
    const docker = new FakeDocker({});
    expect(await publishStage(settings(true), context(docker, 2))).toEqual({
      requested: true,
      digest: '',
      skippedReason: 'not pushed: 2 test(s) failed',
    });
    expect(docker.pushed).toEqual([]);
  });

  it('pushes every reference in order and gives the digest of the first', async () => {
    const docker = new FakeDocker({
      'ghcr.io/acme/app:v1': DIGEST,
      'ghcr.io/acme/app:latest': `sha256:${'cd'.repeat(32)}`,
    });
    expect(await publishStage(settings(true), context(docker))).toEqual({ requested: true, digest: DIGEST });
    expect(docker.pushed).toEqual(['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:latest']);
  });
});
