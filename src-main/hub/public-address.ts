/**
 * Where the ticket's QR code will point. Kiosks encode the tracker's link on `centre.publicUrl` when the
 * config sets one, else on their own address; a kiosk that reaches the hub at a loopback address
 * (127.0.0.1, localhost) then prints a link no phone can open. The hub says so in one line at start.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\./.test(host) || host.endsWith('.localhost')
}

/**
 * The warning to log, or null when phones can follow the QR: `publicUrl` names a host they can reach,
 * or (none set) the hub listens on the centre's network (`--lan`), so kiosks can reach it there.
 */
export function loopbackQrWarning(
  publicUrl: string | undefined,
  listenHost: string | undefined,
): string | null {
  if (publicUrl) {
    const { hostname } = new URL(publicUrl)
    // 0.0.0.0 is where a hub listens on every interface, never an address a phone can open.
    return isLoopback(hostname) || hostname === '0.0.0.0'
      ? `centre.publicUrl is ${publicUrl}, a loopback address: ticket QR codes will point at it and no phone can open them; set it to the address phones use on the centre's network (docs/config.md)`
      : null
  }
  if (listenHost === undefined || isLoopback(listenHost))
    return "ticket QR codes will carry the kiosk's own address, here a loopback one no phone can open: set centre.publicUrl to the address phones use (docs/config.md), and start the hub with --lan"
  return null
}
