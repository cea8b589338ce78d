/**
 * The admin screen's self-service scenarios and service groups, against a real hub: a scenario edited
 * through the services section is checked like the config file (its allowlist included), reaches a kiosk's
 * socket and the kiosk shell's catalogue (`GET /api/self-service`) at once, and is audited; a bad one
 * is refused at the field it names and changes nothing. A group with services in it is not removed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigAuditRow, SelfServiceCatalogue, ServiceConfig } from '../../../src-shared/config'
import type { ConfigUpdate } from '../../../src-shared/protocol'
import { adminCall } from '../../support/admin-api'
import { startTestHub, type TestHub } from '../../support/hub-harness'

type Refusal = { error: { code: string; issues: { path: (string | number)[]; message: string }[] } }

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

async function catalogue(url: string): Promise<SelfServiceCatalogue> {
  return (await (await fetch(`${url}/api/self-service`)).json()) as SelfServiceCatalogue
}

/** The demo services with `id`'s scenario replaced (`undefined` removes it). */
function withScenario(services: ServiceConfig[], id: string, scenario: unknown): unknown[] {
  return services.map((service) => {
    if (service.id !== id) return service
    const { selfService: _old, ...rest } = service
    return scenario === undefined ? rest : { ...rest, online: true, selfService: scenario }
  })
}

const TARGET = 'no-criminal-record'

describe('a self-service scenario on the admin screen', () => {
  it('is live for a connected kiosk and the kiosk shell at once, and audited before/after', async () => {
    hub = await startTestHub()
    const kiosk = await hub.deviceClient('kiosk-1')
    const token = await hub.signIn('admin')
    const before = hub.config.services.find((s) => s.id === TARGET)!.selfService!
    const scenario = {
      channels: ['portal'],
      needs: ['iin', 'eds'],
      startUrl: 'https://egov.kz/cms/ru/services/new_start',
      steps: [
        {
          title: { kk: 'ЭЦҚ-мен кіру', ru: 'Вход с ЭЦП', en: 'Sign in with EDS' },
          urlPattern: 'https://idp.egov.kz/idp/**',
        },
      ],
    }
    const saved = await adminCall(hub.url, token, 'PUT', 'config/services', {
      value: withScenario(hub.config.services, TARGET, scenario),
    })
    expect(saved.status).toBe(200)

    const update = await kiosk.waitFor<ConfigUpdate>('config:updated')
    expect(update.config.services.find((s) => s.id === TARGET)!.selfService).toEqual(scenario)
    const shell = await catalogue(hub.url)
    expect(shell.services.find((s) => s.id === TARGET)!.selfService).toEqual(scenario)

    const audit = await adminCall<{ changes: ConfigAuditRow[] }>(hub.url, token, 'GET', 'audit')
    const row = audit.body.changes[0]!
    expect(row.section).toBe('services')
    const named = (list: unknown) => (list as ServiceConfig[]).find((s) => s.id === TARGET)!.selfService
    expect(named(row.before)).toEqual(before)
    expect(named(row.after)).toEqual(scenario)

    // Removed: the kiosk shell no longer opens a portal session for it.
    const removed = await adminCall(hub.url, token, 'PUT', 'config/services', {
      value: withScenario(hub.hub.config.current.services, TARGET, undefined),
    })
    expect(removed.status).toBe(200)
    expect((await catalogue(hub.url)).services.map((s) => s.id)).not.toContain(TARGET)
  })

  it.each([
    {
      what: 'a start page outside the portal allowlist',
      change: { startUrl: 'https://phishing.example/egov' },
      field: ['startUrl'],
      message: /allowed domain.*egov\.kz/,
    },
    {
      what: 'a step page outside the allowlist',
      change: { steps: [{ title: { kk: 'а', ru: 'б' }, urlPattern: 'https://evil.example/**' }] },
      field: ['steps', 0, 'urlPattern'],
      message: /allowed domain/,
    },
    {
      what: 'a malformed step pattern',
      change: { steps: [{ title: { kk: 'а', ru: 'б' }, urlPattern: 'https://egov.kz/***' }] },
      field: ['steps', 0, 'urlPattern'],
      message: /\*\*\*/,
    },
    {
      what: 'the portal channel without steps',
      change: { steps: [] },
      field: ['steps'],
      message: /at least one step/,
    },
    {
      what: 'no need listed',
      change: { needs: [] },
      field: ['needs'],
      message: /.+/,
    },
    {
      what: 'a step title without Russian',
      change: { steps: [{ title: { kk: 'а' }, urlPattern: 'https://egov.kz/**' }] },
      field: ['steps', 0, 'title', 'ru'],
      message: /.+/,
    },
    {
      what: 'an unknown field',
      change: { startPage: 'https://egov.kz/' },
      field: ['startPage'],
      message: /unknown field/,
    },
  ])('refuses $what at that field and changes nothing', async ({ change, field, message }) => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const shellBefore = await catalogue(hub.url)
    const current = hub.config.services.find((s) => s.id === TARGET)!.selfService!
    const answer = await adminCall<Refusal>(hub.url, token, 'PUT', 'config/services', {
      value: withScenario(hub.config.services, TARGET, { ...current, ...change }),
    })
    expect(answer.status).toBe(422)
    const index = hub.config.services.findIndex((s) => s.id === TARGET)
    const issue = answer.body.error.issues.find(
      (i) => JSON.stringify(i.path) === JSON.stringify(['services', index, 'selfService', ...field]),
    )
    expect(issue?.message, JSON.stringify(answer.body.error.issues)).toMatch(message)
    expect(hub.hub.config.current.services.find((s) => s.id === TARGET)!.selfService).toEqual(current)
    expect(await catalogue(hub.url)).toEqual(shellBefore)
    const audit = await adminCall<{ changes: unknown[] }>(hub.url, token, 'GET', 'audit')
    expect(audit.body.changes).toHaveLength(0)
  })
})

describe('removing a service group', () => {
  it('is refused while services are in it, naming them; allowed once it is empty', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const groups = hub.config.serviceGroups
    const index = groups.findIndex((g) => g.id === 'certificates')
    const members = hub.config.services.filter((s) => s.group === 'certificates').map((s) => s.id)
    expect(members.length).toBeGreaterThan(0)

    const refused = await adminCall<Refusal>(hub.url, token, 'PUT', 'config/serviceGroups', {
      value: groups.filter((g) => g.id !== 'certificates'),
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error.issues).toEqual([
      {
        path: ['serviceGroups', index],
        message: expect.stringContaining(
          `"certificates": a group cannot be removed while services are in it (${members.join(', ')})`,
        ),
      },
    ])
    expect(hub.hub.config.current.serviceGroups.map((g) => g.id)).toContain('certificates')

    // Its services moved to another group first: then the empty group goes, and the kiosk's list with it.
    const kiosk = await hub.deviceClient('kiosk-1')
    const moved = hub.config.services.map((s) =>
      s.group === 'certificates' ? { ...s, group: 'documents' } : s,
    )
    expect((await adminCall(hub.url, token, 'PUT', 'config/services', { value: moved })).status).toBe(200)
    const removed = await adminCall(hub.url, token, 'PUT', 'config/serviceGroups', {
      value: groups.filter((g) => g.id !== 'certificates'),
    })
    expect(removed.status).toBe(200)
    const update = await kiosk.waitFor<ConfigUpdate>(
      'config:updated',
      (u) => !u.config.serviceGroups.some((g) => g.id === 'certificates'),
    )
    expect(update.config.services.every((s) => s.group !== 'certificates')).toBe(true)
  })
})
