import type { GitContext } from '../../../src/naming/git-context.js';
import { computeTags } from '../../../src/naming/tag-rules.js';

export const NOW = new Date('2024-03-05T07:08:09Z');

export function tags(tagsInput: string, ctx: GitContext, flavor = ''): string[] {
  return computeTags(tagsInput, flavor, ctx, NOW).tags;
}
