/**
 * The sign-in steps besides the password (the second factor, mailed links) and the end of an
 * account: each adopts the pair it is answered, or, for deletion, signs out locally.
 */
import type { AuthClient, ClientCore } from './auth-client.ts'
import { passkeyAssertion } from './passkey-methods.ts'
import { unwrap } from './unwrap.ts'

/** completeMfa, resetPassword, verifyEmail and deleteAccount over the client's core. */
export function accountMethods(
  core: ClientCore,
): Pick<AuthClient, 'completeMfa' | 'resetPassword' | 'verifyEmail' | 'deleteAccount'> {
  const { anonymous } = core
  return {
    async completeMfa(input) {
      const json =
        'passkey' in input
          ? {
              mfaToken: input.mfaToken,
              passkey: await passkeyAssertion(core, { mfaToken: input.mfaToken }),
            }
          : input
      return core.adopt(anonymous.auth.login.mfa.$post({ json }))
    },
    resetPassword: (input) => core.adopt(anonymous.auth.password.reset.$post({ json: input })),
    verifyEmail: (token) => core.adopt(anonymous.auth.email.verify.$post({ json: { token } })),
    async deleteAccount(input) {
      await unwrap(core.api.auth.account.$delete({ json: input }))
      // The server ended every session and cleared the cookie: nothing is left to log out of.
      await core.signOutLocally()
    },
  }
}
