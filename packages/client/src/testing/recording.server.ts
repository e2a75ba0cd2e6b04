import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

export type Answer = (req: Recorded, res: ServerResponse) => void;

export interface RecordingServer {
  /** `http://127.0.0.1:<port>`, once the suite has started. */
  url: string;
  /** Every request of the current test, in order. */
  requests: Recorded[];
  /** How the server answers; each test sets its own. */
  answer: Answer;
}

/**
 * A real HTTP server on 127.0.0.1 for the calling suite, speaking whatever the test's `answer` says: every request
 * is recorded with its method, URL, headers and body, and the record starts afresh with each test.
 */
export function recordingServer(): RecordingServer {
  const api: RecordingServer = {
    url: '',
    requests: [],
    answer: (_req, res) => res.writeHead(500).end(),
  };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded = {
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks),
        };
        api.requests.push(recorded);
        api.answer(recorded, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    api.requests.length = 0;
  });
  return api;
}
