/**
 * The otpauth:// URI as QR modules (no DOM; qr-code.ts draws them). The encoding is uqr's
 * (unjs/uqr, MIT, no dependencies: a port of Nayuki's reference QR Code generator), a
 * devDependency that only the demo's bundle uses: the Worker ships no QR encoder, and the secret
 * never goes to a QR service.
 */
import { encode } from 'uqr'

/** ISO/IEC 18004 asks for a quiet zone of 4 modules around the symbol. */
export const QUIET_ZONE = 4

export interface QrModules {
  /** Modules per side, quiet zone included. */
  size: number
  /** The dark modules as one SVG path: a 1x1 square per module, in module units. */
  path: string
}

/** Error correction M (15%): what authenticator apps scan well at this size. */
export function qrModules(text: string): QrModules {
  const { size, data } = encode(text, { ecc: 'M', border: QUIET_ZONE })
  let path = ''
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`
    })
  })
  return { size, path }
}
