/**
 * A change of the centre config from the admin screen: the old config with one section replaced,
 * validated whole by the same schema and cross-checks as the file (`centreConfigSchema`), stored as a new
 * version with its audit row, then made the hub's config (`LiveConfig.replace`). A change that fails
 * validation is answered with its problems, each at its path in the config, and changes nothing.
 * Changes run one at a time, so each starts from the config the one before it left.
 */
import type { z } from 'zod'
import { centreConfigSchema, type CentreConfig, type ConfigIssue } from '../../../src-shared/config'
import type { LiveConfig } from '../live-config'
import type { Logger } from '../logger'
import type { ConfigVersions } from './config-versions'

/** The sections the admin screen edits, in the order it shows them. */
export const EDITABLE_SECTIONS = [
  'staff',
  'services',
  'serviceGroups',
  'desks',
  'devices',
  'priorityCategories',
  'openingHours',
  'holidays',
  // What staff work with at the windows and on the live view (the "work at the windows" tab).
  'pauseReasons',
  'outcomes',
  'policy',
  'alerts',
  'ratings',
] as const
export type EditableSection = (typeof EDITABLE_SECTIONS)[number]

export function isEditableSection(name: string): name is EditableSection {
  return (EDITABLE_SECTIONS as readonly string[]).includes(name)
}

export type { ConfigIssue }

export type ChangeResult =
  | { ok: true; version: number; config: CentreConfig }
  | { ok: false; status: 409 | 422 | 503; issues: ConfigIssue[] }

/** What the audit shows instead of a hash: whether it changed, never the hash itself. */
export const HASH_UNCHANGED = '(unchanged)'
export const HASH_CHANGED = '(changed)'
export const HASH_NEW = '(set)'
export const HASH_HIDDEN = '(hidden)'

/** Sections whose items may not be removed while tickets and desks of the day still name them. */
const KEPT_IDS: Partial<Record<EditableSection, string>> = {
  services: 'a service cannot be removed: tickets and desks name it; rename it instead',
  desks: 'a window cannot be removed: the day names it; rename it instead',
  priorityCategories: 'a category cannot be removed: tickets name it; rename it instead',
}

/**
 * Where a section lives in the config: most are top-level lists; `openingHours` is the centre's and
 * `holidays` the bookings calendar's (refused when the centre takes no bookings).
 */
export function sectionOf(config: CentreConfig, section: EditableSection): unknown {
  if (section === 'openingHours') return config.centre.openingHours
  if (section === 'holidays') return config.bookings?.holidays
  return config[section]
}

function withSection(config: CentreConfig, section: EditableSection, value: unknown): unknown {
  if (section === 'openingHours') return { ...config, centre: { ...config.centre, openingHours: value } }
  if (section === 'holidays') return { ...config, bookings: { ...config.bookings, holidays: value } }
  return { ...config, [section]: value }
}

export interface ConfigAdminOptions {
  live: LiveConfig
  versions: ConfigVersions | null
  logger: Logger
  now: () => number
}

export class ConfigAdmin {
  readonly #live: LiveConfig
  readonly #versions: ConfigVersions | null
  readonly #logger: Logger
  readonly #now: () => number
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ConfigAdminOptions) {
    this.#live = options.live
    this.#versions = options.versions
    this.#logger = options.logger
    this.#now = options.now
  }

  get current(): CentreConfig {
    return this.#live.current
  }

  /** Replaces `section` with `value`, as the staff member `by`. One change at a time. */
  change(section: EditableSection, value: unknown, by: string): Promise<ChangeResult> {
    return this.changeWith(section, () => value, by)
  }

  /** Replaces `section` with what `make` makes of the config as it is when this change's turn comes. */
  changeWith(
    section: EditableSection,
    make: (current: CentreConfig) => unknown,
    by: string,
  ): Promise<ChangeResult> {
    const run = this.#queue.then(() => this.#apply(section, make(this.#live.current), by))
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #apply(section: EditableSection, value: unknown, by: string): Promise<ChangeResult> {
    if (!this.#versions) {
      return refused(503, [], 'this hub keeps no config versions (a store without tables): nothing changed')
    }
    const current = this.#live.current
    if (section === 'holidays' && !current.bookings) {
      return refused(409, ['bookings'], 'the centre takes no bookings: its calendar has no holidays to set')
    }
    const removed = [
      ...removedIds(section, current, value),
      ...groupsInUse(section, current, value),
      ...outcomesInUse(section, current, value),
    ]
    if (removed.length > 0) return { ok: false, status: 409, issues: removed }
    const parsed = centreConfigSchema.safeParse(withSection(current, section, value))
    if (!parsed.success) return { ok: false, status: 422, issues: issuesOf(parsed.error) }
    const next = parsed.data
    const version = await this.#versions.save({
      at: this.#now(),
      by,
      section,
      before: auditView(section, sectionOf(current, section), null),
      after: auditView(section, sectionOf(next, section), sectionOf(current, section) as unknown[]),
      config: next,
    })
    this.#live.replace(next)
    this.#logger.info({ event: 'config-changed', section, version, by }, 'centre config changed')
    return { ok: true, version, config: next }
  }
}

function refused(status: 409 | 422 | 503, path: (string | number)[], message: string): ChangeResult {
  return { ok: false, status, issues: [{ path, message }] }
}

export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }))
      : [{ path, message: issue.message }]
  })
}

function removedIds(section: EditableSection, current: CentreConfig, value: unknown): ConfigIssue[] {
  const message = KEPT_IDS[section]
  if (!message || !Array.isArray(value)) return []
  const kept = new Set(value.map((item) => (item as { id?: unknown } | null)?.id))
  const before = sectionOf(current, section) as { id: string }[]
  return before
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => !kept.has(item.id))
    .map(({ item, index }) => ({ path: [section, index], message: `"${item.id}": ${message}` }))
}

/**
 * Service groups removed while services are still in them: the kiosk would have nowhere to show those
 * services, so the removal is refused and names them (move them to another group first).
 */
function groupsInUse(section: EditableSection, current: CentreConfig, value: unknown): ConfigIssue[] {
  if (section !== 'serviceGroups' || !Array.isArray(value)) return []
  const kept = new Set(value.map((item) => (item as { id?: unknown } | null)?.id))
  return current.serviceGroups.flatMap((group, index) => {
    const members = current.services.filter((s) => s.group === group.id).map((s) => s.id)
    if (kept.has(group.id) || members.length === 0) return []
    const message = `"${group.id}": a group cannot be removed while services are in it (${members.join(', ')}); move them to another group first`
    return [{ path: ['serviceGroups', index], message }]
  })
}

/**
 * Outcomes removed while a service still lists them as its own: the schema would only say "unknown
 * outcome" at the service, so the refusal is put at the outcome and names the services instead.
 */
function outcomesInUse(section: EditableSection, current: CentreConfig, value: unknown): ConfigIssue[] {
  if (section !== 'outcomes' || !Array.isArray(value)) return []
  const kept = new Set(value.map((item) => (item as { id?: unknown } | null)?.id))
  return current.outcomes.flatMap((outcome, index) => {
    const users = current.services.filter((s) => s.outcomes?.includes(outcome.id)).map((s) => s.id)
    if (kept.has(outcome.id) || users.length === 0) return []
    const message = `"${outcome.id}": an outcome cannot be removed while services list it (${users.join(', ')}); take it off those services first`
    return [{ path: ['outcomes', index], message }]
  })
}

/**
 * A section as the audit keeps it: staff password hashes and device key hashes replaced by whether they
 * changed against `before` (matched by id), so the audit never holds or exports a hash.
 */
export function auditView(section: EditableSection, items: unknown, before: unknown[] | null): unknown {
  const field = section === 'staff' ? 'passwordHash' : section === 'devices' ? 'keyHash' : null
  if (!field || !Array.isArray(items)) return items
  const old = new Map(
    ((before ?? []) as Record<string, unknown>[]).map((item) => [item.id as string, item[field] as string]),
  )
  return items.map((item: Record<string, unknown>) => {
    const previous = old.get(item.id as string)
    const mark =
      before === null
        ? HASH_HIDDEN
        : previous === undefined
          ? HASH_NEW
          : previous === item[field]
            ? HASH_UNCHANGED
            : HASH_CHANGED
    return { ...item, [field]: mark }
  })
}
