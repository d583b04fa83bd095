// Several platforms (issue #12): the time of a two-platform run against a one-platform run of the same
// Dockerfile, on each builder that publishes several platforms here (the engine's BuildKit, the legacy
// builder, buildah), side by side in one run.
//
// Scenario: `FROM` the two-platform busybox base (amd64 + arm64, pushed to a local registry),
// `RUN uname -m > /arch`, one test (`cat /arch`), `no-cache: true` (every run builds), push to a
// second local registry, cleanup `run`. arm64 runs under QEMU. Each round runs the one-platform and
// the two-platform action in alternating order.
//
// Usage: npx tsx bench/platforms.ts [--runs N]     (default 3; results in bench/results/platforms.json)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  arm64Emulation,
  pushMultiPlatformBase,
  removeImages,
  startRegistry,
  writeContext,
} from '../__tests__/harness/fixtures.js';
import { runAction } from '../__tests__/harness/run-action.js';
import { Docker } from '../src/engine/docker.js';
import { machineInfo } from './timing.js';
import { median, parseBenchArgs, printTable, rotation, round, runMain, sec, writeResults } from './report.js';

const BUILDERS = [
  { id: 'buildkit', label: 'engine BuildKit', builder: 'docker', env: {} },
  { id: 'legacy', label: 'legacy builder', builder: 'docker', env: { DOCKER_BUILDKIT: '0' } },
  { id: 'buildah', label: 'buildah', builder: 'buildah', env: {} },
] as const;
const SHAPES = ['one', 'two'] as const;
const PLATFORMS = { one: 'linux/amd64', two: 'linux/amd64,linux/arm64' } as const;
const PHASES = ['build', 'tests', 'push'] as const;

interface Run {
  seconds: number;
  phases: Record<string, number>;
}

runMain(async () => {
  const { runs } = parseBenchArgs(process.argv.slice(2), 'platforms', 3);
  const emulation = arm64Emulation();
  if (!emulation.ok) {
    console.log(`platforms benchmark skipped: ${emulation.why}`);
    return;
  }
  const baseRegistry = await startRegistry();
  const target = await startRegistry();
  try {
    const base = await pushMultiPlatformBase(baseRegistry);
    const context = writeContext({
      Dockerfile: `FROM ${base}\nRUN uname -m > /arch\nCMD ["cat", "/arch"]\n`,
    });
    const registriesConf = join(context, 'registries.conf');
    writeFileSync(
      registriesConf,
      [baseRegistry, target].map((r) => `[[registry]]\nlocation = "${r.host}"\ninsecure = true\n`).join('\n'),
    );
    const results: Record<string, Record<(typeof SHAPES)[number], Run[]>> = {};
    for (const b of BUILDERS) {
      results[b.id] = { one: [], two: [] };
      for (let round = 1; round <= runs; round++) {
        for (const shape of rotation(SHAPES, round)) {
          const image = `${target.host}/bench-platforms-${b.id}/app`;
          const started = performance.now();
          const result = await runAction({
            inputs: {
              context,
              images: image,
              tags: 'v1',
              platforms: PLATFORMS[shape],
              builder: b.builder,
              'test-run': 'cat /arch',
              'no-cache': 'true',
              push: 'true',
              cleanup: 'run',
            },
            env: { CONTAINERS_REGISTRIES_CONF: registriesConf, ...b.env },
            timeoutMs: 600_000,
          });
          const seconds = (performance.now() - started) / 1000;
          if (result.exitCode !== 0)
            throw new Error(`${b.label} ${shape}: exit ${result.exitCode}\n${result.log}`);
          const timings = JSON.parse(result.outputs.timings || '{}') as Record<string, number>;
          results[b.id][shape].push({ seconds: round3(seconds), phases: timings });
          console.log(`${b.label} ${shape} platform(s), round ${round}: ${seconds.toFixed(2)} s`);
          await removeImages([`${image}:v1`]);
        }
      }
    }
    console.log('');
    const rows = BUILDERS.flatMap((b) =>
      SHAPES.map((shape) => {
        const list = results[b.id][shape];
        const phase = (name: string) => median(list.map((r) => r.phases[name] ?? 0));
        return [
          b.label,
          PLATFORMS[shape],
          sec(median(list.map((r) => r.seconds)) * 1000),
          ...PHASES.map((p) => phase(p).toFixed(2)),
          list.map((r) => r.seconds.toFixed(2)).join(' '),
        ];
      }),
    );
    printTable(['builder', 'platforms', 'whole run (s)', ...PHASES, 'runs'], rows, 2);
    const ratios = BUILDERS.map((b) => {
      const one = median(results[b.id].one.map((r) => r.seconds));
      const two = median(results[b.id].two.map((r) => r.seconds));
      return { builder: b.label, one, two, ratio: round(two / one, 2) };
    });
    console.log('');
    for (const r of ratios) console.log(`${r.builder}: two platforms take ${r.ratio}× one platform`);
    writeResults('platforms', {
      machine: await machineInfo(await new Docker().server(), {}),
      scenario: {
        dockerfile: 'FROM <two-platform busybox base>\\nRUN uname -m > /arch',
        test: 'test-run: cat /arch',
        runs,
        inputs: 'no-cache: true, push: true (local registry), cleanup: run; arm64 under QEMU',
      },
      results,
      ratios,
    });
  } finally {
    await baseRegistry.stop();
    await target.stop();
  }
});

function round3(x: number): number {
  return round(x, 3);
}
