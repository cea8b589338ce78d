import { describe, expect, it } from 'vitest'
import { evolve, initialState } from '../../src-shared/domain/evolve'
import { zoneEvent, zoneShows, zoneState } from '../../src-shared/protocol/zone-projection'
import { TestCentre } from './fixtures'

/** Land plots (window 3) and identity cards (window 2) called; a zone of land plots only. */
function centre() {
  const c = new TestCentre()
  c.open('d2', c.aigerim)
  c.open('d3', c.bolat)
  const passport = c.issue('passport')
  const land = c.issue('land')
  c.callNext('d2', c.aigerim)
  c.callNext('d3', c.bolat)
  return { c, passport, land }
}

describe('a zone display limited to services', () => {
  const zone = { serviceIds: ['land'] }

  it('shows a call only of its services, at any window', () => {
    expect(zoneShows(zone, 'land', 'd3')).toBe(true)
    expect(zoneShows(zone, 'passport', 'd2')).toBe(false)
    expect(zoneShows({ deskIds: ['d2'] }, 'passport', 'd2')).toBe(true)
    expect(zoneShows({ deskIds: ['d2'], serviceIds: ['land'] }, 'passport', 'd2')).toBe(false)
  })

  it("holds only its calls' numbers in its snapshot", () => {
    const { c, passport, land } = centre()
    const shown = zoneState(c.state, zone)
    expect(shown.calls.map((call) => call.number)).toEqual([land.number])
    expect(shown.tickets[passport.id]!.number).toBe('')
    expect(shown.tickets[land.id]!.number).toBe(land.number)
    // The hub's own state is left alone.
    expect(c.state.tickets[passport.id]!.number).toBe(passport.number)
  })

  it('folds its copies of the facts into the same calls, never learning another number', () => {
    const { c, passport, land } = centre()
    const folded = initialState(c.config.centre.id)
    for (const event of c.log) evolve(folded, zoneEvent(event, zone, c.state))
    expect(folded.seq).toBe(c.state.seq)
    expect(folded.tickets[land.id]!.number).toBe(land.number)
    expect(JSON.stringify(folded)).not.toContain(`"${passport.number}"`)
    expect(folded.calls.filter((call) => call.number !== '').map((call) => call.deskId)).toEqual(['d3'])
  })
})
