/**
 * The mail wiring of wrangler.toml, read by wrangler itself, in both environments: what
 * src/index.ts relies on (a MAIL_QUEUE producer, an EMAIL send_email binding, a dead-letter queue
 * named `<queue>-dlq` with a consumer of its own) and the local mail vars
 * (test/mail/mail-config.test.ts shows the config takes them).
 */

import { describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'
import { DEAD_LETTER_SUFFIX, MAIL_MAX_RETRIES } from '../../src/mail/queue-settings.ts'

interface MailConfig {
  vars: Record<string, unknown>
  send_email: { name: string }[]
  queues: {
    producers?: { binding: string; queue: string }[]
    consumers?: { queue: string; max_retries?: number; dead_letter_queue?: string }[]
  }
}

const read = (env?: string) =>
  unstable_readConfig({ config: 'wrangler.toml', env }, { hideWarnings: true }) as MailConfig

describe.each([
  ['production', undefined, 'edge-auth-mail'],
  ['loadtest', 'loadtest', 'edge-auth-loadtest-mail'],
])('wrangler.toml mail wiring (%s)', (_name, env, queueName) => {
  const config = read(env)

  it('binds EMAIL and the MAIL_QUEUE producer', () => {
    expect(config.send_email.map((binding) => binding.name)).toEqual(['EMAIL'])
    expect(config.queues.producers).toEqual([{ binding: 'MAIL_QUEUE', queue: queueName }])
  })

  it('consumes the queue with a dead-letter queue after max_retries, and consumes that too', () => {
    const consumers = config.queues.consumers ?? []
    expect(consumers.find((c) => c.queue === queueName)).toMatchObject({
      max_retries: MAIL_MAX_RETRIES,
      dead_letter_queue: `${queueName}${DEAD_LETTER_SUFFIX}`,
    })
    expect(consumers.find((c) => c.queue === `${queueName}${DEAD_LETTER_SUFFIX}`)).toBeDefined()
    expect(queueName.endsWith(DEAD_LETTER_SUFFIX)).toBe(false)
  })

  it('sets the local mail vars (the defaults of src/config.ts)', () => {
    expect(config.vars).toMatchObject({
      APP_URL: 'http://localhost:8787',
      EMAIL_FROM: 'edge-auth <auth@example.com>',
    })
  })
})
