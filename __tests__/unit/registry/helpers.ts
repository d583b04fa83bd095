// A recording fetch and the registry answers the registry client tests share.
interface Call {
  url: string;
  headers: Record<string, string>;
}

/** A fetch that answers from `routes` in order of calls and records what it was asked. */
export function fakeFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const next = responses[calls.length - 1];
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () => {
    const text = JSON.stringify(body);
    return new Response(text, {
      status,
      headers: { 'content-type': 'application/json', 'content-length': String(text.length), ...headers },
    });
  };

export const MANIFEST = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: `sha256:${'c'.repeat(64)}`,
    size: 10,
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${'1'.repeat(64)}`,
      size: 99,
    },
  ],
};
export const DIGEST = `sha256:${'d'.repeat(64)}`;
export const REGISTRY_ERROR = { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] };
