/**
 * Which addresses a guided self-service session may show, and how a scenario step recognises the page
 * the citizen has reached. Pure: the hub validates the config with it, the Electron shell guards the
 * portal view with it, and the kiosk's step panel follows the portal with it.
 *
 * A step's `urlPattern` is a small glob compiled here, never a regular expression from the config file:
 * an admin cannot write a pattern that hangs the kiosk or matches more than it says.
 *
 *   https://egov.kz/services/P30.11/**           that page and everything below it
 *   https://idp.egov.kz/idp/login*               any page of that folder whose name starts so
 *   https://egov.kz/services/P30.11/?step=sign*  with a query: the query must match too
 *
 * `*` matches within one path segment (or one query value), `**` matches anything (a trailing `/**` also
 * matches the folder itself: `/services/P30.11`). The scheme and host are literal. Without a `?` in
 * the pattern the query is ignored; the fragment always is. At most six wildcards. Matching time grows
 * with pattern length times address length, whatever the pattern.
 */

/** An allowlist entry: a host name (`egov.kz` also allows its subdomains) or an exact `host:port`. */
export const PORTAL_DOMAIN_PATTERN =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/

/** This machine: `localhost`, `[::1]` and the whole 127.0.0.0/8 block (as browsers treat them). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** Plain http is allowed only for a portal on this machine (the tests' stand-in); anything else is https. */
function schemeAllowed(protocol: string, hostname: string): boolean {
  return protocol === 'https:' || (protocol === 'http:' && isLoopback(hostname))
}

function hostAllowed(url: URL, allowedDomains: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase()
  const host = url.host.toLowerCase()
  return allowedDomains.some((entry) => {
    const domain = entry.toLowerCase()
    if (domain.includes(':')) return host === domain
    return hostname === domain || hostname.endsWith(`.${domain}`)
  })
}

/**
 * Whether the portal view may navigate to `url`: https (http on loopback only) to an allowed domain,
 * without credentials in the URL. A `blob:` URL counts as the page that made it.
 */
export function isAllowedPortalUrl(url: string, allowedDomains: readonly string[]): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
    if (parsed.protocol === 'blob:') parsed = new URL(url.slice('blob:'.length))
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  if (!schemeAllowed(parsed.protocol, parsed.hostname)) return false
  return hostAllowed(parsed, allowedDomains)
}

/** A compiled step pattern. */
export interface UrlPattern {
  readonly source: string
  /** `https://egov.kz`: what the allowlist must admit. */
  readonly origin: string
  matches(url: string): boolean
}

export class UrlPatternError extends Error {
  override readonly name = 'UrlPatternError'
}

const MAX_WILDCARDS = 6
/** Longer addresses are not pages a step waits for (and are not worth matching). */
const MAX_URL_LENGTH = 4096

const PATTERN_SHAPE = /^(https?):\/\/([^/?#*\s]+)(\/[^?#\s]*)?(\?[^#\s]*)?$/

const ONE = 1
const ANY = 2
type Token = string | typeof ONE | typeof ANY

/**
 * A glob matcher that walks the text once, tracking every pattern position it could be at (a Thompson
 * automaton): time grows with pattern × text, never exponentially, whatever the pattern. `*` matches
 * anything but `separator`, `**` anything at all.
 */
function globMatcher(glob: string, separator: string): (text: string) => boolean {
  const tokens: Token[] = []
  for (let i = 0; i < glob.length; ) {
    if (glob[i] === '*') {
      const double = glob[i + 1] === '*'
      tokens.push(double ? ANY : ONE)
      i += double ? 2 : 1
    } else {
      tokens.push(glob[i]!)
      i += 1
    }
  }
  const size = tokens.length
  // A wildcard may match nothing: being before it means being after it too.
  const close = (states: Uint8Array) => {
    for (let j = 0; j < size; j++) if (states[j] && typeof tokens[j] !== 'string') states[j + 1] = 1
  }
  return (text) => {
    let current = new Uint8Array(size + 1)
    current[0] = 1
    close(current)
    for (const char of text) {
      const next = new Uint8Array(size + 1)
      let alive = false
      for (let j = 0; j < size; j++) {
        if (!current[j]) continue
        const token = tokens[j]
        if (token === ANY || (token === ONE && char !== separator)) {
          next[j] = 1
          alive = true
        } else if (token === char) {
          next[j + 1] = 1
          alive = true
        }
      }
      if (!alive) return false
      close(next)
      current = next
    }
    return current[size] === 1
  }
}

/** Compiles a step's URL pattern; throws `UrlPatternError` with a message for the config's reader. */
export function compileUrlPattern(source: string): UrlPattern {
  const shape = PATTERN_SHAPE.exec(source.trim())
  if (!shape) {
    throw new UrlPatternError(
      'must be an absolute http(s) URL with * or ** only in the path or query, e.g. https://egov.kz/services/P30.11/**',
    )
  }
  const [, scheme = '', hostText = '', path = '/', query] = shape
  let origin: URL
  try {
    origin = new URL(`${scheme}://${hostText}/`)
  } catch {
    throw new UrlPatternError(`"${hostText}" is not a host name`)
  }
  if (origin.username || origin.password) throw new UrlPatternError('must not carry a user name or password')
  if (/\*{3,}/.test(path + (query ?? ''))) throw new UrlPatternError('use * or **, not ***')
  if ((`${path}${query ?? ''}`.match(/\*+/g) ?? []).length > MAX_WILDCARDS) {
    throw new UrlPatternError(`use at most ${MAX_WILDCARDS} wildcards`)
  }
  const inFolder = globMatcher(path, '/')
  // `/a/**` also matches `/a` itself: the folder's own page belongs to it.
  const folder = path.endsWith('/**') ? globMatcher(path.slice(0, -3), '/') : null
  const pathMatches = (pathname: string) => inFolder(pathname) || (folder !== null && folder(pathname))
  const queryMatches = query === undefined ? null : globMatcher(query, '&')
  const protocol = origin.protocol
  const host = origin.host
  return {
    source,
    origin: origin.origin,
    matches(url: string): boolean {
      if (url.length > MAX_URL_LENGTH) return false
      let candidate: URL
      try {
        candidate = new URL(url)
      } catch {
        return false
      }
      if (candidate.protocol !== protocol || candidate.host !== host) return false
      if (!pathMatches(candidate.pathname)) return false
      return queryMatches === null || queryMatches(candidate.search || '?')
    },
  }
}

const compiled = new Map<string, UrlPattern | null>()

/** `compileUrlPattern`, remembered; null for a pattern that does not compile (config validation refuses those). */
function patternOf(source: string): UrlPattern | null {
  let pattern = compiled.get(source)
  if (pattern === undefined) {
    try {
      pattern = compileUrlPattern(source)
    } catch {
      pattern = null
    }
    if (compiled.size > 500) compiled.clear()
    compiled.set(source, pattern)
  }
  return pattern
}

export function matchesUrlPattern(source: string, url: string): boolean {
  return patternOf(source)?.matches(url) ?? false
}

/**
 * The scenario step a page belongs to: the furthest step whose pattern matches `url`, or null. Steps can
 * share a page family (`/services/P30.11/**`), so the furthest match wins; the step panel never moves
 * back by itself.
 */
export function stepForUrl(steps: readonly { urlPattern: string }[], url: string): number | null {
  for (let index = steps.length - 1; index >= 0; index--) {
    if (matchesUrlPattern(steps[index]!.urlPattern, url)) return index
  }
  return null
}

/** The address without query and fragment: what the kiosk page may see of where the citizen is. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return ''
  }
}
