/**
 * The bench's stand-in for the Workers Rate Limiting binding (`env.X.limit({ key })`), a wrapped
 * binding as Miniflare's is, but counting in memory: fixed windows of `period` seconds aligned to
 * the clock, `limit` calls per key per window. The bench sets `limit` very high by default, as it
 * measures the service, not the limiter; its cost here is near zero, unlike a real limiter call.
 */
interface LimiterEnv {
  limit: number
  period: number
}

export default function createRateLimiter(env: LimiterEnv) {
  const counts = new Map<string, number>()
  let currentEpoch = 0
  return {
    async limit(options: { key: string }): Promise<{ success: boolean }> {
      const epoch = Math.floor(Date.now() / (env.period * 1000))
      // Windows roll over together: drop them all, so the map does not grow without bound.
      if (epoch !== currentEpoch) {
        counts.clear()
        currentEpoch = epoch
      }
      const count = counts.get(options.key) ?? 0
      if (count >= env.limit) return { success: false }
      counts.set(options.key, count + 1)
      return { success: true }
    },
  }
}
