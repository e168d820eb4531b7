import type { IncomingMessage, ServerResponse } from 'node:http'
import { badRequest, RequestError } from './request.ts'

/** Reads and parses a JSON body of at most limit bytes (413 beyond, 400 if not JSON). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBody(req, limit)
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest('request body is not valid JSON')
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new RequestError(413, `request body is larger than ${limit} bytes`)
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else {
        // Stop reading but keep the socket, so the 413 can still be sent (then it is closed).
        req.removeAllListeners('data')
        req.pause()
        reject(tooLarge())
      }
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
    req.on('close', () => reject(new Error('client went away before the body was read')))
  })
}

/** Answers with a JSON body, unless the answer is already on its way or the client is gone. */
export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    ...headers,
  })
  res.end(json)
}
