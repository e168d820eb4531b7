/**
 * Deliberate breaks of the security-critical code, each with the tests that must notice it
 * (STYLE.md: "keep the list of such breaks beside the tests"). `npm run test:mutants`
 * (scripts/mutants.ts) applies each one in memory, runs only its tests, and fails if any
 * mutant survives, or if a `find` no longer occurs exactly once (a stale entry fails loudly).
 *
 * Adding one: copy the exact text to break (`find`, whitespace included), write the break
 * (`replace`), name the narrowest test files that must fail (`tests`, optionally narrowed to
 * test names with `only`; they must be able to run repeatedly on one database), and say what
 * promise it breaks (`why`). Every issue that adds a security promise adds its mutants here.
 *
 * Component-level breaks checked by hand when they were written sit beside their tests:
 * test/auth/totp/mutants.md, test/auth/webauthn/MUTANTS.md, test/mail/mutants.md and
 * test/node/neon-proxy/MUTANTS.md. The ones a user would feel first are also listed here.
 *
 * A break that only a race can show is not listed: its kill depends on timing, and CI must not.
 * Checked by hand instead: dropping the re-check of address and epoch on the row the verify
 * statement updates (src/db/mailed-link-store.ts) fails test/flows/email-change.test.ts
 * "the sign-up verification link racing the change link…" in most runs (4 of 4, then 1 miss).
 */

/** One replacement: `find` must occur exactly once in `file`. */
export interface Edit {
  /** Path from the repository root. */
  file: string
  find: string
  replace: string
}

export interface Mutant extends Edit {
  /** Stable, kebab-case: how reports and `--only` name it. */
  id: string
  /** Further edits that belong to the same break (defence in depth has more than one layer). */
  also?: Edit[]
  /** Test files (from the repository root) that must fail; workers or node project by path. */
  tests: string[]
  /** Only tests whose full name matches this (a regular expression), to keep the run short. */
  only?: string
  /** The README promise this breaks. */
  why: string
}

export const MUTANTS: Mutant[] = [
  {
    id: 'unknown-email-skips-pbkdf2',
    file: 'src/auth/login.ts',
    find: '    await ctx.passwords.verifyDummy(input.password)\n',
    replace: '',
    tests: ['test/routes/login-work.test.ts'],
    why: 'Unknown email and wrong password cost the same work: one PBKDF2 run against a dummy hash.',
  },
  {
    id: 'refresh-not-ip-limited',
    file: 'src/api/session-endpoints.ts',
    find: "  throttle: 'refresh',\n",
    replace: '',
    tests: ['test/routes/rate-limit.test.ts'],
    why: 'Per-IP throttling of refresh, on its own budget (wrangler.toml REFRESH_RATE_LIMITER: 300 per 60 s).',
  },
  {
    id: 'password-change-not-ip-limited',
    file: 'src/api/session-endpoints.ts',
    find: "  throttle: 'password',\n",
    replace: '',
    tests: ['test/routes/rate-limit.test.ts'],
    why: 'Per-IP throttling of password change.',
  },
  {
    id: 'limiter-fails-closed',
    file: 'src/http/ip-rate-limit.ts',
    find: '      // Availability over strictness: the per-account lockout still applies behind this.\n',
    replace: '      allowed = false\n',
    tests: ['test/routes/rate-limit.test.ts'],
    why: 'If the rate-limit binding fails, the request goes on (logged); the lockout still applies.',
  },
  {
    id: 'forgot-password-not-ip-limited',
    file: 'src/api/email-endpoints.ts',
    find: "  throttle: 'mail',\n  success: sent('Taken: a link is mailed if the address has an account'),\n",
    replace: "  success: sent('Taken: a link is mailed if the address has an account'),\n",
    tests: ['test/routes/rate-limit.test.ts'],
    only: 'mailed-link routes',
    why: 'Per-IP throttling of every route that sends mail (here: forgot password).',
  },
  {
    id: 'email-change-not-ip-limited',
    file: 'src/api/email-endpoints.ts',
    find: "  throttle: 'email_change',\n",
    replace: '',
    tests: ['test/routes/rate-limit.test.ts'],
    only: 'mailed-link routes',
    why: 'Per-IP throttling of every route that checks a password (here: email change).',
  },
  {
    id: 'rotation-in-three-statements',
    file: 'src/db/refresh-token-store.ts',
    find: '    async rotate(hash, next, now) {\n',
    // The same rotation as three statements, each committed on its own; the original body is
    // left behind as an unused method.
    replace: `    async rotate(hash, next, now) {
      type Found = { session_id: string; user_id: string }
      const [found] = await rows<Found>(
        db,
        sql\`with \${liveSessionOf(hash, now)}
        update refresh_tokens t set rotated_at = \${ts(now)}, replaced_by = \${next.id}::uuid
        from live
        where t.token_hash = \${hash} and t.rotated_at is null and t.expires_at > \${ts(now)}
          and t.session_id = live.id
        returning t.session_id, live.user_id\`,
      )
      if (!found) return undefined
      await db.execute(sql\`
        insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at)
        values (\${next.id}::uuid, \${found.session_id}::uuid, \${next.hash}::text, \${ts(now)},
          least(\${ts(next.expiresAt)}, (select expires_at from sessions where id = \${found.session_id}::uuid)))\`)
      const [row] = await rows<RotatedRow>(
        db,
        sql\`select \${found.session_id}::uuid as "sessionId", u.id, u.email, u.role
        from users u where u.id = \${found.user_id}::uuid\`,
      )
      return toRotated(row)
    },
    async rotateInOneStatement(hash: string, next: NewRefreshToken, now: Date) {
`,
    tests: ['test/db/atomicity.test.ts'],
    why: 'Rotation is one SQL statement: a failure anywhere leaves the presented token current.',
  },
  {
    id: 'rotation-without-rotated-guard',
    file: 'src/db/refresh-token-store.ts',
    find: 'and t.rotated_at is null and t.expires_at',
    replace: 'and t.expires_at',
    tests: ['test/routes/refresh-concurrency.test.ts'],
    why: 'Of twenty concurrent refreshes with one token exactly one rotates it.',
  },
  {
    id: 'access-token-session-unchecked',
    file: 'src/db/session-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: '        where s.id = ${sessionId}::uuid and s.user_id = ${userId}::uuid\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: '        where s.user_id = ${userId}::uuid\n',
    tests: ['test/routes/logout.test.ts'],
    why: 'Access tokens carry `sid`; logout ends that session at once on our routes.',
  },
  {
    id: 'any-algorithm-accepted',
    file: 'src/auth/access-token.ts',
    find: '          algorithms: keys.algorithms,\n',
    replace: '',
    also: [
      {
        file: 'src/auth/signing-keys.ts',
        find: 'if (!found || found.alg !== header.alg)',
        replace: 'if (!found)',
      },
    ],
    tests: ['test/auth/token-attacks.test.ts'],
    why: 'Verification allows exactly the algorithms of the configured keys (RFC 8725 §3.1).',
  },
  {
    id: 'refresh-cookie-origin-unchecked',
    file: 'src/http/browser-transport.ts',
    find: "      if (!allowed(c)) throw new AuthError('csrf', { outcome: 'csrf_refused' })\n",
    replace: '',
    tests: ['test/routes/browser.test.ts'],
    why: 'The refresh cookie is honoured only from our own or a listed origin (403 csrf).',
  },
  {
    id: 'failed-login-not-counted',
    file: 'src/db/login-throttle-store.ts',
    find: '        failures = t.failures + 1,\n',
    replace: '        failures = t.failures,\n',
    tests: ['test/routes/lockout.test.ts'],
    why: 'Per-account lockout: 5 failures, then 30 s doubling per failure up to 15 min.',
  },
  {
    id: 'reused-token-not-revoking',
    file: 'src/auth/refresh.ts',
    find: 'if (await ctx.store.sessions.revokeByReusedToken(hash, at))',
    replace: 'if (false)',
    tests: ['test/routes/refresh.test.ts'],
    why: 'A reused (rotated) refresh token revokes its whole session.',
  },
  {
    id: 'password-truncated',
    file: 'src/auth/password-hash.ts',
    find: "new TextEncoder().encode(password.normalize('NFKC'))",
    replace: "new TextEncoder().encode(password.normalize('NFKC').slice(0, 72))",
    tests: ['test/auth/password.test.ts'],
    why: 'Passwords are never truncated (NIST SP 800-63B §3.1.1.2).',
  },
  {
    id: 'hash-compare-not-constant-time',
    file: 'src/auth/password-hash.ts',
    find: 'const ok = crypto.subtle.timingSafeEqual(derived, parsed.hash)',
    replace:
      'const ok = derived.byteLength === parsed.hash.byteLength && derived.every((b, i) => b === parsed.hash[i])',
    tests: ['test/auth/password.test.ts'],
    why: 'The derived hash is compared in constant time.',
  },
  {
    id: 'ip-limit-keyed-on-forwarded-for',
    file: 'src/http/ip-rate-limit.ts',
    find: "clientBucket(c.req.header('cf-connecting-ip'))",
    replace: "clientBucket(c.req.header('x-forwarded-for'))",
    tests: ['test/routes/rate-limit.test.ts'],
    why: 'The per-IP limit is keyed on CF-Connecting-IP, never on a client-supplied X-Forwarded-For.',
  },
  {
    id: 'issuer-and-audience-unchecked',
    file: 'src/auth/access-token.ts',
    find: '          issuer,\n          audience,\n',
    replace: '',
    tests: ['test/routes/token-settings.test.ts'],
    why: 'JWT_ISSUER and JWT_AUDIENCE are checked on verification.',
  },
  {
    id: 'pepper-not-upgraded',
    file: 'src/auth/password-hash.ts',
    find: '      parsed.peppered !== peppered ||\n',
    replace: '',
    tests: ['test/routes/pepper.test.ts'],
    why: 'Turning the pepper on upgrades each hash at its next good login.',
  },
  {
    id: 'unavailable-without-retry-after',
    file: 'src/http/error-response.ts',
    find: "new AuthError('unavailable', { retryAfter: UNAVAILABLE_RETRY_AFTER, cause: error })",
    replace: "new AuthError('unavailable', { cause: error })",
    tests: ['test/db/faults.test.ts'],
    only: 'capacity error',
    why: 'A database out of capacity answers 503 with Retry-After: 5.',
  },
  {
    id: 'cron-outlives-its-event',
    file: 'src/index.ts',
    find: '    ctx.waitUntil(scheduled(env as unknown as Record<string, unknown>))',
    replace: '    void scheduled(env as unknown as Record<string, unknown>)',
    tests: ['test/scheduled.test.ts'],
    why: 'The hourly prune runs inside its scheduled event (waitUntil), so the runtime waits for it.',
  },
  {
    id: 'link-outlives-credential-change',
    file: 'src/db/one-time-token-store.ts',
    find: "  and u.credential_epoch = (o.payload->>'epoch')::int`",
    replace: '`',
    tests: ['test/flows/links-after-credential-change.test.ts'],
    why: 'A password reset or change, or signing out everywhere, voids every link mailed before it.',
  },
  {
    id: 'prune-unbatched',
    file: 'src/db/prune.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: 'where ${stale} limit ${batchRows}::int)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: 'where ${stale})',
    tests: ['test/db/prune.test.ts'],
    only: 'batches',
    why: 'The prune deletes in bounded batches, so no statement outgrows Neon limits at any scale.',
  },
  {
    id: 'prune-takes-live-links',
    file: 'src/db/prune.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: "['oneTimeTokens', 'one_time_tokens', 'id', sql`expires_at < ${daysAgo(1)}`]",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: "['oneTimeTokens', 'one_time_tokens', 'id', sql`created_at <= ${at}`]",
    tests: ['test/db/prune.test.ts'],
    only: 'keeps what is live',
    why: 'The hourly prune deletes only expired links: one mailed a minute ago still works.',
  },
  {
    id: 'prune-resets-todays-mail-counters',
    file: 'src/db/prune.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: "['mailThrottles', 'mail_throttles', 'key', sql`last_sent_at < ${daysAgo(2)}`]",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: "['mailThrottles', 'mail_throttles', 'key', sql`last_sent_at <= ${at}`]",
    tests: ['test/db/prune.test.ts'],
    only: 'keeps what is live',
    why: 'The hourly prune keeps today’s mail counters, or it would lift the five-a-day cap.',
  },
  {
    id: 'cookie-samesite-ignored',
    file: 'src/http/browser-transport.ts',
    find: '        sameSite: cookie.sameSite,\n',
    replace: "        sameSite: 'Strict',\n",
    tests: ['test/routes/browser-settings.test.ts'],
    why: 'AUTH_COOKIE_SAMESITE sets the refresh cookie’s SameSite.',
  },
  {
    id: 'email-not-lower-cased',
    file: 'src/api/field-schemas.ts',
    find: '      z.toLowerCase(),\n',
    replace: '',
    tests: ['test/routes/lockout-settings.test.ts'],
    why: 'Emails are trimmed and lower-cased: one account, one lockout, whatever the spelling.',
  },
  {
    id: 'proxy-accepts-any-secret',
    file: 'scripts/neon-proxy/secret.ts',
    find: '  return timingSafeEqual(given, expected) && presented !== undefined\n',
    replace: '  return true\n',
    tests: ['test/node/neon-proxy/access.test.ts'],
    only: 'pglite',
    why: 'The local Neon proxy answers only callers that present its per-run secret.',
  },
  {
    id: 'mfa-secret-never-resealed',
    file: 'src/auth/second-factor.ts',
    find: '  if (ctx.secretBox.needsRekey(keyId))\n',
    replace: '  if (false)\n',
    tests: ['test/flows/totp-key-rotation.test.ts'],
    why: 'MFA_ENCRYPTION_KEY rotates: a TOTP secret moves to the new key when it is next used.',
  },
  // Passkeys (issue 14 review): what a credential and a challenge are bound to.
  {
    id: 'passkey-second-step-any-owner',
    file: 'src/auth/passkey-assertion.ts',
    find: '  if (!credential || (forUser !== null && credential.userId !== forUser))\n',
    replace: '  if (!credential)\n',
    tests: ['test/flows/passkey-bindings.test.ts'],
    why: 'A passkey registered to another user cannot complete this user’s second step.',
  },
  {
    id: 'passkey-known-id-moves-owner',
    file: 'src/db/passkey-store.ts',
    find: '        on conflict (id) do nothing returning id`,\n',
    replace: '        on conflict (id) do update set user_id = excluded.user_id returning id`,\n',
    tests: ['test/flows/passkey-bindings.test.ts'],
    why: 'A credential id registered before (to anyone) is refused.',
  },
  {
    id: 'passkey-challenge-never-expires',
    file: 'src/auth/passkey-ceremony.ts',
    find: 'export const CHALLENGE_TTL = 5 * 60\n',
    replace: 'export const CHALLENGE_TTL = 5 * 60 * 1000\n',
    tests: ['test/flows/passkey-bindings.test.ts'],
    why: 'A WebAuthn challenge works for 5 minutes.',
  },
  {
    id: 'passkey-challenge-any-user',
    file: 'src/db/one-time-token-store.ts',
    find: '      const owner = userId === null ?',
    replace: '      const owner = sql`true` // userId === null ?',
    tests: ['test/flows/passkey-bindings.test.ts'],
    why: 'A WebAuthn challenge is bound to the user it was issued for.',
  },
  {
    id: 'passkey-user-handle-unchecked',
    file: 'src/auth/passkey-assertion.ts',
    find: "    throw refused('user_handle')\n",
    replace: '    void 0\n',
    tests: ['test/flows/passkey-bindings.test.ts'],
    why: 'A passkey cannot claim another user’s handle: it signs in as its owner or not at all.',
  },
  // Passkeys (issue 14 review): a passkey signs in alone, so adding one re-authenticates.
  {
    id: 'passkey-options-without-password',
    file: 'src/auth/passkeys.ts',
    find: '  await reverifyBothFactors(ctx, user, input)\n  const existing',
    replace: '  const existing',
    tests: ['test/flows/passkey-policy.test.ts'],
    why: 'Adding a passkey takes the current password: an access token alone adds none.',
  },
  {
    id: 'passkey-options-without-code',
    file: 'src/auth/passkeys.ts',
    find: '  await reverifyBothFactors(ctx, user, input)\n  const existing',
    replace: '  await reverifyBothFactors(ctx, { ...user, factors: [] }, input)\n  const existing',
    tests: ['test/flows/passkey-policy.test.ts'],
    why: 'With TOTP on, adding a passkey also takes a code (403 mfa_required without).',
  },
  {
    id: 'passkey-removal-without-code',
    file: 'src/auth/passkeys.ts',
    find: '  await reverifyBothFactors(ctx, user, input)\n  if (!(await ctx.store.passkeys.remove(',
    replace:
      '  await reverifyBothFactors(ctx, { ...user, factors: [] }, input)\n  if (!(await ctx.store.passkeys.remove(',
    tests: ['test/flows/passkeys.test.ts'],
    why: 'With TOTP on, removing a passkey takes the password and a code.',
  },
  {
    id: 'passkey-added-not-mailed',
    file: 'src/auth/passkeys.ts',
    find: "  ctx.mailer.send({ kind: 'passkey_added', to: user.email, name: user.name })\n",
    replace: '',
    tests: ['test/flows/passkey-policy.test.ts'],
    why: 'The account is mailed when a passkey is added.',
  },
  {
    id: 'passkey-login-uv-not-checked',
    file: 'src/auth/passkey-assertion.ts',
    find: 'requireUserVerification: forUser === null }',
    replace: 'requireUserVerification: false }',
    tests: ['test/flows/passkey-policy.test.ts'],
    why: 'A passkey that is the only factor of a sign-in must verify its user (UV flag).',
  },
  {
    id: 'passkey-login-uv-not-asked',
    file: 'src/auth/passkey-login.ts',
    find: "userVerification: forUser ? 'preferred' : 'required',",
    replace: "userVerification: 'preferred',",
    tests: ['test/flows/passkey-policy.test.ts'],
    why: "Discoverable sign-in options ask for user verification ('required').",
  },
  {
    id: 'mailed-link-reusable',
    file: 'src/db/mailed-link-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: 'and o.purpose = ${purpose} and o.used_at is null\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: 'and o.purpose = ${purpose}\n',
    also: [
      {
        file: 'src/db/one-time-token-store.ts',
        find: '          and o.used_at is null and o.expires_at > ',
        replace: '          and o.expires_at > ',
      },
    ],
    tests: ['test/flows/email-verification.test.ts'],
    only: 'registration mails a link',
    why: 'A mailed link works once: a verification link used a second time is refused.',
  },
  {
    id: 'reset-link-reusable',
    file: 'src/db/mailed-link-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: 'and o.purpose = ${purpose} and o.used_at is null\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: 'and o.purpose = ${purpose}\n',
    // A reset link dies twice over: marked used, and by the credential epoch the reset bumps.
    also: [
      {
        file: 'src/db/one-time-token-store.ts',
        find: '          and o.used_at is null and o.expires_at > ',
        replace: '          and o.expires_at > ',
      },
      {
        file: 'src/db/mailed-link-store.ts',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
        find: 'set password_hash = ${nextHash}, credential_epoch = credential_epoch + 1,',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
        replace: 'set password_hash = ${nextHash},',
      },
    ],
    tests: ['test/flows/password-reset.test.ts'],
    only: 'works once',
    why: 'A reset link works once: used a second time, or by racing requests, it is refused.',
  },
  {
    id: 'mailed-token-stored-in-plain',
    file: 'src/auth/email-tokens.ts',
    find: 'hash: await hashOpaqueToken(token)',
    replace: 'hash: token',
    also: [
      {
        file: 'src/auth/email-tokens.ts',
        find: '  return hashOpaqueToken(presented)\n',
        replace: '  return presented\n',
      },
    ],
    tests: ['test/flows/password-reset.test.ts'],
    only: 'only the SHA-256',
    why: 'Only the SHA-256 of a mailed token is stored: a database leak leaks no usable link.',
  },
  {
    id: 'link-not-bound-to-address',
    file: 'src/db/one-time-token-store.ts',
    find: "export const linkStillValid = sql`u.email = o.payload->>'email'\n  and ",
    replace: 'export const linkStillValid = sql`',
    // Both layers: the email check, and the epoch an email change bumps.
    also: [
      {
        file: 'src/db/mailed-link-store.ts',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
        find: '              credential_epoch = credential_epoch + 1, updated_at = ${ts(now)}\n',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
        replace: '              updated_at = ${ts(now)}\n',
      },
    ],
    tests: ['test/flows/email-verification.test.ts'],
    only: 'before an email change',
    why: 'A mailed link speaks only for the address it was sent to: an email change voids it.',
  },
  {
    id: 'forgot-password-tells-unknown-address',
    file: 'src/auth/password-reset.ts',
    find: "  await mailLinkTo(ctx, 'reset_password', email)\n",
    replace: `  if (!(await ctx.store.users.emailTaken(email)))
    throw new AuthError('not_found', { message: 'No account with this address' })
  await mailLinkTo(ctx, 'reset_password', email)
`,
    tests: ['test/flows/password-reset.test.ts'],
    only: 'known and an unknown address',
    why: 'Forgot password answers an unknown address exactly as a known one (no enumeration).',
  },
  {
    id: 'mail-throttle-skips-unknown-address',
    file: 'src/db/one-time-token-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: '        ${countMail(input.limit, input.now)},\n        ${replaceToken(input, sql`target`, sql`jsonb',
    replace:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
      '        ${countMail(input.limit, input.now, sql`exists (select 1 from target)`)},\n        ${replaceToken(input, sql`target`, sql`jsonb',
    tests: ['test/flows/password-reset.test.ts'],
    only: 'counts mail to an unknown address',
    why: 'The per-address mail limit counts unknown addresses exactly as known ones (same work).',
  },
  {
    id: 'other-users-device-endable',
    file: 'src/db/session-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: '        where s.id = ${sessionId}::uuid and s.user_id = ${userId}::uuid and s.revoked_at is null\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    replace: '        where s.id = ${sessionId}::uuid and s.revoked_at is null\n',
    tests: ['test/flows/devices.test.ts'],
    only: 'foreign ids',
    why: "DELETE /auth/sessions/{id} ends only the caller's own sessions; another user's id is a 404.",
  },
  {
    id: 'account-deletion-keeps-sessions',
    file: 'src/db/gdpr-queries.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: '    with gone as (delete from users where id = ${userId}::uuid returning id),\n',
    // A "soft delete" that frees the address but forgets the sessions (they cascade only on a
    // real delete).
    replace:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
      "    with gone as (update users set email = id::text || '@deleted.invalid' where id = ${userId}::uuid returning id),\n",
    tests: ['test/flows/devices.test.ts'],
    only: 'deletes everything',
    why: 'Deleting the account ends every session at once: no token of theirs works afterwards.',
  },
  {
    id: 'password-change-without-notice',
    file: 'src/auth/password-change.ts',
    find: "  ctx.mailer.send({ kind: 'password_changed', to: account.email, name: user.name })\n",
    replace: '',
    tests: ['test/routes/password.test.ts'],
    only: 'notice',
    why: 'A password change mails the account a notice, so an owner learns of a change they did not make.',
  },
  {
    id: 'totp-step-replayable',
    file: 'src/db/factor-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the SQL template's text, as written
    find: '              and (last_used_step is null or last_used_step < ${step})\n',
    replace: '',
    tests: ['test/flows/totp.test.ts'],
    only: 'replayed code',
    why: 'A TOTP code works once: replayed in the same step it is refused (RFC 6238 §5.2).',
  },
  {
    id: 'passkey-counter-unchecked',
    file: 'src/auth/webauthn/webauthn-assertion.ts',
    find: '  if (received <= stored) {\n',
    replace: '  if (false) {\n',
    tests: ['test/flows/passkeys.test.ts'],
    only: 'counter that goes backwards',
    why: 'A passkey whose signature counter goes backwards (a cloned authenticator) is refused.',
  },
]
