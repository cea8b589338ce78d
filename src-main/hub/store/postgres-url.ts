/**
 * What the hub needs to know of a PostgreSQL URL before it opens anything: whether a flag names one, and
 * how to show it. Apart from the store so that checking a flag does not load the `pg` driver: a hub on
 * SQLite never loads it (a restart pays for every module it loads).
 */

/** The store could not be opened: the message is one line naming the server and the problem. */
export class StoreOpenError extends Error {}

/** True for a `postgres://` or `postgresql://` URL, the only kind `openPostgresStore` takes. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text)
}

/** The URL as it may be shown: without a password. Throws a readable error when it is not a URL. */
export function describePostgresUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`"${redact(text)}" is not a URL; expected postgres://user@host:5432/database`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error(`"${redact(text)}" is not a postgres:// URL`)
  if (!url.hostname)
    throw new Error(`"${redact(text)}" names no host; expected postgres://user@host:5432/database`)
  if (url.password) url.password = '***'
  return url.toString()
}

function redact(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@')
}
