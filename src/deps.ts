/** Builds everything the app needs from a parsed config, once per isolate (keys imported here). */
import type { AppDeps } from './app.ts'
import { createAccessTokens } from './auth/access-token.ts'
import { type Clock, systemClock } from './auth/clock.ts'
import { createThrottleKeys } from './auth/lockout.ts'
import { createPasswordHasher } from './auth/password-hash.ts'
import { createKeyRing, type KeyRing } from './auth/signing-keys.ts'
import { createSecretBox } from './auth/totp/secret-box.ts'
import type { Config } from './config.ts'
import { createStoreConnector } from './db/connector.ts'
import { consoleLogger, type Logger } from './log.ts'

/** A variable that parsed but cannot be used (key material that does not import). */
export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, options?: { cause?: unknown }) {
    super(`${variable} is not usable`, options)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

export async function createDeps(
  config: Config,
  overrides: { clock?: Clock; log?: Logger } = {},
): Promise<AppDeps> {
  const clock = overrides.clock ?? systemClock
  const { secret: lockoutSecret, ...lockout } = config.lockout
  let keys: KeyRing
  try {
    keys = await createKeyRing({ secret: config.jwt.secret, privateKeys: config.jwt.privateKeys })
  } catch (cause) {
    throw new ConfigError(config.jwt.privateKeys ? 'JWT_PRIVATE_KEYS' : 'JWT_SECRET', { cause })
  }
  const tokens = createAccessTokens({
    keys,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttl: config.jwt.accessTtl,
    clock,
  })
  return {
    config,
    keys,
    stores: createStoreConnector({
      databaseUrl: config.databaseUrl,
      driver: config.dbDriver,
      localProxy: config.neonLocalProxy,
      timeoutMs: config.dbTimeoutMs,
    }),
    services: {
      passwords: createPasswordHasher(config.password),
      tokens,
      clock,
      log: overrides.log ?? consoleLogger,
      policy: {
        refresh: config.refresh,
        lockout,
        passwordMinLength: config.password.minLength,
        requireEmailVerification: config.requireEmailVerification,
      },
      throttleKeys: createThrottleKeys(lockoutSecret),
      secretBox: await createSecretBox(config.mfaKeys),
      issuer: config.jwt.issuer,
    },
  }
}
