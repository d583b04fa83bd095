import { describe, expect, it } from 'vitest';
import { checkBuilderSupports, localPlatformImage, platformReference } from '../../../src/builder/stage.js';
import type { BuilderChoice } from '../../../src/engine/builders.js';
import type { BuildSettings } from '../../../src/settings/build.js';

const settings = (extra: Partial<BuildSettings> = {}): BuildSettings => ({
  builder: 'auto',
  context: '/w',
  file: '/w/Dockerfile',
  references: ['app:v1'],
  buildArgs: [],
  labels: {},
  target: '',
  platforms: [],
  provenance: undefined,
  sbom: false,
  annotations: [],
  pull: false,
  noCache: false,
  secrets: [],
  secretFiles: [],
  addHosts: [],
  shmSize: '',
  ulimits: [],
  network: 'default',
  ssh: [],
  buildContexts: [],
  noCacheFilters: [],
  cacheFrom: [],
  cacheTo: [],
  call: 'build',
  ...extra,
});
const engine: BuilderChoice = {
  kind: 'buildkit',
  client: '/usr/bin/docker',
  reason: "the engine's BuildKit",
};
const buildx: BuilderChoice = { kind: 'buildx', client: 'docker', reason: 'buildx' };

describe('per-platform images', () => {
  it('have run-scoped temporary names', () => {
    expect(platformReference('39535941022311-1-9edeb9ce', 'linux/arm64')).toBe(
      'shipshape-39535941022311-1-9edeb9ce/linux-arm64:build',
    );
    expect(platformReference('a', 'linux/arm/v7')).toBe('shipshape-a/linux-arm-v7:build');
  });
  it("the run's tags go to the runner's own platform's image, else the first", () => {
    const images = [
      { platform: 'linux/arm64', imageId: 'a', reference: 'x' },
      { platform: 'linux/amd64', imageId: 'b', reference: 'y' },
    ];
    expect(localPlatformImage(images, 'amd64').imageId).toBe('b');
    expect(localPlatformImage(images, 's390x').imageId).toBe('a');
  });
});

describe('checkBuilderSupports', () => {
  it("refuses 'call: check' on every builder but buildx, naming buildx", () => {
    for (const kind of ['buildkit', 'legacy', 'buildah'] as const) {
      expect(() => checkBuilderSupports(settings({ call: 'check' }), { ...engine, kind })).toThrow(
        `Input 'call' has value 'check': build checks are buildx's (0.15 or later, with the Dockerfile frontend 1.8); this build uses the ${kind} builder`,
      );
    }
    expect(() => checkBuilderSupports(settings({ call: 'check' }), buildx)).not.toThrow();
  });

  it("refuses shm-size and ulimit on the engine's BuildKit, which ignores them, naming the builders that honour them", () => {
    expect(() => checkBuilderSupports(settings({ shmSize: '2g' }), engine)).toThrow(
      /^Input 'shm-size' has value '2g': the engine's built-in BuildKit ignores it .*buildx.*'builder: buildah'.*legacy builder/,
    );
    expect(() => checkBuilderSupports(settings({ ulimits: ['nofile=1024:2048'] }), engine)).toThrow(
      /^Input 'ulimit' has value 'nofile=1024:2048'/,
    );
    for (const builder of [
      buildx,
      { ...engine, kind: 'legacy' as const },
      { ...engine, kind: 'buildah' as const },
    ]) {
      expect(() =>
        checkBuilderSupports(
          settings({ shmSize: '2g', ulimits: ['nofile=1:2'], addHosts: ['a:1.2.3.4'] }),
          builder,
        ),
      ).not.toThrow();
    }
    expect(() =>
      checkBuilderSupports(settings({ addHosts: ['a:1.2.3.4'], network: 'none' }), engine),
    ).not.toThrow();
    expect(() => checkBuilderSupports(settings({ ssh: ['default'] }), { ...engine, kind: 'legacy' })).toThrow(
      /^Input 'ssh' has value 'default': the legacy builder cannot forward SSH agents/,
    );
    expect(() => checkBuilderSupports(settings({ ssh: ['default'] }), engine)).not.toThrow();
    // buildx-only inputs name buildx; build contexts also work with buildah.
    const buildxOnly: [Partial<BuildSettings>, string][] = [
      [{ noCacheFilters: ['deps'] }, 'no-cache-filters'],
      [{ cacheFrom: ['type=gha'] }, 'cache-from'],
      [{ cacheTo: ['type=gha,mode=max'] }, 'cache-to'],
    ];
    for (const [extra, input] of buildxOnly) {
      expect(() => checkBuilderSupports(settings(extra), engine)).toThrow(
        new RegExp(`^Input '${input}' has value .*: only buildx takes it`),
      );
      expect(() => checkBuilderSupports(settings(extra), buildx)).not.toThrow();
    }
    const contexts = settings({ buildContexts: ['assets=/w/assets'] });
    expect(() => checkBuilderSupports(contexts, engine)).toThrow(/^Input 'build-contexts' .*buildx.*buildah/);
    expect(() => checkBuilderSupports(contexts, { ...engine, kind: 'buildah' })).not.toThrow();
    expect(() => checkBuilderSupports(contexts, buildx)).not.toThrow();
    // buildah makes no /etc/hosts without network: the entries would be lost.
    const buildah = { ...engine, kind: 'buildah' as const };
    expect(() =>
      checkBuilderSupports(settings({ addHosts: ['a:1.2.3.4'], network: 'none' }), buildah),
    ).toThrow(/^Input 'add-hosts' has value 'a:1\.2\.3\.4': buildah makes no \/etc\/hosts/);
    expect(() => checkBuilderSupports(settings({ network: 'none' }), buildah)).not.toThrow();
  });

  it('several platforms build on every builder', () => {
    expect(() =>
      checkBuilderSupports(settings({ platforms: ['linux/amd64', 'linux/arm64'] }), engine),
    ).not.toThrow();
  });
  it('attestations need buildx: the input and the builder that can are named', () => {
    expect(() =>
      checkBuilderSupports(settings({ provenance: { mode: 'max', attributes: [] } }), engine),
    ).toThrow(
      /Input 'provenance' has value 'mode=max': the buildkit builder makes no attestations .*only buildx/,
    );
    expect(() => checkBuilderSupports(settings({ sbom: true }), engine)).toThrow(
      /Input 'sbom' has value 'true'/,
    );
    expect(() => checkBuilderSupports(settings({ provenance: false }), engine)).not.toThrow();
    expect(() => checkBuilderSupports(settings({ sbom: true }), buildx)).not.toThrow();
  });
  it('manifest annotations need buildx; index annotations need several platforms', () => {
    const manifest = { levels: [], key: 'k', value: 'v' };
    const index = { levels: ['index' as const], key: 'k', value: 'v' };
    expect(() => checkBuilderSupports(settings({ annotations: [manifest] }), engine)).toThrow(
      /Input 'annotations' .*writes no manifest annotations/,
    );
    expect(() => checkBuilderSupports(settings({ annotations: [index] }), engine)).toThrow(
      /with one platform there is none/,
    );
    expect(() =>
      checkBuilderSupports(
        settings({ annotations: [index], platforms: ['linux/amd64', 'linux/arm64'] }),
        engine,
      ),
    ).not.toThrow();
  });
});
