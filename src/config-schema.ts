/** zod building blocks for src/config.ts: env values are strings, parsed into typed settings. */
import * as z from 'zod/mini'
import { parseSecretBoxKeys, type SecretBoxKeys } from './auth/totp/secret-box-keys.ts'

const encoder = new TextEncoder()

export const seconds = (fallback: number, max: number) =>
  z._default(
    z.coerce
      .number()
      .check(z.int('must be a whole number of seconds'), z.minimum(1), z.maximum(max)),
    fallback,
  )

export const flag = (fallback: boolean) => z._default(z.stringbool(), fallback)

/**
 * Whether a secret is fit to key HMACs (RFC 8725 §3.5: as much entropy as the hash output, 256
 * bits for SHA-256). A string cannot show its entropy, so the rule refuses what is plainly weak:
 * fewer than 32 UTF-8 bytes; fewer than 12 distinct characters; less than 128 bits by the
 * estimate length × log2(distinct characters); or a placeholder of .dev.vars.example (every one
 * starts with `replace-with`). `openssl rand -base64 32` or `-hex 32` always pass.
 */
export function isStrongSecret(value: string): boolean {
  if (encoder.encode(value).byteLength < 32 || value.startsWith('replace-with')) return false
  const characters = [...value]
  const distinct = new Set(characters).size
  return distinct >= 12 && characters.length * Math.log2(distinct) >= 128
}

/** A secret that passes isStrongSecret. */
export const secret = () =>
  z.string().check(z.refine(isStrongSecret, { message: 'must be a strong random secret' }))

const b64url = z.string().check(z.regex(/^[A-Za-z0-9_-]+$/))
const kid = z.string().check(z.minLength(1), z.maxLength(64))

/** Only the two curves Workers sign with natively: Ed25519 (EdDSA) and P-256 (ES256). */
const PrivateJwkSchema = z.union([
  z.object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    kid,
    x: b64url,
    d: b64url,
    alg: z.optional(z.literal('EdDSA')),
  }),
  z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    kid,
    x: b64url,
    y: b64url,
    d: b64url,
    alg: z.optional(z.literal('ES256')),
  }),
])

const JsonText = z.pipe(
  z.string(),
  z.transform((text, ctx): unknown => {
    try {
      return JSON.parse(text)
    } catch {
      ctx.issues.push({ code: 'custom', message: 'must be JSON', input: '' })
      return z.NEVER
    }
  }),
)

/** JWT_PRIVATE_KEYS: a JWK set as JSON text, `{"keys": [...]}`, each key with a unique kid. */
export const JwkSet = z.pipe(
  JsonText,
  z
    .object({ keys: z.array(PrivateJwkSchema).check(z.minLength(1)) })
    .check(
      z.refine(
        (set) => new Set(set.keys.map((key) => key.kid)).size === set.keys.length,
        'kids must be unique',
      ),
    ),
)

/** CORS_ORIGINS: exact origins (`https://app.example.com`), comma-separated, or `*`. */
export const OriginList = z.pipe(
  z.string(),
  z.transform((text, ctx): string[] => {
    const origins = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
    for (const origin of origins) {
      if (origin !== '*' && !isExactOrigin(origin)) {
        ctx.issues.push({
          code: 'custom',
          message: 'must be exact origins such as https://app.example.com',
          input: '',
        })
      }
    }
    return origins
  }),
)

/** MFA_ENCRYPTION_KEY: `kid:key[,kid:key]` (src/auth/totp/secret-box-keys.ts); never echoed. */
export const SecretBoxKeyList = z.pipe(
  z.string(),
  z.transform((text, ctx): SecretBoxKeys => {
    const parsed = parseSecretBoxKeys(text)
    if (parsed.ok) return parsed.keys
    ctx.issues.push({ code: 'custom', message: parsed.reason, input: '' })
    return z.NEVER
  }),
)

/** Loopback hosts, where plain http is not sent over a network. */
export function isLoopbackHost(hostname: string): boolean {
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname.toLowerCase())
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}

/**
 * APP_URL: the front end's exact origin, https (OWASP Forgot Password Cheat Sheet, "URL tokens":
 * reset URLs are built from configuration, never from the Host header, and use HTTPS); plain
 * http only on loopback, for local development.
 */
export const AppOrigin = z.string().check(
  z.refine((value) => {
    if (!isExactOrigin(value)) return false
    const url = new URL(value)
    return url.protocol === 'https:' || isLoopbackHost(url.hostname)
  }, 'must be an https origin such as https://app.example.com (http only on loopback)'),
)

/**
 * EMAIL_FROM: `Display Name <local@domain>` (RFC 5322 §3.4 name-addr), split into its parts. The
 * name is the product name in every mail; quotes, angle brackets and line breaks are refused so
 * it can never add a header.
 */
export const Mailbox = z.pipe(
  z.string().check(
    z.regex(/^[^"<>\r\n]*[^\s"<>][^"<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/, {
      message: 'must be a name and an address, such as edge-auth <auth@example.com>',
    }),
  ),
  z.transform((value) => {
    const at = value.lastIndexOf('<')
    return { name: value.slice(0, at).trim(), email: value.slice(at + 1, -1) }
  }),
)
