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
  /** Marks one unused recovery code used; false when it is not one of the user's. */
  useRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean>
  /** New recovery codes replace all the old ones. */
  replaceRecoveryCodes(userId: string, codeHashes: string[], now: Date): Promise<void>
  /** Turns TOTP off: the secret and the recovery codes go. */
  removeTotp(userId: string): Promise<void>
}
