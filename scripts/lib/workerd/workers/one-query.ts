/**
 * Baseline (c): one query (`select 1`) per request through the service's own driver path:
 * `@neondatabase/serverless` over HTTP, pointed at the local proxy by the service's own
 * `useLocalProxy()`, the client built once per isolate as src/db/local-proxy.ts does.
 */
import { neon } from '@neondatabase/serverless'
import { useLocalProxy } from '../../../../src/db/local-proxy.ts'

interface Env {
  DATABASE_URL: string
  NEON_LOCAL_PROXY?: string
}

let query: ReturnType<typeof neon> | undefined

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    if (!query) {
      if (env.NEON_LOCAL_PROXY === 'true') useLocalProxy()
      query = neon(env.DATABASE_URL)
    }
    const rows = await query`select 1 as one`
    return Response.json(rows)
  },
}
