/** Which mailed link a page was opened with: the path names it, the fragment carries its token. */

export type LinkKind = 'reset-password' | 'verify-email' | 'confirm-email'
const KINDS: LinkKind[] = ['reset-password', 'verify-email', 'confirm-email']

export interface MailedLink {
  kind: LinkKind
  token: string
}

/** `/reset-password#token=...` and the like; null for any other page or a link without a token. */
export function mailedLinkOf(location: { pathname: string; hash: string }): MailedLink | null {
  const kind = KINDS.find((name) => location.pathname === `/${name}`)
  const token = new URLSearchParams(location.hash.slice(1)).get('token')
  return kind && token ? { kind, token } : null
}
