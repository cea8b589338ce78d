// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Language } from '../../src-shared/config'
import type { TrackView } from '../../src-shared/protocol'
import TrackTicketView from '../../src-renderer/track/TrackTicketView.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'

const CENTRE = { kk: 'Астана, №1 ХҚО', ru: 'Астана, ЦОН № 1', en: 'Astana, Public Service Centre No. 1' }
const SERVICE = {
  kk: 'Соттылықтың болуы немесе болмауы туралы анықтама',
  ru: 'Справка о наличии либо отсутствии судимости',
  en: 'Certificate of no criminal record',
}

function view(fields: Partial<TrackView> = {}): TrackView {
  return {
    number: 'A007',
    serviceId: 'no-criminal-record',
    status: 'waiting',
    ahead: 3,
    windows: 2,
    estimateMinutes: 12,
    estimateLow: 8,
    estimateHigh: 18,
    deskLabel: null,
    recalls: 0,
    centre: CENTRE,
    service: SERVICE,
    updatedAt: Date.UTC(2025, 2, 10, 5, 0, 0),
    ...fields,
  }
}

function show(fields: Partial<TrackView> = {}, language: Language = 'kk') {
  setLanguage(language)
  return mount(TrackTicketView, { props: { view: view(fields), language }, global: { plugins: [i18n] } })
}

afterEach(() => setLanguage('kk'))

describe('TrackTicketView', () => {
  it('waiting: number, service, people ahead and the estimated wait with its range, in Kazakh by default', () => {
    const wrapper = show()
    expect(wrapper.get('[data-testid="track-number"]').text()).toBe('A007')
    expect(wrapper.get('.ticket-service').text()).toBe(SERVICE.kk)
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('Кезекте')
    expect(wrapper.get('[data-testid="track-ahead"]').text()).toBe('3 адам')
    expect(wrapper.get('[data-testid="track-wait"]').text()).toBe('≈ 12 мин (8–18 мин)')
    expect(wrapper.get('[data-testid="track-wait"]').attributes('data-no-window')).toBe('false')
    expect(wrapper.find('[data-testid="track-called"]').exists()).toBe(false)
  })

  it('waiting, a range that says no more than its point: the point alone', () => {
    const wrapper = show({ estimateMinutes: 5, estimateLow: 5, estimateHigh: 5 }, 'en')
    expect(wrapper.get('[data-testid="track-wait"]').text()).toBe('≈ 5 min')
  })

  it('waiting, first in line with a window free: nobody ahead, a window now', () => {
    const wrapper = show({ ahead: 0, estimateMinutes: 0, estimateLow: null, estimateHigh: null }, 'ru')
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('В очереди')
    expect(wrapper.get('[data-testid="track-ahead"]').text()).toBe('Никого')
    expect(wrapper.get('[data-testid="track-wait"]').text()).toBe('Сейчас: окно свободно')
    expect(wrapper.get('.ticket-service').text()).toBe(SERVICE.ru)
  })

  it('waiting with no window open for the service: a notice, no minutes', () => {
    const none = { ahead: 0, windows: 0, estimateMinutes: null, estimateLow: null, estimateHigh: null }
    const wrapper = show(none, 'en')
    const wait = wrapper.get('[data-testid="track-wait"]')
    expect(wait.text()).toBe('No window serves this service right now')
    expect(wait.attributes('data-no-window')).toBe('true')
    expect(wrapper.get('.ticket-stat-wait').classes()).toContain('ticket-no-window')
    expect(wrapper.text()).not.toMatch(/\d+ min/)
  })

  it('called: the window in large type, in Kazakh and Russian', () => {
    const wrapper = show({ status: 'called', ahead: null, estimateMinutes: null, deskLabel: '3' })
    const called = wrapper.get('[data-testid="track-called"]')
    expect(called.attributes('role')).toBe('alert')
    expect(called.get('[data-testid="track-window"]').text()).toBe('3')
    expect(called.findAll('.ticket-go').map((p) => [p.attributes('lang'), p.text()])).toEqual([
      ['kk', '3-терезеге өтіңіз'],
      ['ru', 'Пройдите к окну 3'],
    ])
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('Сізді шақырып жатыр')
    expect(wrapper.find('[data-testid="track-ahead"]').exists()).toBe(false)
    expect(called.find('.ticket-recalled').exists()).toBe(false)
  })

  it('called, English chosen: Kazakh and Russian still first, English after them', () => {
    const wrapper = show({ status: 'called', deskLabel: '12', recalls: 1 }, 'en')
    expect(wrapper.findAll('.ticket-go').map((p) => p.text())).toEqual([
      '12-терезеге өтіңіз',
      'Пройдите к окну 12',
      'Please go to window 12',
    ])
    expect(wrapper.get('.ticket-recalled').text()).toBe('Called again')
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe('You are being called')
  })

  it('serving: at which window', () => {
    const wrapper = show({ status: 'serving', deskLabel: '3', ahead: null, estimateMinutes: null })
    expect(wrapper.get('[data-testid="track-serving"]').text()).toContain(
      'Сізге 3-терезеде қызмет көрсетілуде',
    )
  })

  it.each([
    ['done', 'Қызмет көрсетілді', 'Келгеніңізге рахмет!', 'final-ok'],
    ['no_show', 'Шақыруға келмедіңіз', 'киосктен жаңа талон алыңыз', 'final-bad'],
    ['cancelled', 'Талон жойылды', 'енді кезекте жоқ', 'final'],
    ['expired', 'Талон жарамсыз', 'бүгінгі кезекте жоқ', 'final'],
  ] as const)('%s: a clear final state', (status, title, body, tone) => {
    const wrapper = show({ status, ahead: null, estimateMinutes: null })
    expect(wrapper.get('[data-testid="track-ticket"]').attributes('data-tone')).toBe(tone)
    expect(wrapper.get('[data-testid="track-status"]').text()).toBe(title)
    expect(wrapper.get('[data-testid="track-final"]').text()).toContain(body)
    expect(wrapper.find('[data-testid="track-ahead"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="track-called"]').exists()).toBe(false)
  })
})
