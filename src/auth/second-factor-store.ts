/** Storage of second factors: the TOTP secret (sealed), its last step, recovery codes (hashed). */
import type { SealedSecret } from './totp/secret-box.ts'

export interface TotpRecord {
  sealed: SealedSecret
  confirmed: boolean
  lastUsedStep: number | null
}

export interface FactorStore {
  totp(userId: string): Promise<TotpRecord | undefined>
  /** A pending secret, replacing an earlier pending one; false when TOTP is already on. */
  savePendingTotp(userId: string, sealed: SealedSecret, now: Date): Promise<boolean>
  /**
   * Turns TOTP on with the step that proved it (so it cannot be replayed) and new recovery
   * codes, in one statement; false when there was no pending secret or the step was used.
   */
  confirmTotp(userId: string, step: number, codeHashes: string[], now: Date): Promise<boolean>
  /** Accepts a step once: only a step later than the last accepted one (no replay). */
  useTotpStep(userId: string, step: number): Promise<boolean>
  /** Replaces a secret sealed under `fromKeyId` with the same secret sealed under the current key. */
  resealTotp(userId: string, fromKeyId: string, sealed: SealedSecret): Promise<void>
  /** Marks one unused recovery code used; false when it is not one of the user's. */
  useRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean>
  /** New recovery codes replace all the old ones. */
  replaceRecoveryCodes(userId: string, codeHashes: string[], now: Date): Promise<void>
  /** Turns TOTP off: the secret and the recovery codes go. */
  removeTotp(userId: string): Promise<void>
}

/** A passkey as its owner sees it (no key material). */
export interface PasskeySummary {
  id: string
  name: string
  createdAt: string
  lastUsedAt: string | null
  backedUp: boolean
  transports: string[]
}

/** What verifying a sign-in needs of a stored passkey. */
export interface PasskeyCredential {
  id: string
  userId: string
  publicKey: string
  algorithm: number
  signCount: number
}

export interface NewPasskey {
  id: string
  publicKey: string
  algorithm: number
  signCount: number
  backupEligible: boolean
  backedUp: boolean
  transports: string[]
  name: string
}

/** `passkeys`: WebAuthn credentials. */
export interface PasskeyStore {
  list(userId: string): Promise<PasskeySummary[]>
  /** False when the credential id is already registered (to anyone: WebAuthn §7.1 step 26). */
  insert(userId: string, passkey: NewPasskey, now: Date): Promise<boolean>
  find(credentialId: string): Promise<PasskeyCredential | undefined>
  /**
   * Records a verified use: the new counter (only if the stored one is still `previous`, so two
   * racing uses cannot both pass), backup state and last use. False when it changed meanwhile.
   */
  recordUse(
    credentialId: string,
    previous: number,
    next: number,
    backedUp: boolean,
    now: Date,
  ): Promise<boolean>
  rename(userId: string, id: string, name: string): Promise<PasskeySummary | undefined>
  remove(userId: string, id: string): Promise<boolean>
}
