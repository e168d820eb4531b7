/**
 * `edge-auth/client`: a typed browser and server client for the service (hono/client types read
 * from the app itself). TypeScript source, for bundlers (esbuild, Vite, wrangler).
 */

export { AuthClientError, type ClientErrorCode, type ErrorBody } from './client/client-error.ts'
export {
  type AuthClient,
  type AuthClientOptions,
  createAuthClient,
} from './client/create-auth-client.ts'
export { memoryStorage, type RefreshTokenStorage } from './client/storage.ts'
export type {
  Api,
  AuthMode,
  AuthState,
  FetchLike,
  LoginInput,
  Profile,
  RegisterInput,
  SessionUser,
  TokenPair,
} from './client/types.ts'
