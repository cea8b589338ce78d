import type { ConfigIssue } from '../../src-shared/config'

type Translate = (key: string, values?: Record<string, unknown>) => string
/** A service's name in the admin's language, by its id (the id itself when the config has none). */
type ServiceName = (id: string) => string

/**
 * The hub's problems are the config file's (English, as `npm run hub` prints them for whoever edits the
 * file); the admin screen says the ones its forms can cause in the admin's language. One it does not
 * know is shown as the hub said it.
 */
const RULES: [
  RegExp,
  (match: RegExpMatchArray, service: ServiceName) => [string, Record<string, unknown>?],
][] = [
  [/^must be one or two capital letters$/, () => ['capitals']],
  [/^Kazakh text is required$/, () => ['kazakh']],
  [/^Russian text is required$/, () => ['russian']],
  [/^must be 2–40 lowercase letters/, () => ['login']],
  [/^must be 1–40 lowercase letters/, () => ['id']],
  [/^give at least one role$/, () => ['role']],
  [/^a desk must serve at least one service$/, () => ['service']],
  [/^duplicate [a-z ]+ "(.*)"/, (m) => ['duplicate', { value: m[1] }]],
  [/^looks the same as prefix "(.*?)"/, (m) => ['lookalike', { value: m[1] }]],
  [/^Too big: expected number to be <=?(\d+)/, (m) => ['atMost', { n: m[1] }]],
  [/^Too small: expected number to be >=?(\d+)/, (m) => ['atLeast', { n: m[1] }]],
  [/^Too big: expected string to have <=?(\d+)/, (m) => ['longest', { n: m[1] }]],
  [/^Too small: expected string to have >=?1 /, () => ['required']],
  [/^Too small: expected string to have >=?(\d+)/, (m) => ['shortest', { n: m[1] }]],
  [/^must be at least (\d+) characters$/, (m) => ['shortest', { n: m[1] }]],
  [/^must be at least (\d+) (minute|second)s?$/, (m) => ['atLeast', { n: m[1] }]],
  [/^must be at most (\d+) (minute|second)s?$/, (m) => ['atMost', { n: m[1] }]],
  [/^must be a whole number/, () => ['whole']],
  [/^Invalid input: expected number/, () => ['whole']],
  [/^Too small: expected array to have >=?1 /, () => ['required']],
  [
    /a group cannot be removed while services are in it \((.*?)\)/,
    (m, service) => ['groupInUse', { services: names(m[1]!, service) }],
  ],
  [
    /an outcome cannot be removed while services list it \((.*?)\)/,
    (m, service) => ['outcomeInUse', { services: names(m[1]!, service) }],
  ],
  [/cannot be removed/, () => ['removed']],
  [/^you cannot disable your own login/, () => ['self']],
  [/^window (.*?) could not be closed: (.*)$/, (m) => ['released', { label: m[1], why: m[2] }]],
  [/^opening interval must end after it starts$/, () => ['interval']],
  [/is outside the centre's opening hours/, () => ['outsideHours']],
  [/^is not a day of the calendar$/, () => ['day']],
  [/^unknown service "/, () => ['unknownService']],
  [/^unknown service group "/, () => ['unknownGroup']],
  [/^must be true for a service with selfService$/, () => ['onlineSelfService']],
  [
    /^must be https on an allowed domain \(selfService\.allowedDomains: (.*)\)$/,
    (m) => ['allowedDomain', { domains: m[1] }],
  ],
  [/^is required with the portal channel$/, () => ['startRequired']],
  [/^give at least one step for the portal channel$/, () => ['stepRequired']],
  [/^startUrl and steps guide a portal session/, () => ['portalOnly']],
  [/^must be an absolute http\(s\) URL$/, () => ['url']],
  [/^is required: services\[\d+\] \(".*"\) offers the (.*) channel$/, (m) => ['qr', { field: m[1] }]],
  [/^is required: services\[\d+\] \(".*"\) has a selfService block$/, () => ['settings']],
]

/** The hub names services by id, comma-separated: the admin reads their names. */
function names(ids: string, service: ServiceName): string {
  return ids
    .split(', ')
    .map((id) => service(id))
    .join(', ')
}

export function issueText(message: string, t: Translate, service: ServiceName = (id) => id): string {
  for (const [pattern, make] of RULES) {
    const match = message.match(pattern)
    if (match) {
      const [key, values] = make(match, service)
      return t(`admin.issues.${key}`, values ?? {})
    }
  }
  return message
}

/** The issues with their messages in the admin's language. */
export function translatedIssues(
  issues: readonly ConfigIssue[],
  t: Translate,
  service?: ServiceName,
): ConfigIssue[] {
  return issues.map((issue) => ({ ...issue, message: issueText(issue.message, t, service) }))
}
