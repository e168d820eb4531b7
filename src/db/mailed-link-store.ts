/**
 * The effects of mailed links, each one statement that consumes the token with its effect: a
 * token is live only while unused, unexpired, still addressed to the account's current email (a
 * link mailed before an email change proves nothing about the new address) and issued under the
 * account's current credential epoch (`linkStillValid`).
 *
 * Each effect re-checks that binding on the account row it updates, not only on the token: when
 * another link's effect (an email change, a reset) commits first, Postgres re-reads the row under
 * the waiting update (READ COMMITTED), finds the address or epoch moved on and skips it, so the
 * later link does nothing, as if it had come second, instead of acting on the new state.
 */
import { sql } from 'drizzle-orm'
import type { MailedLinkStore } from '../auth/lifecycle-store.ts'
import type { Account } from '../auth/store.ts'
import { causeChain } from '../errors.ts'
import { linkStillValid } from './one-time-token-store.ts'
import type { Database } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { emailVerified, rows, ts } from './sql.ts'

type Named = Account & { name: string | null }

/** CTE `consumed`: the live token of `purpose`, marked used; yields user_id and payload. */
const consume = (hash: string, purpose: string, now: Date) => sql`
  consumed as (
    update one_time_tokens o set used_at = ${ts(now)}
    from users u
    where o.token_hash = ${hash} and o.purpose = ${purpose} and o.used_at is null
      and o.expires_at > ${ts(now)} and u.id = o.user_id and ${linkStillValid}
    returning o.user_id, o.payload
  )`

const isUniqueViolation = (error: unknown) =>
  causeChain(error).some((link) => (link as { code?: unknown }).code === '23505')

export function createMailedLinkStore(db: Database): MailedLinkStore {
  return {
    async resetPassword({ tokenHash, nextHash, session, throttleKey, now }) {
      const [row] = await rows<Named>(
        db,
        sql`
        with ${consume(tokenHash, 'reset_password', now)},
        u as (
          update users u set password_hash = ${nextHash}, credential_epoch = credential_epoch + 1,
            email_verified_at = coalesce(email_verified_at, ${ts(now)}), updated_at = ${ts(now)}
          from consumed o where u.id = o.user_id and ${linkStillValid}
          returning id, email, role, name, id as user_id, credential_epoch, email_verified_at
        ),
        revoked as (
          update sessions set revoked_at = ${ts(now)}, revoked_reason = 'password_reset'
          where user_id in (select id from u) and revoked_at is null
        ),
        cleared as (delete from login_throttles where email_hash = ${throttleKey}),
        ${insertSessionCte(session, sql`u`)}
        select id, email, role, name, ${emailVerified('u')} from u`,
      )
      return row
    },
    async verifyEmail(tokenHash, session, now) {
      const [row] = await rows<Account>(
        db,
        sql`
        with ${consume(tokenHash, 'verify_email', now)},
        u as (
          update users u set email_verified_at = coalesce(email_verified_at, ${ts(now)}),
            updated_at = ${ts(now)}
          from consumed o where u.id = o.user_id and ${linkStillValid}
          returning id, email, role, id as user_id, credential_epoch, email_verified_at
        ),
        ${insertSessionCte(session, sql`u`)}
        select id, email, role, ${emailVerified('u')} from u`,
      )
      return row
    },
    async changeEmail(tokenHash, session, now) {
      try {
        type Row = Named & { previous: string | null; found: boolean; free: boolean }
        const [row] = await rows<Row>(
          db,
          sql`
          with target as (
            select o.user_id, o.payload->>'email' as previous, o.payload->>'newEmail' as next,
              (o.payload->>'epoch')::int as epoch
            from one_time_tokens o join users u on u.id = o.user_id and ${linkStillValid}
            where o.token_hash = ${tokenHash} and o.purpose = 'change_email' and o.used_at is null
              and o.expires_at > ${ts(now)}
          ),
          free as (
            select * from target where not exists (
              select 1 from users x where lower(x.email) = lower(target.next))
          ),
          used as (
            update one_time_tokens set used_at = ${ts(now)}
            where token_hash = ${tokenHash} and used_at is null and exists (select 1 from free)
            returning user_id
          ),
          u as (
            update users set email = free.next, email_verified_at = ${ts(now)},
              credential_epoch = credential_epoch + 1, updated_at = ${ts(now)}
            from free join used on used.user_id = free.user_id
            where users.id = free.user_id and users.email = free.previous
              and users.credential_epoch = free.epoch
            returning users.id, users.email, users.role, users.name, users.id as user_id,
              users.credential_epoch, users.email_verified_at
          ),
          revoked as (
            update sessions set revoked_at = ${ts(now)}, revoked_reason = 'email_change'
            where user_id in (select id from u) and revoked_at is null
          ),
          ${insertSessionCte(session, sql`u`)}
          select exists (select 1 from target) as found, exists (select 1 from free) as free,
            (select previous from target) as previous,
            u.id, u.email, u.role, u.name, ${emailVerified('u')}
          from (select 1) one left join u on true`,
        )
        if (!row?.found) return undefined
        if (!row.free) return 'taken'
        // A reset or another change committed first and moved the account on: the link is void.
        if (!row.id || !row.previous) return undefined
        const { previous, found: _, free: __, ...account } = row
        return { account, previousEmail: previous }
      } catch (error) {
        // Someone registered the address between the check and the update (unique index).
        if (isUniqueViolation(error)) return 'taken'
        throw error
      }
    },
  }
}
