/** What every route module receives from createApp: the endpoint binder and the browser transport. */
import type { BrowserTransport } from '../http/browser-transport.ts'
import type { EndpointBinder } from '../http/endpoint-binder.ts'

export interface RouteKit {
  endpoint: EndpointBinder
  browser: BrowserTransport
}
