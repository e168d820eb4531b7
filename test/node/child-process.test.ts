/**
 * The spawn-and-stop helper the local database, the bench's workerd and the browser test's
 * wrangler dev all run through: ready by line or URL, bounded waits, and nothing left running
 * after a stop or a failed wait (SIGKILL for a child that ignores SIGTERM, the whole group).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { waitForLine, waitForUrls } from '../../scripts/lib/child-process/ready.ts'
import { spawnChild } from '../../scripts/lib/child-process/spawn.ts'

/** A Node child running `code`. */
const node = (code: string, group = false) =>
  spawnChild(process.execPath, ['-e', code], {
    name: 'fixture',
    stdout: 'lines',
    stderr: 'lines',
    group,
  })

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Running, not a zombie waiting for PID 1 to reap it. */
const running = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

const KEEP_RUNNING = 'setInterval(() => {}, 1000)'

describe('spawnChild and its readiness waits', () => {
  it('resolves with the first stdout line, parsed, and stops the child', async () => {
    const child = node(`console.log(JSON.stringify({ port: 1234 })); ${KEEP_RUNNING}`)
    const ready = await waitForLine(child, 5_000, (line) => JSON.parse(line) as { port: number })
    expect(ready).toEqual({ port: 1234 })
    await child.stop()
    expect(child.process.exitCode ?? child.process.signalCode).toBe('SIGTERM')
  })

  it('stops a child that is not ready in time, and says what it printed', async () => {
    const child = node(`console.error('still warming up'); ${KEEP_RUNNING}`)
    await expect(waitForLine(child, 300)).rejects.toThrow(
      /fixture: not ready within 300 ms\n(.|\n)*still warming up/,
    )
    expect(alive(child.process.pid as number)).toBe(false)
  })

  it('reports a child that exits before it is ready', async () => {
    const child = node(`console.error('bad config'); process.exit(3)`)
    await expect(waitForLine(child, 5_000)).rejects.toThrow(/exited \(code 3\)(.|\n)*bad config/)
  })

  it('stops a child whose ready line does not parse', async () => {
    const child = node(`console.log('hello'); ${KEEP_RUNNING}`)
    await expect(waitForLine(child, 5_000, (line) => JSON.parse(line))).rejects.toThrow(
      /unexpected output: hello/,
    )
    expect(alive(child.process.pid as number)).toBe(false)
  })

  it('waits until a URL answers with an accepted status', async () => {
    const server = `require('node:http').createServer((q, s) => s.writeHead(q.url === '/ok' ? 200 : 503).end())
      .listen(0, '127.0.0.1', function () { console.log(this.address().port) })`
    const child = node(server)
    const port = await waitForLine(child, 5_000)
    const ok = (status: number) => status === 200
    await waitForUrls(child, [`http://127.0.0.1:${port}/ok`], { timeoutMs: 5_000, accept: ok })
    const late = waitForUrls(child, [`http://127.0.0.1:${port}/no`], { timeoutMs: 300, accept: ok })
    await expect(late).rejects.toThrow(/not ready within 300 ms\n {2}http:.*\/no: answered 503/)
    expect(alive(child.process.pid as number)).toBe(false)
  })

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const child = node(`process.on('SIGTERM', () => {}); console.log('up'); ${KEEP_RUNNING}`)
    await waitForLine(child, 5_000)
    const started = performance.now()
    await child.stop(300)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(child.process.signalCode).toBe('SIGKILL')
  })

  it('signals what is still running when the parent exits without stopping it', async () => {
    const spawnTs = new URL('../../scripts/lib/child-process/spawn.ts', import.meta.url).href
    const parent = `import { spawnChild } from '${spawnTs}'
      const c = spawnChild(process.execPath, ['-e', '${KEEP_RUNNING}'], { name: 'orphan' })
      console.log(c.process.pid); setTimeout(() => process.exit(0), 100)`
    const child = spawnChild(process.execPath, ['--input-type=module', '-e', parent], {
      name: 'parent',
    })
    const pid = Number(await waitForLine(child, 5_000))
    await child.exited
    await expect.poll(() => running(pid), { timeout: 2_000 }).toBe(false)
  })

  it('stops the whole process group, grandchildren included', async () => {
    const grandchild = `require('node:child_process').spawn(process.execPath, ['-e', '${KEEP_RUNNING}'], { stdio: 'ignore' })`
    const child = node(`const c = ${grandchild}; console.log(c.pid); ${KEEP_RUNNING}`, true)
    const pid = Number(await waitForLine(child, 5_000))
    expect(running(pid)).toBe(true)
    await child.stop()
    expect(running(pid)).toBe(false)
  })
})
