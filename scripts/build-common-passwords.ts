/**
 * Regenerates public/common-passwords.txt, a static asset the Worker fetches on first use: the
 * exact list of the 10,000 most common passwords (data/common-passwords-10k.txt, from SecLists)
 * that a new password may not be, for ASVS 5.0
 * V6.2.4 and NIST SP 800-63B §3.1.1.2. Entries shorter than the minimum length can never be
 * accepted anyway and are left out. Sorted and front-coded (src/auth/front-coding.ts): exact, so
 * no strong password is ever refused as common, at about the gzip size of a 1e-4 Bloom filter.
 *
 *   node scripts/build-common-passwords.ts          # writes the asset
 *   node scripts/build-common-passwords.ts --check  # fails if the asset is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { frontEncode } from '../src/auth/front-coding.ts'
import { normalizeForBlocklist } from '../src/auth/password-policy.ts'
import { MIN_PASSWORD_LENGTH, passwordLength } from '../src/password-length.ts'

const SOURCE = new URL('../data/common-passwords-10k.txt', import.meta.url)
const TARGET = new URL('../public/common-passwords.txt', import.meta.url)

/** The list as the module holds it: NFKC, lower case, long enough to matter, unique, sorted. */
export function commonPasswords(): string[] {
  const lines = readFileSync(SOURCE, 'utf8').split('\n').filter(Boolean)
  const kept = lines
    .filter((line) => passwordLength(line) >= MIN_PASSWORD_LENGTH)
    .map(normalizeForBlocklist)
  return [...new Set(kept)].sort()
}

/** The asset's text: the list front-coded (src/auth/front-coding.ts), one line. */
export function renderAsset(): string {
  return `${frontEncode(commonPasswords())}\n`
}

if (import.meta.main) {
  const rendered = renderAsset()
  if (process.argv.includes('--check')) {
    if (readFileSync(TARGET, 'utf8') !== rendered) {
      console.error(
        'public/common-passwords.txt is out of date: run node scripts/build-common-passwords.ts',
      )
      process.exit(1)
    }
  } else {
    writeFileSync(TARGET, rendered)
    console.log(`wrote ${TARGET.pathname}`)
  }
}
