/** Loopback ports for the servers the scripts and tests start. */
import { type AddressInfo, createServer, type Server } from 'node:net'

/**
 * `count` ports on 127.0.0.1 that were free a moment ago. All are held until the last is bound,
 * so they are distinct; then released for the caller's servers to bind.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', resolve)
      })
    }
    return servers.map((s) => (s.address() as AddressInfo).port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }
}
