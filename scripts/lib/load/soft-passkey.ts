/**
 * A software passkey for the bench, in Node's crypto: an ES256 key pair, the registration
 * response a browser sends for it (`none` attestation) and, synchronously as the load generator
 * needs, signed assertions (WebAuthn Level 3 §6.1 authenticator data, §5.8.1 client data, §6.5.5
 * DER signature). Like a synced platform passkey it is backup eligible and keeps its counter at
 * 0, so one credential can sign in any number of times. test/helpers/soft-authenticator.ts is
 * the tests' fuller one, with a knob for each check.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { type CborInput, encodeCbor } from '../cbor-encode.ts'

/** Where ceremonies run: wrangler.toml's WEBAUTHN_RP_ID and one of WEBAUTHN_ORIGINS. */
export interface PasskeyCeremony {
  rpId: string
  origin: string
}

/** What the load generator signs with (plain data: it crosses to the generator's process). */
export interface SoftPasskey {
  /** The credential id, base64url. */
  id: string
  /** PKCS#8 PEM. */
  privateKey: string
  /** The user handle the registration options named (base64url). */
  userHandle: string
}

/** UP, UV, BE, BS (§6.1): present, verified, a synced passkey, backed up. */
const FLAGS = 0x01 | 0x04 | 0x08 | 0x10
/** AT: attested credential data follows (registration only). */
const ATTESTED = 0x40

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest()

function authenticatorData(rpId: string, attested?: Uint8Array): Buffer {
  const flags = FLAGS | (attested ? ATTESTED : 0)
  const signCount = Buffer.alloc(4)
  const rest = attested ?? new Uint8Array()
  return Buffer.concat([sha256(Buffer.from(rpId)), Buffer.from([flags]), signCount, rest])
}

const clientData = (type: string, challenge: string, origin: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }))

const envelope = (id: string) => ({
  id,
  rawId: id,
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: {},
})

/** A new credential for the registration `options` (their challenge and user.id). */
export function createPasskey(
  options: { challenge: string; user: { id: string } },
  ceremony: PasskeyCeremony,
) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const { x, y } = publicKey.export({ format: 'jwk' })
  // COSE_Key (RFC 9053 §7.1.1): kty EC2, alg ES256, crv P-256, x, y.
  const coseKey = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, Buffer.from(x ?? '', 'base64url')],
    [-3, Buffer.from(y ?? '', 'base64url')],
  ])
  const id = randomBytes(32)
  const aaguid = Buffer.alloc(16)
  const length = Buffer.from([id.length >> 8, id.length & 0xff])
  const attested = Buffer.concat([aaguid, length, id, encodeCbor(coseKey)])
  const attestationObject = encodeCbor(
    new Map<string, CborInput>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authenticatorData(ceremony.rpId, attested)],
    ]),
  )
  const credentialId = id.toString('base64url')
  const response = {
    ...envelope(credentialId),
    response: {
      clientDataJSON: clientData('webauthn.create', options.challenge, ceremony.origin).toString(
        'base64url',
      ),
      attestationObject: Buffer.from(attestationObject).toString('base64url'),
      transports: ['internal', 'hybrid'],
    },
  }
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const passkey: SoftPasskey = { id: credentialId, privateKey: pem, userHandle: options.user.id }
  return { passkey, response }
}

/** Signs assertions for `passkey`, one per challenge, synchronously. */
export function assertionSigner(passkey: SoftPasskey, ceremony: PasskeyCeremony) {
  const key = createPrivateKey(passkey.privateKey)
  const authData = authenticatorData(ceremony.rpId)
  return (challenge: string) => {
    const data = clientData('webauthn.get', challenge, ceremony.origin)
    // Node signs ECDSA as DER, the format authenticators send (§6.5.5).
    const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), key)
    return {
      ...envelope(passkey.id),
      response: {
        clientDataJSON: data.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: passkey.userHandle,
      },
    }
  }
}
