import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, ensureBaseImage, type Registry, startRegistry } from '../harness/fixtures.js';

describe('base image', () => {
  it('runs a shell without network', async () => {
    const base = await ensureBaseImage();
    expect(await ensureBaseImage()).toBe(base);
    const run = await docker(['run', '--rm', '--network', 'none', base, 'sh', '-c', 'echo ok']);
    expect(run).toMatchObject({ code: 0, stdout: 'ok\n' });
  });

  it('knows root and nobody', async () => {
    const run = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--user',
      'nobody',
      await ensureBaseImage(),
      'id',
    ]);
    expect(run.stdout).toMatch(/uid=65534\(nobody\)/);
  });
});

describe('registry', () => {
  let open: Registry;
  let secured: Registry;
  const credentials = { username: 'ci', password: 's3cret pass' };

  beforeAll(async () => {
    [open, secured] = await Promise.all([startRegistry(), startRegistry({ htpasswd: credentials })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
  });

  it('answers /v2/', async () => {
    expect(open.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await fetch(`${open.url}/v2/`)).status).toBe(200);
  });

  it('requires basic auth when configured with htpasswd', async () => {
    expect((await fetch(`${secured.url}/v2/`)).status).toBe(401);
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    const authorized = await fetch(`${secured.url}/v2/`, { headers: { authorization: `Basic ${basic}` } });
    expect(authorized.status).toBe(200);
    const wrong = Buffer.from(`${credentials.username}:nope`).toString('base64');
    expect((await fetch(`${secured.url}/v2/`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(
      401,
    );
  });
});
