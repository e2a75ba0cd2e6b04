import { type Kysely, sql } from 'kysely';

/** `hourly_YYYYMM` and its bounds for the month of `at` plus `ahead` months. Pure. */
export function monthPartitions(at: Date, ahead: number): { name: string; from: string; to: string }[] {
  const out = [];
  for (let i = 0; i <= ahead; i++) {
    const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + i, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const name = `hourly_${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
    out.push({ name, from: start.toISOString(), to: end.toISOString() });
  }
  return out;
}

/**
 * Makes the monthly partitions of `hourly` for this month and the next two, if missing, so rows land in their
 * month's partition (the default partition only catches what comes early). Old months can then be detached or
 * dropped whole. Safe to run on every instance at once: a partition another made first is left as it is.
 */
export async function ensurePartitions(db: Kysely<any>, now: Date): Promise<void> {
  for (const p of monthPartitions(now, 2)) {
    try {
      await sql`create table if not exists ${sql.raw(`analytics.${p.name}`)} partition of analytics.hourly
        for values from (${sql.lit(p.from)}) to (${sql.lit(p.to)})`.execute(db);
    } catch (err) {
      // Another instance made it between the check and the create, or the default partition already holds rows
      // of that month: they stay there and are counted the same.
      if (!/already exists|would be violated/.test(String((err as Error).message))) throw err;
    }
  }
}
