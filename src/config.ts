import * as z from 'zod/mini'
import { MAX_PBKDF2_ITERATIONS } from './auth/password.ts'

const encoder = new TextEncoder()

const seconds = (fallback: number, max: number) =>
  z._default(
    z.coerce
      .number()
      .check(z.int('must be a whole number of seconds'), z.minimum(1), z.maximum(max)),
    fallback,
  )

const flag = (fallback: boolean) => z._default(z.stringbool(), fallback)

/** Secrets are strings in the Worker env; the length rule counts UTF-8 bytes. */
const secret = (minBytes: number) =>
  z.string().check(
    z.refine((value) => encoder.encode(value).byteLength >= minBytes, {
      message: `must be at least ${minBytes} bytes`,
    }),
  )

/**
 * The Worker's variables and secrets. Parsed once per isolate; unknown keys are ignored.
 * Secret values never appear in messages (see `describeConfigError`).
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().check(z.regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')),
  DB_DRIVER: z._default(z.enum(['http', 'ws']), 'http'),
  NEON_LOCAL_PROXY: flag(false),
  // RFC 8725 §3.5: HMAC keys need as much entropy as the hash output (256 bits for HS256).
  JWT_SECRET: secret(32),
  JWT_ISSUER: z._default(z.string().check(z.minLength(1)), 'edge-auth'),
  JWT_AUDIENCE: z._default(z.string().check(z.minLength(1)), 'edge-auth'),
  ACCESS_TOKEN_TTL: seconds(900, 86_400),
  PASSWORD_ITERATIONS: z._default(
    z.coerce.number().check(z.int(), z.minimum(10_000), z.maximum(MAX_PBKDF2_ITERATIONS)),
    MAX_PBKDF2_ITERATIONS,
  ),
  PASSWORD_PEPPER: z.optional(secret(32)),
})

export interface Config {
  databaseUrl: string
  dbDriver: 'http' | 'ws'
  /** The host in DATABASE_URL is the project's local Neon-protocol proxy (plain HTTP and ws). */
  neonLocalProxy: boolean
  jwt: { secret: Uint8Array; issuer: string; audience: string; accessTtl: number }
  password: { iterations: number; pepper: Uint8Array | undefined }
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; variables: string[] }

/** Turns the Worker env into a typed config, or names the variables that are wrong. */
export function parseConfig(env: Record<string, unknown>): ConfigResult {
  // An empty value (`PASSWORD_PEPPER=` in .dev.vars) means "not set", as in a shell.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const variables = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))]
    return { ok: false, variables }
  }
  const e = parsed.data
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      dbDriver: e.DB_DRIVER,
      neonLocalProxy: e.NEON_LOCAL_PROXY,
      jwt: {
        secret: encoder.encode(e.JWT_SECRET),
        issuer: e.JWT_ISSUER,
        audience: e.JWT_AUDIENCE,
        accessTtl: e.ACCESS_TOKEN_TTL,
      },
      password: {
        iterations: e.PASSWORD_ITERATIONS,
        pepper: e.PASSWORD_PEPPER === undefined ? undefined : encoder.encode(e.PASSWORD_PEPPER),
      },
    },
  }
}
