import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../harness/run-action.js';

interface ActionYaml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as ActionYaml;
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The rows of the first table after `## heading`: first cell (without backticks) -> cells. */
function table(heading: string): Map<string, string[]> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, '').trim()));
  return new Map(rows.map(([name, ...rest]) => [name.replace(/`/g, ''), rest]));
}

describe('README', () => {
  it('documents exactly the inputs of action.yml, with their defaults', () => {
    const rows = table('Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const documented = rows.get(name)?.[0] ?? '';
      if (input.required) expect(documented, name).toBe('(required)');
      else if (input.default) expect(documented, name).toBe(`\`${input.default}\``);
      else expect(documented === '' || documented.startsWith('`<'), `${name}: '${documented}'`).toBe(true);
    }
  });

  it('documents exactly the outputs of action.yml', () => {
    expect([...table('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('lists every folder of src/ in the layout table, and no other', () => {
    const section = readme.split('\n### Layout\n')[1]?.split('\n## ')[0] ?? '';
    const listed = [...section.matchAll(/^\| `src\/([a-z-]+)\/`/gm)].map((match) => match[1]);
    const folders = readdirSync(join(repoRoot, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(listed.sort()).toEqual(folders.sort());
  });
});
