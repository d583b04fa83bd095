import { performance } from 'node:perf_hooks';

/** One phase of a step and the wall seconds it took; the last one of a finished step is `total`. */
export interface PhaseTime {
  phase: string;
  seconds: number;
}

/**
 * Wall seconds per phase, in the order the phases first ran, with one log line per phase. A phase
 * that throws still counts up to its failure; a phase timed twice adds up.
 */
export class PhaseTimer {
  private readonly started: number;
  private readonly times = new Map<string, number>();

  constructor(
    private readonly log: (message: string) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Runs `work` as `phase`. */
  async time<T>(phase: string, work: () => T | Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await work();
    } finally {
      const seconds = (this.now() - start) / 1000;
      this.times.set(phase, (this.times.get(phase) ?? 0) + seconds);
      this.log(phaseLine(phase, seconds));
    }
  }

  /** Runs `work` as `phase` when `when`; else runs it untimed, and the phase stays absent. */
  async timeIf<T>(when: boolean, phase: string, work: () => T | Promise<T>): Promise<T> {
    return when ? this.time(phase, work) : work();
  }

  /** Whether no phase ran yet. */
  get empty(): boolean {
    return this.times.size === 0;
  }

  /** Every phase, then `total`: the wall time since the timer started (logged too). */
  finish(): PhaseTime[] {
    const total = (this.now() - this.started) / 1000;
    this.log(phaseLine('total', total));
    return [...this.times]
      .map(([phase, seconds]) => ({ phase, seconds }))
      .concat({ phase: 'total', seconds: total });
  }
}

function phaseLine(phase: string, seconds: number): string {
  return `Phase ${phase}: ${seconds.toFixed(3)} s`;
}

/** The `timings` output: `{"phase": seconds}` in the order the phases ran, to the millisecond. */
export function timingsJson(phases: PhaseTime[]): string {
  return JSON.stringify(Object.fromEntries(phases.map(({ phase, seconds }) => [phase, round(seconds)])));
}

/** A markdown table: phase, seconds, share of `total` (of the phases' sum when there is no total). */
export function timingsTable(phases: PhaseTime[], title: string): string {
  const total =
    phases.find((time) => time.phase === 'total')?.seconds ??
    phases.reduce((sum, time) => sum + time.seconds, 0);
  const rows = phases.map(({ phase, seconds }) => {
    const share = total > 0 ? `${((100 * seconds) / total).toFixed(1)}%` : '—';
    const name = phase === 'total' ? '**total**' : phase;
    return `| ${name} | ${round(seconds).toFixed(3)} | ${share} |`;
  });
  // A blank line first: this follows another table in the same job summary.
  return ['', `### ${title}`, '', '| Phase | Seconds | Share |', '|---|--:|--:|', ...rows, ''].join('\n');
}

function round(seconds: number): number {
  return Math.round(Math.max(0, seconds) * 1000) / 1000;
}
