/** Points the Neon driver at the project's local Neon-protocol proxy (scripts/neon-proxy). */
import { neonConfig } from '@neondatabase/serverless'

/** `http://host:port/sql` and `ws://host:port/v1`, plain HTTP and WebSocket on loopback. */
export function useLocalProxy(): void {
  neonConfig.fetchEndpoint = (host, port) => `http://${host}:${port}/sql`
  neonConfig.wsProxy = (host, port) => `${host}:${port}/v1?address=${host}:${port}`
  neonConfig.useSecureWebSocket = false
  neonConfig.pipelineTLS = false
  neonConfig.pipelineConnect = false
}
