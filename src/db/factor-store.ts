/** `totp_factors` and `recovery_codes`. */
import { type SQL, sql } from 'drizzle-orm'
import type { FactorStore, TotpRecord } from '../auth/second-factor-store.ts'
import type { Database } from './schema.ts'
import { rows, textArray, ts } from './sql.ts'

/** CTE `codes`: the user's recovery codes replaced by these hashes, after `after` (a CTE). */
const replaceCodes = (userId: string, hashes: string[], now: Date, after: SQL) => sql`
  dropped as (delete from recovery_codes where user_id = ${userId}::uuid and exists (select 1 from ${after})),
  codes as (
    insert into recovery_codes (id, user_id, code_hash, created_at)
    select gen_random_uuid(), ${userId}::uuid, h, ${ts(now)}
    from unnest(${textArray(hashes)}) as h where exists (select 1 from ${after})
  )`

export function createFactorStore(db: Database): FactorStore {
  return {
    async totp(userId) {
      const [row] = await rows<{
        key_id: string
        secret: string
        confirmed: boolean
        step: string | null
      }>(
        db,
        sql`select key_id, secret_ciphertext as secret, confirmed_at is not null as confirmed,
              last_used_step::text as step
            from totp_factors where user_id = ${userId}::uuid`,
      )
      if (!row) return undefined
      const record: TotpRecord = {
        sealed: { keyId: row.key_id, ciphertext: row.secret },
        confirmed: row.confirmed,
        lastUsedStep: row.step === null ? null : Number(row.step),
      }
      return record
    },
    async savePendingTotp(userId, sealed, now) {
      const saved = await rows(
        db,
        sql`
        insert into totp_factors as f (user_id, secret_ciphertext, key_id, created_at)
        values (${userId}::uuid, ${sealed.ciphertext}, ${sealed.keyId}, ${ts(now)})
        on conflict (user_id) do update set secret_ciphertext = excluded.secret_ciphertext,
          key_id = excluded.key_id, created_at = excluded.created_at, last_used_step = null
        where f.confirmed_at is null
        returning user_id`,
      )
      return saved.length === 1
    },
    async confirmTotp(userId, step, codeHashes, now) {
      const [row] = await rows<{ on: boolean }>(
        db,
        sql`
        with turned as (
          update totp_factors set confirmed_at = ${ts(now)}, last_used_step = ${step}
          where user_id = ${userId}::uuid and confirmed_at is null
            and (last_used_step is null or last_used_step < ${step})
          returning user_id
        ), ${replaceCodes(userId, codeHashes, now, sql`turned`)}
        select exists (select 1 from turned) as on`,
      )
      return row?.on === true
    },
    async useTotpStep(userId, step) {
      const used = await rows(
        db,
        sql`update totp_factors set last_used_step = ${step}
            where user_id = ${userId}::uuid and confirmed_at is not null
              and (last_used_step is null or last_used_step < ${step})
            returning user_id`,
      )
      return used.length === 1
    },
    async resealTotp(userId, fromKeyId, sealed) {
      await rows(
        db,
        sql`update totp_factors set secret_ciphertext = ${sealed.ciphertext}, key_id = ${sealed.keyId}
            where user_id = ${userId}::uuid and key_id = ${fromKeyId}`,
      )
    },
    async useRecoveryCode(userId, codeHash, now) {
      const used = await rows(
        db,
        sql`update recovery_codes set used_at = ${ts(now)}
            where user_id = ${userId}::uuid and code_hash = ${codeHash} and used_at is null
            returning id`,
      )
      return used.length === 1
    },
    async replaceRecoveryCodes(userId, codeHashes, now) {
      await db.execute(sql`
        with always as (select 1), ${replaceCodes(userId, codeHashes, now, sql`always`)}
        select 1`)
    },
    async removeTotp(userId) {
      await db.execute(sql`
        with gone as (delete from totp_factors where user_id = ${userId}::uuid)
        delete from recovery_codes where user_id = ${userId}::uuid`)
    },
  }
}
