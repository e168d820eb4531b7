/**
 * Wraps an async function so that calls made while one is running share its promise. A burst of
 * requests that all find their access token expired then costs one refresh, not one each: with
 * rotation, parallel refreshes would also race for the same refresh token (README, "Sessions").
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = undefined
    })
    return inFlight
  }
}
