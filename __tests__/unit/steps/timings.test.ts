import { describe, expect, it } from 'vitest';
import { PhaseTimer, timingsJson, timingsTable, type PhaseTime } from '../../../src/steps/timings.js';

/** A clock that reads the next of `ticks` (milliseconds) at each call. */
function clock(...ticks: number[]): () => number {
  return () => {
    const tick = ticks.shift();
    if (tick === undefined) throw new Error('the clock ran out of ticks');
    return tick;
  };
}

describe('PhaseTimer', () => {
  it('records wall seconds per phase in order, logs one line each, and ends with total', async () => {
    const lines: string[] = [];
    // start 0; settings 0→12; build 20→2020; tests 2100→2600; finish 3000.
    const timer = new PhaseTimer((line) => lines.push(line), clock(0, 0, 12, 20, 2020, 2100, 2600, 3000));
    expect(timer.empty).toBe(true);
    expect(await timer.time('settings', () => 'read')).toBe('read');
    expect(await timer.time('build', async () => 42)).toBe(42);
    await timer.time('tests', async () => undefined);
    expect(timer.empty).toBe(false);
    expect(timer.finish()).toEqual([
      { phase: 'settings', seconds: 0.012 },
      { phase: 'build', seconds: 2 },
      { phase: 'tests', seconds: 0.5 },
      { phase: 'total', seconds: 3 },
    ]);
    expect(lines).toEqual([
      'Phase settings: 0.012 s',
      'Phase build: 2.000 s',
      'Phase tests: 0.500 s',
      'Phase total: 3.000 s',
    ]);
  });

  it('counts a phase that throws up to its failure, and rethrows', async () => {
    const timer = new PhaseTimer(undefined, clock(0, 100, 350, 400));
    await expect(
      timer.time('build', async () => {
        throw new Error('build broke');
      }),
    ).rejects.toThrow('build broke');
    expect(timer.finish()).toEqual([
      { phase: 'build', seconds: 0.25 },
      { phase: 'total', seconds: 0.4 },
    ]);
  });

  it('adds up a phase timed twice, in the place it first ran', async () => {
    const timer = new PhaseTimer(undefined, clock(0, 0, 100, 100, 200, 200, 700, 1000));
    await timer.time('guard', () => 1);
    await timer.time('login', () => 2);
    await timer.time('guard', () => 3);
    expect(timer.finish().map(({ phase, seconds }) => [phase, seconds])).toEqual([
      ['guard', 0.6],
      ['login', 0.1],
      ['total', 1],
    ]);
  });

  it('leaves a switched-off phase absent but still runs its work', async () => {
    const timer = new PhaseTimer(undefined, clock(0, 0, 50, 80));
    let ran = 0;
    expect(await timer.timeIf(false, 'login', () => ++ran)).toBe(1);
    expect(timer.empty).toBe(true);
    expect(await timer.timeIf(true, 'push', () => ++ran)).toBe(2);
    expect(timer.finish().map(({ phase }) => phase)).toEqual(['push', 'total']);
  });

  it('measures with the real clock by default', async () => {
    const timer = new PhaseTimer();
    await timer.time('sleep', () => new Promise((resolve) => setTimeout(resolve, 30)));
    const [sleep, total] = timer.finish();
    expect(sleep.seconds).toBeGreaterThanOrEqual(0.02);
    expect(total.seconds).toBeGreaterThanOrEqual(sleep.seconds);
  });
});

const phases: PhaseTime[] = [
  { phase: 'settings', seconds: 0.0123456 },
  { phase: 'build', seconds: 1.23456 },
  { phase: 'tests', seconds: 0.5 },
  { phase: 'total', seconds: 2 },
];

describe('timingsJson', () => {
  it('gives phase → seconds to the millisecond, in order, total last', () => {
    const json = timingsJson(phases);
    expect(json).toBe('{"settings":0.012,"build":1.235,"tests":0.5,"total":2}');
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['settings', 'build', 'tests', 'total']);
  });

  it('never gives a negative time', () => {
    expect(timingsJson([{ phase: 'push', seconds: -0.0001 }])).toBe('{"push":0}');
  });
});

describe('timingsTable', () => {
  it('shows each phase with seconds and its share of the total', () => {
    expect(timingsTable(phases, 'Timings')).toBe(
      [
        '',
        '### Timings',
        '',
        '| Phase | Seconds | Share |',
        '|---|--:|--:|',
        '| settings | 0.012 | 0.6% |',
        '| build | 1.235 | 61.7% |',
        '| tests | 0.500 | 25.0% |',
        '| **total** | 2.000 | 100.0% |',
        '',
      ].join('\n'),
    );
  });

  it('shares against the sum without a total, and shows no share of nothing', () => {
    const table = timingsTable(
      [
        { phase: 'cache-save', seconds: 3 },
        { phase: 'cleanup', seconds: 1 },
      ],
      'Timings (post step)',
    );
    expect(table).toContain('### Timings (post step)');
    expect(table).toContain('| cache-save | 3.000 | 75.0% |');
    expect(table).toContain('| cleanup | 1.000 | 25.0% |');
    expect(timingsTable([{ phase: 'total', seconds: 0 }], 'T')).toContain('| **total** | 0.000 | — |');
  });
});
