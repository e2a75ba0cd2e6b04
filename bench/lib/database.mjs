import pg from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

async function admin(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl} (${error.message}); start it or set BENCH_POSTGRES_URL.`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one benchmark (a leftover of an interrupted run is dropped first), dropped again when the scope
 * closes. Returns its URL.
 */
export async function createDatabase(scope, { adminUrl, name }) {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain database name.`);
  // FORCE ends sessions a killed process may have left behind.
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  scope.defer(`drop database ${name}`, () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
