import { type IncomingMessage, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { type AccessPolicy, refuseForeign } from './access.ts'
import type { Fault } from './faults.ts'
import type { ProxyStats } from './http.ts'
import { type SessionContext, WsSession } from './ws-session.ts'

/** What the upgrade handler needs from the proxy. */
export interface WsContext extends SessionContext {
  access(): AccessPolicy
  fault(): Fault | null
  stats: ProxyStats
}

/** The WebSocket half of the proxy: accepts /v1 and /v2 upgrades and keeps track of sessions. */
export interface WsGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Terminates every session and stops accepting. */
  close(): Promise<void>
}

/**
 * Creates the WebSocket gateway. An upgrade from a web page or with a foreign Host is refused
 * before it becomes a WebSocket; the secret is checked inside, as the session's password (the
 * driver's WebSocket URL carries no credentials), see {@link WsSession}.
 */
export function createWsGateway(ctx: WsContext): WsGateway {
  // perMessageDeflate off: the driver sends small binary frames, compression only costs time.
  // maxPayload: a bigger frame is closed with 1009, like the 64 MiB message cap of Neon's
  // WebSocket library (tungstenite's default max_message_size).
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
  })
  const sessions = new Set<WsSession>()
  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', (err) => ctx.log(`ws upgrade: ${err.message}`))
      const path = new URL(req.url ?? '/', 'http://proxy').pathname
      const refusal = refuseForeign(req.headers, ctx.access())
      if (refusal) {
        ctx.log(`refused upgrade ${path}: ${refusal.reason}`)
        return answer(socket, refusal.status, refusal.body)
      }
      if (path !== '/v1' && path !== '/v2') {
        return answer(socket, 404, { message: `no route for ${path}` })
      }
      const fault = ctx.fault()
      if (fault?.kind === 'refuse') {
        socket.destroy()
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ctx.stats.wsSessions++
        ctx.log(`ws ${path} open`)
        const session = new WsSession(ctx, ws, fault, () => {
          sessions.delete(session)
          ctx.log(`ws ${path} closed`)
        })
        sessions.add(session)
      })
    },
    close() {
      for (const session of sessions) session.destroy()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}

/** An HTTP answer on a socket that asked to upgrade, then closed. */
function answer(socket: Duplex, status: number, body: object): void {
  const json = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  )
}
