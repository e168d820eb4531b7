/**
 * Tiny front ends on other origins for the browser test: a page with `window.callWorker` (a bare
 * fetch) and the client bundle of front-end-app.ts (`window.frontEnd`), served by node:http.
 */
import { createServer, type Server } from 'node:http'
import { build } from 'esbuild'

const PAGE = `<!doctype html><meta charset="utf-8"><title>front end</title>
<h1>A front end on another origin</h1>
<script type="module" src="/app.js"></script>
<script>
  window.callWorker = async (url, init) => {
    try {
      const res = await fetch(url, init)
      return { ok: true, status: res.status, body: await res.text() }
    } catch (error) {
      return { ok: false, name: error.name, message: String(error.message) }
    }
  }
</script>`

/** The client, bundled for the browser once per run. */
export async function bundleFrontEnd(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./front-end-app.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  })
  return result.outputFiles[0]?.text ?? ''
}

/** Serves the page and its script on a free loopback port; the base URL on `host`. */
export async function serveFrontEnd(
  script: string,
  host: 'localhost' | '127.0.0.1',
  cleanups: (() => Promise<void>)[],
): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script)
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('front end did not bind')
  return `http://${host}:${address.port}`
}
