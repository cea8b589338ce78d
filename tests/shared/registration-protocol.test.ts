import { describe, expect, it } from 'vitest'
import { registrationConfigSchema, centreConfigSchema } from '../../src-shared/config'
import {
  COMMAND_TYPES,
  mayRegister,
  REGISTRATION_COMMAND_ROLES,
  REGISTRATION_COMMAND_TYPES,
  REGISTRATION_QUERIES,
  registrationSchemas,
  type RegistrationCommandType,
  type Role,
} from '../../src-shared/protocol'
import { testConfig } from './fixtures'

const requestId = 'req_0001-abcd'
const desk = { deskId: 'd6', documentChecked: true, consent: { accepted: true, language: 'kk' } }

const VALID: Record<RegistrationCommandType, Record<string, unknown>> = {
  'registration:start': { requestId, ...desk, ticketId: 't1', iin: '871008401427', phone: '8 701 234 56 78' },
  'registration:resend': { requestId, registrationId: 'r1' },
  'registration:confirm': { requestId, registrationId: 'r1', code: '042917' },
  'registration:change-phone': { requestId, ...desk, bindingId: 'b1', phone: '+77771234567' },
  'registration:revoke': { requestId, deskId: 'd6', bindingId: 'b1', reason: 'lost the SIM card' },
  'registration:status': { requestId, registrationId: 'r1' },
  'registration:open': { requestId, deskId: 'd6', ticketId: 't1' },
  'registration:settings': { requestId },
  'binding:find': { requestId, deskId: 'd6', iin: '871008401427' },
}

const parses = (type: RegistrationCommandType, payload: unknown) =>
  registrationSchemas[type].safeParse(payload).success

describe('registration payloads', () => {
  it('cover every registration command, none of them a queue command', () => {
    expect(Object.keys(VALID).sort()).toEqual([...REGISTRATION_COMMAND_TYPES].sort())
    for (const type of REGISTRATION_COMMAND_TYPES) expect(COMMAND_TYPES).not.toContain(type)
    expect([...REGISTRATION_QUERIES].sort()).toEqual([
      'binding:find',
      'registration:open',
      'registration:settings',
      'registration:status',
    ])
  })

  describe.each(REGISTRATION_COMMAND_TYPES)('%s', (type) => {
    it('accepts a valid payload, requires a requestId and refuses unknown fields', () => {
      expect(parses(type, VALID[type])).toBe(true)
      const { requestId: _omitted, ...withoutId } = VALID[type]
      expect(parses(type, withoutId)).toBe(false)
      expect(parses(type, { ...VALID[type], photoOfId: 'data:image/png;base64,...' })).toBe(false)
    })

    it('is for registrars, supervisors and admins only', () => {
      expect(REGISTRATION_COMMAND_ROLES[type]).toEqual(['registrar', 'supervisor', 'admin'])
      for (const role of ['consultant', 'kiosk', 'display', 'tracker'] as Role[])
        expect(mayRegister([role], type)).toBe(false)
      expect(mayRegister(['consultant', 'registrar'], type)).toBe(true)
    })
  })

  it('leaves the IIN, phone, document check and consent to the hub, which names what is wrong', () => {
    // A typed IIN or phone of any shape parses; the hub answers iin_invalid / phone_invalid.
    expect(parses('registration:start', { ...VALID['registration:start'], iin: '12345' })).toBe(true)
    expect(parses('registration:start', { ...VALID['registration:start'], documentChecked: false })).toBe(
      true,
    )
    expect(
      parses('registration:start', {
        ...VALID['registration:start'],
        consent: { accepted: false, language: 'ru' },
      }),
    ).toBe(true)
    expect(
      parses('registration:start', {
        ...VALID['registration:start'],
        consent: { accepted: true, language: 'en' },
      }),
    ).toBe(false)
    expect(parses('registration:start', { ...VALID['registration:start'], iin: '1'.repeat(33) })).toBe(false)
  })

  it('takes a code of exactly six digits', () => {
    for (const code of ['12345', '1234567', '12345a', ' 123456', 123456]) {
      expect(parses('registration:confirm', { ...VALID['registration:confirm'], code }), String(code)).toBe(
        false,
      )
    }
  })

  it('needs a reason of 1–500 characters to revoke', () => {
    expect(parses('registration:revoke', { ...VALID['registration:revoke'], reason: '   ' })).toBe(false)
    expect(parses('registration:revoke', { ...VALID['registration:revoke'], reason: 'ә'.repeat(500) })).toBe(
      true,
    )
    expect(parses('registration:revoke', { ...VALID['registration:revoke'], reason: 'ә'.repeat(501) })).toBe(
      false,
    )
  })
})

describe('the registration config block', () => {
  it('defaults to a year of retention, a consent text, the outbox SMS and the local gateway', () => {
    const config = testConfig()
    expect(config.registration).toMatchObject({
      retentionDays: 365,
      consent: {
        version: 'default-1',
        kk: expect.stringContaining('ЖСН'),
        ru: expect.stringContaining('ИИН'),
      },
      sms: { kind: 'outbox' },
      gateway: { kind: 'local' },
    })
  })

  it('takes HTTP adapters with the password in an environment variable, never in the file', () => {
    const http = {
      kind: 'http',
      url: 'https://sms.example.kz/send',
      username: 'kezek',
      passwordEnv: 'KEZEK_SMS_PASSWORD',
    }
    expect(registrationConfigSchema.parse({ sms: http, gateway: http })).toMatchObject({
      sms: { ...http, timeoutMs: 5000, retries: 2 },
      gateway: { ...http, timeoutMs: 5000 },
    })
    const refused = registrationConfigSchema.safeParse({
      retentionDays: 0,
      sms: { ...http, url: 'ftp://x', password: 'plain' },
      gateway: { kind: 'soap' },
      consent: { version: 'v 1', kk: '', ru: 'текст' },
    })
    expect(refused.success).toBe(false)
    const paths = refused.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining([
        'retentionDays',
        'sms.url',
        'sms',
        'gateway.kind',
        'consent.version',
        'consent.kk',
      ]),
    )
  })

  it('is checked as part of the centre config', () => {
    const base = testConfig()
    expect(
      centreConfigSchema.safeParse({ ...base, registration: { retentionDays: 'forever' } }).success,
    ).toBe(false)
  })
})
