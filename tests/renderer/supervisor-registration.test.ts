// @vitest-environment happy-dom
/**
 * The mobile-citizen registration panel of the supervisor view, with `fetch` and socket.io-client
 * replaced: the day's figures per registrar as the hub counts them, when they are asked again, what a
 * refusal looks like, and that both exports go to the hub with the session's token and the right days.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import {
  auditRangeProblem,
  exportFileName,
  type RegistrationStats,
} from '../../src-renderer/supervisor/supervisor-registration'
import SupervisorFace from '../../src-renderer/supervisor/SupervisorFace.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { RegistrationHubSocket } from './registration-fixtures'
import { at, supervisorSnapshot } from './supervisor-fixtures'

const sockets: RegistrationHubSocket[] = []
vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new RegistrationHubSocket()
    sockets.push(socket)
    return socket
  },
}))

const TOKEN = 's'.repeat(43)
const DAY = '2026-11-24'
const SUPERVISOR = { id: 'supervisor-1', firstName: 'Сәуле', lastName: 'Қасымова', roles: ['supervisor'] }

/** The hub's figures of the fixed day: two registrars, one of them not in the config (named by id). */
const STATS: RegistrationStats = {
  day: DAY,
  totals: { started: 10, confirmed: 6, failed: 1, expired: 2, superseded: 1, pending: 0 },
  registrars: [
    {
      staffId: 'registrar-1',
      name: 'Ерлан Жақсылықов',
      started: 8,
      confirmed: 5,
      failed: 1,
      expired: 1,
      superseded: 1,
      pending: 0,
    },
    {
      staffId: 'registrar-9',
      name: 'registrar-9',
      started: 2,
      confirmed: 1,
      failed: 0,
      expired: 1,
      superseded: 0,
      pending: 0,
    },
  ],
}

type Reply = { status: number; body: unknown; type?: string }
/** What the fake hub answers per path (without the query); sign-in always succeeds. */
let replies: Record<string, Reply>
let fetchMock: Mock<(url: string, init?: RequestInit) => Promise<Response>>

const json = (status: number, body: unknown): Reply => ({ status, body })
const refusal = (status: number, code: string): Reply => json(status, { error: { code, message: code } })

function installHub(): void {
  replies = {
    '/api/registration/stats': json(200, STATS),
    '/api/registration/stats.csv': { status: 200, body: '\uFEFF"day","staff_id"\r\n', type: 'text/csv' },
    '/api/audit.csv': { status: 200, body: '\uFEFF"at","day"\r\n', type: 'text/csv' },
  }
  fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url === '/api/sessions') {
      return Promise.resolve(
        init?.method === 'DELETE'
          ? new Response(null, { status: 204 })
          : new Response(
              JSON.stringify({ token: TOKEN, expiresAt: Date.now() + 3_600_000, staff: SUPERVISOR }),
              { status: 201, headers: { 'content-type': 'application/json' } },
            ),
      )
    }
    const reply = replies[url.split('?')[0]!]
    if (!reply) return Promise.reject(new TypeError('Failed to fetch'))
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    return Promise.resolve(
      new Response(body, {
        status: reply.status,
        headers: { 'content-type': reply.type ?? 'application/json' },
      }),
    )
  })
  vi.stubGlobal('fetch', fetchMock)
}

/** The hub requests (not the sign-in) to `path`, as [url, Authorization header]. */
function requests(path: string): Array<[string, string | undefined]> {
  return fetchMock.mock.calls
    .filter(([url]) => (url as string).split('?')[0] === path)
    .map(([url, init]) => [
      url as string,
      ((init as RequestInit | undefined)?.headers as Record<string, string> | undefined)?.Authorization,
    ])
}

let wrapper: VueWrapper | null = null

/** Signs in as the supervisor; the hub sends the fixed day as of minute 45 (10:45 in Almaty). */
async function openOverview(): Promise<VueWrapper> {
  wrapper = mount(SupervisorFace, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  await wrapper.find('[data-testid="supervisor-login"]').setValue('supervisor')
  await wrapper.find('[data-testid="supervisor-password"]').setValue('secret-password')
  await wrapper.find('[data-testid="supervisor-sign-in"]').trigger('submit')
  await flushPromises()
  sockets[0]!.open(supervisorSnapshot())
  await flushPromises()
  return wrapper
}

const panel = (view: VueWrapper) => view.find('[data-testid="supervisor-registration"]')
const text = (view: VueWrapper, testId: string) => view.find(`[data-testid="${testId}"]`).text()
const row = (view: VueWrapper, staffId: string) =>
  Object.fromEntries(
    view
      .findAll(`.registrar-row[data-staff="${staffId}"] td`)
      .map((cell) => [cell.attributes('data-cell'), cell.text()]),
  )

/** Catches the file the view hands the browser: its name and its text. */
function catchDownloads(): Array<{ name: string; blob: Blob }> {
  const saved: Array<{ name: string; blob: Blob }> = []
  let last: Blob | null = null
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    last = blob as Blob
    return 'blob:kezek-test'
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: last! })
  })
  return saved
}

beforeEach(() => {
  sockets.length = 0
  localStorage.clear()
  sessionStorage.clear()
  setLanguage('en')
  localStorage.setItem('kezek.supervisor.language', 'en')
  setActivePinia(createPinia())
  installHub()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the registration figures', () => {
  it("shows today's figures per registrar, asked for the centre's day with the session's token", async () => {
    const view = await openOverview()
    expect(requests('/api/registration/stats')).toEqual([
      [`/api/registration/stats?day=${DAY}`, `Bearer ${TOKEN}`],
    ])
    expect(panel(view).attributes('data-state')).toBe('ready')
    expect(panel(view).find('h2').text()).toBe('Mobile-citizen registration')
    expect(text(view, 'supervisor-registration-confirmed')).toBe('6')
    expect(text(view, 'supervisor-registration-failed')).toBe('1')
    expect(text(view, 'supervisor-registration-expired')).toBe('2')
    // Every start is accounted for: 10 = 6 confirmed + 1 failed + 2 expired + 1 started again.
    expect(text(view, 'supervisor-registration-started')).toBe('10 1 started again')
    expect(row(view, 'registrar-1')).toEqual({
      name: 'Ерлан Жақсылықов',
      started: '8',
      confirmed: '5',
      failed: '1',
      expired: '1',
      superseded: '1',
      pending: '0',
    })
    // A registrar the hub cannot name is shown by id.
    expect(row(view, 'registrar-9')).toMatchObject({ name: 'registrar-9', confirmed: '1' })
    expect(text(view, 'supervisor-registration-as-of')).toMatch(/^Updated \d\d:\d\d$/)
    expect(text(view, 'supervisor-exports-audited')).toBe(
      'Exports are audited: each download is logged under your name. IIN and phone are masked.',
    )
  })

  it('says when nobody has registered yet, and how many registrations are still running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'], now: at(45) })
    replies['/api/registration/stats'] = json(200, {
      day: DAY,
      totals: { started: 0, confirmed: 0, failed: 0, expired: 0, superseded: 0, pending: 0 },
      registrars: [],
    })
    const view = await openOverview()
    expect(panel(view).text()).toContain('No registrations yet today.')
    expect(panel(view).findAll('.registrar-row')).toHaveLength(0)
    expect(view.find('[data-kpi="confirmed"] .rkpi-value').attributes('data-zero')).toBe('true')

    replies['/api/registration/stats'] = json(200, {
      ...STATS,
      totals: { ...STATS.totals, started: 11, pending: 1 },
    })
    sockets[0]!.update({ change: 'started' })
    await vi.advanceTimersByTimeAsync(2_000)
    expect(text(view, 'supervisor-registration-pending')).toBe('1 in progress')
    expect(text(view, 'supervisor-registration-superseded')).toBe('1 started again')
  })

  it('asks again on a registration:updated fact that moves a figure, at most every 2 s, and every minute', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'], now: at(45) })
    const view = await openOverview()
    const asked = () => requests('/api/registration/stats').length
    expect(asked()).toBe(1)

    // Within 2 s of the first request: one more, when the 2 s are up, however many facts arrive.
    replies['/api/registration/stats'] = json(200, { ...STATS, totals: { ...STATS.totals, confirmed: 7 } })
    sockets[0]!.update({ change: 'confirmed' })
    sockets[0]!.update({ change: 'started' })
    sockets[0]!.update({ change: 'expired' })
    await flushPromises()
    expect(asked()).toBe(1)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(asked()).toBe(2)
    expect(text(view, 'supervisor-registration-confirmed')).toBe('7')

    // A delivery, a resend or a revocation changes no figure.
    await vi.advanceTimersByTimeAsync(5_000)
    for (const change of ['delivered', 'resent', 'revoked', 'delivery-retrying'] as const) {
      sockets[0]!.update({ change })
    }
    await vi.advanceTimersByTimeAsync(5_000)
    expect(asked()).toBe(2)
    // Later, a fact is answered at once.
    sockets[0]!.update({ change: 'failed' })
    await flushPromises()
    expect(asked()).toBe(3)

    // Codes run out without any desk doing anything: the panel asks again every minute anyway.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asked()).toBe(4)
    expect(requests('/api/registration/stats').every(([url]) => url.endsWith(`day=${DAY}`))).toBe(true)
  })

  it('keeps the last figures, marked, when the hub stops answering', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'], now: at(45) })
    const view = await openOverview()
    delete replies['/api/registration/stats']
    await vi.advanceTimersByTimeAsync(60_000)
    expect(panel(view).attributes('data-state')).toBe('offline')
    expect(text(view, 'supervisor-registration-confirmed')).toBe('6')
    expect(text(view, 'supervisor-registration-stale')).toBe('Not updated: figures as of 10:45.')
  })
})

describe('when the hub refuses the figures', () => {
  it('tells a non-supervisor (403) that the figures are not for them, and shows none', async () => {
    replies['/api/registration/stats'] = refusal(403, 'forbidden')
    const view = await openOverview()
    const error = view.find('[data-testid="supervisor-registration-error"]')
    expect(error.attributes('data-refusal')).toBe('forbidden')
    expect(error.text()).toBe('The registration figures are for supervisors and administrators only.')
    expect(error.find('button').exists()).toBe(false)
    expect(view.find('[data-testid="supervisor-registration-confirmed"]').exists()).toBe(false)
    expect(view.findAll('.registrar-row')).toHaveLength(0)
  })

  it('offers to try again after a failure, in Russian', async () => {
    replies['/api/registration/stats'] = refusal(500, 'internal')
    const view = await openOverview()
    await view.find('[data-language="ru"]').trigger('click')
    const error = view.find('[data-testid="supervisor-registration-error"]')
    expect(error.attributes('data-refusal')).toBe('failed')
    expect(error.text()).toContain('Не удалось загрузить показатели регистрации.')
    replies['/api/registration/stats'] = json(200, STATS)
    await error.find('button').trigger('click')
    await flushPromises()
    expect(text(view, 'supervisor-registration-confirmed')).toBe('6')
    expect(view.find('[data-testid="supervisor-registration-error"]').exists()).toBe(false)
  })

  it('shows a loading state until the first answer', async () => {
    let answer: (response: Response) => void = () => undefined
    const answered = new Promise<Response>((resolve) => (answer = resolve))
    const hub = fetchMock.getMockImplementation()!
    fetchMock.mockImplementation((url: string, init?: RequestInit) =>
      url.startsWith('/api/registration/stats') ? answered : hub(url, init),
    )
    const view = await openOverview()
    expect(panel(view).attributes('data-state')).toBe('loading')
    expect(panel(view).attributes('aria-busy')).toBe('true')
    expect(text(view, 'supervisor-registration-loading')).toBe('Loading the registration figures…')
    answer(new Response(JSON.stringify(STATS), { status: 200 }))
    await flushPromises()
    expect(text(view, 'supervisor-registration-confirmed')).toBe('6')
  })
})

describe('the exports', () => {
  it("downloads the hub's daily export for today with the session's token", async () => {
    const view = await openOverview()
    const saved = catchDownloads()
    await view.find('[data-testid="supervisor-registration-daily-export"]').trigger('click')
    await flushPromises()
    expect(requests('/api/registration/stats.csv')).toEqual([
      [`/api/registration/stats.csv?day=${DAY}&lang=en`, `Bearer ${TOKEN}`],
    ])
    expect(saved.map((file) => file.name)).toEqual([`kezek-test-centre-registrations-${DAY}.csv`])
    expect(await saved[0]!.blob.text()).toBe('\uFEFF"day","staff_id"\r\n')
    expect(document.querySelectorAll('a[download]')).toHaveLength(0)
  })

  it("downloads the audit log of the chosen days (today by default) with the session's token", async () => {
    const view = await openOverview()
    const saved = catchDownloads()
    const from = view.find<HTMLInputElement>('[data-testid="supervisor-audit-from"]')
    const to = view.find<HTMLInputElement>('[data-testid="supervisor-audit-to"]')
    expect([from.element.value, to.element.value]).toEqual([DAY, DAY])
    const button = view.find('[data-testid="supervisor-registration-audit-export"]')
    await button.trigger('click')
    await flushPromises()

    await from.setValue('2026-11-01')
    await to.setValue('2026-11-20')
    await button.trigger('click')
    await flushPromises()
    expect(requests('/api/audit.csv')).toEqual([
      [`/api/audit.csv?from=${DAY}&to=${DAY}&lang=en`, `Bearer ${TOKEN}`],
      ['/api/audit.csv?from=2026-11-01&to=2026-11-20&lang=en', `Bearer ${TOKEN}`],
    ])
    expect(saved.map((file) => file.name)).toEqual([
      `kezek-test-centre-audit-${DAY}-${DAY}.csv`,
      'kezek-test-centre-audit-2026-11-01-2026-11-20.csv',
    ])
  })

  it('does not ask the hub for a range it would refuse, and says why', async () => {
    const view = await openOverview()
    await view.find('[data-testid="supervisor-audit-from"]').setValue('2026-11-25')
    await view.find('[data-testid="supervisor-audit-to"]').setValue('2026-11-20')
    const problem = view.find('[data-testid="supervisor-audit-range"]')
    expect(problem.attributes('data-problem')).toBe('reversed')
    expect(problem.text()).toBe('The first day is after the last one.')
    const button = view.find('[data-testid="supervisor-registration-audit-export"]')
    expect(button.attributes('disabled')).toBeDefined()
    await view.find('form').trigger('submit')
    await flushPromises()
    expect(requests('/api/audit.csv')).toEqual([])
  })

  it('says when the hub refuses an export, and saves nothing', async () => {
    const view = await openOverview()
    const saved = catchDownloads()
    replies['/api/registration/stats.csv'] = refusal(403, 'forbidden')
    await view.find('[data-testid="supervisor-registration-daily-export"]').trigger('click')
    await flushPromises()
    const failed = view.find('[data-testid="supervisor-export-failed"]')
    expect(failed.attributes('data-refusal')).toBe('forbidden')
    expect(failed.text()).toBe('Only supervisors and administrators may export.')
    replies['/api/audit.csv'] = refusal(400, 'invalid_payload')
    await view.find('form').trigger('submit')
    await flushPromises()
    expect(view.find('[data-testid="supervisor-export-failed"][data-which="audit"]').text()).toBe(
      'The hub refused this range of days.',
    )
    expect(saved).toEqual([])
  })
})

describe('audit ranges and file names', () => {
  it('takes one day to 366 days, in order', () => {
    expect(auditRangeProblem('2026-11-24', '2026-11-24')).toBeNull()
    expect(auditRangeProblem('2025-11-24', '2026-11-24')).toBeNull() // 366 days
    expect(auditRangeProblem('2025-11-23', '2026-11-24')).toBe('too-long')
    expect(auditRangeProblem('2026-11-25', '2026-11-24')).toBe('reversed')
    expect(auditRangeProblem('', '2026-11-24')).toBe('missing')
    expect(auditRangeProblem('2026-13-01', '2026-11-24')).toBe('missing')
  })

  it('names files by centre, kind and days', () => {
    expect(exportFileName('astana-1', 'registrations', '2026-11-24')).toBe(
      'kezek-astana-1-registrations-2026-11-24.csv',
    )
    expect(exportFileName('astana 1/x', 'audit', '2026-11-01', '2026-11-24')).toBe(
      'kezek-astana-1-x-audit-2026-11-01-2026-11-24.csv',
    )
  })
})
