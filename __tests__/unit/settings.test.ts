import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/settings/errors.js';
import { readSettings } from '../../src/settings/inputs.js';
import { repoRoot } from '../harness/run-action.js';

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
      images: 'ghcr.io/acme/app\nacme/tool, 127.0.0.1:5000/x',
      tags: 'v1\nlatest\nv1',
      'build-args': 'A=1\nB=x=y',
      labels: 'org.example.team=core',
      'test-run': 'true\n\n  echo hi  \n',
    });
    expect(settings.context).toBe(`${repoRoot}/examples/hello`);
    expect(settings.file).toBe(`${repoRoot}/examples/hello/Dockerfile`);
    expect(settings.tags).toEqual(['v1', 'latest']);
    expect(settings.references).toEqual([
      'ghcr.io/acme/app:v1',
      'ghcr.io/acme/app:latest',
      'acme/tool:v1',
      'acme/tool:latest',
      '127.0.0.1:5000/x:v1',
      '127.0.0.1:5000/x:latest',
    ]);
    expect(settings.buildArgs).toEqual(['A=1', 'B=x=y']);
    expect(settings.labels).toEqual({ 'org.example.team': 'core' });
    expect(settings.testRun).toEqual(['true', 'echo hi']);
    expect(settings).toMatchObject({ push: false, cleanup: true, testTimeoutSeconds: 300 });
  });

  it('defaults the tag to latest and accepts fractional timeouts', () => {
    const settings = settingsFrom({ images: 'app', tags: '', 'test-timeout': '1.5', push: 'TRUE' });
    expect(settings.references).toEqual(['app:latest']);
    expect(settings.testTimeoutSeconds).toBe(1.5);
    expect(settings.push).toBe(true);
  });

  it.each([
    [{ images: '' }, "Input 'images' is empty"],
    [{ images: 'app:v1' }, 'without tags'],
    [{ images: 'ACME/app' }, "'ACME' would be read as a registry host (try 'acme/app')"],
    [{ images: 'app', labels: '=x' }, "the name before '=' is empty"],
    [{ images: 'app', 'test-timeout': '0' }, 'positive number of seconds'],
    [{ images: 'app', cleanup: 'maybe' }, "Input 'cleanup' has value 'maybe'"],
  ])('rejects %o', (inputs, message) => {
    expect(() => settingsFrom(inputs)).toThrow(InputError);
    expect(() => settingsFrom(inputs)).toThrow(message);
  });
});
