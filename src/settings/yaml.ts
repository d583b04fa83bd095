import type * as Yaml from 'yaml';

/**
 * The YAML parser, loaded only for a run that has YAML to read (`tests`, `tests-file`,
 * `registry-auth`): loading it costs every other run's main step some 15 ms. The settings are read
 * synchronously, so the step loads it first (`loadYaml`) and the parsers take it (`yaml`).
 */
let loaded: typeof Yaml | undefined;

export async function loadYaml(): Promise<typeof Yaml> {
  loaded ??= await import('yaml');
  return loaded;
}

/** The inputs whose values are YAML (or name a YAML file): one of them set, the parser is needed. */
export const YAML_INPUTS = ['tests', 'tests-file', 'registry-auth'] as const;

export function yaml(): typeof Yaml {
  if (!loaded) throw new Error('internal: the YAML parser is used before loadYaml() loaded it');
  return loaded;
}
