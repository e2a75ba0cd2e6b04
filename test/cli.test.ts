import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@framecast/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built `framecast` command, as an operator runs it.
const cli = fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url));
let dataDir: string;

function framecast(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          RTMP_PORT: '0',
          SRT_PORT: '0',
          ...env,
        },
        timeout: 90_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first.`);
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-cli-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('framecast CLI', () => {
  it('names a bad variable in one line, without a stack trace', async () => {
    const run = await framecast(['start'], { PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('framecast: Invalid configuration: PORT must be a whole number (got "eighty")');
  });

  it('lists the known targets when given an unknown one', async () => {
    const run = await framecast(['start', '--target', 'notify']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^framecast: Unknown target "notify"\. Known targets: all, gateway, user, video, transcoder, live, chat, notification\.$/,
    );
  });

  it('says so when the port is taken', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const run = await framecast(['start'], { PORT: String(port), HOST: '127.0.0.1' });
    server.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`framecast: Port ${port} is already in use`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('says so when the RTMP port is taken', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const address = server.address();
    const taken = typeof address === 'object' && address ? address.port : 0;
    const run = await framecast(['start'], { PORT: '0', HOST: '127.0.0.1', RTMP_PORT: String(taken) });
    server.close();
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `framecast: Invalid configuration: RTMP_PORT ${taken} is already in use: stop the other program or choose another port.`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('migrates, then seeds demo channels, idempotently', async () => {
    expect((await framecast(['migrate'])).code).toBe(0);
    const seeded = await framecast(['seed']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect((await framecast(['seed'])).code).toBe(0);
    const db = await openDatabase({ dataDir });
    try {
      const rows = await db.kysely.withSchema('users').selectFrom('accounts').select('handle').execute();
      expect(rows.map((r) => r.handle)).toEqual(expect.arrayContaining(['demo']));
      expect(new Set(rows.map((r) => r.handle)).size).toBe(rows.length);
    } finally {
      await db.close();
    }
  }, 120_000);
});
