/**
 * Midnight: the centre's day turns with tickets still open. They are closed by a fact with its reason
 * (never dropped without a trace), the old day's figures count them, and a centre open across midnight
 * turns its day at `centre.dayStartsAt` instead.
 */
import { describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { centreDay, dayTurnover } from '../../src-shared/domain'
import { applyEvents } from '../../src-shared/domain/apply'
import { dayFigures } from '../../src-shared/figures'
import { kiosk, MINUTE, rawConfig, TestCentre } from './fixtures'

// Almaty is UTC+5 all year.
const SUNDAY_23_50 = Date.UTC(2025, 2, 9, 18, 50)
const MONDAY_00_00 = Date.UTC(2025, 2, 9, 19, 0)
const MONDAY_03_59 = Date.UTC(2025, 2, 9, 22, 59)
const MONDAY_04_00 = Date.UTC(2025, 2, 9, 23, 0)

function lateSunday(config = new TestCentre().config) {
  const c = new TestCentre({ start: SUNDAY_23_50, config })
  c.open('d1', c.aigerim, ['passport'])
  const served = c.issue('passport')
  const serving = c.issue('passport')
  const called = c.issue('passport')
  const waiting = c.issue('passport')
  c.callNext('d1', c.aigerim)
  c.run({ type: 'ticket:start', ticketId: served.id }, c.aigerim)
  c.run({ type: 'ticket:finish', ticketId: served.id }, c.aigerim)
  c.callNext('d1', c.aigerim)
  c.run({ type: 'ticket:start', ticketId: serving.id }, c.aigerim)
  c.open('d2', c.bolat, ['passport'])
  c.callNext('d2', c.bolat)
  return { c, served, serving, called, waiting }
}

describe('the day turning with tickets still open', () => {
  it('closes every waiting, called and serving ticket with reason day_ended, then opens the new day', () => {
    const { c, served, serving, called, waiting } = lateSunday()
    expect(c.ticket(called.id).status).toBe('called')
    const turnover = dayTurnover(c.state, c.config, MONDAY_00_00)
    expect(turnover).toEqual([
      { type: 'ticket:closed', ticketId: serving.id, reason: 'day_ended' },
      { type: 'ticket:closed', ticketId: called.id, reason: 'day_ended' },
      { type: 'ticket:closed', ticketId: waiting.id, reason: 'day_ended' },
      expect.objectContaining({ type: 'day:opened', day: '2025-03-10' }),
    ])
    expect(turnover.some((e) => e.type === 'ticket:closed' && e.ticketId === served.id)).toBe(false)

    // The old day's figures, just before the new day opens, count them as closed at the day's end.
    applyEvents(c.state, turnover.slice(0, 3), MONDAY_00_00)
    expect(c.ticket(waiting.id)).toMatchObject({ status: 'closed', finishedAt: MONDAY_00_00 })
    expect(c.state.queues.passport ?? []).toEqual([])
    expect(c.state.desks.d1!.ticketId).toBeNull()
    expect(c.state.desks.d2!.ticketId).toBeNull()
    const { headline } = dayFigures(c.state, c.config, MONDAY_00_00)
    expect(headline).toMatchObject({ issued: 4, done: 1, closedAtDayEnd: 3, waiting: 0, serving: 0 })
  })

  it("splits a window's pause across midnight: each day's breaks count only their own part", () => {
    const c = new TestCentre({ start: SUNDAY_23_50 })
    c.open('d1', c.aigerim, ['passport'])
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    const breaks = () => dayFigures(c.state, c.config, c.clock.now()).desks.find((d) => d.deskId === 'd1')!
    c.clock.advanceMinutes(9)
    expect(breaks().pausedMs).toBe(9 * MINUTE)
    c.clock.advanceMinutes(1)
    applyEvents(c.state, dayTurnover(c.state, c.config, c.clock.now()), c.clock.now())
    expect(c.state.desks.d1).toMatchObject({ status: 'paused', since: SUNDAY_23_50 })
    // 00:30 on Monday: half an hour of Monday's breaks, not the 40 minutes since the pause began.
    c.clock.advanceMinutes(30)
    expect(breaks()).toMatchObject({ status: 'paused', pausedMs: 30 * MINUTE })
    // Resumed at 00:45: 45 minutes on Monday; the next pause counts from its own start.
    c.clock.advanceMinutes(15)
    c.run({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)
    expect(c.state.desks.d1!.pausedMs).toBe(45 * MINUTE)
    expect(c.state.desks.d1!.pauseCountsFrom).toBeUndefined()
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    c.clock.advanceMinutes(5)
    expect(breaks().pausedMs).toBe(50 * MINUTE)
  })

  it('is nothing before the day turns, and only the new day when nothing was open', () => {
    const { c } = lateSunday()
    expect(dayTurnover(c.state, c.config, MONDAY_00_00 - 1)).toEqual([])
    const quiet = new TestCentre({ start: SUNDAY_23_50 })
    quiet.issue('passport')
    quiet.run({ type: 'ticket:cancel', ticketId: 't1', reason: 'the citizen asked' }, quiet.saule)
    expect(dayTurnover(quiet.state, quiet.config, MONDAY_00_00).map((e) => e.type)).toEqual(['day:opened'])
  })
})

describe('centre.dayStartsAt: a centre open across midnight', () => {
  const raw = rawConfig()
  const nightConfig = centreConfigSchema.parse({ ...raw, centre: { ...raw.centre, dayStartsAt: '04:00' } })

  it('keeps the queue and the numbering past midnight, and turns the day at 04:00', () => {
    const { c, waiting } = lateSunday(nightConfig)
    c.clock.set(MONDAY_00_00 + 30 * MINUTE)
    expect(dayTurnover(c.state, c.config, c.clock.now())).toEqual([])
    expect(c.issue('passport').number).toBe('A005')
    expect(c.ticket(waiting.id).status).toBe('waiting')

    c.clock.set(MONDAY_04_00)
    const events = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
    expect(events.filter((e) => e.type === 'ticket:closed')).toHaveLength(4)
    expect(events.find((e) => e.type === 'day:opened')).toMatchObject({ day: '2025-03-10' })
    expect(events.at(-1)).toMatchObject({ type: 'ticket:issued', number: 'A001' })
  })

  it('names the centre day by the hour it starts at', () => {
    const centre = { timeZone: 'Asia/Almaty', dayStartsAt: '04:00' }
    expect(centreDay(SUNDAY_23_50, centre)).toBe('2025-03-09')
    expect(centreDay(MONDAY_03_59, centre)).toBe('2025-03-09')
    expect(centreDay(MONDAY_04_00, centre)).toBe('2025-03-10')
    expect(centreDay(MONDAY_00_00, { timeZone: 'Asia/Almaty' })).toBe('2025-03-10')
    // Across a month and a year.
    expect(centreDay(Date.UTC(2025, 11, 31, 20, 0), centre)).toBe('2025-12-31')
  })

  it('refuses an hour that is not HH:MM, naming the field', () => {
    const result = centreConfigSchema.safeParse({ ...raw, centre: { ...raw.centre, dayStartsAt: '4:00' } })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['centre', 'dayStartsAt'] })
  })
})
