import { describe, expect, it } from 'vitest';
import { databaseTarget, redact } from './database.js';

describe('databaseTarget', () => {
  it('chooses PostgreSQL for postgres:// and postgresql:// urls', () => {
    for (const url of ['postgres://u:p@db:5432/app', 'postgresql://db/app']) {
      expect(databaseTarget({ url, dataDir: '.framecast' })).toEqual({ kind: 'postgres', url });
    }
  });

  it('chooses PGlite in memory for memory:// and on disk under <dataDir>/pg without a url', () => {
    expect(databaseTarget({ url: 'memory://', dataDir: 'x' })).toEqual({ kind: 'pglite-memory' });
    expect(databaseTarget({ dataDir: '/var/lib/framecast' })).toEqual({
      kind: 'pglite-disk',
      dir: '/var/lib/framecast/pg',
    });
  });

  it('refuses other urls without echoing their password', () => {
    expect(() => databaseTarget({ url: 'mysql://root:secret@db/app', dataDir: 'x' })).toThrow(/not supported/);
    expect(() => databaseTarget({ url: 'mysql://root:secret@db/app', dataDir: 'x' })).not.toThrow(/secret/);
  });
});

describe('redact', () => {
  it('hides the password of a url', () => {
    expect(redact('postgres://app:hunter2@db:5432/framecast')).toBe('postgres://app:***@db:5432/framecast');
    expect(redact('postgres://db/framecast')).toBe('postgres://db/framecast');
  });
});
