/**
 * `edge-auth/client`: a typed browser and server client for the service (hono/client types read
 * from the app itself). TypeScript source, for bundlers (esbuild, Vite, wrangler).
 */
export {
  type AuthClient,
  type AuthClientOptions,
  createAuthClient,
  type FetchLike,
} from './client.ts'
export { AuthClientError, type ClientErrorCode, type ErrorBody } from './errors.ts'
export { memoryStorage, type RefreshTokenStorage } from './storage.ts'
export type {
  Api,
  AuthMode,
  AuthState,
  LoginInput,
  Profile,
  RegisterInput,
  SessionUser,
  TokenPair,
} from './types.ts'
