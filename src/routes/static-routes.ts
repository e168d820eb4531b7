/**
 * The demo page, the API document and its Swagger UI: static assets (public/, built by
 * scripts/build-assets.ts) that the Worker serves through the ASSETS binding
 * (`run_worker_first`), so they follow the API's rules: a JSON `{error, code}` for a wrong method
 * (405 with `Allow`) or a missing file (404), and one place for their security headers.
 */
import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { DEMO_PAGE, DOCS_PAGE, DOCS_REDIRECT, OPENAPI_DOCUMENT } from '../api/static-endpoints.ts'
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

function pagePolicy(path: string): string | undefined {
  if (path === '/' || path === '/index.html') return CSP("'self'")
  if (path.startsWith('/docs/')) return CSP("'self' data:")
  return undefined
}

/** Fetches a file of public/ with the pages' headers; undefined when there is no such file. */
async function fetchAsset(c: Context<AppEnv>, assets: AssetFetcher | undefined) {
  if (!assets) return undefined
  const found = await assets.fetch(c.req.raw)
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
  // hono/tiny's router takes `/docs` and `/docs/` for one path, so one handler answers both; the
  // redirect is ours because asset servers differ on a directory without its slash.
  const docs = (c: Context<AppEnv>) =>
    c.req.path === '/docs' ? c.redirect('/docs/', 307) : serve(c)
  return new Hono<AppEnv>()
    .on(...endpoint(DEMO_PAGE), serve)
    .on(...endpoint(DOCS_PAGE), docs)
    .on(...endpoint(DOCS_REDIRECT), docs)
    .on(...endpoint(OPENAPI_DOCUMENT), serve)
}

/** Any other file of public/ (scripts, styles), for the fallback of a GET no route took. */
export function assetFile(assets: AssetFetcher | undefined): AssetFile {
  return (c) => fetchAsset(c, assets)
}
