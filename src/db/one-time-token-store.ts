/** `one_time_tokens` issuing and lookup, with the per-account mail limit (`mail_throttles`). */
import { type SQL, sql } from 'drizzle-orm'
import type {
  FoundToken,
  MailLimit,
  MailTarget,
  OneTimeTokenStore,
} from '../auth/lifecycle-store.ts'
import type { Database } from './schema.ts'
import { rows, textArray, ts } from './sql.ts'

/**
 * CTE `allowed`: one row when a mail may go now (none sent this minute, fewer than the daily cap
 * today) and `when` holds, counting it; no row otherwise. Under the key's row lock, so concurrent requests never
 * send two.
 */
export const countMail = (limit: MailLimit, now: Date, when: SQL = sql`true`): SQL => {
  const day = now.toISOString().slice(0, 10)
  return sql`
  allowed as (
    insert into mail_throttles as m (key, day, sent, last_sent_at)
    select ${limit.key}, ${day}, 1, ${ts(now)} where ${when}
    on conflict (key) do update set
      sent = case when m.day = excluded.day then m.sent + 1 else 1 end,
      day = excluded.day, last_sent_at = excluded.last_sent_at
    where m.last_sent_at <= ${ts(now)} - interval '60 seconds'
      and (m.day <> excluded.day or m.sent < ${limit.perDay}::int)
    returning key
  )`
}

/** CTEs `gone` and `issued`: the target's older token of this purpose replaced by the new one. */
const replaceToken = (
  input: { purpose: string; token: { id: string; hash: string; expiresAt: Date }; now: Date },
  target: SQL,
  payload: SQL,
) => sql`
  gone as (
    delete from one_time_tokens
    where purpose = ${input.purpose} and user_id in (select id from ${target})
      and exists (select 1 from allowed)
  ),
  issued as (
    insert into one_time_tokens (id, user_id, purpose, token_hash, payload, created_at, expires_at)
    select ${input.token.id}::uuid, t.id, ${input.purpose}, ${input.token.hash}, ${payload},
      ${ts(input.now)}, ${ts(input.token.expiresAt)}
    from ${target} t where exists (select 1 from allowed)
    returning user_id
  )`

/**
 * A mailed link (one_time_tokens `o` of user `u`) still speaks for the account: addressed to its
 * current email, and issued under its current credential epoch, so that a password change or
 * reset, an email change or signing out everywhere voids every link mailed before it (an
 * attacker's pending email change cannot outlive the owner's reset; OWASP ASVS 5.0 V6.4,
 * factor lifecycle and recovery).
 */
export const linkStillValid = sql`u.email = o.payload->>'email'
  and u.credential_epoch = (o.payload->>'epoch')::int`

export function createOneTimeTokenStore(db: Database): OneTimeTokenStore {
  return {
    async issueByEmail(input) {
      const unverified = input.unverifiedOnly ? sql`and email_verified_at is null` : sql``
      const [row] = await rows<MailTarget>(
        db,
        sql`
        with target as (
          select id, email, name, credential_epoch from users
          where lower(email) = ${input.email} ${unverified}
        ),
        ${countMail(input.limit, input.now)},
        ${replaceToken(input, sql`target`, sql`jsonb_build_object('email', t.email, 'epoch', t.credential_epoch)`)}
        select target.id, target.email, target.name from target join issued on issued.user_id = target.id`,
      )
      return row
    },
    async issueForUser(input) {
      const payload = sql`${JSON.stringify(input.payload)}::jsonb || jsonb_build_object('epoch', t.credential_epoch)`
      const issued = await rows<{ user_id: string }>(
        db,
        sql`
        with target as (select id, credential_epoch from users where id = ${input.userId}::uuid),
        ${countMail(input.limit, input.now)},
        ${replaceToken(input, sql`target`, payload)}
        select user_id from issued`,
      )
      return issued.length === 1
    },
    async issue(input) {
      await db.execute(sql`
        insert into one_time_tokens (id, user_id, purpose, token_hash, payload, created_at, expires_at)
        values (${input.token.id}::uuid, ${input.userId}::uuid, ${input.purpose}, ${input.token.hash},
          ${JSON.stringify(input.payload)}::jsonb, ${ts(input.now)}, ${ts(input.token.expiresAt)})`)
    },
    async consume(hash, purpose, userId, now) {
      // A challenge issued for a user is theirs alone; one issued for nobody stays nobody's.
      const owner = userId === null ? sql`user_id is null` : sql`user_id = ${userId}::uuid`
      const [row] = await rows<{ userId: string | null; payload: Record<string, string> }>(
        db,
        sql`
        update one_time_tokens set used_at = ${ts(now)}
        where token_hash = ${hash} and purpose = ${purpose} and used_at is null
          and expires_at > ${ts(now)} and ${owner}
        returning user_id as "userId", payload`,
      )
      return row
    },
    async find(hash, purposes, now) {
      const [row] = await rows<FoundToken>(
        db,
        sql`
        select o.purpose, o.user_id as "userId", u.email, u.name
        from one_time_tokens o join users u on u.id = o.user_id
        where o.token_hash = ${hash} and o.purpose = any(${textArray(purposes)})
          and o.used_at is null and o.expires_at > ${ts(now)}
          and ${linkStillValid}`,
      )
      return row
    },
  }
}
