/**
 * Front coding of a word list (Witten, Moffat & Bell, "Managing Gigabytes", §4.1): sorted, each
 * word is stored as the length of the prefix it shares with the word before it, then the rest.
 * Sorted passwords share long prefixes (`password1`, `password12`, ...), so the common-password
 * list ships exactly, with no false positives, at about the gzip size of a 1e-4 Bloom filter.
 *
 * The prefix length is one capital letter, `A` = 0 to `Z` = 25, which also starts each word, so
 * no separator is needed; the words themselves must hold no `A`-`Z` (the blocklist is lower case).
 */

const MARK = 65 // 'A'
const MAX_SHARED = 25

/** Sorts and de-duplicates `words`, then front-codes them; throws on a word holding `A`-`Z`. */
export function frontEncode(words: Iterable<string>): string {
  const sorted = [...new Set(words)].sort()
  let previous = ''
  let encoded = ''
  for (const word of sorted) {
    if (/[A-Z]/.test(word)) throw new RangeError('front coding: words must hold no A-Z')
    let shared = 0
    const limit = Math.min(previous.length, word.length, MAX_SHARED)
    while (shared < limit && previous[shared] === word[shared]) shared++
    encoded += String.fromCharCode(MARK + shared) + word.slice(shared)
    previous = word
  }
  return encoded
}

/** The sorted words of a front-coded string. */
export function frontDecode(encoded: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (const char of encoded) {
    const code = char.charCodeAt(0)
    if (code >= MARK && code <= MARK + MAX_SHARED) {
      if (word !== undefined) words.push(word)
      word = (word ?? '').slice(0, code - MARK)
    } else {
      word = (word ?? '') + char
    }
  }
  if (word !== undefined) words.push(word)
  return words
}
