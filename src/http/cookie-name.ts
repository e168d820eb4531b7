/**
 * The refresh cookie's name. `__Secure-`: browsers refuse it without Secure (RFC 6265bis
 * §4.1.3.1). Its own module so build-time code (the OpenAPI document) can name it.
 */
export const REFRESH_COOKIE = '__Secure-edge-auth-refresh'
