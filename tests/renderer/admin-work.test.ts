// @vitest-environment happy-dom
/**
 * The admin's "work at the windows" forms against a stubbed `/api/admin`: the standards form sends only
 * the sections that changed, whole, and a refusal lands under its field and stops the sections after
 * it; a new rating reason goes out as the `ratings` section with its window unchanged; a pause reason
 * asks before it is removed and is then sent without it.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AdminConfigView } from '../../src-shared/config'
import AdminWorkList from '../../src-renderer/admin/AdminWorkList.vue'
import AdminWorkRules from '../../src-renderer/admin/AdminWorkRules.vue'
import '../../src-renderer/admin/admin-texts'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { useAdminConfigStore } from '../../src-renderer/stores/admin-config'
import { CONFIG } from './consultant-fixtures'

type Call = { method: string; path: string; body: { value: Record<string, unknown> } | null }
let calls: Call[] = []
/** The hub's answer to a PUT of `section`: accepted (200) unless a refusal is given for it. */
let refusals: Record<string, { path: (string | number)[]; message: string }[]> = {}
let wrapper: VueWrapper | null = null

const name = (kk: string, ru: string, en: string) => ({ kk, ru, en })
/** The config as the admin screen reads it, with the sections of this tab. */
const WORK = {
  pauseReasons: [
    { id: 'lunch', name: name('Түскі ас', 'Обед', 'Lunch'), limitMinutes: 60 },
    { id: 'technical', name: name('Техникалық үзіліс', 'Технический перерыв', 'Technical break') },
  ],
  outcomes: [{ id: 'served', name: name('Қызмет көрсетілді', 'Услуга оказана', 'Served') }],
  ratings: {
    windowMinutes: 120,
    reasons: [{ id: 'long-wait', name: name('Ұзақ күту', 'Долгое ожидание', 'Long wait'), scores: 'low' }],
  },
  alerts: { waitStandardMinutes: 15, pauseLimitMinutes: 15, deviceOfflineSeconds: 60 },
  policy: { ...CONFIG.policy, outcomeRequired: false },
}
const adminView = (): AdminConfigView =>
  ({
    ...structuredClone(CONFIG),
    ...structuredClone(WORK),
    staff: [],
    devices: [],
  }) as unknown as AdminConfigView

beforeEach(() => {
  setActivePinia(createPinia())
  setLanguage('en')
  calls = []
  refusals = {}
  sessionStorage.setItem(
    'kezek.session',
    JSON.stringify({
      token: 't'.repeat(43),
      expiresAt: Date.now() + 3_600_000,
      staff: { id: 'admin-1', firstName: 'A', lastName: 'B', roles: ['admin'] },
    }),
  )
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const path = url.replace('/api/admin/', '')
      const method = init.method ?? 'GET'
      const body = init.body ? (JSON.parse(String(init.body)) as Call['body']) : null
      calls.push({ method, path, body })
      const section = path.replace('config/', '')
      const respond = (status: number, answer: unknown) =>
        Promise.resolve(
          new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } }),
        )
      if (method === 'PUT' && refusals[section]) {
        return respond(422, { error: { code: 'invalid_config', issues: refusals[section] } })
      }
      if (method === 'PUT') return respond(200, { version: calls.length, config: adminView() })
      if (path.startsWith('audit')) return respond(200, { changes: [] })
      return respond(200, { version: 1, config: adminView() })
    }),
  )
  useAdminConfigStore().config = adminView()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  sessionStorage.clear()
  document.body.innerHTML = ''
})

const puts = () => calls.filter((c) => c.method === 'PUT')

describe('the standards form', () => {
  it('sends only the alerts, whole, when only the wait standard changed', async () => {
    wrapper = mount(AdminWorkRules, { global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.find('[data-testid="admin-work-waitStandard"]').setValue('7')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(puts().map((c) => c.path)).toEqual(['config/alerts'])
    expect(puts()[0]!.body!.value).toEqual({ ...WORK.alerts, waitStandardMinutes: 7 })
    expect(wrapper.find('[data-testid="admin-work-rules-saved"]').exists()).toBe(true)
  })

  it('puts the hub’s refusal under its field, in the admin’s language, and sends nothing after it', async () => {
    refusals.alerts = [{ path: ['alerts', 'pauseLimitMinutes'], message: 'must be at most 600 minutes' }]
    wrapper = mount(AdminWorkRules, { global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.find('[data-testid="admin-work-pauseLimit"]').setValue('900')
    await wrapper.find('[data-testid="admin-work-outcome-required"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(puts().map((c) => c.path)).toEqual(['config/alerts'])
    expect(wrapper.find('[data-testid="admin-work-pauseLimit-error"]').text()).toBe('at most 600')
    expect(wrapper.find('[data-testid="admin-work-pauseLimit"]').attributes('aria-invalid')).toBe('true')
  })

  it('says an empty number is required without asking the hub', async () => {
    wrapper = mount(AdminWorkRules, { global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.find('[data-testid="admin-work-ratingWindow"]').setValue('')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(puts()).toEqual([])
    expect(wrapper.find('[data-testid="admin-work-ratingWindow-error"]').exists()).toBe(true)
  })
})

describe('the lists', () => {
  it('adds a rating reason as the ratings section, its window unchanged', async () => {
    wrapper = mount(AdminWorkList, {
      props: { kind: 'ratingReasons' },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.find('[data-testid="admin-work-ratingReasons-add"]').trigger('click')
    await wrapper.find('[data-testid="admin-work-ratingReasons-id"]').setValue('clean-hall')
    await wrapper.find('[data-testid="admin-work-ratingReasons-name-kk"]').setValue('Таза зал')
    await wrapper.find('[data-testid="admin-work-ratingReasons-name-ru"]').setValue('Чистый зал')
    await wrapper.find('[data-testid="admin-work-ratingReasons-scores"]').setValue('high')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(puts().map((c) => c.path)).toEqual(['config/ratings'])
    const sent = puts()[0]!.body!.value as { windowMinutes: number; reasons: { id: string }[] }
    expect(sent.windowMinutes).toBe(WORK.ratings.windowMinutes)
    expect(sent.reasons.at(-1)).toEqual({
      id: 'clean-hall',
      name: { kk: 'Таза зал', ru: 'Чистый зал' },
      scores: 'high',
    })
  })

  it('asks before a pause reason is removed, and then sends the list without it', async () => {
    wrapper = mount(AdminWorkList, {
      props: { kind: 'pauses' },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.find('[data-testid="admin-work-pauses-remove-lunch"]').trigger('click')
    const dialog = wrapper.find('[data-testid="admin-remove-dialog"]')
    expect(dialog.text()).toContain('Remove the reason “Lunch”?')
    expect(dialog.text()).toContain('“lunch”')
    expect(puts()).toEqual([])
    await wrapper.find('[data-testid="admin-remove-confirm"]').trigger('click')
    await flushPromises()
    expect(puts().map((c) => c.path)).toEqual(['config/pauseReasons'])
    expect((puts()[0]!.body!.value as unknown as { id: string }[]).map((r) => r.id)).toEqual(
      WORK.pauseReasons.filter((r) => r.id !== 'lunch').map((r) => r.id),
    )
  })
})
