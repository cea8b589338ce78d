// @vitest-environment happy-dom
/**
 * A ticket joined from home on its holder's phone, until check-in: the code dashed, the wait as if in the
 * hall, "set off now" when told to come, "check in by HH:MM" when held; and the lapsed ticket's words.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Language } from '../../src-shared/config'
import type { TrackRemote, TrackView } from '../../src-shared/protocol'
import TrackRemoteView from '../../src-renderer/track/TrackRemoteView.vue'
import TrackTicketView from '../../src-renderer/track/TrackTicketView.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'

const NAME = { kk: 'Анықтама', ru: 'Справка', en: 'Certificate' }

function view(remote: Partial<TrackRemote> = {}, fields: Partial<TrackView> = {}) {
  return {
    number: 'A012',
    serviceId: 'no-criminal-record',
    status: 'expected' as const,
    ahead: 4,
    windows: 1,
    estimateMinutes: 25,
    estimateLow: 18,
    estimateHigh: 35,
    deskLabel: null,
    recalls: 0,
    centre: NAME,
    service: NAME,
    updatedAt: 0,
    ...fields,
    remote: { code: 'K7M42Q', phase: 'expected' as const, checkInBy: null, ...remote },
  }
}

async function show(remote: Partial<TrackRemote> = {}, language: Language = 'kk') {
  setLanguage(language)
  const wrapper = mount(TrackRemoteView, {
    props: { view: view(remote), language },
    global: { plugins: [i18n] },
  })
  await flushPromises()
  return wrapper
}

afterEach(() => setLanguage('kk'))

describe('TrackRemoteView', () => {
  it('expected: not in the hall queue yet, the wait as if there, the code dashed with its QR', async () => {
    const wrapper = await show()
    expect(wrapper.get('[data-testid="track-expected"]').text()).toContain('Киоскіде тіркелгенше')
    expect(wrapper.get('[data-testid="track-wait"]').text()).toBe('≈ 25 мин (18–35 мин)')
    expect(wrapper.get('[data-testid="track-ahead"]').text()).toBe('4 адам')
    expect(wrapper.get('[data-testid="track-code"]').text()).toBe('K7M-42Q')
    await expect.poll(() => wrapper.find('.remote-qr svg').exists()).toBe(true)
    expect(wrapper.find('[data-testid="track-come-now"]').exists()).toBe(false)
  })

  it('told to come: "set off now" with the wait and the people ahead', async () => {
    const wrapper = await show({ phase: 'come_now' }, 'ru')
    const block = wrapper.get('[data-testid="track-come-now"]')
    expect(block.attributes('role')).toBe('alert')
    expect(block.text()).toContain('Выходите сейчас')
    expect(block.text()).toContain('≈ 25 мин (18–35 мин), перед вами 4 чел.')
  })

  it('held: check in by the hold’s end, on the phone’s clock', async () => {
    const checkInBy = new Date(2026, 11, 7, 14, 5).getTime()
    const wrapper = await show({ phase: 'held', checkInBy }, 'en')
    expect(wrapper.get('[data-testid="track-held"]').text()).toContain(
      'Check in at the kiosk by 14:05, or the ticket lapses.',
    )
  })

  it('lapsed, once ended: the ticket view says why', () => {
    setLanguage('kk')
    const { remote: _remote, ...ended } = view({}, { status: 'lapsed' })
    const wrapper = mount(TrackTicketView, {
      props: { view: { ...ended, status: 'lapsed' }, language: 'kk' },
      global: { plugins: [i18n] },
    })
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('Мерзімі өтті')
    expect(wrapper.get('.ticket-final-body').text()).toContain('талонның мерзімі өтті')
  })
})
