import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Fault } from './faults.ts'
import { Pipe, type PipeContext } from './pipe.ts'

/** What the upgrade handler needs from the proxy. */
export interface WsContext extends PipeContext {
  fault(): Fault | null
}

/** The WebSocket half of the proxy: accepts /v1 and /v2 upgrades and keeps track of pipes. */
export interface WsGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Terminates every pipe and stops accepting. */
  close(): Promise<void>
}

/** Creates the WebSocket gateway; every accepted socket becomes a {@link Pipe} to the backend. */
export function createWsGateway(ctx: WsContext): WsGateway {
  // perMessageDeflate off: the driver sends small binary frames, compression only costs time.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
  })
  const pipes = new Set<Pipe>()
  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', (err) => ctx.log(`ws upgrade: ${err.message}`))
      const path = new URL(req.url ?? '/', 'http://proxy').pathname
      if (path !== '/v1' && path !== '/v2') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const fault = ctx.fault()
      if (fault?.kind === 'refuse') {
        socket.destroy()
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ctx.log(`ws ${path} open`)
        const pipe = new Pipe(ctx, ws, fault, () => {
          pipes.delete(pipe)
          ctx.log(`ws ${path} closed`)
        })
        pipes.add(pipe)
      })
    },
    close() {
      for (const pipe of pipes) pipe.destroy()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}
