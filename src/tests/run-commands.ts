import * as core from '@actions/core';
import type { Docker } from '../engine/docker.js';
import { createLogPassthrough } from '../engine/exec.js';

export interface CommandTestResult {
  command: string;
  passed: boolean;
  exitCode: number;
  timedOut: boolean;
  durationMs: number;
  /** Combined stdout and stderr, as the container printed it. */
  output: string;
}

export interface CommandTestOptions {
  image: string;
  commands: string[];
  timeoutSeconds: number;
  /** Ownership labels, so the post step can find a container a cancelled run left behind. */
  labels: Record<string, string>;
  namePrefix: string;
}

/** A timed-out container gets SIGTERM, then SIGKILL after this many seconds. */
const STOP_GRACE_SECONDS = 10;

/** The `docker run` arguments for one `test-run` line: `sh -c LINE`, no network, our labels. */
export function commandTestArgs(options: CommandTestOptions, name: string, command: string): string[] {
  const args = ['container', 'run', '--name', name, '--network', 'none'];
  for (const [key, value] of Object.entries(options.labels)) args.push('--label', `${key}=${value}`);
  // --entrypoint: the line runs in a shell even when the image has an ENTRYPOINT of its own.
  args.push('--entrypoint', 'sh', options.image, '-c', command);
  return args;
}

/** Runs each command in a fresh container, one after another; containers are removed whatever happens. */
export async function runCommandTests(
  docker: Docker,
  options: CommandTestOptions,
): Promise<CommandTestResult[]> {
  const results: CommandTestResult[] = [];
  for (const [index, command] of options.commands.entries()) {
    const name = `${options.namePrefix}-${index + 1}`;
    const started = Date.now();
    const output: string[] = [];
    const passthrough = createLogPassthrough();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void docker.stopContainer(name, STOP_GRACE_SECONDS);
    }, options.timeoutSeconds * 1000);
    core.startGroup(`Test: ${command}`);
    passthrough.start();
    try {
      const result = await docker.exec(commandTestArgs(options, name, command), {
        onLine: (line) => {
          output.push(line);
          passthrough.line(line);
        },
      });
      const passed = result.exitCode === 0 && !timedOut;
      results.push({
        command,
        passed,
        exitCode: result.exitCode,
        timedOut,
        durationMs: Date.now() - started,
        output: output.join('\n'),
      });
    } finally {
      clearTimeout(timer);
      passthrough.stop();
      core.endGroup();
      await docker.removeContainers([name]);
    }
  }
  return results;
}
