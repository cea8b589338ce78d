/**
 * The desk's command path: one validated, authorised command is decided, persisted with its answer and
 * answered, under the same retry rules as queue commands (`../../idempotency.ts`). Never rejects.
 *
 * The request id is scoped to its sender and command name; the answer is stored with a keyed
 * fingerprint of the payload (an HMAC under a key the vault derives), so a true retry gets the first
 * answer, live and after a restart, and the same id with another payload is `request_id_reused`.
 * Queries are answered afresh each time.
 */
import type {
  BindingView,
  RegistrationCommandType,
  registrationSchemas,
} from '../../../../src-shared/protocol'
import { REGISTRATION_QUERIES } from '../../../../src-shared/protocol'
import type { z } from 'zod'
import { errorAck } from '../../centre-engine'
import { answerFromStore, InflightRequests, keyedFingerprint, requestScope } from '../../idempotency'
import { changePhone, register } from './start'
import { confirm } from './confirm'
import {
  Refusal,
  type Answer,
  type DeskActor,
  type DeskContext,
  type Payload,
  type Remember,
} from './context'
import { query } from './queries'
import { resend } from './resend'
import { revoke } from './revoke'

type Decide = (ctx: DeskContext, actor: DeskActor, fields: never, remember: Remember) => Promise<object>

const COMMANDS: Partial<Record<RegistrationCommandType, Decide>> = {
  'registration:start': register,
  'registration:change-phone': changePhone,
  'registration:resend': resend,
  'registration:confirm': confirm,
  'registration:revoke': revoke,
}

export class DeskCommands {
  private readonly inflight = new InflightRequests<object>()

  constructor(
    private readonly ctx: DeskContext,
    /** Current key first; a stored answer's fingerprint under any of them is the same payload. */
    private readonly fingerprintKeys: readonly Buffer[],
  ) {}

  handle<T extends RegistrationCommandType>(
    actor: DeskActor,
    type: T,
    payload: z.output<(typeof registrationSchemas)[T]>,
  ): Promise<Answer<T>> {
    const { requestId, ...fields } = payload as { requestId: string } & Payload<T>
    if (REGISTRATION_QUERIES.has(type))
      return this.guard(() => query(this.ctx, actor, type, fields as Payload<T>))
    const decide = Object.hasOwn(COMMANDS, type) ? COMMANDS[type] : undefined
    if (!decide) {
      return Promise.resolve(
        errorAck('unknown_command', `the registration desk has no command "${type}"`) as Answer<T>,
      )
    }
    const scope = requestScope(actor.principalKey, type)
    const fingerprints = this.fingerprintKeys.map((key) => keyedFingerprint(key, { type, ...fields }))
    const fingerprint = fingerprints[0]!
    const running = this.inflight.join(scope, requestId, fingerprint, type)
    if (running) return running as Promise<Answer<T>>
    const promise = this.guard(async () => {
      const stored = await this.storedAnswer(actor, scope, requestId)
      // Stored before a key rotation, the answer's fingerprint is under an older key.
      const same =
        stored?.fingerprint && fingerprints.includes(stored.fingerprint) ? stored.fingerprint : fingerprint
      const answered = answerFromStore<Answer<T>>(stored, same, type)
      if (answered) return this.replay(answered as Answer<T>)
      const remember: Remember = (tx, ack) =>
        tx.saveResult({
          principal: scope,
          requestId,
          ack: JSON.stringify(ack),
          at: this.ctx.now(),
          fingerprint,
        })
      return (await decide(this.ctx, actor, fields as never, remember)) as Answer<T>
    })
    this.inflight.track(scope, requestId, fingerprint, promise)
    return promise
  }

  /** Resolves once every command being decided has been answered (for shutdown). */
  settled(): Promise<void> {
    return this.inflight.settled()
  }

  /**
   * The stored answer to this request. Compatibility: answers stored before request ids were scoped
   * per command name sit under `reg:<requestId>` with no fingerprint; they are pruned after two days,
   * and this second lookup can go with the release after the one that brought scopes.
   */
  private async storedAnswer(actor: DeskActor, scope: string, requestId: string) {
    return (
      (await this.ctx.store.findResult(scope, requestId)) ??
      (await this.ctx.store.findResult(actor.principalKey, `reg:${requestId}`))
    )
  }

  private async guard<A>(work: () => Promise<A> | A): Promise<A> {
    try {
      return await work()
    } catch (error) {
      if (error instanceof Refusal) return error.ack as A
      this.ctx.logger.error({ err: error }, 'registration command failed')
      return errorAck('storage_failed', 'the registration was not stored; try again shortly') as A
    }
  }

  /** A stored confirm ack holds no personal data; the registrar's retry gets it back from the binding. */
  private async replay<T extends RegistrationCommandType>(ack: Answer<T>): Promise<Answer<T>> {
    const binding = (ack as { binding?: BindingView }).binding
    if (!ack.ok || !binding || !('registration' in ack)) return ack
    const row = await this.ctx.store.getBinding(binding.id)
    if (!row?.iin || !row.phone) return ack
    return { ...ack, binding: { ...binding, iin: row.iin, phone: row.phone } }
  }
}
