/** One `FROM` of a Dockerfile: the image (or earlier stage) it starts from, and its stage name. */
export interface Stage {
  from: string;
  name?: string;
}

/** Lines with comments dropped, then `\` continuations joined (Docker drops comments first). */
function joinContinuations(text: string): string[] {
  const joined: string[] = [];
  let pending = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith('#')) continue;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    joined.push(pending + line);
    pending = '';
  }
  if (pending) joined.push(pending);
  return joined;
}

export function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of joinContinuations(dockerfile)) {
    const match = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (match) stages.push({ from: match[1], name: match[2]?.toLowerCase() });
  }
  return stages;
}

/**
 * The image the built stage (`target`, else the last) finally starts from, following `FROM stage`
 * back to an image; `${ARG}` defaults before the first FROM and build arguments are substituted.
 * `undefined` for `scratch` or when it cannot be told (an ARG without a value).
 */
export function finalBaseImage(dockerfile: string, target: string, buildArgs: string[]): string | undefined {
  const args = new Map<string, string>();
  for (const line of joinContinuations(dockerfile)) {
    if (/^\s*FROM\s/i.test(line)) break;
    const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
    if (arg && arg[2] !== undefined) args.set(arg[1], arg[2].replace(/^["']|["']$/g, ''));
  }
  for (const buildArg of buildArgs) {
    const at = buildArg.indexOf('=');
    if (at > 0) args.set(buildArg.slice(0, at), buildArg.slice(at + 1));
  }
  const stages = stagesOf(dockerfile);
  let index = target ? stages.findIndex((stage) => stage.name === target.toLowerCase()) : stages.length - 1;
  if (index < 0) index = stages.length - 1;
  for (let hops = 0; index >= 0 && hops <= stages.length; hops++) {
    let unknown = false;
    // `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`: as Docker expands them.
    const from = stages[index].from.replace(
      /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
      (_match, braced?: string, op?: string, word?: string, bare?: string) => {
        const value = args.get(braced ?? bare ?? '');
        if (op === '-') return value ? value : (word ?? '');
        if (op === '+') return value ? (word ?? '') : '';
        if (value === undefined) unknown = true;
        return value ?? '';
      },
    );
    if (unknown) return undefined;
    const earlier = stages.findIndex((stage, i) => i < index && stage.name === from.toLowerCase());
    if (earlier < 0) return from && from.toLowerCase() !== 'scratch' ? from : undefined;
    index = earlier;
  }
  return undefined;
}
