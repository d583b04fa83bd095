// The action loads its YAML parser before it reads the settings (src/settings/yaml.ts); the unit
// tests read settings directly, so it is loaded once for them here.
import { loadYaml } from '../../src/settings/yaml.js';

await loadYaml();
