/** Small helpers every store module shares: typed rows from a raw statement, timestamps. */
import type { SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type { Database } from './schema.ts'

/** A timestamptz parameter (ISO text, cast in SQL, so both drivers send the same thing). */
export const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`

/** Runs a raw statement and returns its rows as `T` (both drivers answer `{rows}`). */
export async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
