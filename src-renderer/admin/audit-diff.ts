/**
 * What one change-log row changed, field by field, from the section before and after as the hub's audit
 * keeps them. Lists of items with ids (services, staff, windows...) are matched by id, so a renamed
 * service reads as its `name.ru` changed, not as a shifted list; other lists (a scenario's steps) by
 * position. A list of plain values (a window's services, a day's hours, the holidays) is one value.
 * Password and device key hashes are never in the audit (the hub keeps "(changed)" marks in their place,
 * `config-change.ts`): here they become `secret` rows that say only that they changed.
 */

/** What a row names an item by: its name (kk/ru/en, or a device's), a window's number, a person's name. */
export type ItemName = { kk: string; ru: string; en?: string } | string

export type AuditChange =
  | { kind: 'added' | 'removed'; item: string; name?: ItemName }
  | {
      kind: 'changed'
      item: string | null
      name?: ItemName
      field: string
      before?: unknown
      after?: unknown
    }
  | { kind: 'secret'; item: string | null; name?: ItemName; field: string }

const SECRET_FIELDS = new Set(['passwordHash', 'keyHash'])
/** The marks `auditView` leaves after a change where a hash changed or was set. */
const SECRET_CHANGED = new Set(['(changed)', '(set)'])

type Plain = Record<string, unknown>

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A value shown whole: anything but an object or a list that holds objects. */
const isLeaf = (value: unknown): boolean => (Array.isArray(value) ? !value.some(isPlain) : !isPlain(value))

const hasIds = (list: unknown[]): list is { id: string }[] =>
  list.every((item) => isPlain(item) && typeof item.id === 'string')

/** The leaves of `value` by their dotted path under `prefix`. */
function leaves(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isLeaf(value)) {
    if (prefix) into.set(prefix, value)
    return into
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Plain)
  for (const [key, child] of entries) leaves(child, prefix ? `${prefix}.${key}` : key, into)
  return into
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function nameOf(item: Plain): ItemName | undefined {
  const { name, label, firstName, lastName } = item
  if (typeof name === 'string' || (isPlain(name) && typeof name.kk === 'string')) return name as ItemName
  if (typeof label === 'string') return label
  if (typeof firstName === 'string') return [firstName, lastName].filter(Boolean).join(' ')
  return undefined
}

/** The field-level changes of one item (or of a section that is one object). */
function fieldChanges(item: string | null, before: unknown, after: unknown): AuditChange[] {
  const name = item !== null && isPlain(after) ? nameOf(after) : undefined
  const named = name === undefined ? {} : { name }
  const old = leaves(before, '', new Map())
  const now = leaves(after, '', new Map())
  const changes: AuditChange[] = []
  for (const field of new Set([...now.keys(), ...old.keys()])) {
    if (SECRET_FIELDS.has(field)) {
      if (SECRET_CHANGED.has(String(now.get(field)))) changes.push({ kind: 'secret', item, ...named, field })
    } else if (!same(old.get(field), now.get(field))) {
      changes.push({ kind: 'changed', item, ...named, field, before: old.get(field), after: now.get(field) })
    }
  }
  return changes
}

export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (!Array.isArray(before) || !Array.isArray(after) || !hasIds(before) || !hasIds(after)) {
    if (isLeaf(before) && isLeaf(after)) {
      return same(before, after) ? [] : [{ kind: 'changed', item: null, field: '', before, after }]
    }
    return fieldChanges(null, before, after)
  }
  const old = new Map(before.map((item) => [item.id, item]))
  const now = new Set(after.map((item) => item.id))
  const changes: AuditChange[] = []
  for (const item of after) {
    const was = old.get(item.id)
    if (!was) changes.push(withName({ kind: 'added', item: item.id }, item))
    else changes.push(...fieldChanges(item.id, was, item))
  }
  for (const item of before) {
    if (!now.has(item.id)) changes.push(withName({ kind: 'removed', item: item.id }, item))
  }
  return changes
}

function withName(change: { kind: 'added' | 'removed'; item: string }, item: Plain): AuditChange {
  const name = nameOf(item)
  return name === undefined ? change : { ...change, name }
}

/** A leaf as the change log shows it: lists joined, a day's intervals as 09:00–13:00. */
export function auditValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  if (Array.isArray(value)) {
    return value.length === 0
      ? '—'
      : value.map((v) => (Array.isArray(v) ? v.join('–') : auditValue(v))).join(', ')
  }
  return String(value)
}
