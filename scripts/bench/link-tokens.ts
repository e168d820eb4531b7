/**
 * Single-use mailed-link tokens for the reset and verify scenarios. The service stores only a
 * token's SHA-256 (src/auth/opaque-token.ts), so tokens it mails cannot be read back; the bench
 * makes its own with the service's own generator and hash, and inserts their rows into the
 * scratch database through the Neon driver and the local proxy, as the service's issue would:
 * `one_time_tokens` of that purpose, addressed to the account's current email and credential
 * epoch (a reset bumps it, voiding the user's other links), live for an hour.
 */
import { neon } from '@neondatabase/serverless'
import { generateOpaqueToken, hashOpaqueToken } from '../../src/auth/opaque-token.ts'
import { useLocalProxy } from '../../src/db/local-proxy.ts'

export type LinkPurpose = 'reset_password' | 'verify_email'

/** Rows per statement: well inside the proxy's 10 MiB request limit. */
const CHUNK = 2000

const INSERT = `
  insert into one_time_tokens (id, user_id, purpose, token_hash, payload, created_at, expires_at)
  select gen_random_uuid(), u.id, $1, t.hash,
    jsonb_build_object('email', u.email, 'epoch', u.credential_epoch),
    now(), now() + interval '1 hour'
  from unnest($2::text[], $3::text[]) as t(hash, email) join users u on u.email = t.email`

/** Makes `count` live tokens of `purpose` for `emails` round-robin; answers their plaintexts. */
export async function issueLinkTokens(
  databaseUrl: string,
  purpose: LinkPurpose,
  emails: string[],
  count: number,
): Promise<string[]> {
  useLocalProxy()
  const sql = neon(databaseUrl)
  const tokens = Array.from({ length: count }, generateOpaqueToken)
  for (let start = 0; start < count; start += CHUNK) {
    const chunk = tokens.slice(start, start + CHUNK)
    const hashes = await Promise.all(chunk.map(hashOpaqueToken))
    const owners = chunk.map((_, i) => emails[(start + i) % emails.length] as string)
    const result = await sql.query(INSERT, [purpose, hashes, owners], { fullResults: true })
    if (result.rowCount !== chunk.length)
      throw new Error(`${purpose}: ${result.rowCount} of ${chunk.length} tokens found their user`)
  }
  return tokens
}
