/**
 * A change on the admin screen takes effect without a restart: a kiosk's socket gets the renamed service
 * without reconnecting (and the tickets it issues after), a new staff member signs in at once, a disabled
 * one cannot and loses the socket they had; only an admin may change anything.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigUpdate } from '../../../src-shared/protocol'
import { adminCall } from '../../support/admin-api'
import {
  expectConnectRefused,
  expectOk,
  signInAt,
  startTestHub,
  type TestHub,
} from '../../support/hub-harness'

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

describe('a config change reaches every holder live', () => {
  it('a kiosk connected before the change sees the renamed service without reconnecting', async () => {
    hub = await startTestHub()
    const kiosk = await hub.deviceClient('kiosk-1')
    const supervisor = await hub.staffClient('supervisor')
    const token = await hub.signIn('admin')
    const services = structuredClone(hub.config.services)
    const target = services.find((s) => s.id === 'no-criminal-record')!
    target.name = { kk: 'Жаңа атау', ru: 'Новое название', en: 'New name' }
    target.expectedMinutes = 7
    const saved = await adminCall(hub.url, token, 'PUT', 'config/services', { value: services })
    expect(saved.status).toBe(200)

    const update = await kiosk.waitFor<ConfigUpdate>('config:updated')
    const seen = update.config.services.find((s) => s.id === 'no-criminal-record')!
    expect(seen.name).toEqual({ kk: 'Жаңа атау', ru: 'Новое название', en: 'New name' })
    expect(seen.expectedMinutes).toBe(7)
    // Devices get no directory (the names of staff); staff do.
    expect(update.directory).toBeUndefined()
    const staffUpdate = await supervisor.waitFor<ConfigUpdate>('config:updated')
    expect(staffUpdate.directory?.staff['admin-1']).toBe('Тимур Бекенов')
    expect(kiosk.socket.connected).toBe(true)
    // The engine decides with the new config at once: the ticket's estimate uses the new minutes.
    const ack = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expect(ack.ticket.serviceId).toBe('no-criminal-record')
    expect(hub.hub.engine.config.services.find((s) => s.id === 'no-criminal-record')!.name.ru).toBe(
      'Новое название',
    )
  })

  it('a new staff member signs in at once (choosing their own password); a disabled one cannot, and loses their socket', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const created = await adminCall<{ staff: { id: string; login: string }; password: string }>(
      hub.url,
      token,
      'POST',
      'staff',
      { login: 'new.consultant', firstName: 'Ақбота', lastName: 'Нұрланқызы', roles: ['consultant'] },
    )
    expect(created.status).toBe(201)
    expect(created.body.staff).toEqual({
      id: 'new-consultant',
      login: 'new.consultant',
      firstName: 'Ақбота',
      lastName: 'Нұрланқызы',
      roles: ['consultant'],
      mustChangePassword: true,
    })
    expect(JSON.stringify(created.body)).not.toContain('scrypt')
    const own = await fetch(`${hub.url}/api/sessions/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        login: 'new.consultant',
        password: created.body.password,
        newPassword: 'akbota-own-1',
      }),
    })
    expect(own.status).toBe(201)
    const newToken = ((await own.json()) as { token: string }).token
    const consultant = await hub.staffClient('new.consultant', { token: newToken })
    expect(consultant.snapshot.you).toMatchObject({ id: 'new-consultant', roles: ['consultant'] })

    const disabled = await adminCall(hub.url, token, 'PATCH', 'staff/new-consultant', { disabled: true })
    expect(disabled.status).toBe(200)
    await consultant.disconnected()
    const refused = await fetch(`${hub.url}/api/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'new.consultant', password: 'akbota-own-1' }),
    })
    expect(refused.status).toBe(401)
    // The session it had is over too: its token no longer opens a socket.
    const refusal = await expectConnectRefused(hub.url, { role: 'staff', token: newToken })
    expect(refusal.data?.code).toBe('unknown_staff_session')

    expect(
      (await adminCall(hub.url, token, 'PATCH', 'staff/new-consultant', { disabled: false })).status,
    ).toBe(200)
    await signInAt(hub.url, 'new.consultant', 'akbota-own-1')
  })

  it('refuses a bad staff form at its field, and anyone but an admin', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const bad = await adminCall<{ error: { issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'POST',
      'staff',
      {
        login: 'consultant1',
        firstName: '',
        roles: [],
      },
    )
    expect(bad.status).toBe(422)
    const paths = bad.body.error.issues.map((i) => i.path.slice(2).join('.'))
    expect(paths).toEqual(expect.arrayContaining(['login', 'firstName', 'roles']))
    const short = await adminCall(hub.url, token, 'POST', 'staff/consultant-1/password', {
      password: 'short',
    })
    expect(short.status).toBe(422)
    expect(hub.hub.config.current).toEqual(hub.config)

    // An admin cannot lock themselves out.
    const self = await adminCall(hub.url, token, 'PATCH', 'staff/admin-1', { disabled: true })
    expect(self.status).toBe(409)
    const selfRole = await adminCall(hub.url, token, 'PATCH', 'staff/admin-1', { roles: ['supervisor'] })
    expect(selfRole.status).toBe(409)
    expect(hub.hub.config.current).toEqual(hub.config)

    const supervisor = await hub.signIn('supervisor')
    const forbidden = await adminCall(hub.url, supervisor, 'GET', 'config')
    expect(forbidden.status).toBe(403)
    const anonymous = await fetch(`${hub.url}/api/admin/config`)
    expect(anonymous.status).toBe(401)
  })

  it('sets opening hours, holidays and priority categories, each checked like the file', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const hours = { ...hub.config.centre.openingHours, sat: [['09:00', '14:00']], sun: [] }
    const saved = await adminCall(hub.url, token, 'PUT', 'config/openingHours', { value: hours })
    expect(saved.status).toBe(200)
    expect(hub.hub.engine.config.centre.openingHours.sat).toEqual([['09:00', '14:00']])

    const backwards = await adminCall<{ error: { issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'PUT',
      'config/openingHours',
      { value: { ...hours, mon: [['18:00', '09:00']] } },
    )
    expect(backwards.status).toBe(422)
    expect(backwards.body.error.issues[0]!.path).toEqual(['centre', 'openingHours', 'mon', 0])
    expect(hub.hub.config.current.centre.openingHours.mon).toEqual(hub.config.centre.openingHours.mon)
    // The file's cross-checks too: the booking schedule must stay inside the opening hours.
    const narrower = await adminCall<{ error: { issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'PUT',
      'config/openingHours',
      { value: { ...hours, sat: [['10:00', '14:00']] } },
    )
    expect(narrower.status).toBe(422)
    expect(narrower.body.error.issues[0]!.path.slice(0, 2)).toEqual(['bookings', 'schedule'])

    const holidays = await adminCall(hub.url, token, 'PUT', 'config/holidays', {
      value: ['2026-12-16', '2026-12-17'],
    })
    expect(holidays.status).toBe(200)
    expect(hub.hub.config.current.bookings?.holidays).toEqual(['2026-12-16', '2026-12-17'])
    const badDay = await adminCall(hub.url, token, 'PUT', 'config/holidays', { value: ['2026-02-30'] })
    expect(badDay.status).toBe(422)

    const categories = structuredClone(hub.config.priorityCategories)
    categories[0]!.name.ru = 'Люди с инвалидностью'
    const kiosk = await hub.deviceClient('kiosk-1')
    expect(
      (await adminCall(hub.url, token, 'PUT', 'config/priorityCategories', { value: categories })).status,
    ).toBe(200)
    const update = await kiosk.waitFor<ConfigUpdate>('config:updated')
    expect(update.config.priorityCategories[0]!.name.ru).toBe('Люди с инвалидностью')
    const removed = await adminCall(hub.url, token, 'PUT', 'config/priorityCategories', {
      value: categories.slice(1),
    })
    expect(removed.status).toBe(409)
  })
})
