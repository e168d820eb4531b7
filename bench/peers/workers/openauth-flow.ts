/**
 * What a browser and its app do against OpenAuth's password provider, run in-process against the
 * issuer app so that one bench request is one whole login (the load generator speaks one request
 * per login). Login: GET /authorize (code flow; sets the encrypted `authorization` cookie) →
 * POST /password/authorize with the form (scrypt verify; 302 to the app with a code) → POST
 * /token (the app exchanges the code: an ES256 access token and a refresh token). The GET of the
 * login form page between the first two is left out: it renders HTML and checks nothing.
 * Register: the same start, then the provider's register form and its emailed-code step.
 */
import { createCookieJar } from './cookie-jar.ts'

/** The issuer as the flow calls it: a fetch handler (a Hono app). */
export interface IssuerApp {
  fetch(request: Request): Response | Promise<Response>
}

export const CLIENT_ID = 'edge-auth-bench'
/** OpenAuth's default `allow` accepts any client whose redirect URI is on localhost. */
export const REDIRECT_URI = 'http://localhost/callback'

export interface FlowResult {
  /** 200 with the token response, 401 for refused credentials, 502 when a step misbehaved. */
  status: 200 | 401 | 502
  body: unknown
}

/** A browser session against `issuer` at `origin`: requests carry and keep its cookies. */
function browser(issuer: IssuerApp, origin: string) {
  const jar = createCookieJar()
  return async (path: string, form?: Record<string, string>): Promise<Response> => {
    const headers = new Headers({ cookie: jar.header() })
    const init: RequestInit = { headers, redirect: 'manual' }
    if (form) Object.assign(init, { method: 'POST', body: new URLSearchParams(form) })
    const response = await issuer.fetch(new Request(`${origin}${path}`, init))
    jar.store(response.headers.getSetCookie())
    return response
  }
}

/** The code OpenAuth put in its redirect to the app, if the step succeeded. */
export function codeFrom(response: Response): string | undefined {
  const location = response.headers.get('location')
  if (response.status !== 302 || !location?.startsWith(REDIRECT_URI)) return undefined
  return new URL(location).searchParams.get('code') ?? undefined
}

const AUTHORIZE = `/authorize?${new URLSearchParams({
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  response_type: 'code',
  provider: 'password',
})}`

const broken = (step: string, response: Response): FlowResult => ({
  status: 502,
  body: { error: `unexpected ${response.status} from ${step}` },
})

/** The whole password login; 200 carries OpenAuth's token response. */
export async function passwordLogin(
  issuer: IssuerApp,
  origin: string,
  credentials: { email: string; password: string },
): Promise<FlowResult> {
  const call = browser(issuer, origin)
  const start = await call(AUTHORIZE)
  if (start.status !== 302) return broken('/authorize', start)
  const answer = await call('/password/authorize', credentials)
  const code = codeFrom(answer)
  // A refused password (or an unknown address) re-renders the form with a 401.
  if (!code) {
    if (answer.status !== 401) return broken('/password/authorize', answer)
    return { status: 401, body: { error: 'invalid email or password' } }
  }
  const token = await call('/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
  })
  if (token.status !== 200) return broken('/token', token)
  return { status: 200, body: await token.json() }
}

/** Registration through the provider's own form; `codeFor` reads the code it "emailed". */
export async function passwordRegister(
  issuer: IssuerApp,
  origin: string,
  credentials: { email: string; password: string },
  codeFor: (email: string) => string | undefined,
): Promise<FlowResult> {
  const call = browser(issuer, origin)
  const start = await call(AUTHORIZE)
  if (start.status !== 302) return broken('/authorize', start)
  await call('/password/register')
  const { email, password } = credentials
  await call('/password/register', { action: 'register', email, password, repeat: password })
  const code = codeFor(email.toLowerCase())
  if (!code) return { status: 502, body: { error: 'no code was sent (email taken?)' } }
  const done = await call('/password/register', { action: 'verify', code })
  return codeFrom(done) ? { status: 200, body: { registered: email } } : broken('verify', done)
}
