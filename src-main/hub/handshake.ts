/**
 * Who is on the other end of a new socket: the handshake's `auth` names a role and a credential (a staff
 * session token, a device id and key, or a ticket's tracking token). A socket that passes carries its
 * principal in `socket.data`; one that does not is refused with a `connect_error` and a stable code.
 * Before any credential is looked at, an address that has failed too often is refused (`rate_limited`);
 * a device or tracker already holding all its sockets is refused too (`too_many_connections`), see
 * `connection-limits.ts`.
 */
import type { CentreConfig } from '../../src-shared/config'
import { handshakeSchema } from '../../src-shared/protocol'
import type { CentreEngine } from './centre-engine'
import type { ConnectionLimits } from './connection-limits'
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
  limits: ConnectionLimits
  logger: Logger
  now: () => number
}

/** The Socket.IO middleware that admits a socket or refuses it. */
export function handshake({ config, engine, sessions, limits, logger, now }: HandshakeOptions) {
  function authenticate(socket: HubSocket, next: Next): void {
    const address = socket.handshake.address
    const waitMs = limits.lockedFor(address)
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000)
      return next(
        connectError('rate_limited', `too many failed connections from this address; wait ${seconds} s`, {
          retryAfterMs: waitMs,
        }),
      )
    }
    const parsed = handshakeSchema.safeParse(socket.handshake.auth)
    if (!parsed.success)
      return next(connectError('unauthenticated', 'the handshake auth must name a role and a credential'))
    const auth = parsed.data
    if (auth.role === 'staff') {
      const found = sessions.find(auth.token)
      if (!isPromiseLike(found)) return acceptStaff(socket, address, found, next)
      found.then(
        (session) => acceptStaff(socket, address, session, next),
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
        limits.failed(address)
        return next(connectError('unauthenticated', 'unknown device or wrong device key'))
      }
      const key = `device:${device.id}`
      if (!limits.take(socket, 'device', key)) return next(tooMany(`device ${device.id}`, 'device'))
      socket.data.principal = {
        role: 'device',
        roles: [device.kind],
        id: device.id,
        name: device.name,
        ...(device.kind === 'display' && device.zone ? { zone: device.zone } : {}),
      }
      socket.data.principalKey = key
      return next()
    }
    const ticketId = engine.ticketIdForToken(auth.ticketToken)
    if (!ticketId) {
      limits.failed(address)
      return next(connectError('unknown_ticket', 'this ticket is not active today'))
    }
    const key = `tracker:${ticketId}`
    if (!limits.take(socket, 'tracker', key)) return next(tooMany('this ticket', 'tracker'))
    socket.data.principal = { role: 'tracker', roles: ['tracker'], id: ticketId, name: 'tracker' }
    socket.data.principalKey = key
    socket.data.trackTicketId = ticketId
    return next()
  }

  function tooMany(what: string, credential: 'device' | 'tracker'): Error {
    const cap = limits.capOf(credential)
    return connectError(
      'too_many_connections',
      `${what} already has ${cap} connections, the most it may have; close one and try again`,
    )
  }

  function acceptStaff(
    socket: HubSocket,
    address: string,
    session: StaffSessionRow | undefined,
    next: Next,
  ): void {
    const staff = sessions.staffOf(session)
    if (!session || !staff) {
      // Both ask the user to sign in again; only a token the hub never knew counts as a guess.
      if (session && session.expiresAt <= now())
        return next(connectError('staff_session_expired', 'the session has expired; sign in again'))
      if (!session) limits.failed(address)
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
