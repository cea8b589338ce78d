import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { outcomesFor } from '../../src-shared/config/desk-work'
import type { CommandType, Desk, Ticket } from '../../src-shared/domain'
import { allowedActions, type AllowedActions, type ConsultantAction } from '../consultant/consultant-actions'
import { waitingFor } from '../consultant/consultant-queues'
import { useCommandSender } from '../composables/use-command-sender'
import {
  connectHub,
  disconnectHub,
  sendCommand,
  type ClientAckError,
  type ClientErrorCode,
  type CommandFields,
} from '../hub/hub-client'
import { useBookingCancelStore } from './booking-cancel'
import { useCentreStore } from './centre'
import { useConnectionStore } from './connection'
import { useFloorStore } from './floor'
import { useStaffMessagesStore } from './staff-messages'
import { useSessionStore, type SignInNotice, type SignInResult } from './session'
import { useStaffLanguage } from './staff-language'

/** Anything the consultant sends: the desk actions, opening a desk from the picker, an undo, a call, a walk-in. */
export type ConsultantCommand = ConsultantAction | 'open' | 'undo' | 'call' | 'issue'

/** The dialogs over the work screen: each asks one thing before its command goes. */
export type ConsultantDialog = 'transfer' | 'finish' | 'pause' | 'walk-in'

/** A command the hub refused (or did not answer): shown by its code, translated. */
export interface ActionError {
  action: ConsultantCommand
  code: ClientErrorCode
  message: string
}

/** What the hub acknowledged for a ticket that has left the consultant's hands. */
export interface ActionNotice {
  kind: 'finish' | 'noShow' | 'transfer' | 'postpone' | 'close' | 'undo'
  number: string
  serviceId?: string
  /** A no-show or postpone: the ticket, whose undo the notice offers while the hub's state allows it. */
  ticketId?: string
}

export type { SignInNotice } from './session'

const LANGUAGE_KEY = 'kezek.consultant.language'

/**
 * The consultant at their window: which desk is theirs (from the hub's state, never guessed), what
 * may be done now, and the commands, one at a time. A result appears only from the hub's state or
 * ack; a refusal is kept with its code for the face to translate.
 */
export const useConsultantStore = defineStore('consultant', () => {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const session = useSessionStore()

  /** Staff pick their own language; it stays on this PC (Kazakh until they choose). */
  const { language, chooseLanguage } = useStaffLanguage(LANGUAGE_KEY)
  /** One command at a time: every button rests while one waits for its ack. */
  const sender = useCommandSender<ConsultantCommand, { ok: true } | ClientAckError>()
  const pending = sender.pending
  const error = ref<ActionError | null>(null)
  const notice = ref<ActionNotice | null>(null)
  /** Showing the window picker although a desk is open (to change window or services). */
  const choosingDesk = ref(false)
  /** A dialog is open: shortcuts rest meanwhile. */
  const dialogOpen = ref(false)
  /** Which dialog the work screen shows, if any. */
  const dialog = ref<ConsultantDialog | null>(null)
  const signInNotice = ref<SignInNotice | null>(null)

  const staffId = computed(() => centre.you?.id ?? session.staff?.id ?? null)

  /** The desk open for this staff member, as the hub's state says. */
  const myDesk = computed<Desk | null>(() => {
    const id = staffId.value
    if (!id) return null
    return Object.values(centre.state.desks).find((d) => d.staffId === id && d.status !== 'closed') ?? null
  })

  const ticketInHand = computed<Ticket | null>(() => {
    const ticketId = myDesk.value?.ticketId
    return ticketId ? (centre.state.tickets[ticketId] ?? null) : null
  })

  const waitingHere = computed(() => (myDesk.value ? waitingFor(centre.state, myDesk.value.serviceIds) : 0))

  const allowed = computed<AllowedActions>(() =>
    allowedActions({
      desk: myDesk.value,
      ticket: ticketInHand.value,
      waiting: waitingHere.value,
      trusted: connection.trusted,
      busy: pending.value !== null,
    }),
  )

  /** Opens the hub connection for the signed-in staff member, if any. */
  function connect(): void {
    const credentials = session.credentials
    if (credentials) connectHub(credentials)
  }

  /** Signs in; with `newPassword`, first sets the person's own password (one the admin gave). */
  async function signIn(login: string, password: string, newPassword?: string): Promise<SignInResult> {
    const result = await session.signIn(login, password, newPassword)
    if (result.ok) {
      signInNotice.value = null
      clearFeedback()
      connect()
    }
    return result
  }

  function clearFeedback(): void {
    error.value = null
    notice.value = null
  }

  /** The outcomes the ticket in hand may be finished with (its service's, from the config). */
  const outcomesHere = computed(() => {
    const ticket = ticketInHand.value
    return ticket && centre.config ? outcomesFor(centre.config, ticket.serviceId) : []
  })
  const pauseReasons = computed(() => centre.config?.pauseReasons ?? [])

  /**
   * A button or key of the work screen: finish asks for the outcome and pause for the reason when the
   * config lists them, transfer and the walk-in open their dialog; the rest go at once.
   */
  function press(action: ConsultantAction): void {
    if (!allowed.value[action]) return
    if (action === 'transfer' || action === 'walk-in') dialog.value = action
    else if (action === 'finish' && outcomesHere.value.length > 0) dialog.value = 'finish'
    else if (action === 'pause' && pauseReasons.value.length > 0) dialog.value = 'pause'
    else void perform(action)
  }

  function forgetConnection(): void {
    disconnectHub()
    centre.$reset()
    connection.$reset()
    sender.forget()
    useBookingCancelStore().$reset()
    useFloorStore().$reset()
    useStaffMessagesStore().$reset()
    choosingDesk.value = false
    dialogOpen.value = false
    dialog.value = null
    clearFeedback()
  }

  /** The hub no longer takes this session (expired, or ended elsewhere): back to the sign-in form. */
  function endSession(why: 'expired' | 'ended'): void {
    forgetConnection()
    session.forget()
    signInNotice.value = why
  }

  /** Signs out; a desk left with nothing in hand is closed first, so it stops counting as open. */
  async function signOut(): Promise<void> {
    const desk = myDesk.value
    if (desk && !desk.ticketId && connection.trusted && pending.value === null) {
      await sender.send('close', (requestId) => sendCommand('desk:close', { deskId: desk.id }, { requestId }))
    }
    forgetConnection()
    await session.signOut()
    signInNotice.value = 'signed-out'
  }

  /** Sends one command, one at a time; keeps the refusal, and returns whether the hub acknowledged it. */
  async function run<T extends CommandType>(
    command: ConsultantCommand,
    type: T,
    fields: CommandFields<T>,
  ): Promise<boolean> {
    if (pending.value !== null) return false
    clearFeedback()
    const ack = await sender.send(command, (requestId) => sendCommand(type, fields, { requestId }))
    if (!ack) return false
    if (!ack.ok) {
      error.value = { action: command, code: ack.error.code, message: ack.error.message }
      return false
    }
    return true
  }

  /** One desk action; does nothing when the hub would refuse it (a shortcut on a disabled button). */
  async function perform(action: Exclude<ConsultantAction, 'transfer' | 'walk-in'>): Promise<boolean> {
    const desk = myDesk.value
    const ticket = ticketInHand.value
    if (!desk || !allowed.value[action]) return false
    const number = ticket?.number ?? ''
    switch (action) {
      case 'call-next':
        return run(action, 'ticket:call-next', { deskId: desk.id })
      case 'recall':
        return run(action, 'ticket:recall', { ticketId: ticket!.id })
      case 'start':
        return run(action, 'ticket:start', { ticketId: ticket!.id })
      case 'finish':
        return finish(null)
      case 'no-show': {
        const ok = await run(action, 'ticket:no-show', { ticketId: ticket!.id })
        if (ok) notice.value = { kind: 'noShow', number, ticketId: ticket!.id }
        return ok
      }
      case 'postpone': {
        const ok = await run(action, 'ticket:postpone', { ticketId: ticket!.id })
        if (ok) notice.value = { kind: 'postpone', number, ticketId: ticket!.id }
        return ok
      }
      case 'pause':
        return pause(null)
      case 'resume':
        return run(action, 'desk:resume', { deskId: desk.id })
      case 'close': {
        const ok = await run(action, 'desk:close', { deskId: desk.id })
        if (ok) notice.value = { kind: 'close', number: '' }
        return ok
      }
    }
  }

  /** Finishes the ticket in hand with the outcome chosen (an `outcomes` id), or none. */
  async function finish(outcome: string | null): Promise<boolean> {
    const ticket = ticketInHand.value
    if (!ticket || !allowed.value.finish) return false
    const ok = await run('finish', 'ticket:finish', { ticketId: ticket.id, ...(outcome ? { outcome } : {}) })
    if (ok) notice.value = { kind: 'finish', number: ticket.number }
    return ok
  }

  /** Pauses the desk for the reason chosen (a `pauseReasons` id), or none. */
  async function pause(reason: string | null): Promise<boolean> {
    const desk = myDesk.value
    if (!desk || !allowed.value.pause) return false
    return run('pause', 'desk:pause', { deskId: desk.id, ...(reason ? { reason } : {}) })
  }

  /** Calls a particular waiting ticket of this desk's services to the desk. */
  async function callTicket(ticketId: string): Promise<boolean> {
    const desk = myDesk.value
    const ticket = centre.state.tickets[ticketId]
    if (!desk || !ticket || !canCall(ticket)) return false
    return run('call', 'ticket:call', { deskId: desk.id, ticketId })
  }

  /** Whether the hub would take `ticket:call` of this ticket to this desk now. */
  function canCall(ticket: Ticket): boolean {
    const desk = myDesk.value
    return (
      connection.trusted &&
      pending.value === null &&
      desk?.status === 'open' &&
      desk.ticketId === null &&
      ticket.status === 'waiting' &&
      desk.serviceIds.includes(ticket.serviceId)
    )
  }

  /**
   * Issues a ticket at this desk for a walk-in who came to the window (and calls it here at once, when
   * asked); returns the number to tell them and whether it was called, or null when refused.
   */
  async function issueWalkIn(
    serviceId: string,
    categoryId: string | null,
    call: boolean,
  ): Promise<{ number: string; ahead: number; called: boolean } | null> {
    const desk = myDesk.value
    if (!desk || !allowed.value['walk-in'] || pending.value !== null) return null
    clearFeedback()
    const ack = await sender.send('issue', (requestId) =>
      sendCommand(
        'ticket:issue',
        { serviceId, categoryId, deskId: desk.id, ...(call ? { call: true } : {}) },
        { requestId },
      ),
    )
    if (!ack) return null
    if (!ack.ok) {
      error.value = { action: 'issue', code: ack.error.code, message: ack.error.message }
      return null
    }
    const { ticket } = ack as unknown as { ticket: { number: string; ahead: number } }
    return { number: ticket.number, ahead: ticket.ahead, called: call }
  }

  /** Sends the ticket in hand back to the queue of another service, with a note for whoever takes it. */
  async function transfer(serviceId: string, note: string): Promise<boolean> {
    const ticket = ticketInHand.value
    if (!ticket || !allowed.value.transfer) return false
    const trimmed = note.trim()
    const ok = await run('transfer', 'ticket:transfer', {
      ticketId: ticket.id,
      serviceId,
      note: trimmed === '' ? null : trimmed,
    })
    if (ok) notice.value = { kind: 'transfer', number: ticket.number, serviceId }
    return ok
  }

  /**
   * Takes back the no-show or postpone the notice names (the hub allows it for `UNDO_WINDOW_MS`, while
   * nothing else happened to the ticket): it is in hand again.
   */
  async function undo(): Promise<boolean> {
    const left = notice.value
    if (!left?.ticketId || !connection.trusted) return false
    const ok = await run('undo', 'ticket:undo', { ticketId: left.ticketId })
    if (ok) notice.value = { kind: 'undo', number: left.number }
    return ok
  }

  /** Opens (or re-opens with other services) a desk for this staff member. */
  async function openDesk(deskId: string, serviceIds: string[]): Promise<boolean> {
    if (!connection.trusted || serviceIds.length === 0) return false
    const ok = await run('open', 'desk:open', { deskId, serviceIds })
    if (ok) choosingDesk.value = false
    return ok
  }

  function dismissError(): void {
    error.value = null
  }

  return {
    language,
    pending,
    error,
    notice,
    choosingDesk,
    dialogOpen,
    dialog,
    outcomesHere,
    pauseReasons,
    signInNotice,
    staffId,
    myDesk,
    ticketInHand,
    waitingHere,
    allowed,
    chooseLanguage,
    connect,
    signIn,
    signOut,
    endSession,
    perform,
    press,
    finish,
    pause,
    callTicket,
    canCall,
    issueWalkIn,
    transfer,
    undo,
    openDesk,
    dismissError,
    clearFeedback,
  }
})
