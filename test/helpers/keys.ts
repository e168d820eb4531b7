import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import type { PrivateJwk } from '../../src/auth/signing-keys.ts'

/** A fresh private JWK with its thumbprint as kid, as `npm run keys:generate` makes them. */
export async function newPrivateJwk(alg: 'EdDSA' | 'ES256' = 'ES256'): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = await exportJWK(privateKey)
  return { ...(jwk as PrivateJwk), kid: await calculateJwkThumbprint(jwk) }
}
