/**
 * The load test's users: read from a file (`--users`), or registered on the target and written
 * to a file for the next run. Many users spread logins over accounts, so the per-account
 * lockout is not what the test measures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Credentials } from '../lib/load/scenarios.ts'
import { makeUsers, registerUsers } from '../lib/load/seed.ts'

/** Reads `[{email, password}]` and checks its shape. */
export function readUsers(path: string): Credentials[] {
  const users = JSON.parse(readFileSync(path, 'utf8')) as unknown
  const valid =
    Array.isArray(users) &&
    users.length > 0 &&
    users.every((u) => typeof u?.email === 'string' && typeof u?.password === 'string')
  if (!valid) throw new Error(`${path}: expected a non-empty JSON array of {email, password}`)
  return users as Credentials[]
}

/** Registers `count` new users on `url` and writes them to `out` (mode 0600: they hold passwords). */
export async function createUsers(url: string, count: number, out: string): Promise<Credentials[]> {
  const runId = `lt${Date.now().toString(36)}`
  const users = makeUsers(count, runId)
  await registerUsers(url, users)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 })
  return users
}
