import { describe, expect, it } from 'vitest';
import { gitContext } from '../../../src/naming/git-context.js';
import { readPublishSettings } from '../../../src/settings/publish.js';
import { run, type RunName } from '../../fixtures/runs.js';
import { inputError, inputs } from './helpers.js';

const NOW = new Date('2024-03-05T07:08:09Z');
const login = { username: 'me', password: 'p@ss' };

function publish(table: Record<string, string>, name: RunName = 'push-main', testOnly = false) {
  return readPublishSettings(inputs(table), run(name), testOnly, NOW);
}

describe('readPublishSettings', () => {
  it('tags every image with every tag, in input order, without repeats', () => {
    const settings = publish({
      images: 'ghcr.io/acme/app\nacme/app\nghcr.io/acme/app',
      tags: 'v1\nlatest\nv1',
    });
    expect(settings.images.map((image) => image.name)).toEqual([
      'ghcr.io/acme/app',
      'docker.io/acme/app',
      'ghcr.io/acme/app',
    ]);
    expect(settings.tags).toEqual(['v1', 'latest']);
    expect(settings.references).toEqual([
      'ghcr.io/acme/app:v1',
      'ghcr.io/acme/app:latest',
      'acme/app:v1',
      'acme/app:latest',
    ]);
    expect(settings.version).toBe('v1');
  });

  it('reads plain tags at commas only with tag-extensions, as metadata-action (the last) without', () => {
    const table = { images: 'app', tags: 'type=ref,event=branch\nx, y', flavor: 'latest=false' };
    const settings = publish(table);
    expect(settings.tagRules).toEqual({ tags: table.tags, flavor: 'latest=false', extensions: false });
    expect(settings.tags).toEqual(['main', 'y']);
    expect(settings.warnings[0]).toContain("only the last ('y') is used");
    expect(publish({ ...table, 'tag-extensions': 'true' }).tags).toEqual(['main', 'x', 'y']);
  });

  it("reads images as metadata-action: a comma list on one line, or 'name=…,enable=…' lines", () => {
    const names = (images: string) => publish({ images, tags: 'v1' }).images.map((image) => image.familiar);
    expect(names('acme/app, ghcr.io/acme/app')).toEqual(['acme/app', 'ghcr.io/acme/app']);
    expect(names('acme/app\nname=ghcr.io/acme/app,enable=false\nname=quay.io/acme/app,enable=true')).toEqual([
      'acme/app',
      'quay.io/acme/app',
    ]);
    expect(inputError(() => names('acme/app,enable=maybe')).message).toContain(
      "enable must be 'true' or 'false'",
    );
    expect(inputError(() => names('acme/app,tag=v1')).message).toContain("unknown attribute 'tag'");
    expect(inputError(() => names('enable=true')).message).toContain('the image has no name');
  });

  it('makes image names lower case, with a notice', () => {
    const settings = publish({ images: 'ghcr.io/MyUser/MyApp', tags: 'v1' });
    expect(settings.references).toEqual(['ghcr.io/myuser/myapp:v1']);
    expect(settings.notices).toEqual([
      "Image name 'ghcr.io/MyUser/MyApp' has upper case; using 'ghcr.io/myuser/myapp', as docker/metadata-action does.",
    ]);
  });

  it('tags by the default rules without a tags input', () => {
    expect(publish({ images: 'app' }, 'push-tag-v1.2.3').tags).toEqual(['v1.2.3', 'latest']);
  });

  it.each([
    ['push-main', 'auto', true],
    ['schedule', 'auto', true],
    ['workflow-dispatch', 'auto', true],
    ['pull-request', 'auto', false],
    ['pull-request', 'true', true],
    ['push-main', 'false', false],
    ['push-main', '', false],
  ] as [RunName, string, boolean][])('on %s, push: %j pushes: %s', (name, push, expected) => {
    const settings = publish({ images: 'app', tags: 'v1', push }, name);
    expect(settings.push).toBe(expected);
    expect(settings.pushInput).toBe(push || 'false');
    expect(settings.forkRestricted).toBe(false);
  });

  it("turns off the push and the logins on a fork's pull request", () => {
    const settings = publish({ images: 'app', tags: 'v1', push: 'true', ...login }, 'pull-request-fork');
    expect(settings).toMatchObject({ push: false, pushInput: 'true', credentials: [], forkRestricted: true });
  });

  it("restricts a fork's pull request that only logs in, and not one that asks for neither", () => {
    expect(publish({ images: 'app', tags: 'v1', ...login }, 'pull-request-fork')).toMatchObject({
      push: false,
      credentials: [],
      forkRestricted: true,
    });
    expect(publish({ images: 'app', tags: 'v1', push: 'auto' }, 'pull-request-fork').forkRestricted).toBe(
      false,
    );
  });

  it('keeps the logins of a pull request from the same repository', () => {
    const settings = publish(
      { images: 'app', tags: 'v1', push: 'true', registry: ' ghcr.io ', ...login },
      'pull-request',
    );
    expect(settings).toMatchObject({
      push: true,
      credentials: [{ registry: 'ghcr.io', username: 'me', password: 'p@ss' }],
      forkRestricted: false,
    });
  });

  it("reads 'logout' as docker/login-action does: true unless false, anything else named", () => {
    expect(publish({ images: 'app', tags: 'v1' }).logout).toBe(true);
    expect(publish({ images: 'app', tags: 'v1', logout: 'false' }).logout).toBe(false);
    expect(inputError(() => publish({ images: 'app', tags: 'v1', logout: 'sometimes' })).message).toContain(
      "Input 'logout' has value 'sometimes'",
    );
  });

  it('reads registry-auth entries, Docker Hub as an empty registry', () => {
    const settings = publish({
      images: 'app',
      tags: 'v1',
      'registry-auth':
        '- username: hub\n  password: one\n- registry: " quay.io "\n  username: q\n  password: two\n',
    });
    expect(settings.credentials).toEqual([
      { registry: '', username: 'hub', password: 'one' },
      { registry: 'quay.io', username: 'q', password: 'two' },
    ]);
  });

  it('needs no image for test-only', () => {
    expect(publish({}, 'push-main', true)).toMatchObject({
      images: [],
      tags: [],
      references: [],
      version: '',
    });
  });

  it.each([
    [{}, "Input 'images' is empty: name at least one image, e.g. 'ghcr.io/acme/app'."],
    [
      { images: 'app', tags: 'v1', push: 'yes' },
      "Input 'push' has value 'yes': use one of 'true', 'false', 'auto'.",
    ],
    [{ images: 'app', tags: '-bad tag!' }, "Input 'tags' has value '-bad tag!'"],
    [
      { images: 'app', tags: 'v1', password: 'p' },
      "Input 'username' is empty: 'password' is set but 'username' is not",
    ],
    [
      { images: 'app', tags: 'v1', 'registry-auth': 'registry: x' },
      "Input 'registry-auth' has value '(hidden)': give a YAML list",
    ],
    [
      { images: 'app', tags: 'v1', 'registry-auth': '- [' },
      "Input 'registry-auth' has value '(hidden)': not valid YAML",
    ],
  ])('rejects %o', (table, message) => {
    expect(inputError(() => publish(table)).message).toContain(message);
  });

  it('never shows a registry-auth password in an error', () => {
    const error = inputError(() =>
      publish({ images: 'app', tags: 'v1', 'registry-auth': '- password: hunter2\n' }),
    );
    expect(error.message).toContain('item 1 is not an object');
    expect(error.message).not.toContain('hunter2');
  });

  it('says which event and ref no rule tags', () => {
    const ctx = gitContext({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/remotes/x' }, {});
    const error = inputError(() => readPublishSettings(inputs({ images: 'app' }), ctx, false, NOW));
    expect(error.message).toBe(
      "Input 'tags' is empty: no rule gives a tag for this workflow_dispatch on refs/remotes/x. Add one that does, e.g. 'type=sha' or a plain tag.",
    );
  });
});
