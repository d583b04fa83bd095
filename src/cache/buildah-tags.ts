/** Cache tags buildah pushed or pulled in this build (`repository:tag`, without the registry host). */
export function buildahCacheTags(log: string[]): string[] {
  const tags = new Set<string>();
  for (const line of log) {
    const match = /^--> (?:Pushing cache|Cache pulled from remote)\s+\[?([^\s\]]+)/.exec(line.trim());
    if (!match) continue;
    const withoutHost = match[1].split('/').slice(1).join('/');
    if (withoutHost) tags.add(withoutHost);
  }
  return [...tags];
}
