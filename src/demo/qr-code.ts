/**
 * The QR code of the TOTP setup, drawn in the browser as SVG built with DOM calls: the page's CSP
 * (no inline script or style, no data: images) stays as it is, and the code stays sharp at any
 * size.
 */
import { qrModules } from './qr-modules.ts'

const SVG = 'http://www.w3.org/2000/svg'

/** An <svg> of `text` (qr-modules.ts), black on white, labelled for screen readers. */
export function qrCodeSvg(text: string, label: string): SVGSVGElement {
  const { size, path } = qrModules(text)
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`)
  svg.setAttribute('shape-rendering', 'crispEdges')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  const background = document.createElementNS(SVG, 'rect')
  background.setAttribute('width', String(size))
  background.setAttribute('height', String(size))
  background.setAttribute('fill', '#fff')
  const modules = document.createElementNS(SVG, 'path')
  modules.setAttribute('d', path)
  modules.setAttribute('fill', '#000')
  svg.append(background, modules)
  return svg
}
