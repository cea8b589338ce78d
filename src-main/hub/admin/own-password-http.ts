/**
 * `POST /api/sessions/password` `{ login, password, newPassword }`: a staff member sets their own
 * password and is signed in (201, the sign-in's answer). This is how a login the admin created or reset
 * (`mustChangePassword`) gets its first session: the sign-in answers `must_change_password` and opens
 * none. The current password is checked, and counted by the lockout, exactly as at a sign-in; the new one
 * follows the admin's rules and must differ from it. The change is the `staff` section's, through
 * `ConfigAdmin` like the admin's, audited as the person themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJson, sendError, sendJson } from '../http/respond'
import type { HttpApp } from '../http/router'
import { sendSignIn } from '../http/session-routes'
import type { StaffSessions } from '../staff-sessions'
import type { ConfigIssue } from './config-change'
import { passwordProblem, type StaffAdmin } from './staff-admin'

const PATH = '/api/sessions/password'

function refuse(res: ServerResponse, status: number, issues: ConfigIssue[]): void {
  const message = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  const code = status === 503 ? 'storage_failed' : 'invalid_payload'
  sendJson(res, status, { error: { code, message, issues } })
}

export function ownPasswordApp(sessions: StaffSessions, staff: StaffAdmin): HttpApp {
  async function change(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req)
    if (!body.ok) return sendError(res, body.status, body.code, body.message)
    const { login, password, newPassword } = (body.value ?? {}) as Record<string, unknown>
    if (
      typeof login !== 'string' ||
      typeof password !== 'string' ||
      typeof newPassword !== 'string' ||
      login.length > 80 ||
      password.length > 200
    ) {
      return sendError(
        res,
        400,
        'invalid_payload',
        'send {"login": "...", "password": "<your current one>", "newPassword": "..."}',
      )
    }
    // Checked before the current password, so a weak choice spends no lockout attempt.
    const weak = passwordProblem(newPassword, 'newPassword')
    if (weak) return refuse(res, 422, [weak])
    const checked = await sessions.verify(req.socket.remoteAddress ?? '?', login, password)
    if (!checked.ok) return sendSignIn(res, checked)
    if (newPassword === password) {
      return refuse(res, 422, [{ path: ['newPassword'], message: 'must differ from your current password' }])
    }
    const changed = await staff.setOwnPassword(checked.staff.id, newPassword)
    if (!changed.ok) return refuse(res, changed.status, changed.issues)
    // Sessions opened before (with the given password, or before a reset) end: only this one is theirs.
    await sessions.endAllOf(changed.staff.id)
    sendSignIn(res, await sessions.open(changed.staff))
  }

  return async (req, res, url) => {
    if (url.pathname !== PATH) return false
    if (req.method === 'POST') await change(req, res)
    else {
      res.setHeader('Allow', 'POST')
      sendError(res, 405, 'method_not_allowed', `use POST for ${PATH}`)
    }
    return true
  }
}
