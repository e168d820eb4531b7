import { describe, expect, it } from 'vitest'
import type { Mail } from '../../src/auth/mail.ts'
import { createMailDropper, createOutbox, type QueuedMail } from '../../src/mail/outbox.ts'
import { captureLogger } from '../helpers/app.ts'

const mail: Mail = {
  kind: 'reset_password',
  to: 'ada@example.com',
  name: 'Ada',
  token: 'secret-token-value',
}

/** A background that keeps the tasks, as ExecutionContext.waitUntil would. */
function collectBackground() {
  const tasks: Promise<unknown>[] = []
  return { tasks, background: (task: Promise<unknown>) => void tasks.push(task) }
}

describe('createOutbox', () => {
  it('enqueues in the background: send returns before the queue has the mail', async () => {
    const sent: QueuedMail[] = []
    let release = () => {}
    const queue = {
      send: async (body: QueuedMail) => {
        await new Promise<void>((resolve) => {
          release = resolve
        })
        sent.push(body)
      },
    }
    const { tasks, background } = collectBackground()
    const mailer = createOutbox({ queue, log: captureLogger() }).forRequest(background, 'req-1')

    expect(mailer.send(mail)).toBeUndefined()
    expect(tasks).toHaveLength(1)
    expect(sent).toEqual([])
    await Promise.resolve()
    release()
    await Promise.all(tasks)
    expect(sent).toEqual([{ mail, requestId: 'req-1' }])
  })

  it('sendNothing enqueues a decoy with no mail in it, in the background like a mail', async () => {
    const sent: unknown[] = []
    const { tasks, background } = collectBackground()
    const queue = { send: async (body: unknown) => void sent.push(body) }
    const mailer = createOutbox({ queue, log: captureLogger() }).forRequest(background, 'req-3')
    expect(mailer.sendNothing()).toBeUndefined()
    await Promise.all(tasks)
    expect(sent).toEqual([{ decoy: true, requestId: 'req-3' }])
  })

  it('never throws: a queue that throws or rejects is a warning without the address or token', async () => {
    for (const queue of [
      {
        send: () => {
          throw new Error(`queue down for ${mail.to}`)
        },
      },
      { send: () => Promise.reject(new Error(`queue down for ${mail.to}`)) },
    ]) {
      const log = captureLogger()
      const { tasks, background } = collectBackground()
      const mailer = createOutbox({ queue, log }).forRequest(background, 'req-2')
      expect(() => mailer.send(mail)).not.toThrow()
      await Promise.all(tasks) // the task itself never rejects either
      expect(log.entries).toEqual([
        { level: 'warn', msg: 'mail not queued', kind: 'reset_password', requestId: 'req-2' },
      ])
      expect(JSON.stringify(log.entries)).not.toMatch(/ada@example\.com|secret-token-value/)
    }
  })

  it('never throws when there is no ExecutionContext to extend (app.request in tests)', async () => {
    const sent: QueuedMail[] = []
    const queue = { send: async (body: QueuedMail) => void sent.push(body) }
    const mailer = createOutbox({ queue, log: captureLogger() }).forRequest(() => {
      throw new Error('This context has no ExecutionContext')
    }, 'req-3')
    expect(() => mailer.send(mail)).not.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(sent).toEqual([{ mail, requestId: 'req-3' }])
  })
})

describe('createMailDropper', () => {
  it('drops the mail and says so, without the address or token', () => {
    const log = captureLogger()
    const mailer = createMailDropper(log).forRequest(() => {}, 'req-4')
    expect(() => mailer.send(mail)).not.toThrow()
    expect(log.entries).toEqual([
      {
        level: 'warn',
        msg: 'mail dropped: no MAIL_QUEUE',
        kind: 'reset_password',
        requestId: 'req-4',
      },
    ])
  })
})
