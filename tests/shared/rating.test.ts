import { describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues } from '../../src-shared/config'
import { evolve, initialState } from '../../src-shared/domain/evolve'
import type { Actor } from '../../src-shared/domain/types'
import { rawConfig, TestCentre } from './fixtures'

const text = (en: string) => ({ kk: en, ru: en, en })

function ratingConfig(ratings: Record<string, unknown> = {}) {
  return centreConfigSchema.parse({
    ...rawConfig(),
    ratings: {
      windowMinutes: 60,
      reasons: [
        { id: 'slow', name: text('Slow'), scores: 'low' },
        { id: 'polite', name: text('Polite'), scores: 'high' },
        { id: 'other', name: text('Other') },
      ],
      ...ratings,
    },
  })
}

/** A passport ticket served at desk 1 by Aigerim, finished now. */
function servedTicket() {
  const c = new TestCentre({ config: ratingConfig() })
  c.open('d1', c.aigerim)
  const ticket = c.issue('passport')
  c.callNext('d1', c.aigerim)
  c.run({ type: 'ticket:start', ticketId: ticket.id }, c.aigerim)
  c.run({ type: 'ticket:finish', ticketId: ticket.id }, c.aigerim)
  const holder: Actor = { kind: 'citizen', bookingId: null, ticketId: ticket.id }
  return { c, id: ticket.id, holder }
}

describe('rating a ticket after service', () => {
  it('records the score and reason on the ticket, and the fact names nothing of the citizen', () => {
    const { c, id, holder } = servedTicket()
    const [fact] = c.run({ type: 'ticket:rate', ticketId: id, score: 5, reason: 'polite' }, holder)
    expect(fact).toMatchObject({ type: 'ticket:rated', ticketId: id, score: 5, reason: 'polite' })
    expect(Object.keys(fact!).sort()).toEqual(['at', 'reason', 'score', 'seq', 'ticketId', 'type'])
    expect(c.ticket(id).rating).toEqual({ score: 5, reason: 'polite', at: c.clock.now() })
    // The rating keeps the window and consultant the figures group it by.
    expect(c.ticket(id)).toMatchObject({ deskId: 'd1', staffId: 'aigerim', serviceId: 'passport' })
  })

  it('replays the same from the log', () => {
    const { c, id, holder } = servedTicket()
    c.run({ type: 'ticket:rate', ticketId: id, score: 2, reason: null }, holder)
    const replayed = initialState(c.config.centre.id)
    for (const event of c.log) evolve(replayed, event)
    expect(replayed.tickets[id]!.rating).toEqual(c.ticket(id).rating)
  })

  it('takes one vote per ticket: a second is refused already_rated and changes nothing', () => {
    const { c, id, holder } = servedTicket()
    c.run({ type: 'ticket:rate', ticketId: id, score: 4 }, holder)
    const seq = c.state.seq
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 1 }, holder)).toBe('already_rated')
    expect(c.ticket(id).rating?.score).toBe(4)
    expect(c.state.seq).toBe(seq)
  })

  it('is open for ratings.windowMinutes after the finish, then refused rating_closed', () => {
    const { c, id, holder } = servedTicket()
    c.clock.advanceMinutes(61)
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 3 }, holder)).toBe('rating_closed')
    expect(c.ticket(id).rating).toBeUndefined()
  })

  it('is refused not_finished before the service ends', () => {
    const c = new TestCentre({ config: ratingConfig() })
    const ticket = c.issue('passport')
    const holder: Actor = { kind: 'citizen', bookingId: null, ticketId: ticket.id }
    expect(c.errorOf({ type: 'ticket:rate', ticketId: ticket.id, score: 5 }, holder)).toBe('not_finished')
  })

  it('offers low reasons with 1–3 and high ones with 4–5: another is refused unknown_reason', () => {
    const { c, id, holder } = servedTicket()
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 5, reason: 'slow' }, holder)).toBe(
      'unknown_reason',
    )
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 1, reason: 'nope' }, holder)).toBe(
      'unknown_reason',
    )
    c.run({ type: 'ticket:rate', ticketId: id, score: 1, reason: 'other' }, holder)
    expect(c.ticket(id).rating?.reason).toBe('other')
  })

  it('is only for the holder of the ticket link: another ticket or staff are forbidden', () => {
    const { c, id } = servedTicket()
    const other: Actor = { kind: 'citizen', bookingId: null, ticketId: 'someone-else' }
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 5 }, other)).toBe('forbidden')
    expect(c.errorOf({ type: 'ticket:rate', ticketId: id, score: 5 }, c.saule)).toBe('forbidden')
  })
})

describe('the ratings config', () => {
  it('defaults to a two-hour window and no reasons', () => {
    const config = centreConfigSchema.parse(rawConfig())
    expect(config.ratings).toEqual({ windowMinutes: 120, reasons: [] })
  })

  it('names a duplicate reason id', () => {
    const parsed = centreConfigSchema.safeParse({
      ...rawConfig(),
      ratings: {
        reasons: [
          { id: 'slow', name: text('Slow') },
          { id: 'slow', name: text('Slower') },
        ],
      },
    })
    expect(parsed.success).toBe(false)
    expect(describeIssues(parsed.error!)).toContain(
      'ratings.reasons[1].id: duplicate rating reason id "slow" (already used by ratings.reasons[0])',
    )
  })
})
