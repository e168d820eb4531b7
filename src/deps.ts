import type { AppDeps } from './app.ts'
import { type Clock, systemClock } from './auth/clock.ts'
import { createPasswordHasher } from './auth/password.ts'
import { createTokenService } from './auth/tokens.ts'
import type { Config } from './config.ts'
import { createStoreConnector } from './db/client.ts'
import { consoleLogger, type Logger } from './log.ts'

/** Builds everything the app needs from a parsed config: once per isolate (keys imported here). */
export async function createDeps(
  config: Config,
  overrides: { clock?: Clock; log?: Logger } = {},
): Promise<AppDeps> {
  const clock = overrides.clock ?? systemClock
  return {
    config,
    clock,
    log: overrides.log ?? consoleLogger,
    stores: createStoreConnector({
      databaseUrl: config.databaseUrl,
      driver: config.dbDriver,
      localProxy: config.neonLocalProxy,
    }),
    passwords: createPasswordHasher(config.password),
    tokens: await createTokenService({ ...config.jwt, ttl: config.jwt.accessTtl, clock }),
  }
}
