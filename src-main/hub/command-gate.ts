/**
 * What every socket message passes through. First the gate (rate, trackers read-only, known names), then
 * the one command path, the same for every target (the centre's engine, the registration desk):
 * validate, authorise, submit (the target decides and persists), ack. Facts follow the ack, from the
 * target's own commit listener.
 */
import type { z, ZodType } from 'zod'
import type { Actor, CommandType } from '../../src-shared/domain'
import {
  commandSchemas,
  MAX_COMMAND_BYTES,
  mayCommand,
  type AckError,
  type ClientToHubEvents,
  type Principal,
  type Role,
} from '../../src-shared/protocol'
import { errorAck, type CentreEngine } from './centre-engine'
import { CommandBucket, type CommandRateOptions } from './command-rate'
import type { HubSocket } from './hub-io'
import type { Logger } from './logger'
import { isPromiseLike } from './store/types'

/** Whatever decides and persists one family of commands. */
export interface CommandTarget<T extends string> {
  /** The payload schema of each command this target answers; its keys are the message names. */
  schemas: { readonly [K in T]: ZodType }
  may(roles: readonly Role[], type: T): boolean
  /**
   * Optional: what must be done before `submit` and may wait (putting personal values in the vault):
   * the payload `submit` then takes, or a refusal ack. So `submit`'s own promise is still what the path
   * awaits, and its ack goes out before its facts. Never rejects but for a bug or storage trouble.
   */
  prepare?(principal: Principal, type: T, data: unknown): Promise<{ ok: true; data: unknown } | AckError>
  /** Decides and persists a validated, authorised command; answers with its ack, never rejects. */
  submit(principal: Principal, principalKey: string, type: T, data: unknown): object | Promise<object>
}

export interface CommandGateOptions {
  /** Commands a connection may send, by who it is (see `commandRateFor`); checked by `validCommandRate`. */
  rateOf: (principal: Principal) => CommandRateOptions
  logger: Logger
  targets: ReadonlyArray<CommandTarget<string>>
  /** Other message names a handler answers (queries such as `sync:since`). */
  queries: readonly string[]
}

export function commandGate({ rateOf, logger, targets, queries }: CommandGateOptions) {
  /**
   * The gate every message passes before any handler: it takes a token (over the rate: `rate_limited`),
   * then refuses what no handler would take — anything from a tracker (`forbidden`), unknown names
   * (`unknown_command`), a known name without its ack callback (counted and logged) or with other than
   * one payload (`invalid_payload`) — so a flood of any kind is answered unread and changes nothing.
   * Handlers behind it always get `(payload, ack)`.
   */
  function guard(socket: HubSocket): void {
    const rate = rateOf(socket.data.principal)
    // Real elapsed time, not the centre's clock (which tests and the bench may move or freeze).
    const bucket = new CommandBucket(rate, rate.clock ?? (() => performance.now()))
    const tracker = socket.data.principal.role === 'tracker'
    let refused = 0
    let withoutAck = 0
    socket.use((packet, next) => {
      const [name] = packet
      const ack = packet[packet.length - 1]
      const hasAck = typeof ack === 'function'
      const reply = hasAck ? (ack as (result: AckError) => void) : () => undefined
      if (!bucket.take()) {
        const seconds = Math.max(1, Math.ceil(bucket.retryAfterMs() / 1000))
        reply(errorAck('rate_limited', `too many commands on this connection; wait ${seconds} s`))
        refused += 1
        if (refused === 1 || refused % 1000 === 0)
          logger.warn({ principal: socket.data.principalKey, refused }, 'commands over the rate refused')
        return
      }
      if (tracker) return reply(errorAck('forbidden', 'a ticket tracker is read-only'))
      if (!known(name)) {
        return reply(errorAck('unknown_command', `the hub has no command "${String(name).slice(0, 64)}"`))
      }
      const payloads = packet.length - (hasAck ? 2 : 1)
      if (!hasAck) {
        // The client could never learn the outcome, so nothing is done; the log names no payload.
        withoutAck += 1
        if (withoutAck === 1 || withoutAck % 1000 === 0) {
          logger.warn(
            { principal: socket.data.principalKey, command: name, payloads, withoutAck },
            'messages without an ack callback ignored',
          )
        }
        return
      }
      if (payloads !== 1) {
        return reply(
          errorAck(
            'invalid_payload',
            `${name} takes exactly one payload (a JSON object) and an ack callback; got ${payloads} payloads`,
          ),
        )
      }
      next()
    })
  }

  function known(name: string): boolean {
    return targets.some((target) => Object.hasOwn(target.schemas, name)) || queries.includes(name)
  }

  /** Binds every target's commands on a socket that may send them (not a tracker). */
  function bind(socket: HubSocket): void {
    for (const target of targets) {
      for (const type of Object.keys(target.schemas)) {
        socket.on(type as keyof ClientToHubEvents, (payload: unknown, ack: unknown) => {
          runCommand(socket, target, type, payload, ack).catch((error: unknown) =>
            replyInternal(socket, type, ack, error),
          )
        })
      }
    }
  }

  async function runCommand(
    socket: HubSocket,
    target: CommandTarget<string>,
    type: string,
    payload: unknown,
    ack: unknown,
  ): Promise<void> {
    // `guard` passes on only messages with one payload and an ack callback.
    if (typeof ack !== 'function') return
    const reply = ack as (result: object) => void
    const { principal, principalKey } = socket.data
    // 1. validate
    const parsed = parsePayload(type, target.schemas[type]!, payload)
    if (!parsed.success) return reply(parsed.ack)
    // 2. authorise
    if (!target.may(principal.roles, type)) {
      return reply(errorAck('forbidden', `${principal.roles.join('/')} may not send ${type}`))
    }
    let data: unknown = parsed.data
    if (target.prepare) {
      const prepared = await target.prepare(principal, type, data)
      if (!prepared.ok) return reply(prepared)
      data = prepared.data
    }
    // 3–5. decide, persist, ack. A target's ack promise is awaited directly, with no tick of its own:
    // the engine queues its facts right after resolving the acks, and the ack must go out first.
    const answer = target.submit(principal, principalKey, type, data)
    reply(isPromiseLike(answer) ? await answer : answer)
  }

  /** A handler that threw (a bug, or storage trouble): answer, log, and keep serving everyone else. */
  function replyInternal(socket: HubSocket, type: string, ack: unknown, error: unknown): void {
    logger.error({ err: error, command: type, principal: socket.data.principalKey }, 'command handler failed')
    if (typeof ack === 'function') ack(errorAck('internal', 'the hub could not handle this command'))
  }

  return { guard, bind }
}

/** The centre's queue commands, decided by the engine; its facts go out from its commit listener. */
export function engineCommands(engine: CentreEngine): CommandTarget<CommandType> {
  return {
    schemas: commandSchemas,
    may: mayCommand,
    // Not async: the engine's own promise is what the command path awaits (see `runCommand`).
    submit(principal, principalKey, type, data) {
      const { requestId, ...fields } = data as { requestId: string }
      const command = { type, ...fields } as Parameters<CentreEngine['submit']>[3]
      return engine.submit(principalKey, requestId, actorOf(principal), command)
    },
  }
}

/** Who the engine is told sent a command: the staff member (with their roles) or the device. */
export function actorOf(principal: Principal): Actor {
  if (principal.role === 'staff') return { kind: 'staff', staffId: principal.id, roles: principal.roles }
  return {
    kind: 'device',
    deviceId: principal.id,
    deviceKind: principal.roles[0] === 'display' ? 'display' : 'kiosk',
  }
}

/** Step 1 of every command: at most MAX_COMMAND_BYTES of JSON, matching the command's schema exactly. */
function parsePayload<S extends ZodType>(
  type: string,
  schema: S,
  payload: unknown,
): { success: true; data: z.output<S> } | { success: false; ack: AckError } {
  let size: number
  try {
    // Bytes, not characters: Kazakh and Russian letters take two bytes each in UTF-8.
    size = Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8')
  } catch {
    // A payload JSON cannot write (a cycle, a BigInt) is refused below, like any invalid one.
    return { success: false, ack: errorAck('invalid_payload', 'the payload is not JSON') }
  }
  if (size > MAX_COMMAND_BYTES) {
    return {
      success: false,
      ack: errorAck('payload_too_large', `the payload is ${size} bytes; the limit is ${MAX_COMMAND_BYTES}`),
    }
  }
  const parsed = schema.safeParse(payload)
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
      .join('; ')
    return { success: false, ack: errorAck('invalid_payload', `${type}: ${detail}`) }
  }
  return { success: true, data: parsed.data }
}
