// @vitest-environment happy-dom
/**
 * The supervisor's "Bookings today": per bookable service and slot, the places taken of the capacity the
 * hub books by, each booking's code and how it stands, the day's totals, and live changes as facts arrive.
 */
import { createTestingPinia } from '@pinia/testing'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
// The supervisor's pages add their texts to the catalogues (the shell does); a component mounted alone needs them too.
import '../../src-renderer/supervisor/staff-texts'
import { daySlots, evolve, initialState, type DomainEvent } from '../../src-shared/domain'
import SupervisorBookings from '../../src-renderer/supervisor/SupervisorBookings.vue'
import { dayBookings } from '../../src-renderer/supervisor/supervisor-bookings'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { BOOKING_CONFIG, DAY, TOMORROW, checkedIn, clockAt, made } from './bookings-fixtures'
import { SUPERVISOR, T0 } from './supervisor-fixtures'

/** The morning so far: two bookings at 10:20 (one checked in), one cancelled, a lapse, one for tomorrow. */
const MORNING: DomainEvent[] = [
  { type: 'day:opened', day: DAY },
  made('b1', 'K7M42Q', 'passport', '10:20'),
  made('b2', 'ABC234', 'passport', '10:20'),
  made('b3', 'XYZ789', 'passport', '10:40'),
  made('b4', 'QRS567', 'signature', '09:20'),
  made('b5', 'MNP345', 'signature', '11:00'),
  made('b6', 'HJK678', 'passport', '10:20', TOMORROW),
  ...checkedIn('b2', 't9', 'P009', '10:20'),
  { type: 'booking:cancelled', bookingId: 'b3', reason: 'Азамат 1414-ке қоңырау шалды' },
  { type: 'booking:lapsed', bookingId: 'b4' },
]

function stateOf(events: DomainEvent[]) {
  const state = initialState(BOOKING_CONFIG.centre.id)
  events.forEach((event, i) => evolve(state, { ...event, seq: i + 1, at: T0 + i * 1_000 }))
  return state
}

let wrapper: VueWrapper | null = null

function mountPanel() {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const centre = useCentreStore(pinia)
  centre.replace({
    seq: MORNING.length,
    serverTime: T0,
    state: stateOf(MORNING),
    config: BOOKING_CONFIG,
    you: SUPERVISOR,
  })
  wrapper = mount(SupervisorBookings, { props: { today: DAY }, global: { plugins: [pinia, i18n] } })
  /** The hub's next fact, through the store's own `receive`, as the hub client applies it. */
  const fact = async (event: DomainEvent) => {
    expect(centre.receive({ ...event, seq: centre.state.seq + 1, at: T0 + 60_000 })).toBe('applied')
    await wrapper!.vm.$nextTick()
  }
  return { view: wrapper, fact }
}

const total = (view: VueWrapper, status: string) =>
  view.find(`[data-testid="supervisor-bookings-${status}"]`).text()
const slotRow = (view: VueWrapper, serviceId: string, clock: string) =>
  view.find(`.booking-slot[data-service="${serviceId}"][data-slot="${clock}"]`)
const chip = (view: VueWrapper, code: string) => view.find(`.booking-chip[data-code="${code}"]`)
/** What a booking's chip says: its code, then how it stands. */
const chipText = (view: VueWrapper, code: string) =>
  `${chip(view, code).find('.booking-code').text()} ${chip(view, code).find('.booking-state').text()}`

beforeEach(() => setLanguage('en'))
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setLanguage('kk')
})

describe('SupervisorBookings', () => {
  it("shows today's bookings per service and slot, with places, statuses and the day's totals", () => {
    const { view } = mountPanel()
    expect(total(view, 'booked')).toBe('2')
    expect(total(view, 'checked_in')).toBe('1')
    expect(total(view, 'lapsed')).toBe('1')
    expect(total(view, 'cancelled')).toBe('1')
    // 81 passport and 27 signature places; b1, b2 and b5 hold one each.
    expect(view.find('[data-testid="supervisor-bookings-places"]').text()).toBe('3 of 108 places')
    expect(view.find('tbody[data-service="passport"] [data-cell="service-places"]').text()).toBe(
      '2 of 81 places',
    )

    // Only the slots someone booked, in time order, each with its bookings.
    expect(view.findAll('.booking-slot').map((row) => row.attributes('data-slot'))).toEqual([
      '10:20',
      '10:40',
      '09:20',
      '11:00',
    ])
    expect(slotRow(view, 'passport', '10:20').find('[data-cell="places"]').text()).toBe('2/3')
    expect(chipText(view, 'K7M42Q')).toBe('K7M42Q Booked')
    expect(chipText(view, 'ABC234')).toBe('ABC234 Checked in · ticket P009')
    // A cancelled booking frees its place and says why.
    expect(slotRow(view, 'passport', '10:40').find('[data-cell="places"]').text()).toBe('0/3')
    expect(chipText(view, 'XYZ789')).toBe('XYZ789 Cancelled: Азамат 1414-ке қоңырау шалды')
    expect(chip(view, 'QRS567').attributes('data-status')).toBe('lapsed')
    expect(chipText(view, 'QRS567')).toBe('QRS567 Lapsed')
    expect(slotRow(view, 'signature', '11:00').attributes('data-full')).toBe('true')
    // Tomorrow's booking is not today's; codes are shown, never the person.
    expect(chip(view, 'HJK678').exists()).toBe(false)
    expect(view.text()).not.toContain('ve_b1')
  })

  it('lists the free slots too on request, with the capacity daySlots gives', async () => {
    const { view } = mountPanel()
    await view.find('[data-testid="supervisor-bookings-all"]').setValue(true)
    const passport = view.findAll('.booking-slot[data-service="passport"]')
    expect(passport).toHaveLength(daySlots(BOOKING_CONFIG, 'passport', DAY).length)
    expect(passport[0]!.attributes('data-slot')).toBe('09:00')
    expect(passport[0]!.find('[data-cell="places"]').text()).toBe('0/3')
    expect(passport.at(-1)!.attributes('data-slot')).toBe('17:40')
  })

  it('follows booking facts live: a check-in shows its ticket, a new booking and a cancellation count', async () => {
    const { view, fact } = mountPanel()
    for (const event of checkedIn('b1', 't10', 'P010', '10:20')) await fact(event)
    expect(chipText(view, 'K7M42Q')).toBe('K7M42Q Checked in · ticket P010')
    expect(total(view, 'booked')).toBe('1')
    expect(total(view, 'checked_in')).toBe('2')

    await fact(made('b7', 'TVW234', 'passport', '10:20'))
    expect(slotRow(view, 'passport', '10:20').find('[data-cell="places"]').text()).toBe('3/3')
    expect(slotRow(view, 'passport', '10:20').attributes('data-full')).toBe('true')

    await fact({ type: 'booking:cancelled', bookingId: 'b7', reason: 'rescheduled' })
    expect(chipText(view, 'TVW234')).toBe('TVW234 Cancelled: rescheduled')
    expect(total(view, 'cancelled')).toBe('2')
    expect(slotRow(view, 'passport', '10:20').find('[data-cell="places"]').text()).toBe('2/3')
  })

  it('speaks Kazakh by default', async () => {
    setLanguage('kk')
    const { view } = mountPanel()
    expect(view.find('.c-panel-title').text()).toBe('Бүгінгі жазылулар')
    expect(chipText(view, 'ABC234')).toBe('ABC234 Тіркелді · P009 талоны')
  })
})

describe('dayBookings', () => {
  it('keeps a booking at a time the schedule no longer has, and a service no longer bookable', () => {
    const state = stateOf([
      { type: 'day:opened', day: DAY },
      made('b1', 'K7M42Q', 'passport', '08:30'),
      made('b2', 'ABC234', 'signature', '10:20'),
    ])
    const config = { ...BOOKING_CONFIG, bookings: { ...BOOKING_CONFIG.bookings!, services: {} } }
    const day = dayBookings(state, config, DAY)
    expect(day.services.map((s) => s.serviceId)).toEqual(['passport', 'signature'])
    expect(day.services[0]!.slots).toEqual([
      {
        start: clockAt('08:30'),
        end: clockAt('08:50'),
        capacity: null,
        taken: 1,
        bookings: [{ id: 'b1', code: 'K7M42Q', status: 'booked', ticketNumber: null, reason: null }],
      },
    ])
    expect(day.capacity).toBe(0)
    expect(day.totals).toEqual({ booked: 2, checked_in: 0, cancelled: 0, lapsed: 0 })
  })
})
