/**
 * Migrations keep the previous Worker working (CHANGELOG, "Versions"): between `db:migrate` and
 * the deploy, the 0.1 Worker still writes sessions with the columns it knew.
 */
import { describe, expect, it } from 'vitest'
import { buildTestApp, registerUser } from '../helpers/app.ts'
import { query } from '../helpers/db.ts'

describe('the 0.1 Worker on the migrated schema', () => {
  it('can still start a session: credential_epoch defaults to 0', async () => {
    const app = await buildTestApp()
    const { email } = await registerUser(app)
    const [user] = await query<{ id: string }>('select id from users where email = $1', [email])
    // The insert of 0.1's src/db/sessions.ts: no credential_epoch, amr, country, city, last_used_at.
    const [row] = await query<{ credential_epoch: number; amr: string[] }>(
      `insert into sessions (id, user_id, created_at, expires_at, user_agent, client_ip)
       values (md5(random()::text)::uuid, $1, now(), now() + interval '30 days', 'old', '127.0.0.1')
       returning credential_epoch, amr`,
      [user?.id],
    )
    expect(row).toEqual({ credential_epoch: 0, amr: ['pwd'] })
  })
})
