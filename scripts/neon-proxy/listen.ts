import net from 'node:net'

/** The message for a taken port, saying how to choose another. */
function portInUse(port: number, host: string): Error {
  return new Error(
    `port ${port} on ${host} is already in use: pick another with --port <n> ` +
      '(or NEON_PROXY_PORT=<n>), or 0 for any free port',
  )
}

/** Listens on host:port, turning EADDRINUSE into a message that says what to do about it. */
export function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? portInUse(port, host) : err)
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

/**
 * Rejects with the same message as startNeonProxy when host:port is taken, so the CLI can fail
 * before spending seconds starting PGlite. Port 0 always passes.
 */
export async function checkPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return
  const probe = net.createServer()
  await listen(probe, port, host)
  await new Promise<void>((resolve) => probe.close(() => resolve()))
}
