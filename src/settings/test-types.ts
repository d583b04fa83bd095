/** The test specification (`tests` input or `tests-file`), after validation. */
export interface TestSpec {
  commandTests: CommandTest[];
  fileTests: FileTest[];
  metadataTest?: MetadataTest;
  /** container-structure-test's `licenseTests`. */
  licenseTests: LicenseTest[];
  services: ServiceSpec[];
}

/**
 * container-structure-test's `containerRunOptions`: how every command test's container (and its
 * setup and teardown containers) is run.
 */
export interface RunOptions {
  /** `--privileged`. */
  privileged: boolean;
  /** `--cap-add` each (`SYS_ADMIN`). */
  capabilities: string[];
  /** `--volume` each, `SOURCE:DEST[:OPTIONS]`; SOURCE absolute once the settings resolved it. */
  bindMounts: string[];
  /** Names of the runner's environment variables passed on (`envVars`), when set and not empty. */
  passEnv: string[];
  /** `envFile` as written (relative to the workspace); its variables are in `envFileVars` once read. */
  envFile?: string;
  envFileVars: Record<string, string>;
}

/** container-structure-test's license test: Debian copyright files must not name a refused license. */
export interface LicenseTest {
  name: string;
  /** Every package directory under /usr/share/doc must hold a `copyright` file. */
  debian: boolean;
  files: string[];
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
  /** Commands run before the test command, each in a container of the image the previous one left. */
  setup?: string[][];
  /** Commands run after it, on what the test command left. */
  teardown?: string[][];
  /** The file's `containerRunOptions`. */
  runOptions?: RunOptions;
  /**
   * container-structure-test's `$NAME`/`${NAME}` in the command, its arguments and the env values,
   * replaced from the image's environment before the test runs.
   */
  expandVariables?: boolean;
}

export interface FileTest {
  name: string;
  path: string;
  shouldExist: boolean;
  /** `-rwxr-xr-x`, `drwxr-xr-x`. */
  permissions?: string;
  uid?: number;
  gid?: number;
  /** An execute bit that must be set: the owner's, the group's, others' or any of them. */
  isExecutableBy?: 'owner' | 'group' | 'other' | 'any';
  expectedContents: RegExp[];
  excludedContents: RegExp[];
}

export interface MetadataTest {
  env: { key: string; value: RegExp }[];
  labels: { key: string; value: RegExp }[];
  /** Variables that must not be set. */
  unboundEnv?: string[];
  exposedPorts: string[];
  /** Ports that must not be exposed (`80` means any protocol). */
  unexposedPorts?: string[];
  volumes: string[];
  unmountedVolumes?: string[];
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
