// Issue #13's proof: every hostile or malformed value of the table, through the bundled action as the
// runner runs it. Each run fails before it creates any container, image, network, volume or file,
// with exactly one ::error:: naming the input, and no secret or file content anywhere it writes.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docker, removeImages } from '../harness/fixtures.js';
import { FILE_MARKER, hostileCases, pathFixture, SECRET } from '../harness/hostile-cases.js';
import { runAction, withoutMaskCommands } from '../harness/run-action.js';

const fx = pathFixture();
// Linux passes no single environment string over 128 KiB (MAX_ARG_STRLEN), so neither does the
// runner: an input that large never reaches the action (the 1 MB bound is tested through tests-file).
const cases = hostileCases(fx).filter(([, table]) => Object.values(table).every((v) => v.length < 100_000));

/** Every object the daemon has: what a run that fails at its inputs must leave exactly as it was. */
async function daemonObjects(): Promise<string[]> {
  const lists = await Promise.all([
    docker(['ps', '-aq', '--no-trunc']),
    docker(['images', '-aq', '--no-trunc']),
    docker(['volume', 'ls', '-q']),
    docker(['network', 'ls', '-q', '--no-trunc']),
  ]);
  return lists.flatMap((list) => list.stdout.split('\n').filter(Boolean)).sort();
}

let before: string[] = [];
beforeAll(async () => {
  before = await daemonObjects();
});

describe('hostile inputs through the bundled action', () => {
  it(`has at least 90 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(90));

  it.each(cases.map((c, i) => [...c, i] as const))(
    '%s: fails at its inputs, one error naming the input, nothing created, nothing leaked',
    async (_name, table, input, i) => {
      const runnerTemp = join(fx.runnerTemp, `case-${i}`);
      mkdirSync(runnerTemp);
      const result = await runAction({
        workspace: fx.workspace,
        inputs: { images: 'acme/app', push: 'false', ...table },
        env: { RUNNER_TEMP: runnerTemp },
        timeoutMs: 60_000,
      });
      expect(result.exitCode, result.log).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors, result.log).toHaveLength(1);
      expect(errors[0].message).toMatch(new RegExp(`^(Input|input) '${input}'`));
      // Before anything: no run key (the lease, the labels), no file in RUNNER_TEMP.
      expect(result.state['run-key']).toBeUndefined();
      expect(readdirSync(runnerTemp)).toEqual([]);
      // No secret, no file content: the log (mask commands aside), outputs, state, summary.
      const written = [
        withoutMaskCommands(result.log),
        JSON.stringify(result.outputs),
        JSON.stringify(result.state),
        result.jobSummary,
      ].join('\n');
      expect(written).not.toContain(SECRET);
      expect(written).not.toContain(FILE_MARKER);
    },
    60_000,
  );

  it('created nothing on the daemon, in all those runs', async () => {
    expect(await daemonObjects()).toEqual(before);
  });

  it('builds, tests and writes its report as usual with every path inside the workspace and RUNNER_TEMP', async () => {
    const runnerTemp = join(fx.runnerTemp, 'inside');
    mkdirSync(runnerTemp);
    const report = join(runnerTemp, 'reports', 'junit.xml');
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: 'shipshape-it/contained',
        'test-run': 'hello',
        'test-report': report,
        push: 'false',
        'allow-paths-outside-workspace': 'false',
      },
      env: { RUNNER_TEMP: runnerTemp },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('<testsuite');
    await removeImages(['shipshape-it/contained:latest', 'shipshape-it/contained:main']);
  });
});
