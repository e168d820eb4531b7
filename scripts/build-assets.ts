/**
 * Builds the Worker's static assets (public/, served by Workers static assets, wrangler.toml
 * [assets]); run by wrangler's [build] step before `wrangler dev` and `wrangler deploy`:
 *  - public/openapi.json from the zod schemas (src/http/openapi/), so no OpenAPI generator or
 *    JSON Schema converter ships in the Worker bundle;
 *  - public/docs/: Swagger UI's files from swagger-ui-dist, served by the Worker, no CDN;
 *  - public/demo.js: the demo page's script (src/demo/main.ts and the typed client), bundled by
 *    esbuild (wrangler's own bundler, already installed with it).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { ENDPOINTS } from '../src/api/endpoints.ts'
import { buildOpenApiDocument } from '../src/http/openapi/document.ts'

const require = createRequire(import.meta.url)
const PUBLIC = new URL('../public/', import.meta.url).pathname

export function writeOpenApi(): string {
  const { version } = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string }
  const text = `${JSON.stringify(buildOpenApiDocument(version, ENDPOINTS), null, 2)}\n`
  writeFileSync(join(PUBLIC, 'openapi.json'), text)
  return text
}

function copySwaggerUi(): void {
  const dist = dirname(require.resolve('swagger-ui-dist/package.json'))
  mkdirSync(join(PUBLIC, 'docs'), { recursive: true })
  for (const file of [
    'swagger-ui.css',
    'swagger-ui-bundle.js',
    'swagger-ui-standalone-preset.js',
    'favicon-32x32.png',
  ]) {
    copyFileSync(join(dist, file), join(PUBLIC, 'docs', file))
  }
}

/** Not minified: the demo is meant to be read in the browser's devtools as well as copied. */
export async function bundleDemo(): Promise<void> {
  await build({
    entryPoints: [new URL('../src/demo/main.ts', import.meta.url).pathname],
    outfile: join(PUBLIC, 'demo.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  })
}

if (import.meta.main) {
  writeOpenApi()
  copySwaggerUi()
  await bundleDemo()
  console.log('build-assets: public/openapi.json, public/docs/ (Swagger UI), public/demo.js')
}
