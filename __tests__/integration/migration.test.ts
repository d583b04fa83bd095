// The README's migration page (issue #15): every Shipshape form it shows is read from README.md and
// run as the runner would, with the workflow expressions it uses evaluated for the event each
// scenario stands for, `ghcr.io` replaced by a local registry, against the real engine.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { arm64Emulation, pushMultiPlatformBase, writeContext } from '../harness/fixtures.js';
import { useIntegrationFixtures } from '../harness/integration.js';
import { defaultEvent, repoRoot, runAction, type RunOptions } from '../harness/run-action.js';

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Migrating from the docker/'), README.indexOf('\n## Inputs'));

/** Each `# <marker>: <name>` YAML block of the migration page, by name. */
function blocks(marker: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = new RegExp(`\`\`\`yaml\\n# ${marker}: (\\S+)\\n([\\s\\S]*?)\`\`\``, 'g');
  for (const [, name, body] of section.matchAll(pattern)) found.set(name, body);
  return found;
}
const before = blocks('docker/\\*');
const after = blocks('shipshape');

/** The Shipshape step's `with:` of a block: its inputs as the runner would pass them. */
function shipshapeInputs(name: string): Record<string, unknown> {
  const steps = parseYaml(after.get(name) ?? '') as { uses?: string; with?: Record<string, unknown> }[];
  const step = steps.find((s) => s.uses?.startsWith('shipshape/shipshape@'));
  if (!step?.with) throw new Error(`the '${name}' example has no shipshape/shipshape step with inputs`);
  return step.with;
}

const USER = { username: 'migrator', password: `pw-${randomBytes(6).toString('hex')}` };

/**
 * The workflow expressions the page uses, as the runner evaluates them for `event`; any other
 * expression fails the test, so the page cannot show one that was not tried.
 */
function evaluate(value: unknown, event: string): string {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.actor') return USER.username;
    if (expression === 'secrets.GITHUB_TOKEN') return USER.password;
    if (expression === "github.event_name != 'pull_request'") return String(event !== 'pull_request');
    throw new Error(`the migration page uses an expression the test does not know: ${expression}`);
  });
}

const fx = useIntegrationFixtures({ registries: [{ htpasswd: USER }, {}], cacheServer: true });

/** The page's inputs for `name`, evaluated for `event`, with ghcr.io made the local `registry`. */
function inputsOf(name: string, event: string, registry: string): Record<string, string> {
  // `flavor` at its default, said outright: the harness otherwise adds `latest=true` on a push to main.
  return Object.fromEntries(
    Object.entries({ flavor: '', ...shipshapeInputs(name) }).map(([key, value]) => [
      key,
      evaluate(value, event).replace(/\bghcr\.io\b/g, registry),
    ]),
  );
}

const PUSH_EVENT = { eventName: 'push', env: { GITHUB_REF: 'refs/heads/main' } };
const TAG_EVENT = { eventName: 'push', env: { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: 'a'.repeat(40) } };
const PR_EVENT: Pick<RunOptions, 'eventName' | 'env' | 'event'> = {
  eventName: 'pull_request',
  env: { GITHUB_REF: 'refs/pull/7/merge', GITHUB_HEAD_REF: 'topic', GITHUB_BASE_REF: 'main' },
  event: {
    ...defaultEvent,
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: 'b'.repeat(40), repo: { full_name: 'acme/shipshape-test' } },
      base: { ref: 'main' },
    },
  },
};

async function tagsIn(registryUrl: string, repository: string, auth = true): Promise<string[]> {
  const headers: Record<string, string> = auth
    ? { authorization: `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}` }
    : {};
  const response = await fetch(`${registryUrl}/v2/${repository}/tags/list`, { headers });
  if (response.status === 404) return [];
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

async function digestOf(registryUrl: string, repository: string, tag: string): Promise<string | null> {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`,
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return response.headers.get('docker-content-digest');
}

let workspace = '';
beforeAll(() => {
  workspace = writeContext({
    Dockerfile: `FROM ${fx.base}\nRUN echo migrated > /hello\n`,
    'structure-tests.yaml': [
      "schemaVersion: '2.0.0'",
      'commandTests:',
      '  - name: says hello',
      '    command: cat',
      "    args: ['/hello']",
      "    expectedOutput: ['migrated']",
      'fileExistenceTests:',
      '  - name: the file is there',
      '    path: /hello',
      '    shouldExist: true',
      '',
    ].join('\n'),
  });
});

describe('the migration page', () => {
  it('pairs every docker/* example with a Shipshape form, and maps every input of the four actions', () => {
    expect([...before.keys()].sort()).toEqual([...after.keys()].sort());
    expect(after.size).toBeGreaterThanOrEqual(6);
    // The inputs of docker/build-push-action v6, metadata-action v5, login-action v3 and
    // setup-buildx-action v3 (their action.yml): each is named in the page's tables or text.
    const anchors = {
      'build-push-action': [
        'add-hosts',
        'allow',
        'annotations',
        'attests',
        'build-args',
        'build-contexts',
        'builder',
        'cache-from',
        'cache-to',
        'call',
        'cgroup-parent',
        'context',
        'file',
        'labels',
        'load',
        'network',
        'no-cache',
        'no-cache-filters',
        'outputs',
        'platforms',
        'provenance',
        'pull',
        'push',
        'sbom',
        'secrets',
        'secret-envs',
        'secret-files',
        'shm-size',
        'ssh',
        'tags',
        'target',
        'ulimit',
        'github-token',
      ],
      'metadata-action': [
        'context',
        'images',
        'tags',
        'flavor',
        'labels',
        'annotations',
        'sep-tags',
        'sep-labels',
        'sep-annotations',
        'bake-target',
        'github-token',
      ],
      'login-action': ['registry', 'username', 'password', 'ecr', 'scope', 'logout', 'registry-auth'],
    };
    for (const [action, inputs] of Object.entries(anchors)) {
      const table = section.slice(section.search(new RegExp(`\\| ${action} +\\|`)));
      const rows = table.slice(0, table.indexOf('\n\n'));
      for (const input of inputs) expect(rows, `${action}: ${input}`).toContain(`\`${input}\``);
    }
    expect(section).toContain('docker/setup-buildx-action: none of its inputs are needed');
  });

  it('publish: the tags metadata-action gives for a release tag, pushed after a login', async () => {
    const [registry] = fx.registries;
    const result = await runAction({
      workspace,
      inputs: inputsOf('publish', 'push', registry.host),
      ...TAG_EVENT,
    });
    expect(result.exitCode, result.log).toBe(0);
    const tags = await tagsIn(registry.url, 'acme/app');
    expect(tags).toEqual(expect.arrayContaining(['1.2.3', '1.2', `sha-${'a'.repeat(7)}`]));
    expect(result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs.tags.split('\n')).toContain(`${registry.host}/acme/app:1.2.3`);
  });

  it('registry-cache: a push writes the cache image, a pull request reads it and writes nothing', async () => {
    const [registry] = fx.registries;
    const pushed = await runAction({
      workspace,
      inputs: inputsOf('registry-cache', 'push', registry.host),
      ...PUSH_EVENT,
    });
    expect(pushed.exitCode, pushed.log).toBe(0);
    const cache = await digestOf(registry.url, 'acme/app', 'buildcache');
    expect(cache).toMatch(/^sha256:/);

    const pr = await runAction({
      workspace,
      inputs: inputsOf('registry-cache', 'pull_request', registry.host),
      ...PR_EVENT,
    });
    expect(pr.exitCode, pr.log).toBe(0);
    expect(pr.log).toContain("'cache-write' is false: the layer cache was read, and is not written.");
    expect(await digestOf(registry.url, 'acme/app', 'buildcache')).toBe(cache);
  });

  const emulation = arm64Emulation();
  it.skipIf(!emulation.ok)('platforms: both platforms built and tested (arm64 under QEMU)', async () => {
    const plain = fx.registries[1];
    const base = await pushMultiPlatformBase(plain);
    const context = writeContext({ Dockerfile: `FROM ${base}\nRUN echo multi > /hello\n` });
    const result = await runAction({
      workspace: context,
      inputs: inputsOf('platforms', 'push', plain.host),
      ...PUSH_EVENT,
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain('x86_64');
    expect(result.log).toContain('aarch64');
  });
  if (!emulation.ok) console.log(`[migration] platforms example skipped: ${emulation.why}`);

  it('structure-tests: the container-structure-test file passes before anything else', async () => {
    const result = await runAction({
      workspace,
      inputs: inputsOf('structure-tests', 'push', fx.registries[1].host),
      ...PUSH_EVENT,
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(JSON.parse(result.outputs['test-results'])).toEqual({ total: 2, passed: 2, failed: 0 });
    expect(result.jobSummary).toContain('says hello');
    expect(result.jobSummary).toContain('the file is there');
  });

  it('checks: without buildx here, the step fails at once naming the input (the buildx road is unit-tested)', async () => {
    console.log('[migration] checks example: no buildx on this machine, so only its refusal is run');
    const result = await runAction({
      workspace,
      inputs: inputsOf('checks', 'push', fx.registries[1].host),
      ...PUSH_EVENT,
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(/^Input 'call' has value 'check': build checks are buildx's/),
    ]);
  });

  it('cleanup: the post step applies the dangling policy', async () => {
    const result = await runAction({
      workspace,
      inputs: inputsOf('cleanup', 'push', fx.registries[1].host),
      ...PUSH_EVENT,
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.post?.exitCode).toBe(0);
    expect(result.log).toMatch(/Cleanup 'dangling': removed \d+ object\(s\)/);
  });
});
