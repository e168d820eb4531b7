/** The SQL fragment every statement that starts a session shares. */
import type { SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type { NewSession } from '../auth/store.ts'
import { textArray, ts } from './sql.ts'

/**
 * CTEs `s` and `t`: insert the session (for the user_id and credential_epoch that `source`
 * yields) and its first token, whose idle limit never outlives the session.
 */
export const insertSessionCte = (s: NewSession, source: SQL) => sql`
  s as (
    insert into sessions (id, user_id, credential_epoch, created_at, last_used_at, expires_at,
      user_agent, client_ip, country, city, amr)
    select ${s.id}::uuid, user_id, credential_epoch, ${ts(s.createdAt)}, ${ts(s.createdAt)}, ${ts(s.expiresAt)},
      ${s.userAgent}::text, ${s.clientIp}::text, ${s.country}::text, ${s.city}::text, ${textArray(s.amr)}
    from ${source}
    returning id, expires_at
  ),
  t as (
    insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at)
    select ${s.token.id}::uuid, s.id, ${s.token.hash}::text, ${ts(s.createdAt)}, least(${ts(s.token.expiresAt)}, s.expires_at)
    from s
  )`
