/**
 * The demo page, the API document and its Swagger UI: static assets (public/, built by
 * scripts/build-assets.ts) that the Worker serves through the ASSETS binding
 * (`run_worker_first`), so they follow the API's rules: a JSON `{error, code}` for a wrong method
 * (405 with `Allow`) or a missing file (404), and one place for their security headers.
 */
import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import {
  CONFIRM_EMAIL_PAGE,
  DEMO_PAGE,
  DOCS_PAGE,
  DOCS_REDIRECT,
  LINK_PAGES,
  OPENAPI_DOCUMENT,
  RESET_PASSWORD_PAGE,
  VERIFY_EMAIL_PAGE,
} from '../api/static-endpoints.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'
import type { AssetFile } from '../http/fallbacks.ts'
import type { RouteKit } from './route-kit.ts'

/** The part of the Workers ASSETS binding the app uses (absent where no assets are deployed). */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>
}

/** A reader of an asset's text for createDeps (data kept out of the bundle), or undefined. */
export function assetTextFrom(assets: AssetFetcher | undefined) {
  if (!assets) return undefined
  return async (path: string): Promise<string> => {
    const res = await assets.fetch(new Request(`https://assets.invalid${path}`))
    if (!res.ok) throw new Error(`static asset ${path}: ${res.status}`)
    return res.text()
  }
}

/** Scripts and styles from this origin only, nothing inline (Swagger UI's icons are data: SVGs). */
const CSP = (img: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src ${img}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
const STATIC_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}

/** Paths answered with the demo page (index.html): its own, and the mailed links'. */
const DEMO_PATHS = new Set<string>(['/', '/index.html', ...LINK_PAGES.map((page) => page.path)])

function pagePolicy(path: string): string | undefined {
  if (DEMO_PATHS.has(path)) return CSP("'self'")
  if (path.startsWith('/docs/')) return CSP("'self' data:")
  return undefined
}

/**
 * Fetches a file of public/ with the pages' headers; undefined when there is no such file.
 * `file` is the asset's path when it differs from the request's (a mailed link's page).
 */
async function fetchAsset(c: Context<AppEnv>, assets: AssetFetcher | undefined, file?: string) {
  if (!assets) return undefined
  const request = file ? new Request(new URL(file, c.req.url), c.req.raw) : c.req.raw
  const found = await assets.fetch(request)
  if (found.status === 404) return undefined
  const res = new Response(found.body, found)
  for (const [name, value] of Object.entries(STATIC_HEADERS)) res.headers.set(name, value)
  const csp = pagePolicy(c.req.path)
  if (csp) res.headers.set('content-security-policy', csp)
  return res
}

/** The declared pages: mount before the API's security headers, which would forbid them to run. */
export function staticPages({ endpoint }: RouteKit, assets: AssetFetcher | undefined) {
  const serve = async (c: Context<AppEnv>) => {
    const res = await fetchAsset(c, assets)
    if (!res) throw new AuthError('not_found')
    return res
  }
  // The demo's index.html, whose script reads the path and the #token= fragment.
  const demo = async (c: Context<AppEnv>) => {
    const res = await fetchAsset(c, assets, '/')
    if (!res) throw new AuthError('not_found')
    return res
  }
  // hono/tiny's router takes `/docs` and `/docs/` for one path, so one handler answers both; the
  // redirect is ours because asset servers differ on a directory without its slash.
  const docs = (c: Context<AppEnv>) =>
    c.req.path === '/docs' ? c.redirect('/docs/', 307) : serve(c)
  return new Hono<AppEnv>()
    .on(...endpoint(DEMO_PAGE), serve)
    .on(...endpoint(RESET_PASSWORD_PAGE), demo)
    .on(...endpoint(VERIFY_EMAIL_PAGE), demo)
    .on(...endpoint(CONFIRM_EMAIL_PAGE), demo)
    .on(...endpoint(DOCS_PAGE), docs)
    .on(...endpoint(DOCS_REDIRECT), docs)
    .on(...endpoint(OPENAPI_DOCUMENT), serve)
}

/** Any other file of public/ (scripts, styles), for the fallback of a GET no route took. */
export function assetFile(assets: AssetFetcher | undefined): AssetFile {
  return (c) => fetchAsset(c, assets)
}
