// Issue #13: hostile or malformed values, each refused before anything is created, with one error
// naming the input the value came from, and no secret or file content in any message. Shared by the
// settings-level table (unit) and the same table through the bundled action (integration).
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET = 'S3cr3t-value-zz';
/** In every file outside the workspace that a hostile path reaches: must never be printed. */
export const FILE_MARKER = 'F1LE-C0NTENT-marker';

/** [name, inputs, the input the error must name] */
export type HostileCase = [string, Record<string, string>, string];

/** A workspace with a Dockerfile, a directory outside it with files of private content, and links out. */
export interface PathFixture {
  workspace: string;
  outside: string;
  runnerTemp: string;
}

export function pathFixture(): PathFixture {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'shipshape-hostile-')));
  const workspace = join(root, 'workspace');
  const outside = join(root, 'outside');
  const runnerTemp = join(root, 'runner-temp');
  for (const dir of [workspace, outside, runnerTemp]) mkdirSync(dir);
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(outside, 'Dockerfile'), `FROM scratch\n# ${FILE_MARKER}\n`);
  writeFileSync(join(outside, 'private.yaml'), `${FILE_MARKER}: ${FILE_MARKER}\ncommandTests: []\n`);
  writeFileSync(join(outside, 'passwd'), `root:x:0:0:${FILE_MARKER}:/root:/bin/sh\n`);
  writeFileSync(
    join(workspace, 'big-tests.yaml'),
    `commandTests:\n  - name: a\n    command: x\n# ${'x'.repeat(1_100_000)}\n`,
  );
  symlinkSync(outside, join(workspace, 'out-link'));
  symlinkSync(join(outside, 'private.yaml'), join(workspace, 'tests-link.yaml'));
  symlinkSync(join(outside, 'report.xml'), join(workspace, 'report-link.xml'));
  return { workspace, outside, runnerTemp };
}

/** Paths that lead out of the workspace, read or written: each refused unless the user opts out. */
function pathCases(fx: PathFixture): HostileCase[] {
  const no = { 'allow-paths-outside-workspace': 'false' };
  const yes = { 'allow-paths-outside-workspace': 'true' };
  return [
    ['context /', { ...no, context: '/', file: 'Dockerfile' }, 'context'],
    ['context climbing', { ...no, context: '../outside' }, 'context'],
    ['context absolute outside', { ...no, context: fx.outside }, 'context'],
    ['context through a symlink', { ...no, context: 'out-link' }, 'context'],
    ['file absolute outside', { ...no, file: join(fx.outside, 'Dockerfile') }, 'file'],
    ['file climbing', { ...no, file: '../outside/Dockerfile' }, 'file'],
    ['file through a symlink', { ...no, file: 'out-link/Dockerfile' }, 'file'],
    ['tests-file outside', { ...no, 'tests-file': join(fx.outside, 'passwd') }, 'tests-file'],
    ['tests-file climbing', { ...no, 'tests-file': '../outside/private.yaml' }, 'tests-file'],
    ['tests-file symlink out', { ...no, 'tests-file': 'tests-link.yaml' }, 'tests-file'],
    [
      'test-report outside',
      { ...no, 'test-run': 'true', 'test-report': join(fx.outside, 'r.xml') },
      'test-report',
    ],
    ['test-report climbing', { ...no, 'test-run': 'true', 'test-report': '../outside/r.xml' }, 'test-report'],
    ['test-report symlink', { ...no, 'test-run': 'true', 'test-report': 'report-link.xml' }, 'test-report'],
    [
      'test-report through a dir link',
      { ...no, 'test-run': 'true', 'test-report': 'out-link/r.xml' },
      'test-report',
    ],
    ['tests-file over 1 MB', { 'tests-file': 'big-tests.yaml' }, 'tests-file'],
    ['cache-key-files root', { ...no, 'cache-key-files': '/**' }, 'cache-key-files'],
    ['cache-key-files climbing', { ...no, 'cache-key-files': '../**' }, 'cache-key-files'],
    ['cache-key-files home', { ...no, 'cache-key-files': '~/.ssh/*' }, 'cache-key-files'],
    ['cache-key-files negated absolute', { ...no, 'cache-key-files': 'a\n!/etc/*' }, 'cache-key-files'],
    // Even opted out of the workspace rule, a file's content never reaches a message.
    ['tests-file content', { ...yes, 'tests-file': join(fx.outside, 'private.yaml') }, 'tests-file'],
    ['tests-file passwd content', { ...yes, 'tests-file': join(fx.outside, 'passwd') }, 'tests-file'],
    [
      'test-report symlink opted out',
      { ...yes, 'test-run': 'true', 'test-report': 'report-link.xml' },
      'test-report',
    ],
  ];
}

const valueCases: HostileCase[] = [
  // registry: a host[:port], never a flag or a path
  ['registry flag', { registry: '-h', username: 'u', password: SECRET }, 'registry'],
  ['registry long flag', { registry: '--password=x', username: 'u', password: SECRET }, 'registry'],
  ['registry path', { registry: 'ghcr.io/acme', username: 'u', password: SECRET }, 'registry'],
  ['registry space', { registry: 'ghcr.io evil', username: 'u', password: SECRET }, 'registry'],
  ['registry URL path', { registry: 'https://ghcr.io/x', username: 'u', password: SECRET }, 'registry'],
  [
    'registry-auth flag host',
    { 'registry-auth': `- registry: -h\n  username: u\n  password: "${SECRET}"` },
    'registry-auth',
  ],
  // registry-auth YAML: by position, never by content
  [
    'registry-auth alias',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: *${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth tag',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: !${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth anchor',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: &a ${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth broken quote',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: "${SECRET}` },
    'registry-auth',
  ],
  [
    'registry-auth duplicate key',
    { 'registry-auth': `- registry: ghcr.io\n  password: a\n  password: ${SECRET}` },
    'registry-auth',
  ],
  ['registry-auth not a list', { 'registry-auth': `password: ${SECRET}` }, 'registry-auth'],
  [
    'registry-auth number password',
    { 'registry-auth': `- registry: ghcr.io\n  username: u\n  password: 12345` },
    'registry-auth',
  ],
  [
    'registry-auth bad indent',
    { 'registry-auth': `- registry: ghcr.io\n username: u\n   password: ${SECRET}` },
    'registry-auth',
  ],
  // secrets: refused by line, never by text
  ['secret without =', { secrets: `${SECRET}` }, 'secrets'],
  ['secret continuation', { secrets: `A=x\n${SECRET}` }, 'secrets'],
  ['secret padding continuation', { secrets: `A=x\n${SECRET}+/==` }, 'secrets'],
  ['secret empty id', { secrets: `=${SECRET}` }, 'secrets'],
  ['secret id with space', { secrets: `my id=${SECRET}` }, 'secrets'],
  ['secret id flag', { secrets: `--output=${SECRET}` }, 'secrets'],
  // password without a user, and the reverse
  ['password alone', { password: SECRET }, 'username'],
  ['username alone', { username: 'u' }, 'password'],
  // target: a stage name, never a flag
  ['target flag', { target: '--output=type=local,dest=/' }, 'target'],
  ['target space', { target: 'a b' }, 'target'],
  ['target path', { target: '../x' }, 'target'],
  ['target dash', { target: '-x' }, 'target'],
  // labels: the ownership prefix is reserved
  ['label run', { labels: 'dev.shipshape.run=someone-else' }, 'labels'],
  ['label lease', { labels: 'dev.shipshape.lease=true' }, 'labels'],
  ['label repository', { labels: 'a=b\ndev.shipshape.repository=x' }, 'labels'],
  ['label without =', { labels: 'novalue' }, 'labels'],
  // flavor: named as the flavor's mistake
  ['flavor prefix ..', { tags: 'v1', flavor: 'prefix=../' }, 'flavor'],
  ['flavor prefix dash', { tags: 'v1', flavor: 'prefix=-' }, 'flavor'],
  ['flavor prefix slash first', { tags: 'v1', flavor: 'prefix=/x-' }, 'flavor'],
  ['flavor suffix long', { tags: 'v1', flavor: `suffix=${'x'.repeat(130)}` }, 'flavor'],
  ['tag leading dot', { tags: '.a' }, 'tags'],
  ['tag too long', { tags: 'x'.repeat(129) }, 'tags'],
  // platforms and friends
  ['platform flag', { platforms: '--privileged' }, 'platforms'],
  ['platform upper', { platforms: 'Linux/AMD64' }, 'platforms'],
  ['platform variant', { platforms: 'linux/amd64/v9x' }, 'platforms'],
  ['platform twice', { platforms: 'linux/amd64,linux/amd64' }, 'platforms'],
  ['test-platforms unbuilt', { platforms: 'linux/amd64', 'test-platforms': 'linux/arm64' }, 'test-platforms'],
  ['provenance junk', { provenance: 'mode=full' }, 'provenance'],
  ['sbom junk', { sbom: 'spdx' }, 'sbom'],
  ['annotation level', { annotations: 'layer:k=v' }, 'annotations'],
  ['annotation without =', { annotations: 'index:k' }, 'annotations'],
  // service images: references, never flags
  [
    'service image flag',
    {
      tests: 'commandTests:\n  - name: a\n    command: x\nservices:\n  - name: db\n    image: --privileged\n',
    },
    'tests',
  ],
  [
    'service image spaces',
    { tests: 'commandTests:\n  - name: a\n    command: x\nservices:\n  - name: db\n    image: "a b"\n' },
    'tests',
  ],
  // images
  ['image upper with a tag', { images: 'ACME/App:v1' }, 'images'],
  ['image flag', { images: '-v' }, 'images'],
  ['builder unknown', { builder: 'kaniko' }, 'builder'],
  // limits: every number has an upper bound, a YAML document a size and an alias budget
  ['min-free-space 400 digits', { 'min-free-space': '9'.repeat(400) }, 'min-free-space'],
  ['keep-storage 400 digits', { 'keep-storage': `${'9'.repeat(400)}GB` }, 'keep-storage'],
  ['size-limit 400 digits', { 'size-limit': '9'.repeat(400) }, 'size-limit'],
  ['size-increase-limit 400 digits', { 'size-increase-limit': '9'.repeat(400) }, 'size-increase-limit'],
  [
    'size-increase-limit huge percent',
    { 'size-increase-limit': `${'9'.repeat(400)}%` },
    'size-increase-limit',
  ],
  [
    'size-comment-threshold huge',
    { 'size-comment-threshold': `${'9'.repeat(30)}GB` },
    'size-comment-threshold',
  ],
  ['cleanup-until 400 digits', { 'cleanup-until': `${'9'.repeat(400)}d` }, 'cleanup-until'],
  ['cleanup-until 11 years', { 'cleanup-until': '4000d' }, 'cleanup-until'],
  ['test-timeout over the timer', { 'test-timeout': '3000000' }, 'test-timeout'],
  ['test-timeout 400 digits', { 'test-timeout': '9'.repeat(400) }, 'test-timeout'],
  ['test-parallelism huge', { 'test-parallelism': '100000' }, 'test-parallelism'],
  [
    'tests timeout 1e10',
    { tests: 'commandTests:\n  - name: a\n    command: x\n    timeout: 1e10\n' },
    'tests',
  ],
  [
    'tests billion laughs',
    {
      tests: [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'commandTests: [{name: a, command: x}]',
      ].join('\n'),
    },
    'tests',
  ],
  [
    'tests over 1 MB',
    { tests: `commandTests:\n  - name: a\n    command: x\n# ${'x'.repeat(1_100_000)}\n` },
    'tests',
  ],
];

/** More malformed values, one per input not reached above. */
const moreCases: HostileCase[] = [
  ['push junk', { push: 'maybe' }, 'push'],
  ['pull junk', { pull: 'yes please' }, 'pull'],
  ['no-cache junk', { 'no-cache': '2' }, 'no-cache'],
  ['keep-images junk', { 'keep-images': 'perhaps' }, 'keep-images'],
  ['cleanup-strict junk', { 'cleanup-strict': 'on' }, 'cleanup-strict'],
  ['cleanup unknown', { cleanup: 'everything' }, 'cleanup'],
  ['cache unknown', { cache: 's3' }, 'cache'],
  ['cache-ref digest', { cache: 'registry', 'cache-ref': `acme/app@sha256:${'a'.repeat(64)}` }, 'cache-ref'],
  ['cache-ref flag', { cache: 'registry', 'cache-ref': '--insecure' }, 'cache-ref'],
  ['test-only without image', { 'test-only': 'true', 'test-run': 'true' }, 'image-ref'],
  ['image-ref flag', { 'test-only': 'true', 'image-ref': '--rm', 'test-run': 'true' }, 'image-ref'],
  ['test-timeout negative', { 'test-timeout': '-5' }, 'test-timeout'],
  ['test-parallelism zero', { 'test-parallelism': '0' }, 'test-parallelism'],
  ['size-limit-kind unknown', { 'size-limit-kind': 'on-disk' }, 'size-limit-kind'],
  ['size-comment junk', { 'size-comment': 'loud' }, 'size-comment'],
  ['min-free-space junk', { 'min-free-space': 'lots' }, 'min-free-space'],
  ['sbom number', { sbom: '2' }, 'sbom'],
  ['provenance flag', { provenance: '--push' }, 'provenance'],
  ['build-args without a name', { 'build-args': '=value' }, 'build-args'],
  ['build-args without =', { 'build-args': 'JUSTNAME' }, 'build-args'],
  ['test-only junk', { 'test-only': 'sometimes' }, 'test-only'],
  [
    'allow-paths-outside-workspace junk',
    { 'allow-paths-outside-workspace': 'yes' },
    'allow-paths-outside-workspace',
  ],
  ['size-base flag', { 'size-base': '--all' }, 'size-base'],
  ['size-comment-author space', { 'size-comment-author': 'a b' }, 'size-comment-author'],
  ['secret-envs unset variable', { 'secret-envs': 'pem=SHIPSHAPE_NO_SUCH_VARIABLE' }, 'secret-envs'],
  ['secret-envs flag id', { 'secret-envs': '--output=PATH' }, 'secret-envs'],
  ['secret-files missing file', { 'secret-files': 'key=/no/such/secret' }, 'secret-files'],
  ['secret id twice', { secrets: `a=${SECRET}`, 'secret-files': 'a=Dockerfile' }, 'secrets'],
];

export function hostileCases(fx: PathFixture): HostileCase[] {
  return [...valueCases, ...moreCases, ...pathCases(fx)];
}
