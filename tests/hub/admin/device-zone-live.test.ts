/**
 * A display's zone and a device's removal from the admin screen take effect at once: the display's
 * socket is dropped and, connecting again, gets its new zone (its calls only); a removed device's socket
 * ends and its key is refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { adminCall } from '../../support/admin-api'
import {
  expectConnectRefused,
  expectOk,
  startTestHub,
  type Fact,
  type TestHub,
} from '../../support/hub-harness'

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

describe('a display zone and a device removal, live', () => {
  it('narrows a zone display: it reconnects with the new zone and no longer shows calls outside it', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const before = await hub.deviceClient('display-zone-1')
    expect(before.snapshot.you.zone?.deskIds).toEqual(['desk-1', 'desk-2', 'desk-3'])
    const zone = { title: { kk: '1-терезе', ru: 'Окно 1', en: 'Window 1' }, deskIds: ['desk-1'] }
    const narrowed = await adminCall(hub.url, token, 'PATCH', 'devices/display-zone-1', { zone })
    expect(narrowed.status).toBe(200)
    await before.disconnected()

    const after = await hub.deviceClient('display-zone-1')
    expect(after.snapshot.you.zone).toEqual({
      title: { kk: '1-терезе', ru: 'Окно 1', en: 'Window 1' },
      deskIds: ['desk-1'],
    })
    const kiosk = await hub.deviceClient('kiosk-1')
    const two = await hub.staffClient('consultant1')
    expectOk(await two.command('desk:open', { deskId: 'desk-2' }))
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    expect(expectOk(await two.command('ticket:call-next', { deskId: 'desk-2' })).ticket.id).toBe(ticket.id)
    await after.waitFor<Fact<'ticket:called'>>('ticket:called', (e) => e.ticketId === ticket.id)
    // Window 2 was in its zone before; now the call reaches it without its number.
    expect(JSON.stringify(after.received)).not.toContain(`"${ticket.number}"`)
    expect(after.state().calls.filter((c) => c.number !== '')).toEqual([])

    // Clearing the zone makes it a whole-hall display again.
    const cleared = await adminCall(hub.url, token, 'PATCH', 'devices/display-zone-1', { zone: null })
    expect(cleared.status).toBe(200)
    await after.disconnected()
    const whole = await hub.deviceClient('display-zone-1')
    expect(whole.snapshot.you.zone).toBeUndefined()
    expect(whole.snapshot.state.calls.map((c) => c.number)).toContain(ticket.number)
  })

  it('refuses a zone naming an unknown window, and changes nothing', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const display = await hub.deviceClient('display-zone-1')
    const refused = await adminCall(hub.url, token, 'PATCH', 'devices/display-zone-1', {
      zone: { deskIds: ['desk-99'] },
    })
    expect(refused.status).toBe(422)
    expect(JSON.stringify(refused.body)).toContain('desk-99')
    expect(display.socket.connected).toBe(true)
    expect(hub.hub.config.current.devices.find((d) => d.id === 'display-zone-1')?.zone?.deskIds).toEqual([
      'desk-1',
      'desk-2',
      'desk-3',
    ])
  })

  it('removes a device: its socket ends and its key is refused', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const kiosk = await hub.deviceClient('kiosk-1')
    expect((await adminCall(hub.url, token, 'DELETE', 'devices/kiosk-1')).status).toBe(200)
    expect((await adminCall(hub.url, token, 'DELETE', 'devices/kiosk-1')).status).toBe(404)
    // A kiosk's zone is refused by the config's own check.
    const kioskZone = await adminCall(hub.url, token, 'PATCH', 'devices/kiosk-2', {
      zone: { deskIds: ['desk-1'] },
    })
    expect(kioskZone.status).toBe(422)
    await kiosk.disconnected()
    const refusal = await expectConnectRefused(hub.url, {
      role: 'device',
      deviceId: 'kiosk-1',
      key: hub.credentials.deviceKeys['kiosk-1'],
    })
    expect(refusal.message).toBeTruthy()
    expect(hub.hub.config.current.devices.some((d) => d.id === 'kiosk-1')).toBe(false)
  })
})
