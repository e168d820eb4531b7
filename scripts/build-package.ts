/**
 * Builds @edge-auth/client (packages/client/): what other projects import, as JavaScript with
 * type declarations, so that plain Node, any bundler and a default `tsc` can use it (TypeScript
 * sources with `.ts` imports cannot be installed: Node refuses type stripping under
 * node_modules, and tsc refuses `.ts` import paths without allowImportingTsExtensions).
 *  - dist/client.js, dist/verifier.js: ES modules bundled by esbuild, dependencies external;
 *  - dist/types/: tsc's declarations of src/client.ts and src/verifier.ts and the types they
 *    read (the client's request and response types come from the app's routes), with import
 *    paths rewritten from `.ts` to `.js`.
 *
 *   node scripts/build-package.ts
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const ROOT = new URL('..', import.meta.url).pathname
export const PACKAGE = join(ROOT, 'packages/client')

export async function buildPackage(): Promise<void> {
  rmSync(join(PACKAGE, 'dist'), { recursive: true, force: true })
  const external = ['hono', 'hono/*', 'jose', 'zod', 'zod/*']
  for (const entry of ['client', 'verifier'])
    await build({
      entryPoints: [join(ROOT, `src/${entry}.ts`)],
      outfile: join(PACKAGE, `dist/${entry}.js`),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      external,
      logLevel: 'warning',
    })
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', join(PACKAGE, 'tsconfig.types.json')], {
    stdio: 'inherit',
  })
  rewriteImports(join(PACKAGE, 'dist/types'))
  copyFileSync(join(ROOT, 'LICENSE'), join(PACKAGE, 'LICENSE'))
}

/** `./x.ts` → `./x.js` in every declaration file (what a consumer's tsc resolves). */
function rewriteImports(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
    const file = join(entry.parentPath, entry.name)
    const text = readFileSync(file, 'utf8').replace(/(['"])(\.{1,2}\/[^'"]*)\.ts\1/g, '$1$2.js$1')
    writeFileSync(file, text)
  }
}

if (import.meta.main) {
  await buildPackage()
  console.log('build-package: packages/client/dist (client.js, verifier.js, types/)')
}
