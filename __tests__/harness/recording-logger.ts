import type { Logger } from '../../src/common/logger.js';

/** A logger that records what it is told: infos and notices together, warnings apart. */
export function recordingLogger(): { log: Logger; infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  const log: Logger = {
    info: (message) => void infos.push(message),
    notice: (message) => void infos.push(message),
    warning: (message) => void warnings.push(message),
    group: (_title, work) => work(),
  };
  return { log, infos, warnings };
}
