/**
 * The byte formats of the software authenticator (test/helpers/soft-authenticator.ts):
 * clientDataJSON (WebAuthn Level 3 §5.8.1), authenticator data (§6.1) and attested credential
 * data (§6.5.1), each with the knobs that break it.
 */
import { type CborInputMap, encodeCbor } from './test-encoders.ts'

/** Where the ceremony runs: what the relying party issued and the page's origin. */
export interface SoftCeremony {
  challenge: string
  origin: string
  rpId: string
}

/** Knobs shared by both ceremonies: each one breaks one check. */
export interface SoftKnobs {
  /** Overrides of clientDataJSON members; `undefined` removes one. */
  clientData?: Record<string, unknown>
  /** clientDataJSON replaced by these exact bytes. */
  rawClientData?: Uint8Array
  /** The RP ID whose hash goes into the authenticator data. */
  hashedRpId?: string
  flags?: { up?: boolean; uv?: boolean; be?: boolean; bs?: boolean }
  /** Authenticator extension outputs (sets ED). */
  extensions?: CborInputMap
  /** Bytes appended to the authenticator data, accounted for by no flag. */
  trailing?: Uint8Array
}

export const sha256 = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))

export const concat = (...parts: ArrayLike<number>[]) =>
  Uint8Array.from(parts.flatMap((part) => Array.from(part)))

export function clientDataJSON(type: string, ceremony: SoftCeremony, knobs: SoftKnobs) {
  if (knobs.rawClientData) return Uint8Array.from(knobs.rawClientData)
  const { challenge, origin } = ceremony
  const data = { type, challenge, origin, crossOrigin: false, ...knobs.clientData }
  return new TextEncoder().encode(JSON.stringify(data))
}

/** rpIdHash | flags | signCount | attested credential data | extensions (| trailing). */
export async function authenticatorData(
  ceremony: SoftCeremony,
  knobs: SoftKnobs,
  state: { signCount: number; backupEligible: boolean; attested?: Uint8Array | undefined },
) {
  const be = state.backupEligible
  const f = { up: true, uv: true, be, bs: be, ...knobs.flags }
  const bits: [boolean, number][] = [
    [f.up, 0x01],
    [f.uv, 0x04],
    [f.be, 0x08],
    [f.bs, 0x10],
    [state.attested !== undefined, 0x40],
    [knobs.extensions !== undefined, 0x80],
  ]
  const flags = bits.reduce((sum, [on, bit]) => sum | (on ? bit : 0), 0)
  const counter = new Uint8Array(4)
  new DataView(counter.buffer).setUint32(0, state.signCount)
  const rpIdHash = await sha256(new TextEncoder().encode(knobs.hashedRpId ?? ceremony.rpId))
  const extensions = knobs.extensions ? encodeCbor(knobs.extensions) : []
  return concat(rpIdHash, [flags], counter, state.attested ?? [], extensions, knobs.trailing ?? [])
}

/** aaguid | credentialIdLength | credentialId | credentialPublicKey. */
export function attestedCredentialData(id: Uint8Array, coseKey: CborInputMap) {
  const aaguid = new Uint8Array(16).fill(0xad)
  return concat(aaguid, [id.length >> 8, id.length & 0xff], id, encodeCbor(coseKey))
}
