/**
 * `/api/sessions`: `POST {"login", "password"}` signs a staff member in (201 with the token; 403
 * `must_change_password` when the person must first choose their own password, at
 * `/api/sessions/password`), `DELETE` with `Authorization: Bearer <token>` signs out (204). A sign-in
 * sent by another site's page, or not as `application/json`, never gets here (`request-guard.ts`), so it
 * spends no lockout attempt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OpenedSession, SignInResult, StaffSessions } from '../staff-sessions'
import type { HttpApp } from './router'
import { bearerToken, readJson, sendError, sendJson } from './respond'

/** The answer to a sign-in: the session, or why there is none. */
export function sendSignIn(res: ServerResponse, result: SignInResult): void {
  if (result.ok) return sendSession(res, result)
  if (result.reason === 'unauthenticated') {
    return sendError(res, 401, 'unauthenticated', 'wrong login or password')
  }
  if (result.reason === 'must_change_password') {
    return sendError(
      res,
      403,
      'must_change_password',
      'this password was given to you: choose your own at POST /api/sessions/password',
    )
  }
  res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)))
  sendError(res, 429, 'rate_limited', 'too many failed sign-ins; wait and try again')
}

function sendSession(res: ServerResponse, { token, expiresAt, staff }: OpenedSession): void {
  sendJson(res, 201, {
    token,
    expiresAt,
    staff: { id: staff.id, firstName: staff.firstName, lastName: staff.lastName, roles: staff.roles },
  })
}

export function sessionRoutes(sessions: StaffSessions): HttpApp {
  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req)
    if (!body.ok) return sendError(res, body.status, body.code, body.message)
    const { login, password } = (body.value ?? {}) as { login?: unknown; password?: unknown }
    if (
      typeof login !== 'string' ||
      typeof password !== 'string' ||
      login.length > 80 ||
      password.length > 200
    ) {
      return sendError(res, 400, 'invalid_payload', 'send {"login": "...", "password": "..."}')
    }
    sendSignIn(res, await sessions.signIn(req.socket.remoteAddress ?? '?', login, password))
  }

  async function signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = bearerToken(req)
    if (!token) return sendError(res, 401, 'unauthenticated', 'send Authorization: Bearer <token>')
    await sessions.signOut(token)
    res.statusCode = 204
    res.end()
  }

  return async (req, res, url) => {
    if (url.pathname !== '/api/sessions') return false
    if (req.method === 'POST') await signIn(req, res)
    else if (req.method === 'DELETE') await signOut(req, res)
    else {
      res.setHeader('Allow', 'POST, DELETE')
      sendError(res, 405, 'method_not_allowed', 'use POST to sign in, DELETE to sign out')
    }
    return true
  }
}
