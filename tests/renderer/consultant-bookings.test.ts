// @vitest-environment happy-dom
/**
 * The consultant's next bookings: the few due next at the window's services, live from the facts, and
 * cancelling one with a required reason through `booking:cancel`, with the hub's refusal shown translated.
 */
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { evolve, initialState, type DomainEvent } from '../../src-shared/domain'
import ConsultantBookings from '../../src-renderer/consultant/ConsultantBookings.vue'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { BOOKING_CONFIG, DAY, TOMORROW, checkedIn, clockAt, made } from './bookings-fixtures'
import { CONFIG, STAFF_ID, T0, YOU } from './consultant-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
/** 10:12: the 10:20 booking is due (10 minutes early), the 10:00 one still in its late window. */
const NOW = clockAt('10:12')

/** Window 1 (passport, signature) open; bookings around the morning. */
const DAY_EVENTS: DomainEvent[] = [
  { type: 'day:opened', day: DAY },
  { type: 'desk:opened', deskId: 'desk-1', staffId: STAFF_ID, serviceIds: ['passport', 'signature'] },
  made('c1', 'K7M42Q', 'passport', '10:20'),
  made('c2', 'ABC234', 'signature', '10:40'),
  made('c3', 'XYZ789', 'passport', '10:00'),
  made('c4', 'QRS567', 'passport', '11:00'),
  // Past its late window (09:35): it will lapse, nobody is coming for it now.
  made('c5', 'MNP345', 'passport', '09:20'),
  made('c6', 'HJK678', 'passport', '10:40'),
  made('c7', 'TVW234', 'passport', '10:20', TOMORROW),
  ...checkedIn('c3', 't5', 'P005', '10:00'),
  { type: 'booking:cancelled', bookingId: 'c6', reason: 'changed plans' },
]

let wrapper: VueWrapper | null = null

function mountPanel(config = BOOKING_CONFIG) {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const centre = useCentreStore(pinia)
  const state = initialState(config.centre.id)
  DAY_EVENTS.forEach((event, i) => evolve(state, { ...event, seq: i + 1, at: T0 + i * 1_000 }))
  centre.replace({ seq: state.seq, serverTime: NOW, state, config, you: YOU })
  const connection = useConnectionStore(pinia)
  connection.status = 'online'
  connection.synced = true
  vi.spyOn(connection, 'serverNow').mockReturnValue(NOW)
  wrapper = mount(ConsultantBookings, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  const fact = async (event: DomainEvent) => {
    expect(centre.receive({ ...event, seq: centre.state.seq + 1, at: NOW })).toBe('applied')
    await flushPromises()
  }
  return { view: wrapper, fact }
}

const rows = (view: VueWrapper) => view.findAll('.booking-row')
const row = (view: VueWrapper, code: string) => view.find(`.booking-row[data-code="${code}"]`)
const dialog = () => document.querySelector<HTMLElement>('[data-testid="consultant-booking-cancel-dialog"]')

async function openDialog(view: VueWrapper, code: string) {
  await row(view, code).find('[data-action="booking-cancel"]').trigger('click')
  await flushPromises()
  const reason = view.find('[data-testid="consultant-booking-cancel-reason"]')
  const submit = view.find('[data-testid="consultant-booking-cancel-submit"]')
  return { reason, submit }
}

beforeEach(() => {
  send.mockReset()
  setLanguage('en')
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setLanguage('kk')
})

describe('ConsultantBookings', () => {
  it('lists the bookings still ahead at the window, by time, with code and status', () => {
    const { view } = mountPanel()
    // Not the lapsing one, the cancelled one, tomorrow's, nor another window's.
    expect(rows(view).map((r) => r.attributes('data-code'))).toEqual(['XYZ789', 'K7M42Q', 'ABC234', 'QRS567'])
    expect(row(view, 'XYZ789').text()).toContain('10:00')
    expect(row(view, 'XYZ789').find('[data-testid="consultant-booking-state"]').text()).toBe(
      'Checked in · ticket P005',
    )
    expect(row(view, 'K7M42Q').find('[data-testid="consultant-booking-state"]').text()).toBe('Due now')
    expect(row(view, 'ABC234').find('[data-testid="consultant-booking-state"]').text()).toBe('Booked')
    expect(row(view, 'ABC234').find('.booking-prefix').text()).toBe('S')
    expect(view.find('[data-testid="consultant-bookings-ahead"]').text()).toBe('ahead: 4')
    // A checked-in booking is a ticket now: nothing to cancel.
    expect(row(view, 'XYZ789').find('[data-action="booking-cancel"]').exists()).toBe(false)
  })

  it('follows the facts: a booking cancelled elsewhere leaves the list and the next one comes up', async () => {
    const { view, fact } = mountPanel()
    await fact({ type: 'booking:cancelled', bookingId: 'c1', reason: 'by phone' })
    expect(rows(view).map((r) => r.attributes('data-code'))).toEqual(['XYZ789', 'ABC234', 'QRS567'])
    expect(view.find('[data-testid="consultant-bookings-ahead"]').text()).toBe('ahead: 3')
  })

  it('cancels a booking with the reason typed, once the hub acknowledges it', async () => {
    send.mockResolvedValue({ ok: true, seq: 20 } as never)
    const { view, fact } = mountPanel()
    const { reason, submit } = await openDialog(view, 'K7M42Q')
    expect(dialog()?.textContent).toContain('Cancel booking K7M42Q')
    expect(dialog()?.textContent).toContain('Passport, 10:20')
    expect(document.activeElement).toBe(reason.element)
    // The reason is required: blank (or only spaces) sends nothing.
    expect(submit.attributes('disabled')).toBeDefined()
    await reason.setValue('   ')
    expect(submit.attributes('disabled')).toBeDefined()
    await reason.setValue('  Азамат 1414-ке қоңырау шалды  ')
    await view.find('form').trigger('submit')
    await flushPromises()
    expect(send).toHaveBeenCalledTimes(1)
    expect(send).toHaveBeenCalledWith(
      'booking:cancel',
      { bookingId: 'c1', reason: 'Азамат 1414-ке қоңырау шалды' },
      { requestId: expect.stringMatching(/^[\w-]{8,64}$/) },
    )
    expect(dialog()).toBeNull()
    expect(view.find('[data-testid="consultant-booking-cancelled"]').text()).toContain(
      'Booking K7M42Q cancelled.',
    )
    // The fact follows the ack: the row goes.
    await fact({ type: 'booking:cancelled', bookingId: 'c1', reason: 'Азамат 1414-ке қоңырау шалды' })
    expect(row(view, 'K7M42Q').exists()).toBe(false)
  })

  it("shows the hub's refusal translated and keeps the dialog open", async () => {
    send.mockResolvedValue({
      ok: false,
      error: { code: 'booking_closed', message: 'booking K7M42Q is checked_in' },
    } as never)
    setLanguage('ru')
    const { view } = mountPanel()
    const { reason } = await openDialog(view, 'K7M42Q')
    await reason.setValue('Гражданин отказался')
    await view.find('form').trigger('submit')
    await flushPromises()
    const error = view.find('[data-testid="consultant-booking-cancel-error"]')
    expect(error.attributes('data-code')).toBe('booking_closed')
    expect(error.text()).toContain('Запись не отменена')
    expect(error.text()).toContain('Эта запись уже использована, отменена или истекла.')
    expect(dialog()).not.toBeNull()
    // Escape closes it; nothing was cancelled.
    dialog()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(view.find('[data-testid="consultant-booking-cancelled"]').exists()).toBe(false)
  })

  it('asks again with the same request id after no answer, so the booking is cancelled once', async () => {
    send
      .mockResolvedValueOnce({ ok: false, error: { code: 'offline', message: 'no answer' } } as never)
      .mockResolvedValueOnce({ ok: true, seq: 20 } as never)
    const { view } = mountPanel()
    const { reason } = await openDialog(view, 'K7M42Q')
    await reason.setValue('Citizen called')
    await view.find('form').trigger('submit')
    await flushPromises()
    expect(view.find('[data-testid="consultant-booking-cancel-error"]').text()).toContain(
      'The hub did not answer.',
    )
    await view.find('form').trigger('submit')
    await flushPromises()
    expect(send).toHaveBeenCalledTimes(2)
    expect(send.mock.calls[1]![2]).toEqual(send.mock.calls[0]![2])
    expect(dialog()).toBeNull()
  })

  it('stays away from a window whose services take no bookings, unless it has bookings today', () => {
    // The centre took bookings until this morning's config: today's still show, to be met.
    const { view } = mountPanel(CONFIG)
    expect(view.find('[data-testid="consultant-bookings"]').exists()).toBe(true)
    wrapper!.unmount()
    const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
    const state = initialState(CONFIG.centre.id)
    DAY_EVENTS.slice(0, 2).forEach((event, i) => evolve(state, { ...event, seq: i + 1, at: T0 }))
    useCentreStore(pinia).replace({ seq: 2, serverTime: NOW, state, config: CONFIG, you: YOU })
    wrapper = mount(ConsultantBookings, { global: { plugins: [pinia, i18n] } })
    expect(wrapper.find('[data-testid="consultant-bookings"]').exists()).toBe(false)
  })
})
