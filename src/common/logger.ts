/**
 * Where stages write what they do. The steps make one from the runner (`steps/runner-commands.ts`); tests and
 * benchmarks pass their own. Nothing below the steps talks to the runner directly.
 */
export interface Logger {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  /** A collapsible group around `work` in the job log. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/** A workflow command's message, escaped as the runner reads it (`%`, CR and LF). */
function escapeData(message: string): string {
  return message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const line = (text: string) => void process.stdout.write(`${text}\n`);

/**
 * The job log written straight to stdout, in the runner's workflow-command format: what a stage
 * uses when its caller passes no logger of its own.
 */
export const stdoutLogger: Logger = {
  info: (message) => line(message),
  notice: (message) => line(`::notice::${escapeData(message)}`),
  warning: (message) => line(`::warning::${escapeData(message)}`),
  group: async (title, work) => {
    line(`::group::${title}`);
    try {
      return await work();
    } finally {
      line('::endgroup::');
    }
  },
};
