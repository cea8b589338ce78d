// @vitest-environment happy-dom
/**
 * The registrar's two modal views over the work screen, with a real Pinia, the real hub client and a
 * fake socket playing the hub: revoking a binding (on the staff dialog shell) and the consent shown large
 * to the citizen. Each takes the focus, rests the dashboard's shortcuts, and closes on Escape; the revoke
 * dialog shows the hub's refusal inside it and does not close while its command is on the way.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../src-renderer/i18n'
import { connectHub, disconnectHub } from '../../src-renderer/hub/hub-client'
import RegistrationConsentView from '../../src-renderer/registration/RegistrationConsentView.vue'
import RegistrationRevokeDialog from '../../src-renderer/registration/RegistrationRevokeDialog.vue'
import { useConsultantStore } from '../../src-renderer/stores/consultant'
import { useRegistrationStore } from '../../src-renderer/stores/registration'
import { bindingView, deskSnapshot, NOW, RegistrationHubSocket, SETTINGS } from './registration-fixtures'

let socket: RegistrationHubSocket
let wrapper: VueWrapper | null = null

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: NOW })
  setActivePinia(createPinia())
  useConsultantStore().chooseLanguage('ru')
  socket = new RegistrationHubSocket()
  connectHub(
    { role: 'staff', token: 'x'.repeat(32) },
    { socketFactory: () => socket.asSocket(), retryForMs: 200, commandTimeoutMs: 100 },
  )
  socket.open(deskSnapshot())
  // As the registration panel does for the desk's ticket in hand.
  await useRegistrationStore().attach('desk-6', 't1')
  await flushPromises()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  disconnectHub()
  document.body.innerHTML = ''
  vi.useRealTimers()
})

const find = (testId: string) => wrapper!.find(`[data-testid="${testId}"]`)
const escape = () => find('desk-revoke-dialog').trigger('keydown', { key: 'Escape' })

async function openRevoke(): Promise<VueWrapper> {
  wrapper = mount(RegistrationRevokeDialog, {
    props: { binding: bindingView(NOW) },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('revoking a binding', () => {
  it('starts in the reason field with the shortcuts resting, and asks for a reason first', async () => {
    await openRevoke()
    const dialog = find('desk-revoke-dialog')
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(dialog.text()).toContain('8710******27')
    expect(document.activeElement).toBe(find('desk-revoke-reason').element)
    expect(useConsultantStore().dialogOpen).toBe(true)
    expect((find('desk-revoke-confirm').element as HTMLButtonElement).disabled).toBe(true)
    await find('desk-revoke-reason').setValue('   ')
    expect((find('desk-revoke-confirm').element as HTMLButtonElement).disabled).toBe(true)
    await find('desk-revoke-reason').setValue('SIM-карта утеряна')
    expect((find('desk-revoke-confirm').element as HTMLButtonElement).disabled).toBe(false)
  })

  it('shows the refusal inside the dialog and stays open; Escape then closes it and clears the refusal', async () => {
    socket.answers['registration:revoke'] = () => ({
      ok: false,
      error: { code: 'forbidden', message: 'not this desk' },
    })
    await openRevoke()
    await find('desk-revoke-reason').setValue('SIM-карта утеряна')
    await find('desk-revoke-dialog').trigger('submit')
    await flushPromises()
    const sent = socket.registrationSent().find((c) => c.type === 'registration:revoke')!
    expect(sent.payload).toMatchObject({ deskId: 'desk-6', bindingId: bindingView(NOW).id })
    expect(find('desk-revoke-dialog').find('[data-testid="desk-error"]').attributes('data-code')).toBe(
      'forbidden',
    )
    expect(wrapper!.emitted('close')).toBeUndefined()
    await escape()
    expect(wrapper!.emitted('close')).toHaveLength(1)
    expect(useRegistrationStore().error).toBeNull()
  })

  it('waits for the revoke in flight: Escape does nothing until the hub has answered, then it closes', async () => {
    let answer: (ack: unknown) => void = () => undefined
    socket.answers['registration:revoke'] = () => new Promise((resolve) => (answer = resolve))
    await openRevoke()
    await find('desk-revoke-reason').setValue('SIM-карта утеряна')
    await find('desk-revoke-dialog').trigger('submit')
    await flushPromises()
    await escape()
    expect(wrapper!.emitted('close')).toBeUndefined()
    answer({ ok: true, binding: bindingView(NOW, { status: 'revoked' }) })
    await flushPromises()
    expect(wrapper!.emitted('close')).toHaveLength(1)
  })
})

describe('the consent shown to the citizen', () => {
  it('starts on Close with the shortcuts resting, and Escape closes it', async () => {
    wrapper = mount(RegistrationConsentView, {
      props: { consent: SETTINGS.consent },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.activeElement?.classList.contains('citizen-close')).toBe(true)
    expect(useConsultantStore().dialogOpen).toBe(true)
    await find('desk-consent-view').trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('close')).toBeUndefined()
    await find('desk-consent-view').trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('close')).toHaveLength(1)
    wrapper.unmount()
    wrapper = null
    expect(useConsultantStore().dialogOpen).toBe(false)
  })
})
