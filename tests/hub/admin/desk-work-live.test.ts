/**
 * The "work at the windows" sections on the admin screen, against a real hub: pause reasons, outcomes,
 * the outcome policy, the alert thresholds and the rating reasons are changed like any other section
 * (validated whole, audited, live on the staff sockets at once); a refused change names its field and
 * changes nothing, and an outcome a service still lists is not removed. A removed pause reason stays
 * in the reports under its id.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigAuditRow } from '../../../src-shared/config'
import { localDay } from '../../../src-shared/domain'
import type { ConfigUpdate } from '../../../src-shared/protocol'
import type { Report } from '../../../src-shared/reports'
import { adminCall } from '../../support/admin-api'
import { parseCsv } from '../../support/csv'
import { expectOk, startTestHub, TUESDAY_MORNING, type TestHub } from '../../support/hub-harness'
import { staffGet } from '../fixtures/registration'

type Refusal = { error: { code: string; issues: { path: (string | number)[]; message: string }[] } }

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

const MINUTE = 60_000
const SMOKE = { id: 'smoke', name: { kk: 'Үзіліс', ru: 'Перерыв', en: 'Short break' }, limitMinutes: 10 }

describe('the desk-work lists and thresholds on the admin screen', () => {
  it('a new pause reason and wait standard reach a signed-in consultant at once, and are audited', async () => {
    hub = await startTestHub()
    const consultant = await hub.staffClient('consultant1')
    const token = await hub.signIn('admin')
    const reasons = [...hub.config.pauseReasons, SMOKE]
    const saved = await adminCall(hub.url, token, 'PUT', 'config/pauseReasons', { value: reasons })
    expect(saved.status).toBe(200)
    const update = await consultant.waitFor<ConfigUpdate>('config:updated')
    expect(update.config.pauseReasons?.map((r) => r.id)).toContain('smoke')

    const alerts = { ...hub.config.alerts, waitStandardMinutes: 7 }
    expect((await adminCall(hub.url, token, 'PUT', 'config/alerts', { value: alerts })).status).toBe(200)
    const next = await consultant.waitFor<ConfigUpdate>(
      'config:updated',
      (u) => u.config.alerts?.waitStandardMinutes === 7,
    )
    expect(next.config.alerts?.waitStandardMinutes).toBe(7)
    expect(hub.hub.config.current.alerts.waitStandardMinutes).toBe(7)

    const audit = await adminCall<{ changes: ConfigAuditRow[] }>(hub.url, token, 'GET', 'audit')
    const [alertsRow, reasonsRow] = audit.body.changes
    expect(alertsRow!.section).toBe('alerts')
    expect(alertsRow!.before).toMatchObject({ waitStandardMinutes: hub.config.alerts.waitStandardMinutes })
    expect(alertsRow!.after).toMatchObject({ waitStandardMinutes: 7 })
    expect(reasonsRow!.section).toBe('pauseReasons')
    expect((reasonsRow!.after as { id: string }[]).map((r) => r.id)).toContain('smoke')
  })

  it.each([
    {
      what: 'a wait standard of 0 minutes',
      section: 'alerts',
      value: (h: TestHub) => ({ ...h.config.alerts, waitStandardMinutes: 0 }),
      path: ['alerts', 'waitStandardMinutes'],
      message: /at least 1 minute/,
    },
    {
      what: 'two pause reasons with one id',
      section: 'pauseReasons',
      value: (h: TestHub) => [...h.config.pauseReasons, { ...SMOKE, id: h.config.pauseReasons[0]!.id }],
      path: ['pauseReasons', 4, 'id'],
      message: /duplicate pause reason id/,
    },
    {
      what: 'an outcome policy that is not yes or no',
      section: 'policy',
      value: (h: TestHub) => ({ ...h.config.policy, outcomeRequired: 'yes' }),
      path: ['policy', 'outcomeRequired'],
      message: /expected boolean/,
    },
    {
      what: 'an outcome a service lists, removed',
      section: 'outcomes',
      value: (h: TestHub) => h.config.outcomes.filter((o) => o.id !== 'refused'),
      path: ['outcomes'],
      message: /"refused": an outcome cannot be removed while services list it \(id-card-passport\)/,
    },
    {
      what: 'a rating reason with no Russian name',
      section: 'ratings',
      value: (h: TestHub) => ({
        ...h.config.ratings,
        reasons: [{ id: 'rude', name: { kk: 'Дөрекі', ru: '' }, scores: 'low' }],
      }),
      path: ['ratings', 'reasons', 0, 'name', 'ru'],
      message: /Russian/,
    },
  ])('refuses $what at its field and changes nothing', async ({ section, value, path, message }) => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const before = structuredClone(hub.hub.config.current)
    const answer = await adminCall<Refusal>(hub.url, token, 'PUT', `config/${section}`, { value: value(hub) })
    expect([409, 422]).toContain(answer.status)
    const issue = answer.body.error.issues.find((i) => message.test(i.message))
    expect(issue, JSON.stringify(answer.body.error.issues)).toBeDefined()
    expect(issue!.path.slice(0, path.length)).toEqual(path)
    expect(hub.hub.config.current).toEqual(before)
    const audit = await adminCall<{ changes: ConfigAuditRow[] }>(hub.url, token, 'GET', 'audit')
    expect(audit.body.changes).toHaveLength(0)
  })
})

describe('a removed pause reason in the reports', () => {
  it('is still counted under its id, said to be no longer listed, in the CSV', async () => {
    const clock = { now: TUESDAY_MORNING + 60 * MINUTE }
    hub = await startTestHub({ now: () => clock.now })
    const day = localDay(clock.now, 'Asia/Almaty')
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    expectOk(await consultant.command('desk:pause', { deskId: 'desk-1', reason: 'meeting' }))
    clock.now += 20 * MINUTE
    expectOk(await consultant.command('desk:resume', { deskId: 'desk-1' }))

    const admin = await hub.signIn('admin')
    const kept = hub.config.pauseReasons.filter((r) => r.id !== 'meeting')
    expect((await adminCall(hub.url, admin, 'PUT', 'config/pauseReasons', { value: kept })).status).toBe(200)

    const token = await hub.signIn('supervisor')
    const json = (await (await staffGet(hub, `/api/reports?from=${day}&to=${day}`, token)).json()) as Report
    expect(json.pauses.byReason).toContainEqual(expect.objectContaining({ key: 'meeting', count: 1 }))
    const csv = await staffGet(hub, `/api/reports.csv?from=${day}&to=${day}&lang=en`, token)
    const rows = parseCsv(
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer()).slice(1),
    )
    expect(rows.some((row) => row[0] === 'meeting (no longer listed)' && row[1] === '1')).toBe(true)
  })
})
