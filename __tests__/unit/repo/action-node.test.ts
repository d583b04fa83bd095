// The harness runs dist/ on the Node major the runner uses for this action (action.yml runs.using).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { actionNode, repoRoot } from '../../harness/run-action.js';

function runsUsingMajor(): number {
  const manifest = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    runs?: { using?: unknown };
  };
  const m = /^node(\d+)$/.exec(String(manifest.runs?.using));
  if (!m) throw new Error(`action.yml runs.using is "${String(manifest.runs?.using)}", not nodeNN`);
  return Number(m[1]);
}

describe('Node of the bundled action', () => {
  it('is the major version action.yml runs.using names', () => {
    const node = actionNode();
    const reported = execFileSync(node.path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(`v${reported}`).toBe(node.version);
    expect(Number(reported.split('.')[0]), `${node.path} is Node ${reported}`).toBe(runsUsingMajor());
  });
});
