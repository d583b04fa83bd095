import type { Logger } from '../common/logger.js';
import type { Docker } from '../engine/docker.js';
import { pushReferences } from '../registry/push.js';
import type { PublishSettings } from '../settings/publish.js';

export interface PublishResult {
  requested: boolean;
  /** The manifest digest of what was pushed; empty when nothing was. */
  digest: string;
  /** Why a requested push did not happen. */
  skippedReason?: string;
}

/** Pushes every reference, only when every test passed; `test-only` builds nothing to push. */
export async function publishStage(
  settings: PublishSettings,
  context: { docker: Docker; testOnly: boolean; failedTests: number; log: Logger },
): Promise<PublishResult> {
  const requested = settings.push;
  if (!requested) return { requested, digest: '' };
  if (context.testOnly)
    return { requested, digest: '', skippedReason: "not pushed: 'test-only' builds nothing to push" };
  if (context.failedTests > 0) {
    return { requested, digest: '', skippedReason: `not pushed: ${context.failedTests} test(s) failed` };
  }
  const pushed = await pushReferences(context.docker, settings.references, { log: context.log });
  return { requested, digest: pushed.digest };
}
