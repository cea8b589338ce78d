/**
 * The citizen's join on `/join`, one step after another: service → phone → the code from the SMS →
 * travel time and notifications → done (then, maybe, cancelled). Held in memory only (nothing personal in
 * localStorage); a reload starts over, and the tracker link keeps the ticket.
 *
 * One action, one request id: the join's is made when the citizen asks to join and kept only to ask
 * again after no answer came (the hub then gives the same ticket); any answer ends it. The same for a
 * cancel.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { PhoneCallError, type CodeSent } from '../base/phone-api'
import { joinApi, type JoinCatalogue, type Joined, type JoinService } from '../join/join-api'
import { isCodeProblem } from '../join/join-words'

export type JoinStep = 'service' | 'phone' | 'code' | 'travel' | 'done'

/** A refusal as the page shows it: the hub's code (the key of its words) and the field it names. */
export interface JoinProblem {
  code: string
  field: string | null
}

/** Refusals about the service chosen: the page goes back to the list, as it is now. */
const SERVICE_PROBLEMS = new Set([
  'remote_join_full',
  'remote_daily_cap',
  'no_window_serves',
  'centre_closed',
  'remote_join_off',
])

export const useJoinStore = defineStore('join', () => {
  const step = ref<JoinStep>('service')
  const catalogue = ref<JoinCatalogue | null>(null)
  const service = ref<JoinService | null>(null)
  const phone = ref('')
  const challenge = ref<CodeSent | null>(null)
  const code = ref('')
  const travelMinutes = ref(30)
  const notify = ref<('sms' | 'telegram')[]>([])
  const joined = ref<Joined | null>(null)
  const cancelled = ref(false)
  const problem = ref<JoinProblem | null>(null)
  const busy = ref(false)
  let pendingJoin: string | null = null
  let pendingCancel: string | null = null

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true
    problem.value = null
    try {
      await action()
    } catch (error) {
      if (!(error instanceof PhoneCallError)) throw error
      problem.value = { code: error.code, field: error.field }
    } finally {
      busy.value = false
    }
  }

  function load(): Promise<void> {
    return run(async () => {
      catalogue.value = await joinApi.services()
      travelMinutes.value = catalogue.value.travel.defaultMinutes
    })
  }

  function chooseService(next: JoinService): void {
    if (next.refusal) return
    service.value = next
    problem.value = null
    step.value = 'phone'
  }

  /** Sends the code to the phone (E.164). */
  function sendCode(e164: string): Promise<void> {
    return run(async () => {
      phone.value = e164
      challenge.value = await joinApi.requestCode(e164)
      code.value = ''
      step.value = 'code'
    })
  }

  function resend(): Promise<void> {
    return run(async () => {
      challenge.value = await joinApi.resendCode(challenge.value!.challengeId)
    })
  }

  /** A new code for the same phone (the old one expired, was used up or is unknown). */
  function newCode(): Promise<void> {
    return sendCode(phone.value)
  }

  /** The code as typed: checked by the hub with the join itself, after the travel step. */
  function enterCode(digits: string): void {
    code.value = digits
    problem.value = null
    step.value = 'travel'
  }

  function join(language: string): Promise<void> {
    return run(async () => {
      const requestId = pendingJoin ?? crypto.randomUUID()
      pendingJoin = requestId
      try {
        joined.value = await joinApi.join({
          requestId,
          challengeId: challenge.value!.challengeId,
          code: code.value,
          phone: phone.value,
          serviceId: service.value!.id,
          travelMinutes: travelMinutes.value,
          notify: notify.value,
          language,
        })
        pendingJoin = null
        // Done with it: the page keeps no phone once the ticket is made.
        phone.value = code.value = ''
        step.value = 'done'
      } catch (error) {
        if (!(error instanceof PhoneCallError)) throw error
        if (error.code !== 'offline') pendingJoin = null
        if (error.code === 'code_wrong' && challenge.value) challenge.value.attemptsLeft -= 1
        if (isCodeProblem(error.code)) step.value = 'code'
        if (SERVICE_PROBLEMS.has(error.code)) {
          step.value = 'service'
          catalogue.value = await joinApi.services()
        }
        throw error
      }
    })
  }

  function cancel(): Promise<void> {
    return run(async () => {
      const requestId = pendingCancel ?? crypto.randomUUID()
      pendingCancel = requestId
      try {
        await joinApi.cancel(joined.value!.trackToken, requestId)
        pendingCancel = null
        cancelled.value = true
      } catch (error) {
        if (error instanceof PhoneCallError && error.code !== 'offline') pendingCancel = null
        throw error
      }
    })
  }

  /** Back one step. */
  function back(): void {
    problem.value = null
    if (step.value === 'travel') step.value = 'code'
    else if (step.value === 'code') step.value = 'phone'
    else if (step.value === 'phone') step.value = 'service'
  }

  function restart(): void {
    step.value = 'service'
    service.value = challenge.value = joined.value = problem.value = null
    phone.value = code.value = ''
    notify.value = []
    cancelled.value = false
    pendingJoin = pendingCancel = null
    if (catalogue.value) travelMinutes.value = catalogue.value.travel.defaultMinutes
  }

  return {
    step,
    catalogue,
    service,
    phone,
    challenge,
    code,
    travelMinutes,
    notify,
    joined,
    cancelled,
    problem,
    busy,
    load,
    chooseService,
    sendCode,
    resend,
    newCode,
    enterCode,
    join,
    cancel,
    back,
    restart,
  }
})
