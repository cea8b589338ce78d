/**
 * The registration desk end to end over Socket.IO, with the outbox SMS adapter: a registrar binds an
 * IIN to a phone with the code the citizen reads out, changes the number, revokes the binding; wrong
 * codes, expiry, the resend limit, retries and refusals each answer with their own code.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BindingView } from '../../src-shared/protocol'
import {
  expectOk,
  requestId,
  startTestHub,
  type TestClient,
  type TestHub,
  TUESDAY_MORNING,
} from '../support/hub-harness'
import {
  CITIZEN,
  codeFromOutbox,
  eventually,
  NEW_PHONE,
  outboxLines,
  register,
  REGISTRAR_DESK,
  staffGet,
  startPayload,
  wrongCode,
} from './fixtures/registration'

const MINUTE = 60_000

let hub: TestHub
let clock: number
let registrar: TestClient

beforeEach(async () => {
  clock = TUESDAY_MORNING
  hub = await startTestHub({ now: () => clock })
  registrar = await hub.staffClient('registrar')
})

afterEach(async () => {
  await hub.close()
})

/** Starts a registration and returns its id with the code sent to the phone. */
async function started(overrides: Parameters<typeof startPayload>[0] = {}) {
  const ack = expectOk(await register(registrar, 'registration:start', startPayload(overrides)))
  return { ack, code: codeFromOutbox(hub.dataDir, ack.registrationId) }
}

describe('registering a binding', () => {
  it('sends a code to the phone, confirms it, attaches the ticket and submits the binding', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'mobile-registration' })).ticket
    expectOk(await registrar.command('desk:open', { deskId: REGISTRAR_DESK }))
    expectOk(await registrar.command('ticket:call-next', { deskId: REGISTRAR_DESK }))

    const settings = expectOk(await register(registrar, 'registration:settings', {}))
    expect(settings).toMatchObject({
      codeDigits: 6,
      codeTtlMs: 5 * MINUTE,
      maxAttempts: 3,
      resendAfterMs: MINUTE,
    })
    expect(settings.consent).toMatchObject({
      version: 'demo-2026-1',
      kk: expect.any(String),
      ru: expect.any(String),
    })

    const start = expectOk(
      await register(
        registrar,
        'registration:start',
        startPayload({
          ticketId: ticket.id,
          consent: { accepted: true, language: 'ru', textVersion: 'demo-2026-1' },
        }),
      ),
    )
    expect(start).toEqual({
      ok: true,
      registrationId: expect.any(String),
      iinMasked: '8710******27',
      phoneMasked: '+7 (701) ***-**-78',
      expiresAt: clock + 5 * MINUTE,
      resendAt: clock + MINUTE,
      attemptsLeft: 3,
      warnings: [],
    })

    // The staff page of the outbox shows the SMS with the number masked, and so does the file: the full
    // number is never written to disk.
    const token = await hub.signIn('registrar')
    const response = await staffGet(hub, '/api/sms-outbox', token)
    expect(response.status).toBe(200)
    const { messages } = (await response.json()) as {
      messages: Array<{ to: string; text: string; reference: string }>
    }
    const sms = messages.find((m) => m.reference === start.registrationId)!
    expect(sms.to).toBe('+7 (701) ***-**-78')
    const code = /Код (\d{6})/.exec(sms.text)![1]!
    expect(outboxLines(hub.dataDir).map((m) => m.to)).toEqual(['+7 (701) ***-**-78'])
    expect(readFileSync(join(hub.dataDir, 'sms-outbox.jsonl'), 'utf8')).not.toContain(CITIZEN.e164.slice(2))

    const confirmed = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    )
    expect(confirmed.registration).toMatchObject({
      id: start.registrationId,
      status: 'confirmed',
      kind: 'register',
    })
    expect(confirmed.binding).toMatchObject({
      status: 'active',
      iin: CITIZEN.iin,
      phone: CITIZEN.e164,
      iinMasked: '8710******27',
      phoneMasked: '+7 (701) ***-**-78',
      ticketId: ticket.id,
      deskId: REGISTRAR_DESK,
      staffId: 'registrar-1',
      consent: { version: 'demo-2026-1', language: 'ru' },
      documentChecked: true,
      purged: false,
    })
    expect(confirmed.binding.delivery?.status).toMatch(/pending|delivered/)

    // The registrar looks the citizen up later: masked, with the submission delivered.
    await eventually(async () => {
      const found = expectOk(
        await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      )
      expect(found.bindings).toHaveLength(1)
      expect(found.bindings[0]).toMatchObject({
        id: confirmed.binding.id,
        delivery: { status: 'delivered', attempts: 1 },
      })
      expect(found.bindings[0]).not.toHaveProperty('iin')
      expect(found.bindings[0]).not.toHaveProperty('phone')
    })
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: start.registrationId }),
    )
    expect(status.registration.status).toBe('confirmed')
    expect(status.binding?.delivery?.status).toBe('delivered')
  })

  it('answers a retried command with its first answer and sends no second SMS', async () => {
    const start = { requestId: requestId(), ...startPayload() }
    const first = expectOk(
      await registrar.send<Awaited<ReturnType<typeof register<'registration:start'>>>>(
        'registration:start',
        start,
      ),
    )
    const again = await registrar.send('registration:start', start)
    expect(again).toEqual(first)
    expect(outboxLines(hub.dataDir)).toHaveLength(1)

    const code = codeFromOutbox(hub.dataDir, first.registrationId)
    const confirm = { requestId: requestId(), registrationId: first.registrationId, code }
    const confirmed = await registrar.send<{ ok: true; binding: BindingView }>(
      'registration:confirm',
      confirm,
    )
    // Even after a restart of the desk screen: the same answer, with the full values for the registrar.
    expect(await registrar.send('registration:confirm', confirm)).toEqual(confirmed)
    expect(confirmed.binding.iin).toBe(CITIZEN.iin)

    // A wrong code retried is one attempt, not two.
    const next = await started({ iin: '760212350620', phone: '87471234567' })
    const wrong = {
      requestId: requestId(),
      registrationId: next.ack.registrationId,
      code: wrongCode(next.code),
    }
    expect(await registrar.send('registration:confirm', wrong)).toMatchObject({
      ok: false,
      error: { code: 'otp_wrong' },
    })
    expect(await registrar.send('registration:confirm', wrong)).toMatchObject({
      ok: false,
      error: { code: 'otp_wrong', message: 'wrong code; 2 attempts left' },
    })
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: next.ack.registrationId }),
    )
    expect(status.registration.attemptsLeft).toBe(2)
  })

  it('warns, without refusing, when the IIN does not encode a date of birth (allowed since 2013)', async () => {
    const start = { requestId: requestId(), ...startPayload({ iin: '991332300012' }) }
    const first = await registrar.send('registration:start', start)
    expect(first).toMatchObject({ ok: true, iinMasked: '9913******12', warnings: [{ code: 'birth_date' }] })
    expect(await registrar.send('registration:start', start)).toEqual(first)
  })

  it('refuses a second active binding of one IIN', async () => {
    const { ack, code } = await started()
    expectOk(await register(registrar, 'registration:confirm', { registrationId: ack.registrationId, code }))
    expect(
      await register(registrar, 'registration:start', startPayload({ phone: NEW_PHONE.phone })),
    ).toMatchObject({
      ok: false,
      error: { code: 'binding_exists', message: expect.stringContaining('registration:change-phone') },
    })
  })

  it('a new start for the same citizen cancels the pending one', async () => {
    const first = await started()
    const second = await started({ phone: NEW_PHONE.phone })
    expect(
      await register(registrar, 'registration:confirm', {
        registrationId: first.ack.registrationId,
        code: first.code,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'registration_finished' },
    })
    const done = expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: second.ack.registrationId,
        code: second.code,
      }),
    )
    expect(done.binding.phone).toBe(NEW_PHONE.e164)
  })
})

describe('one-time codes', () => {
  it('three wrong codes close the registration; the right code no longer helps', async () => {
    const { ack, code } = await started()
    const id = ack.registrationId
    const answers = []
    for (let i = 0; i < 3; i++)
      answers.push(
        await register(registrar, 'registration:confirm', { registrationId: id, code: wrongCode(code) }),
      )
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual([
      'otp_wrong',
      'otp_wrong',
      'otp_attempts_exceeded',
    ])
    expect(answers[0]).toMatchObject({ error: { message: 'wrong code; 2 attempts left' } })
    expect(answers[1]).toMatchObject({ error: { message: 'wrong code; 1 attempt left' } })
    expect(answers[2]).toMatchObject({ error: { message: expect.stringMatching(/start again/) } })
    expect(await register(registrar, 'registration:confirm', { registrationId: id, code })).toMatchObject({
      ok: false,
      error: { code: 'otp_attempts_exceeded' },
    })
    expect(await register(registrar, 'registration:resend', { registrationId: id })).toMatchObject({
      ok: false,
      error: { code: 'otp_attempts_exceeded' },
    })
    const status = expectOk(await register(registrar, 'registration:status', { registrationId: id }))
    expect(status.registration).toMatchObject({ status: 'failed', attemptsLeft: 0, bindingId: null })
    // A fresh start works.
    const fresh = await started()
    expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: fresh.ack.registrationId,
        code: fresh.code,
      }),
    )
  })

  it('a code expires after 5 minutes, even when right', async () => {
    const { ack, code } = await started()
    clock += 5 * MINUTE
    expect(
      await register(registrar, 'registration:confirm', { registrationId: ack.registrationId, code }),
    ).toMatchObject({
      ok: false,
      error: { code: 'otp_expired', message: expect.stringMatching(/start again/) },
    })
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: ack.registrationId }),
    )
    expect(status.registration.status).toBe('expired')
  })

  it('a code entered just before the 5 minutes end still works', async () => {
    const { ack, code } = await started()
    clock += 5 * MINUTE - 1000
    expectOk(await register(registrar, 'registration:confirm', { registrationId: ack.registrationId, code }))
  })

  it('allows one resend per 60 s; a resend makes a new code and restarts the 5 minutes', async () => {
    const { ack, code } = await started()
    const id = ack.registrationId
    clock += 30_000
    expect(await register(registrar, 'registration:resend', { registrationId: id })).toMatchObject({
      ok: false,
      error: { code: 'otp_resend_too_soon', message: expect.stringContaining('30 s') },
    })
    expect(outboxLines(hub.dataDir)).toHaveLength(1)
    clock += 30_000
    const resent = expectOk(await register(registrar, 'registration:resend', { registrationId: id }))
    expect(resent).toEqual({
      ok: true,
      registrationId: id,
      expiresAt: clock + 5 * MINUTE,
      resendAt: clock + MINUTE,
      attemptsLeft: 3,
    })
    expect(await register(registrar, 'registration:resend', { registrationId: id })).toMatchObject({
      ok: false,
      error: { code: 'otp_resend_too_soon' },
    })
    const newCode = codeFromOutbox(hub.dataDir, id)
    expect(outboxLines(hub.dataDir)).toHaveLength(2)
    // Its own reference: a gateway that sends one message per reference sends the new code too.
    expect(outboxLines(hub.dataDir).map((m) => m.reference)).toEqual([id, `${id}:2`])
    // Past the first code's 5 minutes, the new code works; the old one was never stored but as a hash.
    clock += 4.5 * MINUTE
    if (newCode !== code) {
      expect(await register(registrar, 'registration:confirm', { registrationId: id, code })).toMatchObject({
        ok: false,
        error: { code: 'otp_wrong' },
      })
    }
    expectOk(await register(registrar, 'registration:confirm', { registrationId: id, code: newCode }))
  })

  it('the sweep closes codes nobody entered', async () => {
    const { ack } = await started()
    clock += 6 * MINUTE
    expect(await hub.hub.registration.expireCodes()).toBe(1)
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: ack.registrationId }),
    )
    expect(status.registration.status).toBe('expired')
  })
})

describe('changing the number and revoking', () => {
  it('moves a binding to a new phone; the old one stays as history, replaced', async () => {
    const first = await started()
    const old = expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: first.ack.registrationId,
        code: first.code,
      }),
    ).binding

    expect(
      await register(registrar, 'registration:change-phone', {
        deskId: REGISTRAR_DESK,
        bindingId: old.id,
        phone: '+7 701 234 56 78',
        documentChecked: true,
        consent: { accepted: true, language: 'kk' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'phone_unchanged' } })

    const change = expectOk(
      await register(registrar, 'registration:change-phone', {
        deskId: REGISTRAR_DESK,
        bindingId: old.id,
        phone: NEW_PHONE.phone,
        documentChecked: true,
        consent: { accepted: true, language: 'kk' },
      }),
    )
    expect(change.phoneMasked).toBe('+7 (777) ***-**-67')
    const sms = outboxLines(hub.dataDir).find((m) => m.reference === change.registrationId)!
    // To the new number (masked in the file, as everywhere on disk).
    expect(sms.to).toBe('+7 (777) ***-**-67')
    const code = codeFromOutbox(hub.dataDir, change.registrationId)
    const confirmed = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: change.registrationId, code }),
    )
    expect(confirmed.registration.kind).toBe('change-phone')
    expect(confirmed.binding).toMatchObject({
      status: 'active',
      phone: NEW_PHONE.e164,
      replacesBindingId: old.id,
    })

    const found = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
    )
    expect(found.bindings.map((b) => [b.id, b.status, b.phoneMasked])).toEqual([
      [confirmed.binding.id, 'active', '+7 (777) ***-**-67'],
      [old.id, 'replaced', '+7 (701) ***-**-78'],
    ])
    expect(found.bindings[1]).toMatchObject({ replacedBy: confirmed.binding.id, endedAt: clock })
  })

  it('revokes an active binding once', async () => {
    const { ack, code } = await started()
    const binding = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: ack.registrationId, code }),
    ).binding
    const revoked = expectOk(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: binding.id,
        reason: 'lost the SIM card; new number 8 777 123 45 67 from 2026-11-24',
      }),
    )
    expect(revoked.binding).toMatchObject({
      status: 'revoked',
      revokeReason: 'lost the SIM card; new number *********67 from 2026-11-24',
      endedAt: clock,
    })
    expect(revoked.binding).not.toHaveProperty('iin')
    expect(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: binding.id,
        reason: 'again',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'binding_inactive' },
    })
    expect(
      await register(registrar, 'registration:change-phone', {
        deskId: REGISTRAR_DESK,
        bindingId: binding.id,
        phone: NEW_PHONE.phone,
        documentChecked: true,
        consent: { accepted: true, language: 'ru' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'binding_inactive' } })
    // The IIN is free for a new registration.
    await started({ phone: NEW_PHONE.phone })
  })
})

describe('refusals name what is wrong and change nothing', () => {
  it.each([
    [{ iin: '123456789011' }, 'iin_invalid', /check digit/],
    [{ iin: '120340012345' }, 'iin_invalid', /BIN/],
    [{ iin: '000000000000' }, 'iin_invalid', /zeros/],
    [{ phone: '8 7172 55 55 55' }, 'phone_invalid', /landline/],
    [{ phone: '+7 916 123 45 67' }, 'phone_invalid', /Russian/],
    [{ phone: '8 709 123 45 67' }, 'phone_invalid', /not a Kazakh mobile range/],
    [{ documentChecked: false }, 'document_not_checked', /original ID document/],
    [{ consent: { accepted: false, language: 'kk' as const } }, 'consent_required', /consent/],
    [
      { consent: { accepted: true, language: 'kk' as const, textVersion: 'old-1' } },
      'consent_required',
      /demo-2026-1/,
    ],
    [{ deskId: 'desk-99' }, 'unknown_desk', /desk-99/],
    [{ ticketId: 'no-such-ticket' }, 'unknown_ticket', /no-such-ticket/],
  ])('%o → %s', async (overrides, code, message) => {
    expect(await register(registrar, 'registration:start', startPayload(overrides))).toMatchObject({
      ok: false,
      error: { code, message: expect.stringMatching(message) },
    })
    expect(outboxLines(hub.dataDir)).toHaveLength(0)
  })

  it('checks the schema first: a code of 5 digits or an unknown field is invalid_payload', async () => {
    const { ack } = await started()
    expect(
      await register(registrar, 'registration:confirm', {
        registrationId: ack.registrationId,
        code: '12345',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    })
    expect(
      await registrar.send('registration:start', {
        requestId: requestId(),
        ...startPayload(),
        photoOfId: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    })
    expect(
      await register(registrar, 'registration:confirm', { registrationId: 'nope', code: '123456' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unknown_registration' },
    })
    expect(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: 'nope',
        reason: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unknown_binding' },
    })
  })

  it('a desk open for another staff member is not the registrar’s (supervisors may step in)', async () => {
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    expect(await register(registrar, 'registration:start', startPayload({ deskId: 'desk-1' }))).toMatchObject(
      {
        ok: false,
        error: { code: 'not_your_desk' },
      },
    )
    const supervisor = await hub.staffClient('supervisor')
    expectOk(await register(supervisor, 'registration:start', startPayload({ deskId: 'desk-1' })))
  })
})

describe('roles', () => {
  it('consultants, kiosks and displays may not register, look up or read the outbox', async () => {
    const consultant = await hub.staffClient('consultant1')
    const kiosk = await hub.deviceClient('kiosk-1')
    const display = await hub.deviceClient('display-1')
    for (const client of [consultant, kiosk, display]) {
      expect(await register(client, 'registration:start', startPayload())).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
      expect(
        await register(client, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
      expect(await register(client, 'registration:settings', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
    }
    expect(outboxLines(hub.dataDir)).toHaveLength(0)
    const token = await hub.signIn('consultant1')
    expect((await staffGet(hub, '/api/sms-outbox', token)).status).toBe(403)
    expect((await staffGet(hub, '/api/sms-outbox', null)).status).toBe(401)
    expect((await staffGet(hub, '/api/sms-outbox', 'x'.repeat(43))).status).toBe(401)
  })

  it('a phone tracker may send nothing', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'mobile-registration' })).ticket
    const tracker = await hub.trackerClient(ticket.trackToken)
    expect(await register(tracker, 'registration:start', startPayload())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })
})
