/**
 * The supervisor's figures, each against values computed by hand from a small fixed day: two windows,
 * two services, seven tickets (served, a no-show, a transfer, a cancellation, one serving, one waiting).
 */
import { describe, expect, it } from 'vitest'
import { publicConfig } from '../../src-shared/config'
import { estimateWait, initialState, newcomerEstimate } from '../../src-shared/domain'
import { dayFigures, measuredWait, newcomerEstimateMinutes } from '../../src-shared/figures'
import { HubLog } from '../renderer/fixtures'
import { kiosk, remoteConfig, system, TestCentre } from './fixtures'
import { at, CONFIG, DAY, fold, issued, MIN, NOW, T0 } from '../renderer/supervisor-fixtures'

describe('dayFigures: headline', () => {
  const { headline } = dayFigures(fold(DAY), CONFIG, NOW)

  it('counts tickets by where they are now', () => {
    expect(headline).toMatchObject({
      issued: 7,
      done: 3,
      noShow: 1,
      cancelled: 1,
      waiting: 1,
      called: 0,
      serving: 1,
      transferred: 1,
    })
  })

  it('measures waits issue → call, leaving out the transferred ticket', () => {
    expect(headline.waitsMeasured).toBe(4)
    // (5 + 9 + 15 + 21) / 4 = 12.5 min
    expect(headline.averageWaitMs).toBe(12.5 * MIN)
    expect(headline.longestWaitMs).toBe(21 * MIN)
  })

  it('counts a call at exactly 15 minutes as within the standard', () => {
    expect(headline.standardMs).toBe(15 * MIN)
    expect(headline.withinStandard).toBe(3)
    expect(headline.withinStandardShare).toBe(0.75)
  })

  it("counts against the config's standard, and follows it when the admin changes it", () => {
    // Waits 5, 9, 15, 21 min: within 10 min are 5 and 9; within 20 min also 15.
    const strict = dayFigures(fold(DAY), { ...CONFIG, alerts: { waitStandardMinutes: 10 } }, NOW).headline
    expect(strict.standardMs).toBe(10 * MIN)
    expect([strict.withinStandard, strict.withinStandardShare]).toEqual([2, 0.5])
    const loose = dayFigures(fold(DAY), { ...CONFIG, alerts: { waitStandardMinutes: 20 } }, NOW).headline
    expect([loose.withinStandard, loose.withinStandardShare]).toEqual([3, 0.75])
    // P004 waiting since minute 37 is over a 10-minute standard from minute 47.
    const waiting = dayFigures(fold(DAY), { ...CONFIG, alerts: { waitStandardMinutes: 10 } }, at(45))
    expect(waiting.nextChangeAt).toBe(at(47))
  })

  it('measures service start → finish of the tickets done, the transferred one included', () => {
    expect(headline.servicesMeasured).toBe(3)
    // (10 + 5 + 6) / 3 = 7 min
    expect(headline.averageServiceMs).toBe(7 * MIN)
  })

  it('counts the windows open and paused', () => {
    expect(headline.desksOpen).toBe(1)
    expect(headline.desksPaused).toBe(1)
  })
})

describe('dayFigures: per service', () => {
  const figures = dayFigures(fold(DAY), CONFIG, NOW)
  const passport = figures.services.find((s) => s.serviceId === 'passport')!
  const signature = figures.services.find((s) => s.serviceId === 'signature')!

  it('lists the configured services in config order', () => {
    expect(figures.services.map((s) => s.serviceId)).toEqual(['passport', 'signature'])
  })

  it('counts the transferred ticket in the service it went to', () => {
    expect(passport).toMatchObject({ waiting: 1, served: 2, noShow: 1, desksServing: 1 })
    expect(signature).toMatchObject({ waiting: 0, served: 1, noShow: 0, desksServing: 0 })
  })

  it('gives the longest current wait as an arrival time, for a live timer', () => {
    expect(passport.oldestWaitingSince).toBe(at(37))
    expect(signature.oldestWaitingSince).toBeNull()
  })

  it('averages waits and service times per service', () => {
    // Passport waits: P001 5, P002 9, P003 21 (S002 transferred in: not measured).
    expect(passport.averageWaitMs).toBe((35 / 3) * MIN)
    // Passport services: P001 10, S002 6 (finished as passport).
    expect(passport.averageServiceMs).toBe(8 * MIN)
    expect(signature.averageWaitMs).toBe(15 * MIN)
    expect(signature.averageServiceMs).toBe(5 * MIN)
  })

  it("estimates a newcomer's wait as the kiosk would", () => {
    // Passport: 1 ahead, window 2 open and busy: the newcomer's minutes, as `newcomerEstimate` gives them.
    const state = fold(DAY)
    expect(passport.newcomerEstimateMinutes).toBe(newcomerEstimate(state, CONFIG, 'passport', NOW).minutes)
    expect(passport.newcomerEstimateMinutes).toBeGreaterThan(0)
    // Signature: no window open for it (window 1 paused): no minutes.
    expect(signature.newcomerEstimateMinutes).toBeNull()
  })
})

describe('dayFigures: per window', () => {
  const figures = dayFigures(fold(DAY), CONFIG, NOW, { staffNames: { c2: 'Болат Ахметов' } })
  const [desk1, desk2] = figures.desks

  it('shows status, staff and what each window served', () => {
    expect(desk1).toMatchObject({
      deskId: 'desk-1',
      label: '1',
      status: 'paused',
      statusSince: at(40),
      staffId: 'c1',
      staffName: null,
      ticket: null,
      served: 3,
      averageServiceMs: 7 * MIN,
    })
    expect(desk2).toMatchObject({
      deskId: 'desk-2',
      label: '2',
      status: 'open',
      statusSince: at(0),
      staffId: 'c2',
      staffName: 'Болат Ахметов',
      served: 0,
      averageServiceMs: null,
    })
  })

  it('times the ticket in hand from the start of its service', () => {
    expect(desk2!.ticket).toEqual({
      ticketId: 't4',
      number: 'P003',
      serviceId: 'passport',
      status: 'serving',
      since: at(26),
    })
  })

  it('shows a closed window without staff', () => {
    const state = fold([...DAY, [41, { type: 'desk:closed', deskId: 'desk-1' }]])
    const desk = dayFigures(state, CONFIG, NOW).desks[0]!
    expect(desk).toMatchObject({ status: 'closed', staffId: null, staffName: null, served: 3 })
  })
})

describe('dayFigures: recent calls and the clock', () => {
  it('lists calls and recalls newest first, with where each ticket is now', () => {
    const calls = dayFigures(fold(DAY), CONFIG, NOW).recentCalls
    expect(calls.map((c) => [c.number, c.deskLabel, c.at, c.recall, c.status])).toEqual([
      ['S002', '1', at(29), false, 'done'],
      ['S002', '1', at(26), false, 'done'],
      ['P003', '2', at(25), true, 'serving'],
      ['P003', '2', at(24), false, 'serving'],
      ['S001', '1', at(17), false, 'done'],
      ['P002', '2', at(10), false, 'no_show'],
      ['P001', '1', at(5), false, 'done'],
    ])
    expect(calls[0]!.serviceId).toBe('passport')
    expect(dayFigures(fold(DAY), CONFIG, NOW, { recentCalls: 2 }).recentCalls).toHaveLength(2)
  })

  it('counts visitors waiting beyond the standard and says when the next one will be', () => {
    const state = fold(DAY)
    // P004 has waited since minute 37: over 15 minutes from minute 52 on.
    const before = dayFigures(state, CONFIG, at(45))
    expect(before.headline.waitingOverStandard).toBe(0)
    expect(before.nextChangeAt).toBe(at(52))
    const after = dayFigures(state, CONFIG, at(53))
    expect(after.headline.waitingOverStandard).toBe(1)
    expect(after.nextChangeAt).toBeNull()
  })
})

describe('dayFigures: an empty day', () => {
  it('is all zeros and dashes, with every service and window listed', () => {
    for (const state of [initialState(CONFIG.centre.id), fold(DAY.slice(0, 1))]) {
      const figures = dayFigures(state, CONFIG, T0)
      expect(figures.headline).toEqual({
        standardMs: 15 * MIN,
        issued: 0,
        done: 0,
        noShow: 0,
        cancelled: 0,
        closedAtDayEnd: 0,
        waiting: 0,
        called: 0,
        serving: 0,
        transferred: 0,
        waitsMeasured: 0,
        averageWaitMs: null,
        longestWaitMs: null,
        withinStandard: 0,
        withinStandardShare: null,
        waitingOverStandard: 0,
        servicesMeasured: 0,
        averageServiceMs: null,
        desksOpen: 0,
        desksPaused: 0,
      })
      expect(figures.services.map((s) => [s.serviceId, s.waiting, s.served, s.averageWaitMs])).toEqual([
        ['passport', 0, 0, null],
        ['signature', 0, 0, null],
      ])
      // No window open: no minutes for anyone.
      expect(figures.services.map((s) => s.newcomerEstimateMinutes)).toEqual([null, null])
      expect(figures.desks.map((d) => [d.deskId, d.status, d.statusSince, d.ticket])).toEqual([
        ['desk-1', 'closed', null, null],
        ['desk-2', 'closed', null, null],
      ])
      expect(figures.recentCalls).toEqual([])
      expect(figures.nextChangeAt).toBeNull()
    }
    expect(dayFigures(initialState(''), CONFIG, T0).day).toBeNull()
    expect(dayFigures(fold(DAY.slice(0, 1)), CONFIG, T0).day).toBe('2026-11-24')
  })
})

describe('dayFigures: what the config no longer knows', () => {
  it('still lists a service and a window that today’s state names', () => {
    const state = fold([
      [0, { type: 'day:opened', day: '2026-11-24' }],
      [0, { type: 'desk:opened', deskId: 'desk-9', staffId: 'c9', serviceIds: ['land'] }],
      [1, issued('t1', 'L001', 'land')],
    ])
    const figures = dayFigures(state, CONFIG, at(2))
    expect(figures.services.map((s) => s.serviceId)).toEqual(['passport', 'signature', 'land'])
    expect(figures.services[2]).toMatchObject({ waiting: 1, desksServing: 1 })
    expect(figures.desks.map((d) => [d.deskId, d.label, d.status])).toEqual([
      ['desk-1', '1', 'closed'],
      ['desk-2', '2', 'closed'],
      ['desk-9', 'desk-9', 'open'],
    ])
  })
})

describe('measuredWait', () => {
  it('is issue → call, and unknown for a ticket not called or transferred', () => {
    const state = fold(DAY)
    expect(measuredWait(state.tickets['t1']!)).toBe(5 * MIN)
    expect(measuredWait(state.tickets['t5']!)).toBeNull()
    expect(measuredWait(state.tickets['t6']!)).toBeNull()
  })
})

describe('newcomerEstimateMinutes', () => {
  it("is the estimate the hub gives the next regular ticket, with the centre's own config", () => {
    const hub = new HubLog()
    const config = publicConfig(hub.config)
    const compare = () => {
      // At the time the issue will be decided: the log's clock moves a second per command.
      const predicted = newcomerEstimateMinutes(hub.state, config, 'no-criminal-record', hub.now + 1_000)
      const fact = hub.issue('no-criminal-record').find((e) => e.type === 'ticket:issued')
      const ticketId = (fact as { ticketId: string }).ticketId
      const actual = estimateWait(hub.state, hub.config, ticketId, hub.now)!.minutes
      expect(predicted).toBe(actual)
      return predicted
    }
    // No desk open: no minutes, on the ticket as in the figures.
    expect(compare()).toBeNull()
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    // One desk open and free, one waiting: the free desk would call a newcomer... after the one ahead.
    compare()
    const call = hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    const inHand = (call.find((e) => e.type === 'ticket:called') as { ticketId: string }).ticketId
    hub.run({ type: 'ticket:start', ticketId: inHand })
    hub.now += 7 * MIN
    hub.run({ type: 'ticket:finish', ticketId: inHand })
    // A real service time now feeds the average.
    expect(compare()).toBeGreaterThan(0)
    compare()
    // A free window serving a service nobody waits for: called at once.
    hub.run({ type: 'desk:open', deskId: 'desk-2' })
    expect(newcomerEstimateMinutes(hub.state, config, 'id-card', hub.now + 1_000)).toBe(0)
    const fact = hub.issue('id-card').find((e) => e.type === 'ticket:issued') as { ticketId: string }
    expect(estimateWait(hub.state, hub.config, fact.ticketId, hub.now)!.minutes).toBe(0)
  })
})

describe('dayFigures: tickets joined from home', () => {
  it('counts them apart until checked in, their lapses, and their wait from the check-in', () => {
    const c = new TestCentre({ config: remoteConfig({ holdMinutes: 5 }) })
    c.open('d2', c.bolat)
    c.issue('passport')
    c.callNext('d2', c.bolat)
    const served = c.join('passport', 've_a', 0)
    c.join('passport', 've_b', 0)
    c.join('passport', 've_c', 0)
    c.clock.advanceMinutes(20)
    c.run({ type: 'booking:check-in', code: served.remote!.code }, kiosk)
    c.clock.advanceMinutes(3)
    c.serve('d2', 0, c.bolat)
    expect(c.callNext('d2', c.bolat).ticket.id).toBe(served.id)
    c.serve('d2', 0, c.bolat)
    // The window is free and nobody waits in the hall: the two still at home are held, then lapse.
    c.run({ type: 'ticket:remote-sweep' }, system)
    c.clock.advanceMinutes(10)
    c.run({ type: 'ticket:remote-sweep' }, system)
    c.join('passport', 've_d', 60)
    const figures = dayFigures(c.state, publicConfig(c.config), c.clock.now())
    const passport = figures.services.find((s) => s.serviceId === 'passport')!
    expect(passport).toMatchObject({ remote: 1, lapsed: 2, waiting: 0 })
    // 3 minutes in the hall, not the 23 since it was taken at home.
    expect(measuredWait(c.ticket(served.id))).toBe(3 * MIN)
  })
})
