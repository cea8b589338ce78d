// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TrackView } from '../../src-shared/protocol'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { useTrackStore } from '../../src-renderer/stores/track'
import TrackFace from '../../src-renderer/track/TrackFace.vue'
import { FakeSocket } from './fixtures'

const sockets: { socket: FakeSocket; options: Record<string, unknown> }[] = []
vi.mock('socket.io-client', () => ({
  io: (options: Record<string, unknown>) => {
    const socket = new FakeSocket()
    sockets.push({ socket, options })
    return socket
  },
}))

const TOKEN = 'Zx3_k9-QwErTy12345678'

function trackView(fields: Partial<TrackView> = {}): TrackView {
  return {
    number: 'B014',
    serviceId: 'pension-contributions',
    status: 'waiting',
    ahead: 2,
    windows: 1,
    estimateMinutes: 8,
    estimateLow: 5,
    estimateHigh: 12,
    deskLabel: null,
    recalls: 0,
    centre: { kk: 'Астана, №1 ХҚО', ru: 'Астана, ЦОН № 1' },
    service: { kk: 'Зейнетақы жарналары туралы анықтама', ru: 'Справка о пенсионных отчислениях' },
    updatedAt: 0,
    ...fields,
  }
}

function open(token = TOKEN) {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const wrapper = mount(TrackFace, { props: { token }, global: { plugins: [pinia, i18n] } })
  return { wrapper, track: useTrackStore(pinia) }
}

let vibrate: ReturnType<typeof vi.fn>

beforeEach(() => {
  sockets.length = 0
  localStorage.clear()
  vibrate = vi.fn(() => true)
  Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true })
})
afterEach(() => setLanguage('kk'))

describe('TrackFace', () => {
  it('follows the ticket with the tracker handshake and shows it live', async () => {
    const { wrapper } = open()
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.options.auth).toEqual({ role: 'tracker', ticketToken: TOKEN })
    expect(wrapper.text()).toContain('Талон жүктелуде')

    const { socket } = sockets[0]!
    socket.open()
    socket.deliver('track:updated', trackView())
    await flushPromises()
    expect(wrapper.get('[data-testid="track-number"]').text()).toBe('B014')
    expect(wrapper.get('[data-testid="track-ahead"]').text()).toBe('2 адам')
    expect(wrapper.get('[data-testid="track-wait"]').text()).toBe('≈ 8 мин (5–12 мин)')
    expect(wrapper.get('.phone-centre').text()).toBe('Астана, №1 ХҚО')
    expect(document.title).toBe('B014 · Кезекте')
    expect(vibrate).not.toHaveBeenCalled()

    socket.deliver(
      'track:updated',
      trackView({ status: 'called', ahead: null, estimateMinutes: null, deskLabel: '4' }),
    )
    await flushPromises()
    expect(wrapper.get('[data-testid="track-window"]').text()).toBe('4')
    expect(vibrate).toHaveBeenCalledTimes(1)

    socket.deliver('track:updated', trackView({ status: 'called', deskLabel: '4', recalls: 1 }))
    await flushPromises()
    expect(vibrate).toHaveBeenCalledTimes(2)

    socket.deliver('track:updated', trackView({ status: 'done', ahead: null, estimateMinutes: null }))
    await flushPromises()
    expect(wrapper.get('[data-testid="track-final"]').text()).toContain('Келгеніңізге рахмет')
    wrapper.unmount()
  })

  it('switches language kk -> ru -> en and remembers the choice', async () => {
    const { wrapper } = open()
    sockets[0]!.socket.open()
    sockets[0]!.socket.deliver('track:updated', trackView())
    await flushPromises()
    expect(wrapper.get('[data-language="kk"]').attributes('aria-pressed')).toBe('true')

    await wrapper.get('[data-language="ru"]').trigger('click')
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('В очереди')
    expect(wrapper.get('.phone-centre').text()).toBe('Астана, ЦОН № 1')
    await wrapper.get('[data-language="en"]').trigger('click')
    expect(wrapper.get('[data-testid="track-ahead"]').text()).toBe('2')
    // English is optional in the centre config; the service name falls back to Russian.
    expect(wrapper.get('.ticket-service').text()).toBe('Справка о пенсионных отчислениях')
    expect(localStorage.getItem('kezek.track.language')).toBe('en')
    wrapper.unmount()
  })

  it('says clearly when the hub does not know the ticket', async () => {
    const { wrapper, track } = open()
    sockets[0]!.socket.refuse('unknown_ticket', 'this ticket is not active today')
    await flushPromises()
    expect(track.problem).toBe('unknown_ticket')
    expect(wrapper.get('[data-testid="track-unknown"] h1').text()).toBe('Талон табылмады')
    expect(wrapper.find('[data-testid="track-ticket"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('asks again later when the ticket has too many trackers for now, and not once the page is left', async () => {
    vi.useFakeTimers()
    try {
      const { wrapper } = open()
      const { socket } = sockets[0]!
      socket.refuse('too_many_connections')
      await flushPromises()
      expect(wrapper.find('[data-testid="track-unknown"]').exists()).toBe(false)
      vi.advanceTimersByTime(5_000)
      expect(socket.connects).toBe(1)
      socket.refuse('rate_limited', 'wait', { retryAfterMs: 20_000 })
      wrapper.unmount()
      vi.advanceTimersByTime(60_000)
      expect(socket.connects).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('does not even ask the hub about a link that cannot be a ticket', async () => {
    const { wrapper } = open('abc')
    await flushPromises()
    expect(sockets).toHaveLength(0)
    expect(wrapper.get('[data-testid="track-unknown"]').text()).toContain('QR кодты қайта сканерлеңіз')
    wrapper.unmount()
  })

  it('shows a lost connection without hiding the ticket, and asks again when the hub closes it', async () => {
    const { wrapper } = open()
    const { socket } = sockets[0]!
    socket.open()
    socket.deliver('track:updated', trackView())
    await flushPromises()
    socket.drop('transport close')
    await flushPromises()
    expect(wrapper.get('.track-offline').text()).toBe('Байланыс үзілді. Қайта қосылуда…')
    expect(wrapper.get('[data-testid="track-number"]').text()).toBe('B014')
    expect(socket.connects).toBe(0)

    socket.open()
    socket.drop('io server disconnect')
    expect(socket.connects).toBe(1)
    wrapper.unmount()
  })
})
