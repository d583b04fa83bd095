// @ts-check
// The layering of src/ as ../shared/ARCHITECTURE.md ("Rooms and what they may import") draws it:
// each room (a folder under src/) may import only the rooms in its `may` list (and itself); platform
// packages (@actions/*, @octokit/*) only where a room lists them; programs run only from engine/;
// no import cycle. Change this table and ARCHITECTURE.md together. A room that does not exist yet
// (publish/) only makes its pattern match nothing. `npm run lint:deps` runs it.

/**
 * @typedef {object} Room
 * @property {string[]} may rooms it may import besides itself ('*': every room)
 * @property {string[]} [types] rooms it may import only with `import type`
 * @property {string[]} [packages] platform packages it may import
 */

/** @type {Record<string, Room>} */
const rooms = {
  steps: { may: ['*'], packages: ['@actions/core', '@actions/github'] },
  common: { may: [] }, // leaf modules: errors, units, format, logger
  naming: { may: ['common'] },
  settings: { may: ['naming', 'common'] },
  engine: { may: ['common'] },
  registry: { may: ['engine', 'naming', 'settings', 'common'] },
  cache: {
    may: ['engine', 'naming', 'settings', 'common'],
    packages: ['@actions/cache', '@actions/glob'],
  },
  builder: { may: ['engine', 'naming', 'settings', 'common'], types: ['cache'] },
  'container-tests': { may: ['engine', 'settings', 'common'] },
  publish: { may: ['engine', 'registry', 'naming', 'settings', 'common'] },
  cleanup: { may: ['engine', 'settings', 'common'] },
  size: { may: ['registry', 'engine', 'naming', 'settings', 'common'], packages: ['@octokit/rest'] },
};

const entries = '^src/(main|post)\\.ts$';
const room = (/** @type {string} */ name) => `^src/${name}/`;
const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pkg = (/** @type {string} */ name) => `(^|/)node_modules/${escape(name)}/`;
const roomNames = Object.keys(rooms);
const platformPackages = '(^|/)node_modules/@(actions|octokit)/';

/** @typedef {import('dependency-cruiser').IRegularForbiddenRuleType} Rule */
const rule = (/** @type {Rule} */ r) => r;
/** Rooms that list a platform package. */
const roomsWith = (/** @type {string} */ name) => roomNames.filter((n) => rooms[n].packages?.includes(name));
const listedPackages = [...new Set(Object.values(rooms).flatMap((r) => r.packages ?? []))];

/** @type {Rule[]} */
const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'An import cycle (ARCHITECTURE.md: "Never: … an import cycle").',
    from: { path: '^src/' },
    to: { circular: true },
  },
  {
    name: 'entry-imports-steps-only',
    severity: 'error',
    comment: 'src/main.ts and src/post.ts only call the steps.',
    from: { path: entries },
    to: { pathNot: room('steps') },
  },
  {
    name: 'steps-imported-by-entries-only',
    severity: 'error',
    comment: 'Only main.ts and post.ts import the steps; a stage never calls a step.',
    from: { path: '^src/', pathNot: [entries, room('steps')] },
    to: { path: room('steps') },
  },
  {
    name: 'room-unknown',
    severity: 'error',
    comment:
      'A module outside every room of ARCHITECTURE.md: add its folder to the table in .dependency-cruiser.js.',
    from: { path: '^src/', pathNot: [entries, ...roomNames.map(room)] },
    to: {},
  },
  {
    name: 'import-of-room-unknown',
    severity: 'error',
    comment:
      'Imports a module outside every room of ARCHITECTURE.md: add its folder to the table in .dependency-cruiser.js.',
    from: { path: '^src/' },
    to: { path: '^src/', pathNot: [entries, ...roomNames.map(room)] },
  },
  {
    name: 'child-process-outside-engine',
    severity: 'error',
    comment: 'engine/ is the only place that runs programs.',
    from: { path: '^src/', pathNot: room('engine') },
    to: { path: '^(node:)?child_process$' },
  },
  // One rule per room: what in src/ it must not import.
  ...Object.entries(rooms)
    .filter(([, r]) => !r.may.includes('*'))
    .map(([name, r]) =>
      rule({
        name: `room-${name}`,
        severity: 'error',
        comment: `src/${name}/ may import only ${[...r.may, ...(r.types ?? []).map((t) => `${t} (types)`)].join(', ') || 'nothing of src/'} (ARCHITECTURE.md).`,
        from: { path: room(name) },
        to: { path: '^src/', pathNot: [name, ...r.may, ...(r.types ?? [])].map(room) },
      }),
    ),
  // Rooms a room may import only for types (`import type`, erased from the bundle).
  ...Object.entries(rooms)
    .filter(([, r]) => r.types?.length)
    .map(([name, r]) =>
      rule({
        name: `room-${name}-types-only`,
        severity: 'error',
        comment: `src/${name}/ may import ${r.types?.join(', ')} for types only (ARCHITECTURE.md).`,
        from: { path: room(name) },
        to: { path: (r.types ?? []).map(room), dependencyTypesNot: ['type-only'] },
      }),
    ),
  // Platform packages: only the rooms that list them; one no room lists, nowhere.
  ...listedPackages.map((name) =>
    rule({
      name: `package-${name.replace(/^@/, '').replace(/\//g, '-')}`,
      severity: 'error',
      comment: `${name} is for ${roomsWith(name).join(', ')} only (ARCHITECTURE.md).`,
      from: { path: '^src/', pathNot: roomsWith(name).map(room) },
      to: { path: pkg(name) },
    }),
  ),
  {
    name: 'package-platform-unlisted',
    severity: 'error',
    comment: 'An @actions/* or @octokit/* package no room lists: add it to a room in .dependency-cruiser.js.',
    from: { path: '^src/' },
    to: { path: platformPackages, pathNot: listedPackages.map(pkg) },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts (as type-only), so type imports obey the layering too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
