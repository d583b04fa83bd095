// Structure tests through the bundled action: the `tests` and `tests-file` inputs, services,
// parallelism, JUnit, test-only, and that nothing is pushed or left behind.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeImages, writeContext } from '../harness/fixtures.js';
import { containersOf, networksOf, useIntegrationFixtures } from '../harness/integration.js';
import { runAction, type ActionResult } from '../harness/run-action.js';

const fx = useIntegrationFixtures({ registry: true });
let context: string;

beforeAll(() => {
  context = writeContext({
    Dockerfile: [
      `FROM ${fx.base}`,
      'COPY tool.sh /usr/local/bin/tool',
      'RUN chmod 0750 /usr/local/bin/tool && chown 1000:1000 /usr/local/bin/tool',
      'ENV APP_MODE=production',
      'LABEL org.example.team=core',
      'EXPOSE 8080',
      'CMD ["tool"]',
      '',
    ].join('\n'),
    'tool.sh': '#!/bin/sh\necho "tool 1.2.3"\necho "warning: deprecated" >&2\n',
  });
});

async function leftovers(result: ActionResult): Promise<string> {
  const runKey = result.state['run-key'];
  return (await containersOf(runKey)).join('\n') + (await networksOf(runKey)).join('\n');
}

const spec = (extra = '') => `
commandTests:
  - name: version
    command: tool
    expectedOutput: ['^tool \\d+\\.\\d+\\.\\d+$']
  - name: env reaches the command
    command: sh
    args: ['-c', 'echo $APP_MODE-$EXTRA']
    env: { EXTRA: yes }
    expectedOutput: ['^production-yes$']
fileTests:
  - name: tool permissions
    path: /usr/local/bin/tool
    permissions: '-rwxr-x---'
    uid: 1000
    gid: 1000
    expectedContents: ['tool 1']
metadataTest:
  env: [{ key: APP_MODE, value: '^production$' }]
  labels: [{ key: org.example.team, value: '^core$' }]
  exposedPorts: ['8080']
  cmd: ['tool']
${extra}`;

describe('tests input', () => {
  it('runs command, file and metadata tests, writes JUnit and counts', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'shipshape-junit-')), 'junit.xml');
    const result = await runAction({
      inputs: {
        context,
        images: 'tests-it/pass',
        tests: spec(),
        'test-run': 'tool | grep -q 1.2.3',
        'test-report': report,
        'test-parallelism': '3',
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    const counts = JSON.parse(result.outputs['test-results']) as {
      total: number;
      passed: number;
      failed: number;
    };
    expect(counts).toEqual({ total: counts.passed, passed: counts.passed, failed: 0 });
    expect(counts.total).toBeGreaterThanOrEqual(8);
    const xml = readFileSync(report, 'utf8');
    expect(xml).toContain(`tests="${counts.total}"`);
    expect(xml).toContain('failures="0"');
    expect(result.summary).toContain('| `tool permissions` | passed |');
    expect(await leftovers(result)).toBe('');
    await removeImages(['tests-it/pass:main', 'tests-it/pass:latest']);
  });

  it('fails for the right reasons, one error per failed test, and pushes nothing', async () => {
    const failing = `
commandTests:
  - name: stderr must be clean
    command: tool
    excludedError: ['warning']
fileTests:
  - name: wrong permissions
    path: /usr/local/bin/tool
    permissions: '-rwxr-xr-x'
metadataTest:
  labels: [{ key: org.example.team, value: '^platform$' }]
`;
    const image = `${fx.registry.host}/tests-it/fail`;
    const result = await runAction({ inputs: { context, images: image, tests: failing, push: 'true' } });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.find((m) => m.includes("Test 'stderr must be clean' failed"))).toMatch(
      /warning: deprecated/,
    );
    expect(errors.find((m) => m.includes("Test 'wrong permissions' failed"))).toMatch(/-rwxr-x---/);
    expect(errors.find((m) => m.includes('org.example.team'))).toMatch(/core/);
    expect(errors.at(-1)).toContain('3 of');
    expect(errors.at(-1)).toContain('nothing was pushed');
    expect(JSON.parse(result.outputs['test-results'])).toMatchObject({ failed: 3 });
    const tags = await fetch(`${fx.registry.url}/v2/tests-it/fail/tags/list`);
    expect(tags.status).toBe(404);
    expect(await leftovers(result)).toBe('');
    await removeImages([`${image}:main`, `${image}:latest`]);
  });

  it('starts a service on a private network and reaches it by name', async () => {
    const result = await runAction({
      inputs: {
        context,
        images: 'tests-it/services',
        tests: `
services:
  - name: pong
    image: ${fx.base}
    command: ['nc', '-ll', '-p', '8080', '-e', 'echo', 'pong']
    readiness: "nc 127.0.0.1 8080 </dev/null | grep -q pong"
    timeout: 20
commandTests:
  - name: reaches the service by name
    command: sh
    args: ['-c', 'nc pong 8080 </dev/null']
    expectedOutput: ['^pong$']
`,
      },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.summary).toContain('| `reaches the service by name` | passed |');
    expect(await leftovers(result)).toBe('');
    await removeImages(['tests-it/services:main', 'tests-it/services:latest']);
  });

  it('test-only runs the tests on an existing image without building', async () => {
    const result = await runAction({
      inputs: { images: '', 'test-only': 'true', 'image-ref': fx.base, 'test-run': 'busybox | head -1' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).not.toContain('Builder:');
    expect(JSON.parse(result.outputs['test-results'])).toEqual({ total: 1, passed: 1, failed: 0 });
  });
});

describe('a malformed spec fails before any container starts', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'invalid regular expression',
      { tests: "commandTests:\n  - name: a\n    command: x\n    expectedOutput: ['(']\n" },
      ["input 'tests'", 'commandTests[0].expectedOutput[0]', 'invalid regular expression'],
    ],
    [
      'unknown key',
      { tests: 'commandTests:\n  - name: a\n    command: x\n    expectedOutptu: [x]\n' },
      ['commandTests[0].expectedOutptu', 'expectedOutput'],
    ],
    [
      'negative timeout',
      { tests: 'commandTests:\n  - name: a\n    command: x\n    timeout: -1\n' },
      ['commandTests[0].timeout'],
    ],
    [
      'service image not present',
      {
        tests:
          'services:\n  - name: db\n    image: nowhere/not-here:1\ncommandTests:\n  - name: a\n    command: x\n',
      },
      ['services[0].image', 'nowhere/not-here:1', 'not present'],
    ],
  ];
  it.each(cases)('%s', async (_, inputs, fragments) => {
    const result = await runAction({ inputs: { context, images: 'tests-it/bad', ...inputs } });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    for (const fragment of fragments) expect(errors[0].message).toContain(fragment);
    expect(result.log).not.toContain('Builder:');
  });

  it('names the tests-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-spec-'));
    writeFileSync(join(dir, 'tests.yml'), 'fileTests:\n  - name: f\n    path: /x\n    permissions: rwx\n');
    const result = await runAction({
      workspace: dir,
      inputs: { context, images: 'tests-it/bad', 'tests-file': 'tests.yml' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0].message).toContain(
      "input 'tests-file' (tests.yml): fileTests[0].permissions",
    );
    expect(existsSync(join(dir, 'tests.yml'))).toBe(true);
  });
});
