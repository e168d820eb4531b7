/**
 * Known answers for chained PBKDF2-HMAC-SHA-256 (src/auth/pbkdf2-chain.ts), computed OUTSIDE the
 * Worker with Node's `crypto.pbkdf2Sync` and `createHmac`. Each side checks them on its own:
 * test/node/password-chain.test.ts recomputes every vector with that reference and fails if one
 * is wrong; test/auth/password-chain.test.ts fails if the Worker's hasher disagrees with one.
 */
export interface ChainVector {
  name: string
  password: string
  /** The pepper as text (its UTF-8 bytes are the HMAC key), when the hash is peppered. */
  pepper?: string
  /** Standard base64, no padding. */
  salt: string
  iterations: number
  linkSize: number
  /** The whole stored string, with the 32-byte output as its last field. */
  phc: string
}

export const CHAIN_VECTORS: ChainVector[] = [
  {
    name: 'one link is plain PBKDF2',
    password: 'correct horse battery staple',
    salt: 'HyYtNDtCSVBXXmVsc3qBiA',
    iterations: 100_000,
    linkSize: 100_000,
    phc: '$pbkdf2-sha256$i=100000$HyYtNDtCSVBXXmVsc3qBiA$qWaeLrAO5BSBtnkej8/bSICMT5wP/gVaB5Ns+uCJofY',
  },
  {
    name: 'the default: six links of 100,000',
    password: 'correct horse battery staple',
    salt: 'PkVMU1phaG92fYSLkpmgpw',
    iterations: 600_000,
    linkSize: 100_000,
    phc: '$pbkdf2-sha256-chained$i=600000,s=100000$PkVMU1phaG92fYSLkpmgpw$Ks954vZ8q6ROd7Jn1KQzse0IxMq2/HGU5/a3YW/ycCg',
  },
  {
    name: 'a last link with the remainder',
    password: 'Tr0ub4dor&3 and more',
    salt: 'XWRrcnmAh46VnKOqsbi/xg',
    iterations: 250_000,
    linkSize: 100_000,
    phc: '$pbkdf2-sha256-chained$i=250000,s=100000$XWRrcnmAh46VnKOqsbi/xg$/XG5sgHSdG4lnzRCc2fCKYXPj4sx8m2GJbRrELxlu6Q',
  },
  {
    name: 'pepper, and NFKC (ligature fi, combining acute, Angstrom sign)',
    password: '\ufb01ance\u0301-\u212b pass',
    pepper: 'pepper-pepper-pepper-pepper-pepper!',
    salt: 'fIOKkZifpq20u8LJ0Nfe5Q',
    iterations: 200_000,
    linkSize: 100_000,
    phc: '$pbkdf2-sha256-chained$i=200000,s=100000,pepper=1$fIOKkZifpq20u8LJ0Nfe5Q$cBtjzS4U06KT+ZwMsBmcZAYZ1AVrrKQd2YuYtnZvSSE',
  },
  {
    name: 'small links: 2 + 2 + 1',
    password: 'pass phrase',
    salt: 'm6KpsLe+xczT2uHo7/b9BA',
    iterations: 5,
    linkSize: 2,
    phc: '$pbkdf2-sha256-chained$i=5,s=2$m6KpsLe+xczT2uHo7/b9BA$kYDPbFCj/XgzUqbR6/aUNOEGgfLUZRmpT3T7/EZ78N4',
  },
]
