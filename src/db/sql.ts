/** Small helpers every store module shares: typed rows from a raw statement, timestamps. */
import type { SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type { Database } from './schema.ts'

/** A timestamptz parameter (ISO text, cast in SQL, so both drivers send the same thing). */
export const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`

/** A text[] parameter: the values as one JSON array, so no driver has to encode an array. */
export const textArray = (values: string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`

/** The SQL expression and column alias every Account-shaped answer uses. */
export const emailVerified = (table: string) =>
  sql.raw(`${table}.email_verified_at is not null as "emailVerified"`)

/** The enabled second factors of the user row `table` (a text[]: 'totp', 'passkey'). */
export const factorsOf = (table: string) =>
  sql.raw(`array_remove(array[
    case when exists (select 1 from totp_factors f where f.user_id = ${table}.id and f.confirmed_at is not null) then 'totp' end,
    case when exists (select 1 from passkeys p where p.user_id = ${table}.id) then 'passkey' end
  ], null)`)

/** Runs a raw statement and returns its rows as `T` (both drivers answer `{rows}`). */
export async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
