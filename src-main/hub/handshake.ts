/**
 * Who is on the other end of a new socket: the handshake's `auth` names a role and a credential (a staff
 * session token, a device id and key, or a ticket's tracking token). A socket that passes carries its
 * principal in `socket.data`; one that does not is refused with a `connect_error` and a stable code.
 */
import type { CentreConfig } from '../../src-shared/config'
import { handshakeSchema } from '../../src-shared/protocol'
import type { CentreEngine } from './centre-engine'
import { connectError, type HubSocket } from './hub-io'
import type { Logger } from './logger'
import { verifyDeviceKey } from './passwords'
import { sessionKeyOf, type StaffSessions } from './staff-sessions'
import { isPromiseLike, type StaffSessionRow } from './store/types'

type Next = (error?: Error) => void

export interface HandshakeOptions {
  config: CentreConfig
  engine: CentreEngine
  sessions: StaffSessions
  logger: Logger
  now: () => number
}

/** The Socket.IO middleware that admits a socket or refuses it. */
export function handshake({ config, engine, sessions, logger, now }: HandshakeOptions) {
  function authenticate(socket: HubSocket, next: Next): void {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth)
    if (!parsed.success)
      return next(connectError('unauthenticated', 'the handshake auth must name a role and a credential'))
    const auth = parsed.data
    if (auth.role === 'staff') {
      const found = sessions.find(auth.token)
      if (!isPromiseLike(found)) return acceptStaff(socket, found, next)
      found.then(
        (session) => acceptStaff(socket, session, next),
        (error: unknown) => {
          logger.error({ err: error }, 'reading a staff session failed')
          next(connectError('internal', 'the hub could not check this connection; try again'))
        },
      )
      return
    }
    if (auth.role === 'device') {
      const device = config.devices.find((d) => d.id === auth.deviceId)
      if (!device || !verifyDeviceKey(auth.key, device.keyHash)) {
        return next(connectError('unauthenticated', 'unknown device or wrong device key'))
      }
      socket.data.principal = { role: 'device', roles: [device.kind], id: device.id, name: device.name }
      socket.data.principalKey = `device:${device.id}`
      return next()
    }
    const ticketId = engine.ticketIdForToken(auth.ticketToken)
    if (!ticketId) return next(connectError('unknown_ticket', 'this ticket is not active today'))
    socket.data.principal = { role: 'tracker', roles: ['tracker'], id: ticketId, name: 'tracker' }
    socket.data.principalKey = `tracker:${ticketId}`
    socket.data.trackTicketId = ticketId
    return next()
  }

  function acceptStaff(socket: HubSocket, session: StaffSessionRow | undefined, next: Next): void {
    const staff = sessions.staffOf(session)
    if (!session || !staff) {
      // Both ask the user to sign in again; only one is a sign of a token that was never given out.
      if (session && session.expiresAt <= now())
        return next(connectError('staff_session_expired', 'the session has expired; sign in again'))
      return next(
        connectError(
          'unknown_staff_session',
          'no session has this token (signed out, or never given); sign in again',
        ),
      )
    }
    socket.data.principal = {
      role: 'staff',
      roles: [...staff.roles],
      id: staff.id,
      name: `${staff.firstName} ${staff.lastName}`.trim(),
    }
    // Idempotency records are per staff member; sign-out disconnects by session.
    socket.data.principalKey = `staff:${staff.id}`
    socket.data.sessionKey = sessionKeyOf(session.tokenHash)
    socket.data.sessionExpiresAt = session.expiresAt
    next()
  }

  return (socket: HubSocket, next: Next): void => {
    try {
      authenticate(socket, next)
    } catch (error) {
      logger.error({ err: error }, 'handshake check failed')
      next(connectError('internal', 'the hub could not check this connection; try again'))
    }
  }
}
