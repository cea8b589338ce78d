// @vitest-environment happy-dom
/**
 * The whole dashboard from sign-in to the work screen, with `fetch` and socket.io-client replaced: the
 * sign-in errors in the chosen language, the window picker, and the way back to sign-in when the hub
 * ends the session.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConsultantFace from '../../src-renderer/consultant/ConsultantFace.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { FakeHubSocket, snapshotOf, T0 } from './consultant-fixtures'

const sockets: FakeHubSocket[] = []
vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new FakeHubSocket()
    sockets.push(socket)
    return socket
  },
}))

const STAFF = { id: 'consultant-1', firstName: 'Айгерім', lastName: 'Сейітова', roles: ['consultant'] }

/** The day of the fixtures' snapshots, as `GET /api/desk-acts` names it. */
const DAY = '2026-11-24'
/** What the stubbed hub answers to `GET /api/desk-acts` (the supervisor's acts the page missed). */
let deskActs: { status: number; body: unknown } = { status: 200, body: { day: DAY, acts: [] } }

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

/**
 * `fetch` replaced: `/api/desk-acts` answers `deskActs` (the work screen asks it once in step with the
 * hub), every other call (sign-in, sign-out) `status` with `body`.
 */
function respondWith(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn((url: string) =>
    Promise.resolve(
      url.startsWith('/api/desk-acts') ? json(deskActs.status, deskActs.body) : json(status, body, headers),
    ),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

let wrapper: VueWrapper | null = null

async function mountFace(): Promise<VueWrapper> {
  wrapper = mount(ConsultantFace, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function submit(view: VueWrapper, login: string, password: string): Promise<void> {
  await view.find('[data-testid="consultant-login"]').setValue(login)
  await view.find('[data-testid="consultant-password"]').setValue(password)
  await view.find('[data-testid="consultant-sign-in"]').trigger('submit')
  await flushPromises()
}

beforeEach(() => {
  sockets.length = 0
  localStorage.clear()
  sessionStorage.clear()
  setLanguage('kk')
  setActivePinia(createPinia())
  deskActs = { status: 200, body: { day: DAY, acts: [] } }
  // No call reaches a real network: whatever a test does not answer is a 404.
  respondWith(404, { error: { code: 'not_found', message: 'not stubbed' } })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('consultant sign-in', () => {
  it('starts in Kazakh and says a wrong password plainly, in the chosen language', async () => {
    const fetchMock = respondWith(401, {
      error: { code: 'unauthenticated', message: 'wrong login or password' },
    })
    const view = await mountFace()
    expect(view.find('.sign-in-title').text()).toBe('Қызметкердің кіруі')
    await submit(view, 'Consultant1 ', 'wrong')
    expect(fetchMock).toHaveBeenCalledWith('/api/sessions', expect.objectContaining({ method: 'POST' }))
    const error = view.find('[data-testid="consultant-sign-in-error"]')
    expect(error.attributes('data-code')).toBe('unauthenticated')
    expect(error.text()).toBe('Логин немесе құпиясөз қате.')

    await view.find('[data-language="ru"]').trigger('click')
    expect(view.find('[data-testid="consultant-sign-in-error"]').text()).toBe('Неверный логин или пароль.')
    await view.find('[data-language="en"]').trigger('click')
    expect(view.find('[data-testid="consultant-sign-in-error"]').text()).toBe('Wrong login or password.')
    // The password field is emptied for the next try; nothing was stored.
    expect((view.find('[data-testid="consultant-password"]').element as HTMLInputElement).value).toBe('')
    expect(sessionStorage.getItem('kezek.session')).toBeNull()
    expect(sockets).toHaveLength(0)
  })

  it('tells how long to wait when sign-in is rate limited', async () => {
    respondWith(429, { error: { code: 'rate_limited', message: 'too many' } }, { 'Retry-After': '840' })
    const view = await mountFace()
    await view.find('[data-language="ru"]').trigger('click')
    await submit(view, 'consultant1', 'kezek-demo-1')
    const error = view.find('[data-testid="consultant-sign-in-error"]')
    expect(error.attributes('data-code')).toBe('rate_limited')
    expect(error.text()).toBe('Слишком много неудачных попыток. Повторите через 14 мин.')
  })

  it('asks for both fields without asking the hub', async () => {
    const fetchMock = respondWith(201, {})
    const view = await mountFace()
    await submit(view, 'consultant1', '')
    expect(fetchMock).not.toHaveBeenCalled()
    expect(view.find('[data-testid="consultant-sign-in-error"]').text()).toBe(
      'Логин мен құпиясөзді енгізіңіз.',
    )
  })

  it('signs in, connects as staff, and offers the windows with the taken ones marked', async () => {
    respondWith(201, { token: 't'.repeat(43), expiresAt: Date.now() + 3_600_000, staff: STAFF })
    const view = await mountFace()
    await submit(view, 'consultant1', 'kezek-demo-1')
    expect(sockets).toHaveLength(1)
    const snapshot = snapshotOf('no-desk')
    snapshot.state.desks['desk-2'] = {
      id: 'desk-2',
      status: 'open',
      staffId: 'consultant-2',
      serviceIds: ['passport'],
      ticketId: null,
      priorityStreak: 0,
      since: T0,
    }
    sockets[0]!.open(snapshot)
    await flushPromises()

    expect(view.find('[data-testid="consultant-staff"]').text()).toBe('Айгерім Сейітова')
    const desk2 = view.find('.desk-card[data-desk="desk-2"]')
    expect(desk2.attributes('data-occupancy')).toBe('taken')
    expect((desk2.element as HTMLButtonElement).disabled).toBe(true)

    await view.find('.desk-card[data-desk="desk-1"]').trigger('click')
    const ticked = view
      .findAll('[data-testid="consultant-services"] input:checked')
      .map((i) => i.attributes('data-service'))
    expect(ticked).toEqual(['passport', 'signature'])
    await view.find('input[data-service="signature"]').setValue(false)
    await view.find('[data-testid="consultant-open-desk"]').trigger('click')
    await flushPromises()
    expect(sockets[0]!.sent.at(-1)).toEqual({
      type: 'desk:open',
      payload: expect.objectContaining({ deskId: 'desk-1', serviceIds: ['passport'] }),
    })
    // Acknowledged; the work screen comes with the fact.
    sockets[0]!.fact({
      type: 'desk:opened',
      deskId: 'desk-1',
      staffId: 'consultant-1',
      serviceIds: ['passport'],
    })
    await flushPromises()
    expect(view.find('[data-testid="consultant-ticket"]').exists()).toBe(true)
    expect(view.find('[data-testid="consultant-header-desk"]').text()).toBe('1-терезе')
  })
})

describe('consultant session end', () => {
  function storeSession(expiresAt: number): void {
    sessionStorage.setItem(
      'kezek.session',
      JSON.stringify({ token: 't'.repeat(43), expiresAt, staff: STAFF }),
    )
  }

  it.each([
    // The hub's answers since 2026-12, and that of an older hub.
    ['staff_session_expired', 'expired', 'Сеанс мерзімі аяқталды. Қайта кіріңіз.'],
    ['unknown_staff_session', 'ended', 'Сеанс аяқталды. Қайта кіріңіз.'],
    ['unauthenticated', 'expired', 'Сеанс мерзімі аяқталды. Қайта кіріңіз.'],
  ])(
    'goes back to sign-in with a message when the hub refuses the session (%s)',
    async (code, notice, text) => {
      storeSession(Date.now() + 3_600_000)
      const view = await mountFace()
      expect(sockets).toHaveLength(1)
      sockets[0]!.refuse(code)
      await flushPromises()
      expect(view.find('[data-testid="consultant-sign-in"]').exists()).toBe(true)
      const shown = view.find('[data-testid="consultant-sign-in-notice"]')
      expect(shown.attributes('data-notice')).toBe(notice)
      expect(shown.text()).toBe(text)
      expect(sessionStorage.getItem('kezek.session')).toBeNull()
    },
  )

  it('says "expired" for a session unknown to the hub whose time has run out (pruned overnight)', async () => {
    storeSession(Date.now() + 2_000)
    const view = await mountFace()
    sockets[0]!.refuse('unknown_staff_session')
    await flushPromises()
    expect(view.find('[data-testid="consultant-sign-in-notice"]').attributes('data-notice')).toBe('expired')
  })

  it('goes back to sign-in when the hub closes the socket of a session that has ended', async () => {
    storeSession(Date.now() + 3_600_000)
    const view = await mountFace()
    sockets[0]!.open(snapshotOf('serving'))
    await flushPromises()
    expect(view.find('[data-testid="consultant-ticket-number"]').text()).toBe('P001')
    sockets[0]!.closeByHub()
    await flushPromises()
    expect(view.find('[data-testid="consultant-sign-in-notice"]').attributes('data-notice')).toBe('ended')
    expect(view.find('[data-testid="consultant-ticket-number"]').exists()).toBe(false)
  })

  it('does not even connect with a session that expired while the tab was closed', async () => {
    storeSession(Date.now() - 1_000)
    const view = await mountFace()
    expect(sockets).toHaveLength(0)
    expect(view.find('[data-testid="consultant-sign-in-notice"]').attributes('data-notice')).toBe('expired')
  })

  it('signs out: closes a free window first, then ends the session at the hub', async () => {
    storeSession(Date.now() + 3_600_000)
    const fetchMock = respondWith(204, {})
    const view = await mountFace()
    sockets[0]!.open(snapshotOf('waiting'))
    await flushPromises()
    await view.find('[data-testid="consultant-sign-out"]').trigger('click')
    await flushPromises()
    expect(sockets[0]!.sent.map((c) => c.type)).toEqual(['desk:close'])
    expect(fetchMock).toHaveBeenCalledWith('/api/sessions', expect.objectContaining({ method: 'DELETE' }))
    expect(view.find('[data-testid="consultant-sign-in-notice"]').text()).toBe('Сіз жүйеден шықтыңыз.')
  })
})

describe('the supervisor’s acts the page missed', () => {
  const PAUSED = {
    seq: 40,
    at: T0 + 30_000,
    kind: 'paused',
    by: 'supervisor-1',
    reason: 'обед по графику',
    ticketId: null,
    deskId: 'desk-1',
    serviceIds: [],
    toServiceId: null,
  }

  async function reloadAtWindow(): Promise<{ view: VueWrapper; fetchMock: ReturnType<typeof vi.fn> }> {
    sessionStorage.setItem(
      'kezek.session',
      JSON.stringify({ token: 't'.repeat(43), expiresAt: Date.now() + 3_600_000, staff: STAFF }),
    )
    const fetchMock = respondWith(404, { error: { code: 'not_found', message: 'not stubbed' } })
    const view = await mountFace()
    sockets[0]!.open(snapshotOf('serving'))
    await flushPromises()
    return { view, fetchMock }
  }

  it('asks the hub with the session once in step, and shows the act on this window with its reason', async () => {
    deskActs = { status: 200, body: { day: DAY, acts: [PAUSED, { ...PAUSED, seq: 41, kind: 'bogus' }] } }
    const { view, fetchMock } = await reloadAtWindow()
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/desk-acts',
      expect.objectContaining({
        headers: expect.objectContaining({ Authorization: `Bearer ${'t'.repeat(43)}` }),
      }),
    )
    const notes = view.find('[data-testid="consultant-supervisor-notes"]')
    expect(notes.exists()).toBe(true)
    // The one well-formed act, said in Kazakh with the supervisor's reason; the malformed one dropped.
    expect(notes.text()).toContain('Супервайзер терезеңізді үзіліске қойды: обед по графику')
    expect(notes.findAll('li')).toHaveLength(1)
  })

  it('shows nothing from an answer of another day, nor from a refused one (and says why in the log)', async () => {
    deskActs = { status: 200, body: { day: '2026-11-23', acts: [PAUSED] } }
    const first = await reloadAtWindow()
    expect(first.view.find('[data-testid="consultant-supervisor-notes"]').exists()).toBe(false)
    first.view.unmount()
    wrapper = null
    sockets.length = 0
    setActivePinia(createPinia())

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    deskActs = { status: 500, body: { error: { code: 'internal', message: 'boom' } } }
    const second = await reloadAtWindow()
    expect(second.view.find('[data-testid="consultant-supervisor-notes"]').exists()).toBe(false)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('HTTP 500'))
    warn.mockRestore()
  })
})
