// Run as a child process by lifecycle.test.ts: uses every kind of connection, leaves a
// WebSocket open, closes the proxy and the backend, and must then exit on its own.
import { neon, Pool } from '@neondatabase/serverless'
import { createPgliteBackend, startNeonProxy } from '../../../scripts/neon-proxy/index.ts'
import { configureNeonLocal } from './helpers.ts'

configureNeonLocal()
const backend = await createPgliteBackend({})
const proxy = await startNeonProxy({ backend, control: true })
const url = proxy.databaseUrl('postgres', 'postgres')
await neon(url)`SELECT 1`
const pool = new Pool({ connectionString: url })
pool.on('error', () => {})
await pool.query('SELECT 1')
const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/v1`)
await new Promise((resolve) => ws.addEventListener('open', resolve))
proxy.setFault({ kind: 'delay', ms: 60_000 })
const pending = neon(url)`SELECT 2`.catch(() => 'failed')
await new Promise((resolve) => setTimeout(resolve, 100))
await proxy.close()
await backend.close()
await pool.end().catch(() => {})
console.log(`closed; delayed query ${await pending}`)
