/**
 * What a client may send once its session has started, checked before any byte of a message is
 * passed on. Postgres itself closes the connection on anything else ("invalid frontend message
 * type"); PGlite instead spins forever on some of it (an unknown type, or a PasswordMessage
 * after startup: what the driver's default pipelineConnect sends to a server that did not ask),
 * freezing the whole proxy, since PGlite runs in its event loop.
 */

/** Types that carry statements and data: up to Postgres's PQ_LARGE_MESSAGE_LIMIT. */
const LARGE_TYPES = 'BPQd'
/** Describe, Close, Execute, Flush, Sync, Terminate, CopyDone, CopyFail: PQ_SMALL_MESSAGE_LIMIT. */
const SMALL_TYPES = 'CDEHSXcf'
/** MaxAllocSize - 1, as in Postgres's pqcomm.h. */
const LARGE_LIMIT = 0x3fff_fffe
const SMALL_LIMIT = 10_000

/**
 * True for a message type of the extended or simple query protocol or COPY. Not 'F' (the legacy
 * function call, which no driver here uses) and not 'p' (only valid during authentication).
 */
export function isFrontendType(type: number): boolean {
  return (LARGE_TYPES + SMALL_TYPES).includes(String.fromCharCode(type))
}

/** True when a message of this type may be this long (the int32 length, itself included). */
export function isFrontendLength(type: number, length: number): boolean {
  const limit = LARGE_TYPES.includes(String.fromCharCode(type)) ? LARGE_LIMIT : SMALL_LIMIT
  return length >= 4 && length <= limit
}
