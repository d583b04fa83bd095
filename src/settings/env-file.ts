/**
 * An env file as container-structure-test reads one (the dotenv format): `KEY=value` lines, `#`
 * comments and blank lines skipped, an optional `export `, `KEY: value` too, values in single quotes
 * taken as written, in double quotes with `\n`, `\"` and `\\` escapes, unquoted ones up to a ` #`
 * comment, trimmed. As there, variables with an empty value are left out. Pure.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s?(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match;
    const value = unquote(rest.trim());
    if (value !== '') env[key] = value;
  }
  return env;
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote === "'" || quote === '"') {
    const end = value.lastIndexOf(quote);
    if (end > 0) {
      const inner = value.slice(1, end);
      if (quote === "'") return inner;
      return inner.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
    }
  }
  return value.replace(/\s+#.*$/, '').trim();
}

/**
 * `$NAME` and `${NAME}` replaced from `env` as container-structure-test replaces them (Go's
 * `os.Expand`): an unknown name gives '', `$` before anything that cannot start a name stays, and
 * `${` without its `}` is dropped. Pure.
 */
export function expandVariables(text: string, env: Record<string, string>): string {
  const special = (c: string | undefined) => c !== undefined && /^[*#$@!?\-0-9]$/.test(c);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const rest = text.slice(i + 1);
    if (rest[0] === '{') {
      if (rest.length > 2 && special(rest[1]) && rest[2] === '}') {
        out += env[rest[1]] ?? '';
        i += 3;
        continue;
      }
      const close = rest.indexOf('}');
      if (close > 1) out += env[rest.slice(1, close)] ?? '';
      // `${}` is dropped whole; an unclosed `${` loses only those two characters.
      i += close < 0 ? 1 : close + 1;
      continue;
    }
    if (special(rest[0])) {
      out += env[rest[0]] ?? '';
      i += 1;
      continue;
    }
    const name = /^[A-Za-z0-9_]*/.exec(rest)?.[0] ?? '';
    if (name === '') out += '$';
    else out += env[name] ?? '';
    i += name.length;
  }
  return out;
}
