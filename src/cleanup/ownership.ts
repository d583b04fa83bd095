import { randomBytes } from 'node:crypto';

/** The label every container and image of one action invocation carries; its value is unique. */
export const RUN_LABEL = 'dev.shipshape.run';
/**
 * Set on the one volume each run holds while it runs (its lease): other runs' `dangling` and
 * `aggressive` cleanups leave the objects of a run with a lease alone. A volume costs no image and
 * survives nothing but its removal, which the post step does.
 */
export const LEASE_LABEL = 'dev.shipshape.lease';
/**
 * `dev.shipshape.uses.<n>` on a lease: an image the run uses without having made it (a base, a
 * service, the image `test-only` tests), as `name:tag` or `name@digest`. Other runs' cleanups never
 * remove an image a live lease names, however long ago it arrived.
 */
export const LEASE_USES_PREFIX = 'dev.shipshape.uses.';
/** At most this many images named on a lease (a label each). */
const MAX_USES = 64;

export interface Ownership {
  /** Unique per invocation: two steps, matrix legs or re-runs never share it. */
  runKey: string;
  labels: Record<string, string>;
}

/**
 * Labels naming this run. The random part keeps matrix legs apart: they share repository, run id,
 * attempt and job, and may share one daemon on a self-hosted host.
 */
export function createOwnership(env: NodeJS.ProcessEnv, nonce = randomBytes(4).toString('hex')): Ownership {
  const repository = env.GITHUB_REPOSITORY ?? 'local';
  const runId = env.GITHUB_RUN_ID ?? '0';
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
  const job = env.GITHUB_JOB ?? 'job';
  const runKey = `${repository}/${runId}/${attempt}/${job}/${nonce}`;
  return {
    runKey,
    labels: {
      [RUN_LABEL]: runKey,
      'dev.shipshape.repository': repository,
      'dev.shipshape.run-id': runId,
      'dev.shipshape.run-attempt': attempt,
      'dev.shipshape.job': job,
    },
  };
}

export function runFilter(runKey: string): string {
  return `label=${RUN_LABEL}=${runKey}`;
}

/** The lease volume's name: unique per invocation, like the run key. */
export function leaseName(runKey: string): string {
  return `shipshape-lease-${runKey.split('/').pop()}`;
}

export function leaseLabels(ownership: Ownership, uses: string[] = []): Record<string, string> {
  const named = [...new Set(uses)].slice(0, MAX_USES).map((ref, i) => [`${LEASE_USES_PREFIX}${i}`, ref]);
  return { ...ownership.labels, [LEASE_LABEL]: 'true', ...Object.fromEntries(named) };
}
