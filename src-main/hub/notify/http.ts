/**
 * `GET /api/notifications?limit=N` (supervisor or admin, `Authorization: Bearer <session token>`): the
 * newest notifications and what became of each (sent, failed, why), the recipient masked, and whether
 * the centre has notifications on (`{ enabled, notifications }`). The supervisor face's panel reads it.
 */
import type { CentreConfig } from '../../../src-shared/config'
import { notificationSettings, type NotificationView } from '../../../src-shared/notifications'
import { maskPhone } from '../../../src-shared/kz/phone'
import type { Role } from '../../../src-shared/protocol'
import type { HttpApp } from '../http/router'
import { bearerToken, sendAnswer } from '../http/respond'
import type { StaffSessions } from '../staff-sessions'
import type { VaultEntries } from '../vault'
import type { NotifyRecords } from './notify-records'

const ROLES: readonly Role[] = ['supervisor', 'admin']
const PATH = '/api/notifications'

export interface NotificationsAppOptions {
  records: NotifyRecords
  entries: Pick<VaultEntries, 'open'>
  sessions: StaffSessions
  config: CentreConfig
}

const error = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
})

export function notificationsApp({ records, entries, sessions, config }: NotificationsAppOptions): HttpApp {
  return async (req, res, url) => {
    if (url.pathname !== PATH) return false
    if (req.method !== 'GET') {
      sendAnswer(res, {
        ...error(405, 'method_not_allowed', `use GET for ${PATH}`),
        headers: { Allow: 'GET' },
      })
      return true
    }
    const token = bearerToken(req)
    const staff = token ? sessions.staffOf(await sessions.find(token)) : undefined
    if (!staff) {
      sendAnswer(
        res,
        error(401, 'unauthenticated', 'send Authorization: Bearer <token> of a signed-in staff member'),
      )
      return true
    }
    if (!staff.roles.some((role) => ROLES.includes(role))) {
      sendAnswer(res, error(403, 'forbidden', `${staff.roles.join('/')} may not read ${PATH}`))
      return true
    }
    const limitText = url.searchParams.get('limit') ?? '100'
    const limit = Number(limitText)
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 500) {
      sendAnswer(res, error(400, 'invalid_payload', 'limit must be a whole number from 1 to 500'))
      return true
    }
    const rows = await records.recent(limit)
    const masked = new Map<string, string | null>()
    for (const phoneId of new Set(rows.map((row) => row.phoneId))) {
      const phone = await entries.open(phoneId)
      masked.set(phoneId, phone ? maskPhone(phone.value) : null)
    }
    const notifications: NotificationView[] = rows.map((row) => ({
      key: row.key,
      kind: row.kind,
      channel: row.channel,
      recipient: masked.get(row.phoneId) ?? null,
      status: row.status,
      attempts: row.attempts,
      reason: row.reason,
      error: row.error,
      createdAt: row.createdAt,
      notBefore: row.notBefore,
      updatedAt: row.updatedAt,
      sentAt: row.sentAt,
    }))
    const enabled = notificationSettings(config).enabled
    sendAnswer(res, { status: 200, body: { enabled, notifications } })
    return true
  }
}
