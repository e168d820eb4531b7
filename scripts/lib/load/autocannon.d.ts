/** The part of autocannon 9's API the load generator uses (it ships no types). */
declare module 'autocannon' {
  interface AutocannonRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    /** Falsy ends the connection's sequence early: it starts again at the first request. */
    setupRequest?: (
      request: AutocannonRequest,
      context: Record<string, unknown>,
    ) => AutocannonRequest | undefined
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
  }
  interface AutocannonOptions {
    url: string
    connections?: number
    duration?: number
    maxOverallRequests?: number
    timeout?: number
    requests?: AutocannonRequest[]
  }
  interface Instance {
    on(
      event: 'response',
      listener: (client: unknown, status: number, bytes: number, ms: number) => void,
    ): void
    on(event: 'reqError', listener: (error: Error) => void): void
    stop(): void
  }
  function autocannon(options: AutocannonOptions, done: (error: Error | null) => void): Instance
  export default autocannon
}
