// @vitest-environment happy-dom
/**
 * The act notices a consultant put away, and the acts a reloaded page is told: kept per staff member in
 * the browser (a reload does not bring them back; another consultant at the same PC still sees theirs),
 * and merged with the live ones once each, in the log's order; a window a supervisor closed is its consultant's.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import { actConcerns, type DeskActNotice } from '../../src-shared/protocol/desk-acts'
import { useFloorStore } from '../../src-renderer/stores/floor'
import { useStaffMessagesStore } from '../../src-renderer/stores/staff-messages'

const act = (seq: number): DeskActNotice => ({
  seq,
  at: 1_000 * seq,
  kind: 'paused',
  by: 'supervisor-1',
  reason: 'Break due',
  ticketId: null,
  deskId: 'desk-1',
  serviceIds: [],
  toServiceId: null,
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('the notices put away', () => {
  it("survive a reload, per staff member, and another consultant's stay theirs", () => {
    const first = useStaffMessagesStore()
    first.forStaff('consultant-1')
    first.dismiss(7)
    first.dismiss(7)
    expect(first.dismissed).toEqual([7])

    // A reload: a new page, the same browser.
    setActivePinia(createPinia())
    const again = useStaffMessagesStore()
    again.forStaff('consultant-1')
    expect(again.dismissed).toEqual([7])
    again.forStaff('consultant-2')
    expect(again.dismissed).toEqual([])
    again.dismiss(9)
    again.forStaff('consultant-1')
    expect(again.dismissed).toEqual([7])
  })

  it('read nothing from a stored value of another shape', () => {
    localStorage.setItem('kezek-dismissed-acts', '{"consultant-1": "7", "consultant-2": [3, "x", 4.5]}')
    const store = useStaffMessagesStore()
    store.forStaff('consultant-1')
    expect(store.dismissed).toEqual([])
    store.forStaff('consultant-2')
    expect(store.dismissed).toEqual([3])
    localStorage.setItem('kezek-dismissed-acts', 'not json')
    store.forStaff('consultant-3')
    expect(store.dismissed).toEqual([])
  })
})

describe('the acts a reloaded page is told', () => {
  it('are merged with those seen live, once each, in the order of the log', () => {
    const floor = useFloorStore()
    floor.receiveActs([act(5), act(3)])
    floor.receiveActs([act(3), act(8)])
    expect(floor.acts.map((a) => a.seq)).toEqual([3, 5, 8])
  })
})

describe('a window a supervisor closed, seen live', () => {
  it("names the consultant who held it (read before the fact), and a consultant's own closing is no act", () => {
    const floor = useFloorStore()
    const envelope = (seq: number, by?: string) =>
      ({
        seq,
        at: 1_000 * seq,
        type: 'desk:closed',
        deskId: 'desk-1',
        ...(by ? { by, reason: 'Went home' } : {}),
      }) as EventEnvelope
    const staffAt = (deskId: string) => (deskId === 'desk-1' ? 'consultant-1' : null)
    floor.noteFact(envelope(4), () => undefined, staffAt)
    floor.noteFact(envelope(6, 'supervisor-1'), () => undefined, staffAt)
    expect(floor.acts).toEqual([
      expect.objectContaining({
        seq: 6,
        kind: 'released',
        by: 'supervisor-1',
        reason: 'Went home',
        deskId: 'desk-1',
        staffId: 'consultant-1',
      }),
    ])
    // Told only to that consultant, with or without a window now.
    expect(actConcerns(floor.acts[0]!, null, 'consultant-1')).toBe(true)
    expect(actConcerns(floor.acts[0]!, { id: 'desk-2', serviceIds: [] }, 'consultant-1')).toBe(true)
    expect(actConcerns(floor.acts[0]!, { id: 'desk-1', serviceIds: [] }, 'consultant-2')).toBe(false)
  })
})
