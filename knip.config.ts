// `npm run lint:unused`: files, dependencies and exports nothing uses. knip's vitest and eslint plugins
// add vitest.config.ts and eslint.config.js as entries; the npm scripts account for the tools they run
// (ncc, tsx, tsc, depcruise, knip).
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: ['src/main.ts', 'src/post.ts', '__tests__/**/*.test.ts', 'bench/*.ts', 'scripts/*.ts'],
  project: ['src/**/*.ts', '__tests__/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
  // Programs the tests run that scripts/setup.sh installs on the machine, not npm packages.
  ignoreBinaries: ['buildah', 'htpasswd', 'mount', 'umount', 'ssh-agent', 'ssh-keygen'],
};

export default config;
