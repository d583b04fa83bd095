/** The test specification (`tests` input or `tests-file`), after validation. */
export interface TestSpec {
  commandTests: CommandTest[];
  fileTests: FileTest[];
  metadataTest?: MetadataTest;
  services: ServiceSpec[];
}

export interface CommandTest {
  name: string;
  command: string;
  args: string[];
  /** Run `command args…` through `sh -c` (joined by spaces) instead of directly. */
  shell: boolean;
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  /** Overrides the image's ENTRYPOINT; `[]` clears it. */
  entrypoint?: string[];
  exitCode: number;
  expectedOutput: RegExp[];
  excludedOutput: RegExp[];
  expectedError: RegExp[];
  excludedError: RegExp[];
  /** Seconds; falls back to `test-timeout`. */
  timeout?: number;
}

export interface FileTest {
  name: string;
  path: string;
  shouldExist: boolean;
  /** `-rwxr-xr-x`, `drwxr-xr-x`. */
  permissions?: string;
  uid?: number;
  gid?: number;
  expectedContents: RegExp[];
  excludedContents: RegExp[];
}

export interface MetadataTest {
  env: { key: string; value: RegExp }[];
  labels: { key: string; value: RegExp }[];
  exposedPorts: string[];
  volumes: string[];
  entrypoint?: string[];
  cmd?: string[];
  workdir?: string;
  user?: string;
}

export interface ServiceSpec {
  /** The name the image under test reaches it by. */
  name: string;
  image: string;
  env: Record<string, string>;
  command?: string[];
  /** A command run inside the service until it exits 0; else the image's HEALTHCHECK; else started = ready. */
  readiness?: string[];
  /** Seconds to wait for readiness. */
  timeout: number;
}

export class SpecError extends Error {
  constructor(
    /** The file, or `input 'tests'`. */
    readonly source: string,
    /** `tests[3].expectedOutput`, `services[0].image`. */
    readonly path: string,
    problem: string,
  ) {
    super(`${source}: ${path}: ${problem}`);
    this.name = 'SpecError';
  }
}
