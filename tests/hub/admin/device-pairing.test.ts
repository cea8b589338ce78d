/**
 * Pairing a device with a one-time code: the admin creates a kiosk and gets a code; the device's page
 * sends it and gets its key, which opens a socket at once; the code works once, a wrong one is refused,
 * and pairing again gives a new key and closes the old key's socket. The audit never shows a key hash.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { adminCall } from '../../support/admin-api'
import { connectClient, expectConnectRefused, startTestHub, type TestHub } from '../../support/hub-harness'

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

async function pair(url: string, code: string) {
  const response = await fetch(`${url}/api/pair`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, string> }
}

describe('device pairing', () => {
  it('gives the device its key for a one-time code, once, and a new pairing replaces the key', async () => {
    let now = Date.now()
    hub = await startTestHub({ now: () => now })
    const token = await hub.signIn('admin')
    const created = await adminCall<{ device: unknown; pairing: { code: string; expiresAt: number } }>(
      hub.url,
      token,
      'POST',
      'devices',
      { id: 'kiosk-hall-2', kind: 'kiosk', name: 'Kiosk, second floor' },
    )
    expect(created.status).toBe(201)
    expect(created.body.device).toEqual({ id: 'kiosk-hall-2', kind: 'kiosk', name: 'Kiosk, second floor' })
    const { code, expiresAt } = created.body.pairing
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(expiresAt).toBe(now + 10 * 60_000)

    // Typed in lower case without the dash: the same code.
    const paired = await pair(hub.url, code.replace('-', '').toLowerCase())
    expect(paired.status).toBe(200)
    expect(paired.body).toMatchObject({ deviceId: 'kiosk-hall-2', kind: 'kiosk' })
    const kiosk = await connectClient(hub.url, {
      role: 'device',
      deviceId: 'kiosk-hall-2',
      key: paired.body.key,
    })
    expect(kiosk.snapshot.you).toMatchObject({ id: 'kiosk-hall-2', role: 'device' })
    expect((await pair(hub.url, code)).status).toBe(404)

    // Pairing again (a replaced screen): the old key's socket is closed and the key refused.
    const again = await adminCall<{ code: string }>(hub.url, token, 'POST', 'devices/kiosk-hall-2/pairing')
    const repaired = await pair(hub.url, again.body.code)
    expect(repaired.status).toBe(200)
    await kiosk.disconnected()
    const refusal = await expectConnectRefused(hub.url, {
      role: 'device',
      deviceId: 'kiosk-hall-2',
      key: paired.body.key,
    })
    expect(refusal.message).toBeTruthy()

    // A code older than 10 minutes is refused.
    const late = await adminCall<{ code: string }>(hub.url, token, 'POST', 'devices/kiosk-hall-2/pairing')
    now += 10 * 60_000 + 1
    expect((await pair(hub.url, late.body.code)).status).toBe(404)

    const audit = await adminCall<{ changes: { section: string }[] }>(hub.url, token, 'GET', 'audit')
    expect(audit.body.changes.map((c) => c.section)).toEqual(['devices', 'devices', 'devices'])
    expect(JSON.stringify(audit.body)).not.toContain('sha256$')
  })

  it('refuses a device the schema refuses, at its field, and stores nothing', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const bad = await adminCall<{ error: { issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'POST',
      'devices',
      {
        id: 'kiosk-1',
        kind: 'printer',
        name: '',
      },
    )
    expect(bad.status).toBe(422)
    const paths = bad.body.error.issues.map((i) => i.path.join('.'))
    const index = hub.config.devices.length
    expect(paths).toEqual(expect.arrayContaining([`devices.${index}.kind`, `devices.${index}.name`]))
    // The file's cross-checks too: an id already taken.
    const taken = await adminCall<{ error: { issues: { path: unknown[]; message: string }[] } }>(
      hub.url,
      token,
      'POST',
      'devices',
      { id: 'kiosk-1', kind: 'kiosk', name: 'Another kiosk' },
    )
    expect(taken.status).toBe(422)
    expect(taken.body.error.issues[0]).toMatchObject({ path: ['devices', index, 'id'] })
    expect(taken.body.error.issues[0]!.message).toContain('duplicate device id')
    expect(hub.hub.config.current.devices).toEqual(hub.config.devices)
  })
})
