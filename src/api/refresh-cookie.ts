/**
 * The refresh cookie's name, part of the contract (the OpenAPI document's `refreshCookie`
 * scheme). `__Host-` (RFC 6265bis §4.1.3.2): browsers accept it only with Secure, Path=/ and no
 * Domain, so a compromised sibling subdomain cannot plant one for this host (cookie tossing).
 */
export const REFRESH_COOKIE = '__Host-edge-auth-refresh'
