/** Baseline (a): a bare Hono hello world, the runtime's floor for any route of ours. */
import { Hono } from 'hono'

const app = new Hono()
app.get('*', (c) => c.text('Hello Hono!'))

export default app
