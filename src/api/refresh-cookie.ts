/**
 * The refresh cookie's name, part of the contract (the OpenAPI document's `refreshCookie`
 * scheme). `__Secure-`: browsers refuse it without Secure (RFC 6265bis §4.1.3.1).
 */
export const REFRESH_COOKIE = '__Secure-edge-auth-refresh'
