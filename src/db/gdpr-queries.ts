/**
 * All of one user's data at once: deleting it (GDPR Art. 17) in one statement, and exporting it
 * (Art. 15 and 20) as JSON built by Postgres, with no secret or hash in it.
 */
import { sql } from 'drizzle-orm'
import type { AccountExport } from '../auth/records.ts'
import type { Database } from './schema.ts'
import { rows, textArray } from './sql.ts'

/** Everything keyed by the user id goes by ON DELETE CASCADE; the throttles are keyed by address. */
export async function deleteWithEverything(
  db: Database,
  userId: string,
  throttleKeys: string[],
): Promise<boolean> {
  const [row] = await rows<{ deleted: boolean }>(
    db,
    sql`
    with gone as (delete from users where id = ${userId}::uuid returning id),
    logins as (
      delete from login_throttles where email_hash = any(${textArray(throttleKeys)})
        and exists (select 1 from gone)
    ),
    mails as (
      delete from mail_throttles where split_part(key, ':', 2) = any(${textArray(throttleKeys)})
        and exists (select 1 from gone)
    )
    select exists (select 1 from gone) as deleted`,
  )
  return row?.deleted === true
}

export async function exportData(db: Database, userId: string): Promise<AccountExport | undefined> {
  const [row] = await rows<{ data: AccountExport | null }>(
    db,
    sql`
    select json_build_object(
      'profile', json_build_object('id', u.id, 'email', u.email, 'name', u.name, 'role', u.role,
        'emailVerifiedAt', u.email_verified_at, 'createdAt', u.created_at, 'updatedAt', u.updated_at),
      'sessions', coalesce((
        select json_agg(json_build_object('id', s.id, 'createdAt', s.created_at,
          'lastUsedAt', s.last_used_at, 'expiresAt', s.expires_at, 'endedAt', s.revoked_at,
          'endedBecause', s.revoked_reason, 'userAgent', s.user_agent, 'ipAddress', s.client_ip,
          'country', s.country, 'city', s.city, 'signedInWith', s.amr) order by s.created_at)
        from sessions s where s.user_id = u.id), '[]'::json),
      'secondFactors', coalesce((
        select json_agg(json_build_object('type', 'totp', 'createdAt', t.created_at,
          'confirmedAt', t.confirmed_at,
          'recoveryCodesLeft', (select count(*) from recovery_codes r
            where r.user_id = u.id and r.used_at is null)))
        from totp_factors t where t.user_id = u.id), '[]'::json),
      'passkeys', coalesce((
        select json_agg(json_build_object('name', p.name, 'createdAt', p.created_at,
          'lastUsedAt', p.last_used_at, 'backedUp', p.backed_up, 'transports', p.transports)
          order by p.created_at)
        from passkeys p where p.user_id = u.id), '[]'::json)
    ) as data
    from users u where u.id = ${userId}::uuid`,
  )
  return row?.data ?? undefined
}
