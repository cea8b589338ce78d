// @vitest-environment happy-dom
/**
 * The sign-in's "choose your own password" step, in the consultant's face with `fetch` and
 * socket.io-client replaced: a password the admin gave opens the step and no socket; the form's own
 * checks ask the hub nothing; the hub's refusal is shown with its reason; a given password that stopped
 * working goes back to the sign-in; a good choice signs in and connects, keeping no password anywhere.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConsultantFace from '../../src-renderer/consultant/ConsultantFace.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { FakeHubSocket } from './consultant-fixtures'

const sockets: FakeHubSocket[] = []
vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new FakeHubSocket()
    sockets.push(socket)
    return socket
  },
}))

const STAFF = { id: 'consultant-1', firstName: 'Айгерім', lastName: 'Сейітова', roles: ['consultant'] }
const GIVEN = 'rtrFq4HypJce'

/** `fetch` answering each call with the next of `answers`. */
function answers(...list: Array<[number, unknown]>): ReturnType<typeof vi.fn> {
  const queue = [...list]
  const fetchMock = vi.fn(() => {
    const [status, body] = queue.shift() ?? [500, {}]
    return Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    )
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

const MUST_CHANGE: [number, unknown] = [
  403,
  { error: { code: 'must_change_password', message: 'choose your own' } },
]

let wrapper: VueWrapper | null = null

async function signInWithGiven(): Promise<VueWrapper> {
  wrapper = mount(ConsultantFace, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  await wrapper.find('[data-testid="consultant-login"]').setValue('consultant1')
  await wrapper.find('[data-testid="consultant-password"]').setValue(GIVEN)
  await wrapper.find('[data-testid="consultant-sign-in"]').trigger('submit')
  await flushPromises()
  return wrapper
}

async function choose(view: VueWrapper, next: string, repeat = next): Promise<void> {
  await view.find('[data-testid="consultant-new-password"]').setValue(next)
  await view.find('[data-testid="consultant-new-password-repeat"]').setValue(repeat)
  await view.find('[data-testid="consultant-new-password-form"]').trigger('submit')
  await flushPromises()
}

const problem = (view: VueWrapper) => view.find('[data-testid="consultant-new-password-error"]')

beforeEach(() => {
  sockets.length = 0
  sessionStorage.clear()
  setLanguage('kk')
  setActivePinia(createPinia())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('choosing one’s own password at sign-in', () => {
  it('checks the new password on the form first, then signs in with it and connects', async () => {
    const fetchMock = answers(MUST_CHANGE, [
      201,
      { token: 't'.repeat(43), expiresAt: Date.now() + 3_600_000, staff: STAFF },
    ])
    const view = await signInWithGiven()
    expect(view.find('[data-testid="consultant-new-password-form"]').exists()).toBe(true)
    expect(view.find('[data-testid="consultant-sign-in"]').exists()).toBe(false)
    expect(sockets).toHaveLength(0)
    expect(sessionStorage.getItem('kezek.session')).toBeNull()

    await choose(view, 'short')
    expect(problem(view).attributes('data-problem')).toBe('tooShort')
    expect(problem(view).text()).toBe('Құпиясөз кемінде 8 таңба болуы керек.')
    await choose(view, 'aigerim-own-1', 'aigerim-own-2')
    expect(problem(view).attributes('data-problem')).toBe('differ')
    await choose(view, GIVEN)
    expect(problem(view).attributes('data-problem')).toBe('same')
    await view.find('[data-language="ru"]').trigger('click')
    expect(problem(view).text()).toBe('Новый пароль должен отличаться от выданного.')
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await choose(view, 'aigerim-own-1')
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const [url, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit]
    expect(url).toBe('/api/sessions/password')
    expect(JSON.parse(init.body as string)).toEqual({
      login: 'consultant1',
      password: GIVEN,
      newPassword: 'aigerim-own-1',
    })
    expect(sockets).toHaveLength(1)
    const stored = sessionStorage.getItem('kezek.session')!
    expect(stored).toContain('consultant-1')
    expect(stored).not.toContain(GIVEN)
    expect(stored).not.toContain('aigerim-own-1')
  })

  it('shows the hub’s refusal, and goes back to the sign-in when the given password stopped working', async () => {
    answers(
      MUST_CHANGE,
      [422, { error: { code: 'invalid_payload', message: 'newPassword: must be at most 200 characters' } }],
      [401, { error: { code: 'unauthenticated', message: 'wrong login or password' } }],
    )
    const view = await signInWithGiven()
    await choose(view, 'aigerim-own-1')
    expect(problem(view).attributes('data-problem')).toBe('refused')
    expect(problem(view).text()).toContain('must be at most 200 characters')

    await choose(view, 'aigerim-own-2')
    expect(view.find('[data-testid="consultant-new-password-form"]').exists()).toBe(false)
    const error = view.find('[data-testid="consultant-sign-in-error"]')
    expect(error.attributes('data-code')).toBe('unauthenticated')
    expect(sockets).toHaveLength(0)
  })
})
