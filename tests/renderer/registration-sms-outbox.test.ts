// @vitest-environment happy-dom
/**
 * The demo SMS outbox for staff: read with the session's Bearer token, each code large, the current
 * registration's message marked, reloaded when a code is sent, and a plain word when there is none.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import RegistrationSmsOutbox from '../../src-renderer/registration/RegistrationSmsOutbox.vue'
import { codeInSms, isOfRegistration } from '../../src-renderer/registration/use-sms-outbox'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { useRegistrationUpdatesStore } from '../../src-renderer/stores/registration-updates'
import { NOW, REGISTRAR } from './registration-fixtures'

const TOKEN = 't'.repeat(43)
const SMS = (code: string) =>
  `Код ${code}: ЖСН-ді осы нөмірге тіркеу, 5 мин. Ешкімге айтпаңыз. Привязка ИИН к этому номеру, 5 мин. Никому не сообщайте.`

let wrapper: VueWrapper | null = null
let fetchMock: ReturnType<typeof vi.fn>

function answer(status: number, body: unknown): void {
  fetchMock.mockImplementation(() =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    ),
  )
}

async function mountOutbox(highlight: string | null = null): Promise<VueWrapper> {
  wrapper = mount(RegistrationSmsOutbox, { props: { highlight }, global: { plugins: [i18n] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  sessionStorage.setItem(
    'kezek.session',
    JSON.stringify({
      token: TOKEN,
      expiresAt: Date.now() + 3_600_000,
      staff: { id: REGISTRAR.id, firstName: 'Ерлан', lastName: 'Жақсылықов', roles: ['registrar'] },
    }),
  )
  setActivePinia(createPinia())
  fetchMock = vi.fn()
  vi.stubGlobal('fetch', fetchMock)
  setLanguage('ru')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  sessionStorage.clear()
  setLanguage('kk')
})

describe('demo SMS outbox', () => {
  it("reads the outbox with the staff member's token and shows each code large", async () => {
    answer(200, {
      messages: [
        { id: 'm2', at: NOW, to: '+7 (701) ***-**-78', reference: 'reg-2', text: SMS('654321') },
        { id: 'm1', at: NOW - 60_000, to: '+7 (747) ***-**-67', reference: 'reg-1', text: SMS('123456') },
      ],
    })
    const view = await mountOutbox('reg-1')
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/api/sms-outbox?limit=20')
    expect((init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`)
    expect(view.findAll('[data-testid="desk-sms-code"]').map((c) => c.text())).toEqual(['654321', '123456'])
    const current = view.find('[data-testid="desk-sms"][data-current="true"]')
    expect(current.text()).toContain('+7 (747) ***-**-67')
    expect(current.text()).toContain('Эта регистрация')
  })

  it('reloads when a code is sent at the desk', async () => {
    answer(200, { messages: [] })
    const view = await mountOutbox()
    expect(view.text()).toContain('Сообщений пока нет.')
    answer(200, {
      messages: [{ id: 'm1', at: NOW, to: '+7 (701) ***-**-78', reference: 'reg-1', text: SMS('123456') }],
    })
    useRegistrationUpdatesStore().receive({
      type: 'registration:updated',
      at: NOW,
      registrationId: 'reg-1',
      bindingId: null,
      change: 'started',
      staffId: REGISTRAR.id,
      deskId: 'desk-6',
      today: { started: 1, confirmed: 0, failed: 0, expired: 0 },
    })
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(view.find('[data-testid="desk-sms-code"]').text()).toBe('123456')
  })

  it('says so when SMS go through a real gateway, or the role may not read them', async () => {
    answer(404, { error: { code: 'not_found', message: 'gateway' } })
    let view = await mountOutbox()
    expect(view.attributes('data-state')).toBe('unavailable')
    expect(view.text()).toContain('Этот хаб отправляет SMS через настоящий шлюз')
    wrapper?.unmount()
    answer(403, { error: { code: 'forbidden', message: 'consultant' } })
    view = await mountOutbox()
    expect(view.text()).toContain('Исходящие SMS доступны только регистраторам')
  })

  it('finds the code in the SMS text, and nothing in a text without one', () => {
    expect(codeInSms(SMS('007700'))).toBe('007700')
    expect(codeInSms('Ваш номер +77012345678 привязан')).toBeNull()
  })
})

describe('which SMS are of the registration at the desk', () => {
  it('takes its first code and each one sent again, and no other registration', () => {
    expect(isOfRegistration('reg-1', 'reg-1')).toBe(true)
    expect(isOfRegistration('reg-1:2', 'reg-1')).toBe(true)
    expect(isOfRegistration('reg-10', 'reg-1')).toBe(false)
    expect(isOfRegistration('reg-1', null)).toBe(false)
  })
})
