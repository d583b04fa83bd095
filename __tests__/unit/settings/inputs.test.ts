import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { describeSettings, readSettings } from '../../../src/settings/inputs.js';
import { repoRoot } from '../../harness/run-action.js';

function settingsFrom(inputs: Record<string, string>) {
  const defaults: Record<string, string> = {
    context: 'examples/hello',
    tags: 'latest',
    'test-timeout': '300',
  };
  return readSettings((name) => inputs[name] ?? defaults[name] ?? '', repoRoot);
}

describe('readSettings', () => {
  it('combines every image with every tag and resolves paths against the workspace', () => {
    const settings = settingsFrom({
      images: 'ghcr.io/acme/app\nacme/tool\n127.0.0.1:5000/x',
      tags: 'v1\nlatest\nv1',
      'build-args': 'A=1\nB=x=y',
      labels: 'org.example.team=core',
      'test-run': 'true\n\n  echo hi  \n',
    });
    expect(settings.build.context).toBe(`${repoRoot}/examples/hello`);
    expect(settings.build.file).toBe(`${repoRoot}/examples/hello/Dockerfile`);
    expect(settings.publish.tags).toEqual(['v1', 'latest']);
    expect(settings.publish.references).toEqual([
      'ghcr.io/acme/app:v1',
      'ghcr.io/acme/app:latest',
      'acme/tool:v1',
      'acme/tool:latest',
      '127.0.0.1:5000/x:v1',
      '127.0.0.1:5000/x:latest',
    ]);
    expect(settings.build.buildArgs).toEqual(['A=1', 'B=x=y']);
    expect(settings.build.labels).toEqual({ 'org.example.team': 'core' });
    expect(settings.tests.spec.commandTests.map((t) => [t.name, t.shell])).toEqual([
      ['true', true],
      ['echo hi', true],
    ]);
    expect(settings).toMatchObject({
      publish: { push: false },
      cleanup: {
        policy: 'run',
        untilMs: 86_400_000,
        keepStorageBytes: 5e9,
        strict: false,
        keepImages: false,
      },
      guard: { minFreeSpace: 0 },
      tests: { timeoutSeconds: 300 },
    });
  });

  it('tags by the default rules from the git context, and accepts fractional timeouts', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
    const env = { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'a'.repeat(40) };
    const event = {
      repository: { default_branch: 'main', name: 'app', html_url: 'https://github.com/acme/app' },
    };
    const settings = readSettings(
      read({ context: 'examples/hello', images: 'app', 'test-timeout': '1.5', push: 'auto' }),
      repoRoot,
      env,
      event,
    );
    // latest=auto: a branch's tag gives no latest (metadata-action's rule).
    expect(settings.publish.references).toEqual(['app:main']);
    expect(settings.publish.version).toBe('main');
    expect(settings.build.labels['org.opencontainers.image.revision']).toBe('a'.repeat(40));
    expect(settings.tests.timeoutSeconds).toBe(1.5);
    expect(settings.publish.push).toBe(true); // auto, on a push event
    const onPullRequest = readSettings(
      read({ context: 'examples/hello', images: 'app', tags: 'v1', push: 'auto' }),
      repoRoot,
      { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/3/merge' },
      { ...event, pull_request: { number: 3, head: { sha: 'b'.repeat(40) } } },
    );
    expect(onPullRequest.publish.push).toBe(false);
  });

  it('reads one login and a registry-auth list, and never prints a password', () => {
    const settings = settingsFrom({
      images: 'app',
      registry: 'ghcr.io',
      username: 'me',
      password: 'p@ss-one',
      'registry-auth': '- registry: 127.0.0.1:5000\n  username: ci\n  password: p@ss-two\n',
    });
    expect(settings.publish.credentials).toEqual([
      { registry: 'ghcr.io', username: 'me', password: 'p@ss-one' },
      { registry: '127.0.0.1:5000', username: 'ci', password: 'p@ss-two' },
    ]);
    const described = describeSettings(settings);
    expect(described).not.toContain('p@ss');
    expect(described).toContain('"username": "ci"');
  });

  it('reads the cleanup policy, ages and sizes', () => {
    const settings = settingsFrom({
      images: 'app',
      cleanup: 'aggressive',
      'cleanup-until': '7d',
      'keep-storage': '1.5GiB',
      'min-free-space': '10GB',
      'cleanup-strict': 'true',
      'keep-images': 'true',
    });
    expect(settings.cleanup).toEqual({
      policy: 'aggressive',
      untilMs: 7 * 86_400_000,
      keepStorageBytes: Math.round(1.5 * 1024 ** 3),
      strict: true,
      keepImages: true,
    });
    expect(settings.guard.minFreeSpace).toBe(10e9);
  });

  it.each([
    [{ images: '' }, "Input 'images' is empty"],
    [{ images: 'app:v1' }, 'without tags'],
    [{ images: 'ACME/app:v1' }, "Input 'images' has value 'acme/app:v1'"],
    [{ images: 'app', labels: '=x' }, "the name before '=' is empty"],
    [{ images: 'app', 'test-timeout': '0' }, 'positive number of seconds'],
    [{ images: 'app', cleanup: 'maybe' }, "Input 'cleanup' has value 'maybe'"],
    [{ images: 'app', cleanup: 'true' }, "use one of 'run', 'dangling', 'aggressive', 'false'"],
    [{ images: 'app', 'cleanup-until': '24' }, "Input 'cleanup-until' has value '24': give a duration"],
    [{ images: 'app', 'cleanup-until': '1y' }, "e.g. '30m', '24h' or '7d'"],
    [{ images: 'app', 'keep-storage': 'lots' }, "Input 'keep-storage' has value 'lots': give a size"],
    [{ images: 'app', 'min-free-space': '10XB' }, "Input 'min-free-space' has value '10XB'"],
    [{ images: 'app', 'min-free-space': '10%' }, "e.g. '500MB', '10GB' or '1.5GiB'"],
    [{ images: 'app', 'cleanup-strict': 'yes' }, "Input 'cleanup-strict' has value 'yes'"],
    [{ images: 'app', 'keep-images': 'no' }, "Input 'keep-images' has value 'no'"],
    [{ images: 'app', username: 'me' }, "Input 'password' is empty: 'username' is 'me'"],
    [{ images: 'app', 'registry-auth': '- registry: x\n  username: 3\n' }, 'item 1 is not an object'],
    [{ images: 'app', 'registry-auth': ': : :' }, "Input 'registry-auth' has value '(hidden)'"],
    [
      { 'test-only': 'true', 'image-ref': 'app:1', call: 'check' },
      "Input 'call' has value 'check': 'test-only' builds nothing",
    ],
  ])('rejects %o', (inputs, message) => {
    expect(() => settingsFrom(inputs)).toThrow(InputError);
    expect(() => settingsFrom(inputs)).toThrow(message);
  });
});
