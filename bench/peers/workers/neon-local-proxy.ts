/**
 * Points the peers' copy of the Neon driver at the project's local Neon-protocol proxy, exactly
 * as src/db/local-proxy.ts does for ours. A copy, not an import: bench/peers has its own
 * node_modules, and `neonConfig` is per module instance, so importing ours would configure the
 * root package's driver and leave this one aiming at https://<host>/sql.
 */
import { neonConfig } from '@neondatabase/serverless'

export function useLocalNeonProxy(): void {
  neonConfig.fetchEndpoint = (host, port) => `http://${host}:${port}/sql`
  neonConfig.wsProxy = (host, port) => `${host}:${port}/v1?address=${host}:${port}`
  neonConfig.useSecureWebSocket = false
  neonConfig.pipelineTLS = false
  neonConfig.pipelineConnect = false
}
