/**
 * What wrangler.toml's mail queues must say, in one place without imports, so that
 * test/node/mail-queues-config.test.ts can hold the file to it.
 */

/** `max_retries` of each MAIL_QUEUE consumer: a mail is tried at most 1 + this many times. */
export const MAIL_MAX_RETRIES = 5

/** Each mail queue's dead-letter queue is named after it with this; src/index.ts routes by it. */
export const DEAD_LETTER_SUFFIX = '-dlq'
