import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ErrorArea, errorAreas, errorCatalog, errorCodes } from '@framecast/contracts/errors';
import { describe, expect, it } from 'vitest';

// The error catalog against the code that answers it and the reference that lists it.
const root = new URL('..', import.meta.url).pathname;
const API_DOC = join(root, 'docs/api.md');
const BEGIN = '<!-- error-codes:begin (written from packages/contracts/src/errors/error.catalog.ts) -->';
const END = '<!-- error-codes:end -->';

const areaNames: Record<ErrorArea, string> = {
  http: 'any route (HTTP layer)',
  auth: 'any route (caller identity)',
  user: 'user module',
  video: 'video module',
  live: 'live module',
  chat: 'chat module',
  analytics: 'analytics module',
  notification: 'notification module',
  graphql: 'GraphQL (gateway)',
};

/** The error code table of docs/api.md, from the catalog. */
function errorCodeTable(): string {
  const rows = errorCodes.map((code) => {
    const spec: { status: number; area: ErrorArea; field?: string; summary: string } = errorCatalog[code];
    return `| \`${code}\` | ${spec.status} | ${areaNames[spec.area]} | ${spec.field ? `\`${spec.field}\`` : ''} | ${spec.summary} |`;
  });
  return ['| code | status | answered by | field | means |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** A markdown table's cells, without the alignment padding the formatter adds. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^-+$/, '---')),
    );
}

/** Source files that may answer errors: the kit, the adapters and every service, without tests. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.contract\.ts$/.test(name) && !path.includes('/testing/') ? [path] : [];
  });
}

describe('the error catalog', () => {
  it('gives every code an error status and a snake_case name', () => {
    for (const code of errorCodes) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(errorCatalog[code].status).toBeGreaterThanOrEqual(400);
      expect(errorCatalog[code].status).toBeLessThan(600);
      expect(errorAreas).toContain(errorCatalog[code].area);
    }
  });

  it('holds no code that nothing answers', () => {
    const dirs = [
      'packages/kit/src',
      'packages/adapters/src',
      ...readdirSync(join(root, 'services')).map((s) => `services/${s}/src`),
    ];
    const text = dirs
      .flatMap((dir) => sources(join(root, dir)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = errorCodes.filter((code) => !text.includes(`'${code}'`));
    expect(unused, 'codes in the catalog that no module answers: remove them').toEqual([]);
  });

  it('is the list of error codes in docs/api.md', () => {
    const doc = readFileSync(API_DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/api.md needs the markers ${BEGIN} … ${END}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const table = errorCodeTable();
    const written = doc.slice(start + BEGIN.length, end);
    const same = JSON.stringify(cells(written)) === JSON.stringify(cells(table));
    if (!same && process.env.FRAMECAST_WRITE_DOCS === '1') {
      // The formatter (`npx biome check --write .`) aligns the columns afterwards.
      writeFileSync(API_DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${table}\n\n${doc.slice(end)}`);
      return;
    }
    expect(
      cells(written),
      'docs/api.md is out of date: run FRAMECAST_WRITE_DOCS=1 npx vitest run test/error-codes.test.ts',
    ).toEqual(cells(table));
  });
});
