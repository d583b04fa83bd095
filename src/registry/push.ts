import * as core from '@actions/core';
import type { Docker } from '../engine/docker.js';

export interface PushResult {
  references: { reference: string; digest: string }[];
  /** The manifest digest of the first reference: the same image everywhere it was pushed. */
  digest: string;
}

/** Pushes every reference in order; the first failure stops the push and fails the step. */
export async function pushReferences(docker: Docker, references: string[]): Promise<PushResult> {
  const pushed: PushResult['references'] = [];
  for (const reference of references) {
    core.startGroup(`Push ${reference}`);
    try {
      const { digest } = await docker.push(reference, (line) => core.info(line));
      pushed.push({ reference, digest });
    } finally {
      core.endGroup();
    }
  }
  return { references: pushed, digest: pushed[0]?.digest ?? '' };
}
