import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    setupFiles: ['__tests__/setup/yaml.ts'],
    // Integration tests share one Docker daemon and one registry fixture per file; files run one at a
    // time so that daemon-wide listings in cleanup assertions are not disturbed by another file.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
