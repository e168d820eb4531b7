/**
 * Structured logs: one JSON object per line, which Workers Logs indexes. Callers pass fields,
 * never secrets: no passwords, tokens, hashes, peppers or request bodies.
 */
export type LogFields = Record<string, unknown>

export interface Logger {
  info(fields: LogFields): void
  warn(fields: LogFields): void
  error(fields: LogFields): void
}

/** Writes to the console, which Workers forward to their log pipeline. */
export const consoleLogger: Logger = {
  info: (fields) => console.log(JSON.stringify({ level: 'info', ...fields })),
  warn: (fields) => console.warn(JSON.stringify({ level: 'warn', ...fields })),
  error: (fields) => console.error(JSON.stringify({ level: 'error', ...fields })),
}
