// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, type Desk, type Ticket } from '../../src-shared/domain'
import { catalogues } from '../../src-shared/i18n'
import {
  allowedActions,
  shortcutFor,
  type ConsultantAction,
  type DeskSituation,
} from '../../src-renderer/consultant/consultant-actions'
import { formatElapsed } from '../../src-renderer/base/time-format'
import { queueSummaries } from '../../src-renderer/consultant/consultant-queues'
import { stateFrom, scenarioEvents } from './consultant-fixtures'
import { remoteConfig, system, TestCentre } from '../shared/fixtures'

const desk = (fields: Partial<Desk> = {}): Desk => ({
  id: 'desk-1',
  status: 'open',
  staffId: 'consultant-1',
  serviceIds: ['passport'],
  ticketId: null,
  priorityStreak: 0,
  since: 0,
  ...fields,
})

const ticket = (status: Ticket['status']): Ticket => ({
  id: 't1',
  number: 'P001',
  prefix: 'P',
  serviceId: 'passport',
  categoryId: null,
  bookedFor: null,
  issuedAt: 0,
  arrivalAt: 0,
  rank: 0,
  status,
  deskId: 'desk-1',
  staffId: 'consultant-1',
  calledAt: 0,
  startedAt: null,
  finishedAt: null,
  recalls: 0,
  transfers: 0,
  note: null,
})

function allowed(situation: Partial<DeskSituation>): ConsultantAction[] {
  const result = allowedActions({
    desk: desk(),
    ticket: null,
    waiting: 0,
    trusted: true,
    busy: false,
    ...situation,
  })
  return (Object.keys(result) as ConsultantAction[]).filter((action) => result[action])
}

describe('allowedActions mirrors the hub', () => {
  it('nothing in hand, visitors waiting: call next, pause, close, a walk-in ticket', () => {
    expect(allowed({ waiting: 3 })).toEqual(['call-next', 'pause', 'close', 'walk-in'])
  })
  it('called: recall, start, no-show, transfer, postpone; a walk-in ticket (issued, not called)', () => {
    const inHand = desk({ ticketId: 't1' })
    expect(allowed({ desk: inHand, ticket: ticket('called'), waiting: 3 })).toEqual([
      'recall',
      'start',
      'no-show',
      'transfer',
      'postpone',
      'walk-in',
    ])
  })
  it('serving: finish and transfer; a walk-in ticket', () => {
    expect(allowed({ desk: desk({ ticketId: 't1' }), ticket: ticket('serving'), waiting: 3 })).toEqual([
      'finish',
      'transfer',
      'walk-in',
    ])
  })
  it('paused: resume and close; a walk-in ticket (issued, not called)', () => {
    expect(allowed({ desk: desk({ status: 'paused' }), waiting: 3 })).toEqual(['resume', 'close', 'walk-in'])
  })
  it('no desk, untrusted state or an action in flight: nothing', () => {
    expect(allowed({ desk: null, waiting: 3 })).toEqual([])
    expect(allowed({ trusted: false, waiting: 3 })).toEqual([])
    expect(allowed({ busy: true, waiting: 3 })).toEqual([])
  })
})

describe('shortcutFor', () => {
  const press = (
    code: string,
    fields: Partial<KeyboardEventInit> = {},
    target: EventTarget | null = document.body,
  ) =>
    shortcutFor(
      { code, ctrlKey: false, altKey: false, metaKey: false, repeat: false, target, ...fields },
      'open',
    )

  it('maps physical keys to actions; P pauses or resumes', () => {
    expect(press('KeyN')).toBe('call-next')
    expect(press('Space')).toBe('call-next')
    expect(press('KeyF')).toBe('finish')
    expect(press('KeyP')).toBe('pause')
    expect(press('KeyW')).toBe('walk-in')
    expect(
      shortcutFor(
        { code: 'KeyP', ctrlKey: false, altKey: false, metaKey: false, repeat: false, target: null },
        'paused',
      ),
    ).toBe('resume')
    expect(press('KeyQ')).toBeNull()
  })
  it('never while typing, with modifiers, on auto-repeat, or Space on a button', () => {
    const textarea = document.createElement('textarea')
    const button = document.createElement('button')
    expect(press('KeyN', {}, textarea)).toBeNull()
    expect(press('KeyN', { ctrlKey: true })).toBeNull()
    expect(press('KeyN', { repeat: true })).toBeNull()
    expect(press('Space', {}, button)).toBeNull()
    expect(press('KeyN', {}, button)).toBe('call-next')
  })
})

describe('queue summaries and times', () => {
  it('counts waiting and priority tickets and finds the longest wait', () => {
    const state = stateFrom(scenarioEvents('waiting'))
    expect(queueSummaries(state, ['passport', 'signature'])).toEqual([
      {
        serviceId: 'passport',
        waiting: 2,
        priority: 1,
        oldestArrivalAt: state.tickets['t1']!.arrivalAt,
        remote: 0,
        onTheWay: 0,
      },
      { serviceId: 'signature', waiting: 0, priority: 0, oldestArrivalAt: null, remote: 0, onTheWay: 0 },
    ])
  })
  it('counts the tickets joined from home apart, and those of them told to come', () => {
    const c = new TestCentre({ config: remoteConfig() })
    c.open('d2', c.bolat)
    c.issue('passport')
    c.callNext('d2', c.bolat)
    // Both are within an hour's travel of their turn; the third, joined later, is not told yet.
    c.join('passport', 've_a', 60)
    c.join('passport', 've_b', 60)
    c.run({ type: 'ticket:remote-sweep' }, system)
    c.join('passport', 've_c', 60)
    expect(queueSummaries(c.state, ['passport'])).toMatchObject([
      { serviceId: 'passport', waiting: 0, remote: 3, onTheWay: 2 },
    ])
  })
  it('formats running times', () => {
    expect(formatElapsed(0)).toBe('0:00')
    expect(formatElapsed(65_400)).toBe('1:05')
    expect(formatElapsed(3_725_000)).toBe('1:02:05')
    expect(formatElapsed(-5)).toBe('0:00')
  })
})

describe('consultant texts', () => {
  it('translate every error code the hub or the client can give, in kk, ru and en', () => {
    for (const language of ['kk', 'ru', 'en'] as const) {
      const errors = catalogues[language].consultant.error as Record<string, string>
      const missing = [...ERROR_CODES, 'offline'].filter((code) => !errors[code])
      expect(missing, language).toEqual([])
    }
  })
})
