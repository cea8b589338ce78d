import QRCode from 'qrcode'

/** A QR code of `text` as an SVG document (scales crisply on screen and on a thermal printer). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 1,
    color: { dark: '#0e1b2b', light: '#ffffff' },
  })
}

/** The phone tracker's address for a ticket: on the centre's `publicUrl` when set, else on the hub serving this page. */
export function trackUrl(trackToken: string, origin?: string): string {
  return `${origin ?? location.origin}/t/${encodeURIComponent(trackToken)}`
}
