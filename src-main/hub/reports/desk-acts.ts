/**
 * `GET /api/desk-acts` (a signed-in staff member, `Authorization: Bearer <session token>`): the
 * supervisor's acts of the centre's day (the `report_acts` rows) that concern the window the caller
 * holds now, as their screen tells them (`DeskActNotice`). A consultant's page asks after a reload, so
 * what a supervisor did to their window while the page was gone is still shown until put away. Messages
 * are not here: the unread ones are in the centre's state.
 */
import type { CentreState } from '../../../src-shared/domain'
import { actConcerns, type DeskActNotice, type DeskActsAnswer } from '../../../src-shared/protocol/desk-acts'
import type { HttpApp } from '../http/router'
import { bearerToken, sendAnswer } from '../http/respond'
import type { StaffSessions } from '../staff-sessions'
import type { ActKind, ActRow } from './acts'

export const DESK_ACTS_PATH = '/api/desk-acts'

const KINDS: Partial<Record<ActKind, DeskActNotice['kind']>> = {
  ticket_cancelled: 'cancelled',
  ticket_transferred: 'transferred',
  ticket_prioritised: 'prioritised',
  ticket_categorised: 'prioritised',
  ticket_called: 'called',
  desk_paused: 'paused',
  desk_opened: 'restaffed',
  desk_closed: 'released',
}

/** The notice of an act row; null for a message (kept in the state) or a kind screens do not tell. */
export function noticeOf(
  row: ActRow,
  serviceOf: (ticketId: string) => string | undefined,
): DeskActNotice | null {
  const kind = KINDS[row.kind]
  if (!kind) return null
  const ticketService = row.ticketId ? serviceOf(row.ticketId) : undefined
  const transfer = kind === 'transferred'
  return {
    seq: row.seq,
    at: row.at,
    kind,
    by: row.by,
    reason: row.reason ?? '',
    ticketId: row.ticketId,
    deskId:
      kind === 'called' || kind === 'paused' || kind === 'restaffed' || kind === 'released'
        ? row.deskId
        : null,
    serviceIds: transfer
      ? [row.oldValue, row.newValue].filter((id): id is string => !!id)
      : ticketService && kind !== 'called'
        ? [ticketService]
        : [],
    toServiceId: transfer ? row.newValue : null,
    categoryId: kind === 'prioritised' ? row.newValue : null,
    ...(kind === 'released' ? { staffId: row.staffId } : {}),
  }
}

export interface DeskActsAppOptions {
  sessions: StaffSessions
  state: () => CentreState
  /** The acts of the centre's day `day`, in time order. */
  acts: (day: string) => Promise<ActRow[]>
}

export function deskActsApp({ sessions, state, acts }: DeskActsAppOptions): HttpApp {
  return async (req, res, url) => {
    if (url.pathname !== DESK_ACTS_PATH) return false
    if (req.method !== 'GET') {
      sendAnswer(res, {
        status: 405,
        headers: { Allow: 'GET' },
        body: { error: { code: 'method_not_allowed', message: `use GET for ${DESK_ACTS_PATH}` } },
      })
      return true
    }
    const token = bearerToken(req)
    const staff = token ? sessions.staffOf(await sessions.find(token)) : undefined
    if (!staff) {
      sendAnswer(res, {
        status: 401,
        body: {
          error: {
            code: 'unauthenticated',
            message: 'send Authorization: Bearer <token> of a signed-in staff member',
          },
        },
      })
      return true
    }
    const now = state()
    const desk = Object.values(now.desks).find((d) => d.staffId === staff.id && d.status !== 'closed')
    // Before the first day opens there is no day, and no act. Without a window, a consultant may still
    // be told that a supervisor closed theirs.
    const day = now.day
    const rows = day ? await acts(day) : []
    const serviceOf = (ticketId: string) => state().tickets[ticketId]?.serviceId
    const answer: DeskActsAnswer = {
      day,
      acts: rows
        // An act on the window for the consultant who held it then is theirs, not the caller's.
        .filter((row) => row.staffId === null || row.staffId === staff.id)
        .map((row) => noticeOf(row, serviceOf))
        .filter(
          (notice): notice is DeskActNotice => notice !== null && actConcerns(notice, desk ?? null, staff.id),
        ),
    }
    sendAnswer(res, { status: 200, body: answer })
    return true
  }
}
