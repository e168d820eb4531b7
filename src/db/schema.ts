/** The schema drizzle-kit reads (drizzle.config.ts) and the stores query: every table, one type. */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'

/** What every store module queries through: drizzle over either Neon driver. */
export type Database = PgDatabase<PgQueryResultHKT>

export * from './tables/factor-tables.ts'
export * from './tables/one-time-tokens.ts'
export * from './tables/session-tables.ts'
export * from './tables/throttle-tables.ts'
export * from './tables/user-tables.ts'
