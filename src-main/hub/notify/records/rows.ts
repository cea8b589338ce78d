/** An outbox row as either database gives it back, checked into an `OutboxRow`. */
import { NOTIFY_KINDS } from '../../../../src-shared/config'
import { NOTIFY_CHANNELS, type NotifyParams } from '../../../../src-shared/notifications'
import { OUTBOX_REASONS, OUTBOX_STATUSES, type OutboxRow } from '../notify-records'

export type OutboxDbRow = Omit<OutboxRow, 'params'> & { params: string }

function oneOf<T extends string>(value: string | null, allowed: readonly T[], field: string, key: string): T {
  if (!allowed.includes(value as T)) throw new Error(`notification ${key}: ${field} "${value}" is not known`)
  return value as T
}

export function outboxRow(row: OutboxDbRow): OutboxRow {
  return {
    ...row,
    kind: oneOf(row.kind, NOTIFY_KINDS, 'kind', row.key),
    channel: oneOf(row.channel, NOTIFY_CHANNELS, 'channel', row.key),
    status: oneOf(row.status, OUTBOX_STATUSES, 'status', row.key),
    reason: row.reason === null ? null : oneOf(row.reason, OUTBOX_REASONS, 'reason', row.key),
    params: JSON.parse(row.params) as NotifyParams,
  }
}
