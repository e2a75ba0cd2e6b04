import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

const BUCKET = 'framecast-test';
const START_TIMEOUT_MS = 15_000;

// Runs in the child: starts s3rver on a free port, prints it, and exits when the parent's pipe closes.
const CHILD = `
const S3rver = require(process.env.S3RVER_MODULE);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.env.S3RVER_DIR,
  configureBuckets: [{ name: process.env.S3RVER_BUCKET, configs: [] }],
}).run().then(
  ({ port }) => console.log(JSON.stringify({ port })),
  (err) => { console.error(err); process.exit(1); },
);
`;

/**
 * Starts an S3-compatible server (s3rver) on a free port of 127.0.0.1, with one empty bucket, for tests.
 * It runs in a child Node process with OpenSSL's legacy provider: s3rver makes its list continuation
 * tokens with DES, which OpenSSL 3 keeps only there (without it, any listing past one page fails).
 */
export async function startS3rver(): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'framecast-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD], {
    env: {
      ...process.env,
      S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_DIR: directory,
      S3RVER_BUCKET: BUCKET,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stop = async () => {
    await stopChild(child);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = await readPort(child);
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: BUCKET,
      // s3rver's fixed credentials.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      region: 'us-east-1',
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readPort(child: ChildProcess): Promise<number> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`it did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The test S3 server (s3rver) failed: ${why}. ${stderr.trim()}`.trim()));
    };
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve(port);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
