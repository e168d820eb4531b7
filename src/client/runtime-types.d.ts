/**
 * The client's types come from the app itself (hono/client reads src/app.ts), so a browser
 * project that type-checks the client with the DOM library also reads server code. The one
 * Workers-only API on that path is declared here, so such a project needs no Workers types.
 * (With Workers types it merges with their identical declaration.)
 */
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean
}
