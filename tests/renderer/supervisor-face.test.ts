// @vitest-environment happy-dom
/**
 * The supervisor view from sign-in to the figures, with `fetch` and socket.io-client replaced: who may
 * see it, what it shows of a fixed day, how it follows the hub, and the CSV export.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import SupervisorFace from '../../src-renderer/supervisor/SupervisorFace.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { FakeHubSocket } from './consultant-fixtures'
import { at, issued, supervisorSnapshot } from './supervisor-fixtures'

const sockets: FakeHubSocket[] = []
vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new FakeHubSocket()
    sockets.push(socket)
    return socket
  },
}))

const SUPERVISOR = { id: 'supervisor-1', firstName: 'Сәуле', lastName: 'Қасымова', roles: ['supervisor'] }
const NO_REGISTRATIONS = {
  day: '2026-11-24',
  totals: { started: 0, confirmed: 0, failed: 0, expired: 0, superseded: 0, pending: 0 },
  registrars: [],
}
const CONSULTANT = { id: 'consultant-1', firstName: 'Айгерім', lastName: 'Сейітова', roles: ['consultant'] }

function signInAnswers(staff: object): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn((url: string, init?: RequestInit) =>
    Promise.resolve(
      // The registration panel's figures: nobody registered (its own tests are supervisor-registration's).
      url.startsWith('/api/registration/stats')
        ? new Response(JSON.stringify(NO_REGISTRATIONS), { status: 200 })
        : init?.method === 'DELETE'
          ? new Response(null, { status: 204 })
          : new Response(
              JSON.stringify({ token: 't'.repeat(43), expiresAt: Date.now() + 3_600_000, staff }),
              { status: 201, headers: { 'content-type': 'application/json' } },
            ),
    ),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

let wrapper: VueWrapper | null = null

async function signIn(login: string): Promise<VueWrapper> {
  wrapper = mount(SupervisorFace, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  await wrapper.find('[data-testid="supervisor-login"]').setValue(login)
  await wrapper.find('[data-testid="supervisor-password"]').setValue('secret-password')
  await wrapper.find('[data-testid="supervisor-sign-in"]').trigger('submit')
  await flushPromises()
  return wrapper
}

/** Signs in as the supervisor and lets the hub send the fixed day, as of minute 45. */
async function openOverview(): Promise<VueWrapper> {
  signInAnswers(SUPERVISOR)
  const view = await signIn('supervisor')
  expect(sockets).toHaveLength(1)
  sockets[0]!.open(supervisorSnapshot())
  await flushPromises()
  return view
}

const text = (view: VueWrapper, testId: string) => view.find(`[data-testid="${testId}"]`).text()
const cell = (view: VueWrapper, row: string, name: string) => view.find(`${row} [data-cell="${name}"]`).text()

beforeEach(() => {
  sockets.length = 0
  localStorage.clear()
  sessionStorage.clear()
  setLanguage('kk')
  setActivePinia(createPinia())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('who may see the supervisor view', () => {
  it('tells a consultant politely that it is for supervisors, and never connects', async () => {
    signInAnswers(CONSULTANT)
    const view = await signIn('consultant1')
    const notice = view.find('[data-testid="supervisor-not-permitted"]')
    expect(notice.find('h1').text()).toBe('Бұл бөлім супервайзерлерге арналған')
    expect(notice.text()).toContain('Кешіріңіз, Айгерім')
    expect(view.find('[data-testid="supervisor-to-consultant"]').attributes('href')).toBe('/consultant')
    expect(sockets).toHaveLength(0)
    expect(view.find('[data-testid="supervisor-headline"]').exists()).toBe(false)
    // Not connected on purpose: no "connecting…" that never ends.
    expect(view.find('.connection-badge').exists()).toBe(false)
    expect(text(view, 'supervisor-staff')).toBe('Айгерім Сейітова')

    await view.find('[data-language="en"]').trigger('click')
    expect(notice.find('h1').text()).toBe('This view is for supervisors')

    await view.find('[data-testid="supervisor-switch-user"]').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid="supervisor-sign-in-notice"]').attributes('data-notice')).toBe(
      'signed-out',
    )
    expect(sessionStorage.getItem('kezek.session')).toBeNull()
  })

  it('lets an administrator in', async () => {
    signInAnswers({ ...SUPERVISOR, id: 'admin-1', roles: ['admin'] })
    await signIn('admin')
    expect(sockets).toHaveLength(1)
  })
})

describe('the day at a glance', () => {
  it('shows the headline figures of the day', async () => {
    const view = await openOverview()
    expect(text(view, 'supervisor-staff')).toBe('Сәуле Қасымова')
    expect(text(view, 'supervisor-issued')).toBe('7')
    expect(text(view, 'supervisor-waiting')).toBe('1')
    expect(text(view, 'supervisor-serving')).toBe('1')
    expect(text(view, 'supervisor-done')).toBe('3')
    expect(text(view, 'supervisor-no-show')).toBe('1')
    expect(text(view, 'supervisor-cancelled')).toBe('1')
    expect(text(view, 'supervisor-average-wait')).toBe('12:30')
    expect(text(view, 'supervisor-longest-wait')).toBe('21:00')
    expect(text(view, 'supervisor-average-service')).toBe('7:00')
    expect(text(view, 'supervisor-within-standard')).toBe('75%')
    expect(view.find('[data-kpi="standard"]').attributes('data-band')).toBe('fair')
    expect(view.find('[data-kpi="standard"]').text()).toContain('4 ішінен 3')
    expect(text(view, 'supervisor-day')).toBe('Бүгін, 24 қараша, сейсенбі')
    expect(document.title).toBe('Kezek · Супервайзер')
  })

  it('shows each service and each window', async () => {
    const view = await openOverview()
    await view.find('[data-language="ru"]').trigger('click')
    const passport = '.service-row[data-service="passport"]'
    expect(cell(view, passport, 'waiting')).toBe('1')
    // P004 has waited since minute 37; the hub's clock says minute 45.
    expect(cell(view, passport, 'longest')).toBe('8:00')
    // The estimate's own figure is the domain's (tests/shared); the face shows it in minutes.
    expect(cell(view, passport, 'estimate')).toMatch(/^~\d+ мин$/)
    // Window 1, the only one for signatures, is paused: no figure, the words.
    const signature = '.service-row[data-service="signature"]'
    expect(cell(view, signature, 'estimate')).toBe('Сейчас нет окна')
    expect(view.find(`${signature} [data-cell="estimate"] [data-no-window]`).exists()).toBe(true)
    expect(cell(view, passport, 'served')).toBe('2')
    expect(cell(view, passport, 'average-wait')).toBe('11:40')
    expect(cell(view, '.service-row[data-service="signature"]', 'longest')).toBe('—')
    expect(view.find('.group-row').text()).toBe('Документы')

    const desk1 = '.desk-row[data-desk="desk-1"]'
    const desk2 = '.desk-row[data-desk="desk-2"]'
    expect(cell(view, desk1, 'status')).toBe('Перерыв')
    expect(cell(view, desk1, 'staff')).toBe('c1')
    expect(cell(view, desk1, 'served')).toBe('3')
    expect(cell(view, desk2, 'status')).toBe('Открыто')
    expect(cell(view, desk2, 'ticket')).toContain('P003')
    expect(cell(view, desk2, 'ticket')).toContain('Обслуживается')
    expect(cell(view, desk2, 'in-hand')).toBe('19:00')

    const calls = view.findAll('.call-row').map((row) => row.attributes('data-ticket'))
    expect(calls).toEqual(['S002', 'S002', 'P003', 'P003', 'S001', 'P002', 'P001'])
    expect(view.find('.call-row[data-ticket="P003"] .call-recall').exists()).toBe(true)
  })

  it('follows the hub, recomputing at most once a second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'], now: at(45) })
    const view = await openOverview()
    expect(text(view, 'supervisor-issued')).toBe('7')

    sockets[0]!.fact(issued('t8', 'P005', 'passport'), at(45))
    await flushPromises()
    // The first change after a recomputation waits for the second to end.
    expect(text(view, 'supervisor-issued')).toBe('7')
    sockets[0]!.fact(issued('t9', 'P006', 'passport'), at(45))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(text(view, 'supervisor-issued')).toBe('9')
    expect(text(view, 'supervisor-waiting')).toBe('3')
    expect(cell(view, '.service-row[data-service="passport"]', 'waiting')).toBe('3')

    // The timers tick with the hub's clock, without any fact.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(cell(view, '.service-row[data-service="passport"]', 'longest')).toBe('9:01')
    expect(cell(view, '.desk-row[data-desk="desk-2"]', 'in-hand')).toBe('20:01')
    // At minute 52 P004 has waited beyond the standard: the figure changes by the clock alone.
    expect(text(view, 'supervisor-over-standard')).toContain('15 минуттан ұзақ: 0')
    await vi.advanceTimersByTimeAsync(6 * 60_000)
    expect(text(view, 'supervisor-over-standard')).toContain('15 минуттан ұзақ: 1')
  })

  it('says when the hub cannot be reached and keeps the last figures', async () => {
    const view = await openOverview()
    sockets[0]!.drop()
    await flushPromises()
    expect(text(view, 'supervisor-offline')).toMatch(
      /^Хабпен байланыс жоқ: көрсеткіштер \d\d:\d\d бойынша\.$/,
    )
    expect(text(view, 'supervisor-issued')).toBe('7')
  })

  it('goes back to sign-in when the hub ends the session', async () => {
    const view = await openOverview()
    sockets[0]!.closeByHub()
    await flushPromises()
    expect(view.find('[data-testid="supervisor-sign-in-notice"]').attributes('data-notice')).toBe('ended')
  })
})

describe('CSV export', () => {
  it('downloads the day’s tables as the hub writes them, in the chosen language, named by centre and day', async () => {
    const view = await openOverview()
    const fetchMock = vi.mocked(fetch)
    await view.find('[data-language="en"]').trigger('click')
    const hubCsv = '\uFEFFTest centre,Day: 2026-11-24\r\n'
    fetchMock.mockImplementation((url) =>
      Promise.resolve(
        String(url).startsWith('/api/figures.csv')
          ? new Response(hubCsv, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } })
          : new Response(JSON.stringify(NO_REGISTRATIONS), { status: 200 }),
      ),
    )
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:kezek-test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const names: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download)
    })
    await view.find('[data-testid="supervisor-export"]').trigger('click')
    await vi.waitFor(() => expect(click).toHaveBeenCalledOnce(), { timeout: 15_000 })
    // Asked of the hub (which writes and audits it) with the session's token, headers in English.
    const asked = fetchMock.mock.calls.find(([url]) => String(url).startsWith('/api/figures.csv'))!
    expect(asked[0]).toBe('/api/figures.csv?lang=en')
    expect((asked[1] as RequestInit).headers).toMatchObject({ Authorization: `Bearer ${'t'.repeat(43)}` })
    expect(names).toEqual(['kezek-test-centre-figures-2026-11-24.csv'])
    expect(await blobs[0]!.text()).toBe(hubCsv)
    // Nothing was left in the page.
    expect(document.querySelectorAll('a[download]')).toHaveLength(0)
    vi.restoreAllMocks()
  })
})
