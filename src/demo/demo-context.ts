/** What every part of the demo gets from main.ts: the client and the account as last loaded. */
import type { AuthClient, Profile } from '../client.ts'

export interface Demo {
  auth: AuthClient
  /** GET /auth/me as last loaded (null while signed out). */
  readonly profile: Profile | null
  /** Reloads what the signed-in page shows: profile, devices, passkeys. */
  loadAccount(): Promise<void>
}
