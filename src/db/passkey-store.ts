/** `passkeys`: WebAuthn credentials, their counters and names. */
import { sql } from 'drizzle-orm'
import type {
  PasskeyCredential,
  PasskeyStore,
  PasskeySummary,
} from '../auth/second-factor-store.ts'
import type { Database } from './schema.ts'
import { rows, textArray, ts } from './sql.ts'

const summary = sql.raw(`id, name, to_json(created_at)#>>'{}' as "createdAt",
  to_json(last_used_at)#>>'{}' as "lastUsedAt", backed_up as "backedUp", transports`)

export function createPasskeyStore(db: Database): PasskeyStore {
  return {
    list: (userId) =>
      rows<PasskeySummary>(
        db,
        sql`select ${summary} from passkeys where user_id = ${userId}::uuid order by created_at`,
      ),
    async insert(userId, p, now) {
      const inserted = await rows(
        db,
        sql`
        insert into passkeys (id, user_id, public_key, algorithm, sign_count, backup_eligible,
          backed_up, transports, name, created_at)
        values (${p.id}, ${userId}::uuid, ${p.publicKey}, ${p.algorithm}, ${p.signCount},
          ${p.backupEligible}, ${p.backedUp}, ${textArray(p.transports)}, ${p.name}, ${ts(now)})
        on conflict (id) do nothing returning id`,
      )
      return inserted.length === 1
    },
    async find(credentialId) {
      const [row] = await rows<PasskeyCredential & { signCount: string }>(
        db,
        sql`select id, user_id as "userId", public_key as "publicKey", algorithm,
              sign_count::text as "signCount"
            from passkeys where id = ${credentialId}`,
      )
      return row && { ...row, signCount: Number(row.signCount) }
    },
    async recordUse(credentialId, previous, next, backedUp, now) {
      const used = await rows(
        db,
        sql`update passkeys set sign_count = ${next}, backed_up = ${backedUp},
              last_used_at = ${ts(now)}
            where id = ${credentialId} and sign_count = ${previous} returning id`,
      )
      return used.length === 1
    },
    async rename(userId, id, name) {
      const [row] = await rows<PasskeySummary>(
        db,
        sql`update passkeys set name = ${name} where id = ${id} and user_id = ${userId}::uuid
            returning ${summary}`,
      )
      return row
    },
    async remove(userId, id) {
      const gone = await rows(
        db,
        sql`delete from passkeys where id = ${id} and user_id = ${userId}::uuid returning id`,
      )
      return gone.length === 1
    },
  }
}
