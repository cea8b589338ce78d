/**
 * Where a supervisor may call a waiting ticket (the hub's rule in `callTicket`): an open window with
 * nothing in hand that serves the ticket's service. When none may, which of the three reasons it is, so
 * the dialog can say why instead of showing an empty list.
 */
import type { DeskConfig } from '../../src-shared/config/desks'
import type { Desk } from '../../src-shared/domain'

/** Why no window can take the ticket: none is open, no open one serves it, or every one that does is busy. */
export type NoWindowReason = 'noneOpen' | 'noneServes' | 'allBusy'

export interface CallableWindows {
  /** The windows the ticket may be called to, in the configured order. */
  windows: DeskConfig[]
  /** Null when `windows` is not empty. */
  reason: NoWindowReason | null
}

export function callableWindows(
  configured: readonly DeskConfig[],
  desks: Readonly<Record<string, Desk>>,
  serviceId: string,
): CallableWindows {
  const open = configured.filter((desk) => desks[desk.id]?.status === 'open')
  const serving = open.filter((desk) => desks[desk.id]!.serviceIds.includes(serviceId))
  const windows = serving.filter((desk) => desks[desk.id]!.ticketId === null)
  if (windows.length > 0) return { windows, reason: null }
  const reason: NoWindowReason =
    open.length === 0 ? 'noneOpen' : serving.length === 0 ? 'noneServes' : 'allBusy'
  return { windows, reason }
}
