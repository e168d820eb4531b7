/** Where a bearer-mode client keeps its refresh token. Cookie mode never sees the token. */

/**
 * A place for the refresh token. Memory is the default (a reload signs the user out); a native
 * app can plug in its keychain. Avoid `localStorage` in browsers: any XSS could read it there
 * (OWASP HTML5 Security Cheat Sheet, local storage), which is what cookie mode is for.
 */
export interface RefreshTokenStorage {
  get(): string | null | Promise<string | null>
  set(token: string | null): void | Promise<void>
}

/** Keeps the token in this JavaScript context only. */
export function memoryStorage(): RefreshTokenStorage {
  let token: string | null = null
  return {
    get: () => token,
    set: (value) => {
      token = value
    },
  }
}
