/**
 * What a consultant may do at their desk now, mirroring the hub's rules (src-shared/domain/decide.ts)
 * so that a button is enabled only when the hub would accept it. The hub still decides: a refusal that
 * slips through (a race with another desk) is shown with its code.
 */
import type { Desk, Ticket } from '../../src-shared/domain'

/** The consultant's actions, in the words of the centre. */
export type ConsultantAction =
  | 'call-next'
  | 'recall'
  | 'start'
  | 'finish'
  | 'no-show'
  | 'transfer'
  | 'postpone'
  | 'pause'
  | 'resume'
  | 'close'
  | 'walk-in'

export interface DeskSituation {
  /** The consultant's own desk as the hub's state has it, or null when none is open. */
  desk: Desk | null
  /** The one ticket in hand at that desk (called or serving), or null. */
  ticket: Ticket | null
  /** Tickets waiting for the services this desk serves. */
  waiting: number
  /** Connected and resynced: the state on screen is the hub's. */
  trusted: boolean
  /** An action is on its way to the hub: one at a time, so a double press never sends two. */
  busy: boolean
}

export type AllowedActions = Record<ConsultantAction, boolean>

/** Which actions the hub would accept in this situation. */
export function allowedActions(situation: DeskSituation): AllowedActions {
  const { desk, ticket, waiting, trusted, busy } = situation
  const ready = trusted && !busy && desk !== null && desk.status !== 'closed'
  const open = ready && desk?.status === 'open'
  const empty = desk?.ticketId === null || desk?.ticketId === undefined
  const status = ticket?.status
  return {
    // One ticket in hand at a time; a paused desk calls nobody; call-next with an empty queue is refused.
    'call-next': open && empty && waiting > 0,
    recall: ready && status === 'called',
    start: ready && status === 'called',
    finish: ready && status === 'serving',
    'no-show': ready && status === 'called',
    transfer: ready && (status === 'called' || status === 'serving'),
    postpone: ready && status === 'called',
    pause: open && empty,
    resume: ready && desk?.status === 'paused',
    close: ready && empty,
    // A ticket for a walk-in at the window: issued at any desk not closed (called only when free).
    'walk-in': ready,
  }
}

/**
 * Keyboard shortcuts by `KeyboardEvent.code`: the physical key, so N calls next whether the keyboard is
 * set to Latin, Russian or Kazakh letters (on a Cyrillic layout the same key types "т").
 */
export const SHORTCUT_CODES: Readonly<Record<string, ConsultantAction | 'pause-or-resume'>> = {
  Space: 'call-next',
  KeyN: 'call-next',
  KeyR: 'recall',
  KeyS: 'start',
  KeyF: 'finish',
  KeyX: 'no-show',
  KeyT: 'transfer',
  KeyD: 'postpone',
  KeyP: 'pause-or-resume',
  KeyW: 'walk-in',
}

/** The key shown on each button. Close window has none on purpose: it is never one stray key away. */
export const SHORTCUT_LABELS: Partial<Record<ConsultantAction, string>> = {
  'call-next': 'N',
  recall: 'R',
  start: 'S',
  finish: 'F',
  'no-show': 'X',
  transfer: 'T',
  postpone: 'D',
  pause: 'P',
  resume: 'P',
  'walk-in': 'W',
}

interface KeyLike {
  code: string
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
  repeat: boolean
  target: EventTarget | null
}

/** A field where the consultant types: keys there are text, never shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false
  const element = target as HTMLElement
  if (element.isContentEditable) return true
  return element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
}

/** Where Space already means something (press this button, tick this box): leave it to the browser. */
function isSpaceTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false
  return (target as Element).closest('button, a[href], [role="button"], summary') !== null
}

/** The action a key press asks for, or null when it is not a shortcut here. */
export function shortcutFor(event: KeyLike, deskStatus: Desk['status'] | null): ConsultantAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return null
  if (isTypingTarget(event.target)) return null
  if (event.code === 'Space' && isSpaceTarget(event.target)) return null
  const action = SHORTCUT_CODES[event.code]
  if (!action) return null
  if (action === 'pause-or-resume') return deskStatus === 'paused' ? 'resume' : 'pause'
  return action
}
