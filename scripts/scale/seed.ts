/**
 * Seeds the scale run's database by SQL, in chunks: `users` accounts, one session each (every
 * tenth ended 35 days ago, so the prune has sessions to delete), and tokens ÷ sessions refresh
 * tokens per session, one unrotated and the rest rotated one day apart (an ended session's
 * before it ended); those rotated over a week ago are the prune's. All seeded rows share one
 * real password hash; none is ever logged in to.
 */
import type pg from 'pg'

export interface SeedCounts {
  users: number
  sessions: number
  tokens: number
}

const CHUNK = 500_000

/** Inserts `total` rows in chunks of CHUNK with `insert(from, to)`, reporting progress. */
async function chunked(
  total: number,
  insert: (from: number, to: number) => Promise<unknown>,
  progress: (done: number) => void,
): Promise<void> {
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1)
    await insert(from, to)
    progress(to)
  }
}

export async function seed(
  client: pg.Client,
  counts: SeedCounts,
  passwordHash: string,
  log: (line: string) => void,
): Promise<void> {
  const k = Math.max(1, Math.floor(counts.tokens / counts.sessions))
  const say = (table: string, total: number) => (done: number) =>
    log(`scale: seeded ${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${table}`)
  await chunked(
    counts.users,
    (from, to) =>
      client.query(
        `insert into users (id, email, password_hash, credential_epoch, created_at, updated_at)
         select md5('u' || g)::uuid, 'scale-' || g || '@scale.example.com', $3, 0,
                now() - interval '90 days', now() - interval '90 days'
         from generate_series($1::int, $2::int) g`,
        [from, to, passwordHash],
      ),
    say('users', counts.users),
  )
  await chunked(
    counts.sessions,
    (from, to) =>
      client.query(
        `insert into sessions (id, user_id, created_at, expires_at, credential_epoch, last_used_at)
         select md5('s' || g)::uuid, md5('u' || (((g - 1) % $3::int) + 1))::uuid,
                now() - interval '60 days',
                case when g % 10 = 0 then now() - interval '35 days' else now() + interval '20 days' end,
                0, now() - interval '1 hour'
         from generate_series($1::int, $2::int) g`,
        [from, to, counts.users],
      ),
    say('sessions', counts.sessions),
  )
  await chunked(
    counts.tokens,
    (from, to) =>
      client.query(
        `insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at, rotated_at)
         select md5('t' || g)::uuid, md5('s' || s)::uuid, md5('t' || g),
                now() - interval '1 day' * (age + j), now() + interval '7 days',
                case when j = 0 then null else now() - interval '1 day' * (age + j) end
         from generate_series($1::int, $2::int) g,
              lateral (select ((g - 1) / $3::int) + 1 as s, (g - 1) % $3::int as j) k,
              -- An ended session's tokens were last rotated before it ended (35 days ago).
              lateral (select case when s % 10 = 0 then 35 else 0 end as age) a`,
        [from, to, k],
      ),
    say('refresh tokens', counts.tokens),
  )
  log('scale: vacuum analyze')
  await client.query('vacuum analyze users, sessions, refresh_tokens')
}

/** Bytes on disk (rows and indexes) per row of each table, and the row counts. */
export async function storage(client: pg.Client) {
  const { rows } = await client.query<{ table: string; rows: string; bytes: string }>(
    `select t as table, (xpath('/row/n/text()',
              query_to_xml(format('select count(*) as n from %I', t), false, true, '')))[1]::text as rows,
            pg_total_relation_size(t)::text as bytes
     from unnest(array['users', 'sessions', 'refresh_tokens']) t`,
  )
  return Object.fromEntries(
    rows.map((row) => {
      const count = Number(row.rows)
      const bytes = Number(row.bytes)
      return [row.table, { rows: count, bytes, bytesPerRow: count ? Math.round(bytes / count) : 0 }]
    }),
  )
}
