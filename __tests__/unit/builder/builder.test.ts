import { describe, expect, it } from 'vitest';
import { chooseBuilder } from '../../../src/builder/builder.js';

const engine = { version: '20.10.24+dfsg1', os: 'linux', arch: 'amd64' };
const modern = { path: '/usr/local/bin/docker', version: '28.2.2', hasBuildx: false };
const debian = { path: '/usr/bin/docker', version: '20.10.24+dfsg1', hasBuildx: false };

describe('chooseBuilder', () => {
  it('prefers buildx where a client has it (GitHub-hosted runners)', () => {
    const choice = chooseBuilder([{ ...modern, hasBuildx: true }, debian], engine, {});
    expect(choice).toMatchObject({ kind: 'buildx', client: '/usr/local/bin/docker' });
  });
  it("uses an older client for the engine's BuildKit when the first one lacks buildx", () => {
    const choice = chooseBuilder([modern, debian], engine, {});
    expect(choice).toMatchObject({ kind: 'buildkit', client: '/usr/bin/docker' });
    expect(choice.reason).toContain('built-in BuildKit');
  });
  it('falls back to the legacy builder when no client can do BuildKit', () => {
    const choice = chooseBuilder([modern], engine, {});
    expect(choice).toMatchObject({ kind: 'legacy', client: '/usr/local/bin/docker' });
    expect(choice.reason).toContain('needs it for BuildKit');
  });
  it('falls back to the legacy builder on an engine without BuildKit', () => {
    expect(chooseBuilder([debian], { version: '18.06.3-ce', os: 'linux', arch: 'amd64' }, {}).kind).toBe(
      'legacy',
    );
    expect(chooseBuilder([debian], { version: '20.10.0', os: 'windows', arch: 'amd64' }, {}).kind).toBe(
      'legacy',
    );
  });
  it('honours DOCKER_BUILDKIT=0', () => {
    const choice = chooseBuilder([{ ...modern, hasBuildx: true }], engine, { DOCKER_BUILDKIT: '0' });
    expect(choice.kind).toBe('legacy');
  });
  it('needs a client', () => {
    expect(() => chooseBuilder([], engine, {})).toThrow('No docker client');
  });
});
