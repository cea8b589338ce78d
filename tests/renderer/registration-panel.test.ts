// @vitest-environment happy-dom
/**
 * The registration panel on the work screen, with a real Pinia, the real hub client and a fake socket
 * playing the hub: when it appears, when "Send the code" is on, the code step's countdown and resend,
 * every refusal by its code, the confirmed binding, a reload mid-flow, and forgetting the citizen.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConsultantWork from '../../src-renderer/consultant/ConsultantWork.vue'
import { i18n } from '../../src-renderer/i18n'
import { connectHub, disconnectHub } from '../../src-renderer/hub/hub-client'
import { useConsultantStore } from '../../src-renderer/stores/consultant'
import { useRegistrationStore } from '../../src-renderer/stores/registration'
import {
  bindingView,
  deskSnapshot,
  RegistrationHubSocket,
  IIN,
  NOW,
  PHONE,
  registrationView,
  started,
} from './registration-fixtures'

let socket: RegistrationHubSocket
let wrapper: VueWrapper | null = null

async function mountDesk(options: Parameters<typeof deskSnapshot>[0] = {}): Promise<VueWrapper> {
  socket = new RegistrationHubSocket()
  socket.answers['registration:start'] = () => ({ ok: true, ...started(Date.now()) })
  connectHub(
    { role: 'staff', token: 'x'.repeat(32) },
    { socketFactory: () => socket.asSocket(), retryForMs: 200, commandTimeoutMs: 100 },
  )
  socket.open(deskSnapshot(options))
  wrapper = mount(ConsultantWork, { global: { plugins: [i18n] }, attachTo: document.body })
  await settled()
  return wrapper
}

/** The panel is loaded on demand (an async component): wait for it, then for its first requests. */
async function settled(): Promise<void> {
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
}

const find = (view: VueWrapper, testId: string) => view.find(`[data-testid="${testId}"]`)
const text = (view: VueWrapper, testId: string) => find(view, testId).text()
const disabled = (view: VueWrapper, testId: string) =>
  (find(view, testId).element as HTMLButtonElement).disabled

/** Fills the entry form as a registrar would, ticking what is asked for. */
async function fillForm(
  view: VueWrapper,
  { document = true, consent = true }: { document?: boolean; consent?: boolean } = {},
): Promise<void> {
  await find(view, 'desk-iin').setValue(IIN)
  await find(view, 'desk-iin').trigger('blur')
  await find(view, 'desk-phone').setValue(PHONE)
  await find(view, 'desk-phone').trigger('blur')
  if (document) await find(view, 'desk-document').setValue(true)
  if (consent) await find(view, 'desk-consent-accepted').setValue(true)
}

async function sendCode(view: VueWrapper): Promise<void> {
  await fillForm(view)
  await find(view, 'desk-send').trigger('submit')
  await flushPromises()
}

async function enterCode(view: VueWrapper, code: string): Promise<void> {
  await find(view, 'desk-code').setValue(code)
  await find(view, 'desk-confirm').trigger('submit')
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: NOW })
  setActivePinia(createPinia())
  localStorage.clear()
  sessionStorage.clear()
  // The demo outbox probe: this hub sends SMS through a gateway.
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response('{}', { status: 404 }))),
  )
  useConsultantStore().chooseLanguage('ru')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  disconnectHub()
  document.body.innerHTML = ''
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('registration panel: where it appears', () => {
  it("takes the main column for a registrar's mobile-registration ticket, the ticket a strip above it", async () => {
    const view = await mountDesk()
    expect(find(view, 'desk-registration').exists()).toBe(true)
    expect(find(view, 'consultant-ticket').classes()).toContain('ticket-card--compact')
    expect(text(view, 'consultant-ticket-number')).toBe('R001')
    // The consent text and the rules come from the hub.
    expect(socket.registrationSent().map((c) => c.type)).toContain('registration:settings')
    expect(text(view, 'desk-consent-text')).toBe('Мен ЖСН мен телефон нөмірімді өңдеуге келісемін.')
  })

  it('is not there for a consultant, nor for a ticket of another service', async () => {
    let view = await mountDesk({ roles: ['consultant'] })
    expect(find(view, 'desk-registration').exists()).toBe(false)
    expect(find(view, 'consultant-ticket').classes()).not.toContain('ticket-card--compact')
    wrapper?.unmount()
    disconnectHub()
    setActivePinia(createPinia())
    view = await mountDesk({ serviceId: 'passport' })
    expect(find(view, 'desk-registration').exists()).toBe(false)
  })
})

describe('registration panel: the entry form', () => {
  it('turns "Send the code" on only with a valid IIN, a mobile number, the document and the consent', async () => {
    const view = await mountDesk()
    expect(disabled(view, 'desk-send')).toBe(true)
    expect(text(view, 'desk-missing')).toBe(
      'Ещё нужно: верный ИИН, мобильный номер, проверка документа, согласие',
    )
    await fillForm(view, { document: false, consent: false })
    expect(disabled(view, 'desk-send')).toBe(true)
    expect(text(view, 'desk-missing')).toBe('Ещё нужно: проверка документа, согласие')
    await find(view, 'desk-document').setValue(true)
    expect(disabled(view, 'desk-send')).toBe(true)
    await find(view, 'desk-consent-accepted').setValue(true)
    expect(disabled(view, 'desk-send')).toBe(false)
    expect(text(view, 'desk-missing')).toBe('')

    // A landline instead: off again.
    await find(view, 'desk-phone').setValue('8 712 234 56 78')
    expect(disabled(view, 'desk-send')).toBe(true)
    expect(text(view, 'desk-missing')).toBe('Ещё нужно: мобильный номер')
    await find(view, 'desk-phone').setValue(PHONE)

    await find(view, 'desk-consent-language-ru').setValue(true)
    await find(view, 'desk-send').trigger('submit')
    await flushPromises()
    const start = socket.registrationSent().find((c) => c.type === 'registration:start')!
    expect(start.payload).toMatchObject({
      deskId: 'desk-6',
      ticketId: 't1',
      iin: IIN,
      // As typed: the hub normalises it with the same rules.
      phone: PHONE,
      documentChecked: true,
      consent: { accepted: true, language: 'ru', textVersion: 'v1' },
    })
    expect(typeof start.payload.requestId).toBe('string')
  })

  it('shows the consent large, Kazakh beside Russian; "I agree" ticks it in that language', async () => {
    const view = await mountDesk()
    await find(view, 'desk-consent-show').trigger('click')
    const large = find(view, 'desk-consent-view')
    expect(large.exists()).toBe(true)
    expect(large.text()).toContain('Мен ЖСН мен телефон нөмірімді өңдеуге келісемін.')
    expect(large.text()).toContain('Я согласен(на) на обработку ИИН и номера телефона.')
    // Citizen-facing, so in both languages whatever the registrar's.
    expect(text(view, 'desk-consent-agree-kk')).toBe('Келісемін')
    expect(text(view, 'desk-consent-agree-ru')).toBe('Согласен(на)')
    // The dashboard's shortcuts rest meanwhile.
    expect(useConsultantStore().dialogOpen).toBe(true)
    await find(view, 'desk-consent-agree-ru').trigger('click')
    expect(find(view, 'desk-consent-view').exists()).toBe(false)
    expect((find(view, 'desk-consent-accepted').element as HTMLInputElement).checked).toBe(true)
    expect((find(view, 'desk-consent-language-ru').element as HTMLInputElement).checked).toBe(true)
    expect(useConsultantStore().dialogOpen).toBe(false)
  })

  it('offers the lookup when the IIN is already bound', async () => {
    const view = await mountDesk()
    socket.answers['registration:start'] = () => ({
      ok: false,
      error: { code: 'binding_exists', message: 'IIN 8710******27 is already bound' },
    })
    socket.answers['binding:find'] = () => ({ ok: true, bindings: [bindingView(NOW)] })
    await sendCode(view)
    expect(find(view, 'desk-error').attributes('data-code')).toBe('binding_exists')
    expect(text(view, 'desk-error-text')).toBe('У этого ИИН уже есть действующая привязка. Смените номер.')
    expect(text(view, 'desk-error')).not.toContain('already bound')
    await find(view, 'desk-find-existing').trigger('click')
    await flushPromises()
    const lookup = socket.registrationSent().find((c) => c.type === 'binding:find')!
    expect(lookup.payload).toMatchObject({ deskId: 'desk-6', iin: IIN })
    expect(text(view, 'desk-binding-status')).toBe('Действует')
    expect(text(view, 'desk-binding-phone')).toBe('+7 (701) ***-**-78')
  })
})

describe('registration panel: the code step', () => {
  it("counts down to the code's expiry on the hub's clock; a new code is possible from resendAt", async () => {
    const view = await mountDesk()
    await sendCode(view)
    expect(find(view, 'desk-code-step').exists()).toBe(true)
    expect(text(view, 'desk-code-sent')).toBe('Код отправлен на +7 (701) ***-**-78')
    expect(text(view, 'desk-countdown')).toContain('5:00')
    expect(text(view, 'desk-attempts')).toContain('3')
    expect(disabled(view, 'desk-resend')).toBe(true)
    expect(text(view, 'desk-resend')).toBe('Новый код через 1:00')

    vi.advanceTimersByTime(20_000)
    await flushPromises()
    expect(text(view, 'desk-countdown')).toContain('4:40')
    expect(text(view, 'desk-resend')).toBe('Новый код через 0:40')

    vi.advanceTimersByTime(40_000)
    await flushPromises()
    expect(disabled(view, 'desk-resend')).toBe(false)
    expect(text(view, 'desk-resend')).toBe('Отправить новый код')
    socket.answers['registration:resend'] = () => ({
      ok: true,
      registrationId: 'reg-1',
      expiresAt: Date.now() + 300_000,
      resendAt: Date.now() + 60_000,
      attemptsLeft: 3,
    })
    await find(view, 'desk-resend').trigger('click')
    await flushPromises()
    expect(socket.registrationSent().at(-1)).toMatchObject({
      type: 'registration:resend',
      payload: { registrationId: 'reg-1' },
    })
    expect(text(view, 'desk-notice')).toBe('Новый код отправлен. Прежний код больше не действует.')
    expect(text(view, 'desk-countdown')).toContain('5:00')
    expect(disabled(view, 'desk-resend')).toBe(true)
  })

  it('says the code has expired when the time is up, and starts again with the same data', async () => {
    const view = await mountDesk()
    await sendCode(view)
    await find(view, 'desk-code').setValue('123456')
    expect(disabled(view, 'desk-confirm')).toBe(false)
    vi.advanceTimersByTime(300_000)
    await flushPromises()
    expect(find(view, 'desk-closed').attributes('data-reason')).toBe('expired')
    expect(text(view, 'desk-closed')).toContain('Срок действия кода истёк')
    expect(text(view, 'desk-closed')).toContain('Код действует 5 минут.')
    expect(find(view, 'desk-confirm').exists()).toBe(false)
    await find(view, 'desk-start-again').trigger('click')
    expect(find(view, 'desk-entry').exists()).toBe(true)
    expect((find(view, 'desk-iin').element as HTMLInputElement).value).toBe('8710******27')
    expect(disabled(view, 'desk-send')).toBe(false)
  })

  it('confirms only six digits, ignoring anything else typed', async () => {
    const view = await mountDesk()
    await sendCode(view)
    await find(view, 'desk-code').setValue('12a3 4')
    expect((find(view, 'desk-code').element as HTMLInputElement).value).toBe('1234')
    expect(disabled(view, 'desk-confirm')).toBe(true)
    await find(view, 'desk-code').setValue('123-456')
    expect((find(view, 'desk-code').element as HTMLInputElement).value).toBe('123456')
    expect(disabled(view, 'desk-confirm')).toBe(false)
  })

  it('shows a wrong code with the attempts left, and the third as closing the registration', async () => {
    const view = await mountDesk()
    await sendCode(view)
    socket.answers['registration:confirm'] = () => ({
      ok: false,
      error: { code: 'otp_wrong', message: 'wrong code; 2 attempts left' },
    })
    socket.answers['registration:status'] = () => ({
      ok: true,
      registration: registrationView(NOW, { attemptsLeft: 2 }),
      binding: null,
    })
    await enterCode(view, '000000')
    expect(find(view, 'desk-error').attributes('data-code')).toBe('otp_wrong')
    expect(text(view, 'desk-error')).toContain('Привязка не подтверждена')
    expect(text(view, 'desk-error-text')).toBe('Неверный код. Осталось попыток: 2.')
    expect(text(view, 'desk-attempts')).toContain('2')
    expect((find(view, 'desk-code').element as HTMLInputElement).value).toBe('')

    socket.answers['registration:confirm'] = () => ({
      ok: false,
      error: { code: 'otp_attempts_exceeded', message: '3 wrong codes: this registration is closed' },
    })
    await enterCode(view, '111111')
    expect(find(view, 'desk-closed').attributes('data-reason')).toBe('attempts')
    expect(text(view, 'desk-closed')).toContain('Слишком много неверных кодов')
    expect(text(view, 'desk-closed')).toContain('после 3 неверных кодов')
    // The closed step explains it; no second box says the same.
    expect(find(view, 'desk-error').exists()).toBe(false)
    expect(find(view, 'desk-start-again').exists()).toBe(true)
  })

  it('shows an expired code refused by the hub, and any other refusal by its code', async () => {
    const view = await mountDesk()
    await sendCode(view)
    socket.answers['registration:confirm'] = () => ({
      ok: false,
      error: { code: 'storage_failed', message: 'the registration was not stored' },
    })
    await enterCode(view, '123456')
    expect(text(view, 'desk-error-text')).toBe(
      'Хаб не смог сохранить действие, ничего не изменилось. Повторите.',
    )
    expect(find(view, 'desk-code-step').attributes('data-closed')).toBe('false')

    socket.answers['registration:confirm'] = () => ({
      ok: false,
      error: { code: 'otp_expired', message: 'the code expired' },
    })
    await enterCode(view, '123456')
    expect(find(view, 'desk-closed').attributes('data-reason')).toBe('expired')
  })

  it('says the hub did not answer when it does not', async () => {
    const view = await mountDesk()
    socket.answers['registration:start'] = () => new Promise(() => undefined)
    await fillForm(view)
    await find(view, 'desk-send').trigger('submit')
    await flushPromises()
    expect(disabled(view, 'desk-send')).toBe(true)
    // Asked again (same request id) until the retry window has passed on the clock.
    await new Promise((resolve) => setTimeout(resolve, 150))
    vi.advanceTimersByTime(1_000)
    await new Promise((resolve) => setTimeout(resolve, 150))
    await flushPromises()
    const starts = socket.registrationSent().filter((c) => c.type === 'registration:start')
    expect(starts.length).toBeGreaterThan(1)
    expect(new Set(starts.map((c) => c.payload.requestId)).size).toBe(1)
    expect(find(view, 'desk-error').attributes('data-code')).toBe('offline')
    expect(text(view, 'desk-error')).toContain('Код не отправлен')
    expect(text(view, 'desk-error-text')).toBe('Хаб не ответил. Проверьте связь и повторите.')
    expect(disabled(view, 'desk-send')).toBe(false)
  })
})

describe('registration panel: confirmed, resumed, forgotten', () => {
  it('shows the binding masked, drops the full IIN and phone, and follows its delivery live', async () => {
    const view = await mountDesk()
    await sendCode(view)
    socket.answers['registration:confirm'] = () => ({
      ok: true,
      registration: registrationView(NOW, { status: 'confirmed', bindingId: 'bind-1' }),
      binding: { ...bindingView(NOW), iin: IIN, phone: '+77012345678' },
    })
    const delivered = bindingView(NOW, {
      delivery: { status: 'delivered', attempts: 1, lastError: null, nextAttemptAt: null, deliveredAt: NOW },
    })
    socket.answers['registration:status'] = () => ({
      ok: true,
      registration: registrationView(NOW, { status: 'confirmed', bindingId: 'bind-1' }),
      binding: bindingView(NOW),
    })
    await enterCode(view, '123456')
    expect(find(view, 'desk-confirmed').exists()).toBe(true)
    expect(text(view, 'desk-done-iin')).toBe('8710******27')
    expect(text(view, 'desk-done-phone')).toBe('+7 (701) ***-**-78')
    expect(text(view, 'desk-done-ticket')).toBe('R001')
    expect(find(view, 'desk-delivery').attributes('data-status')).toBe('pending')
    // Nothing of the citizen's full data is left on the screen or in the store.
    expect(view.html()).not.toContain(IIN)
    expect(view.html()).not.toContain('234-56-78')
    const registration = useRegistrationStore()
    expect(registration.form.iin).toBe('')
    expect(registration.form.phone).toBe('')
    expect(JSON.stringify(registration.confirmed)).not.toContain(IIN)

    // The hub delivers it: the panel asks for the status and shows it.
    socket.answers['registration:status'] = () => ({
      ok: true,
      registration: registrationView(NOW, { status: 'confirmed', bindingId: 'bind-1' }),
      binding: delivered,
    })
    socket.update({ change: 'delivered', registrationId: 'reg-1', bindingId: 'bind-1' })
    await flushPromises()
    expect(find(view, 'desk-delivery').attributes('data-status')).toBe('delivered')
    expect(text(view, 'desk-delivery')).toMatch(/^Передано в \d\d:\d\d$/)
  })

  it('picks the registration up after a reload, from the hub, masked', async () => {
    sessionStorage.setItem(
      'kezek.registration',
      JSON.stringify({ registrationId: 'reg-1', deskId: 'desk-6', ticketId: 't1' }),
    )
    socket = new RegistrationHubSocket()
    socket.answers['registration:status'] = () => ({
      ok: true,
      registration: registrationView(NOW - 30_000, { attemptsLeft: 2 }),
      binding: null,
    })
    connectHub({ role: 'staff', token: 'x'.repeat(32) }, { socketFactory: () => socket.asSocket() })
    socket.open(deskSnapshot())
    wrapper = mount(ConsultantWork, { global: { plugins: [i18n] }, attachTo: document.body })
    await settled()
    const view = wrapper
    expect(socket.registrationSent().find((c) => c.type === 'registration:status')?.payload).toMatchObject({
      registrationId: 'reg-1',
    })
    expect(find(view, 'desk-code-step').exists()).toBe(true)
    expect(text(view, 'desk-code-iin')).toBe('ИИН 8710******27')
    expect(text(view, 'desk-attempts')).toContain('2')
    expect(text(view, 'desk-countdown')).toContain('4:30')
  })

  it('forgets the citizen when the ticket leaves the desk', async () => {
    const view = await mountDesk()
    await sendCode(view)
    expect(sessionStorage.getItem('kezek.registration')).toContain('reg-1')
    const registration = useRegistrationStore()
    expect(registration.form.iin).toBe(IIN)

    socket.fact({ type: 'ticket:finished', ticketId: 't1' })
    await flushPromises()
    expect(find(view, 'desk-registration').exists()).toBe(false)
    expect(registration.form.iin).toBe('')
    expect(registration.form.phone).toBe('')
    expect(registration.challenge).toBeNull()
    expect(sessionStorage.getItem('kezek.registration')).toBeNull()
  })
})
