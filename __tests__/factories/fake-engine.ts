// A stand-in Docker daemon on a unix socket, for unit tests of the Engine API client: each route
// answers with the status and JSON the test gives; every request is recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface FakeAnswer {
  status?: number;
  /** Sent as JSON; a string is sent as it is (text/plain). */
  json?: unknown;
  text?: string;
  /** More response headers (`server` on `/_ping`). */
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export interface FakeEngine {
  socketPath: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** `route` picks the answer for each request; `undefined` is a 404 `No such object`. */
export async function startFakeEngine(
  route: (request: FakeRequest) => FakeAnswer | undefined,
): Promise<FakeEngine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-fake-engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const requests: FakeRequest[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://docker');
      const request = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = route(request) ?? { status: 404, json: { message: `No such object: ${request.path}` } };
      if (answer.hang) {
        open.add(res);
        return;
      }
      if (answer.text !== undefined) {
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.text);
      } else if (answer.json === undefined) {
        res.writeHead(answer.status ?? 204, answer.headers);
        res.end();
      } else {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.json));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    requests,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
