import * as core from './runner-commands.js';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Logger } from '../common/logger.js';

/** The job log, through the runner's workflow commands. */
export const runnerLog: Logger = {
  info: (message) => core.info(message),
  notice: (message) => core.notice(message),
  warning: (message) => core.warning(message),
  group: (title, work) => core.group(title, work),
};

/** The event payload the runner wrote, `{}` when there is none. */
export async function readEvent(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Where the run may write temporary files: the runner's temp directory, else the system's. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TEMP || tmpdir();
}

/** Appends markdown to the job summary. */
export async function addSummary(markdown: string): Promise<void> {
  core.appendSummary(markdown);
}
