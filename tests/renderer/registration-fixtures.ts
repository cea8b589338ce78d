/**
 * Fixtures for the registration desk's component tests: the consultant fixtures' centre with a
 * mobile-registration service and window 6, a registrar with a ticket of it in hand, and a fake socket
 * that also plays the registration desk of the hub (answers by command, `registration:updated` facts).
 */
import type { PublicCentreConfig } from '../../src-shared/config'
import type { DomainEvent } from '../../src-shared/domain'
import type {
  BindingView,
  Principal,
  RegistrationSettings,
  RegistrationStarted,
  RegistrationUpdate,
  RegistrationView,
  Snapshot,
} from '../../src-shared/protocol'
import {
  CONFIG as CONSULTANT_CONFIG,
  FakeHubSocket,
  stateFrom,
  T0,
  type SentCommand,
} from './consultant-fixtures'

export { T0 }

/** When the registrar's screen opens: a minute after the first fact. */
export const NOW = T0 + 60_000

export const IIN = '871008401427'
export const PHONE = '8 701 234 56 78'

export const CONFIG: PublicCentreConfig = {
  ...CONSULTANT_CONFIG,
  services: [
    ...CONSULTANT_CONFIG.services,
    {
      id: 'mobile',
      group: 'documents',
      prefix: 'R',
      online: false,
      expectedMinutes: 5,
      mobileRegistration: true,
      name: {
        kk: 'Мобильді азаматтар базасына тіркелу',
        ru: 'Регистрация в базе мобильных граждан',
        en: 'Mobile citizen database registration',
      },
    },
  ],
  desks: [...CONSULTANT_CONFIG.desks, { id: 'desk-6', label: '6', serviceIds: ['mobile'] }],
}

export const REGISTRAR: Principal = {
  role: 'staff',
  roles: ['registrar'],
  id: 'registrar-1',
  name: 'Ерлан Жақсылықов',
}

/** Window 6 open for `who`, with ticket R001 (or P001 of another service) called and being served. */
export function deskSnapshot(options: { roles?: Principal['roles']; serviceId?: string } = {}): Snapshot {
  const serviceId = options.serviceId ?? 'mobile'
  const events: DomainEvent[] = [
    { type: 'day:opened', day: '2026-11-24' },
    { type: 'desk:opened', deskId: 'desk-6', staffId: REGISTRAR.id, serviceIds: ['mobile', 'passport'] },
    {
      type: 'ticket:issued',
      ticketId: 't1',
      number: serviceId === 'mobile' ? 'R001' : 'P001',
      prefix: serviceId === 'mobile' ? 'R' : 'P',
      serviceId,
      categoryId: null,
      bookedFor: null,
    },
    { type: 'ticket:called', ticketId: 't1', deskId: 'desk-6', staffId: REGISTRAR.id, reason: 'regular' },
    { type: 'ticket:started', ticketId: 't1' },
  ]
  const state = stateFrom(events)
  return {
    seq: state.seq,
    serverTime: NOW,
    state,
    config: CONFIG,
    you: { ...REGISTRAR, roles: options.roles ?? REGISTRAR.roles },
  }
}

export const SETTINGS: RegistrationSettings = {
  consent: {
    version: 'v1',
    kk: 'Мен ЖСН мен телефон нөмірімді өңдеуге келісемін.',
    ru: 'Я согласен(на) на обработку ИИН и номера телефона.',
  },
  codeDigits: 6,
  codeTtlMs: 300_000,
  maxAttempts: 3,
  resendAfterMs: 60_000,
  retentionDays: 365,
}

export function started(at: number, overrides: Partial<RegistrationStarted> = {}): RegistrationStarted {
  return {
    registrationId: 'reg-1',
    iinMasked: '8710******27',
    phoneMasked: '+7 (701) ***-**-78',
    expiresAt: at + 300_000,
    resendAt: at + 60_000,
    attemptsLeft: 3,
    warnings: [],
    ...overrides,
  }
}

export function registrationView(at: number, overrides: Partial<RegistrationView> = {}): RegistrationView {
  return {
    id: 'reg-1',
    kind: 'register',
    status: 'pending',
    iinMasked: '8710******27',
    phoneMasked: '+7 (701) ***-**-78',
    deskId: 'desk-6',
    ticketId: 't1',
    staffId: REGISTRAR.id,
    createdAt: at,
    expiresAt: at + 300_000,
    resendAt: at + 60_000,
    attemptsLeft: 3,
    bindingId: null,
    replacesBindingId: null,
    ...overrides,
  }
}

export function bindingView(at: number, overrides: Partial<BindingView> = {}): BindingView {
  return {
    id: 'bind-1',
    status: 'active',
    iinMasked: '8710******27',
    phoneMasked: '+7 (701) ***-**-78',
    ticketId: 't1',
    deskId: 'desk-6',
    staffId: REGISTRAR.id,
    confirmedAt: at,
    consent: { version: 'v1', language: 'kk', at },
    documentChecked: true,
    replacesBindingId: null,
    replacedBy: null,
    endedAt: null,
    revokeReason: null,
    purged: false,
    delivery: { status: 'pending', attempts: 0, lastError: null, nextAttemptAt: at, deliveredAt: null },
    ...overrides,
  }
}

type Answer = (payload: Record<string, unknown>) => unknown

/**
 * The fake socket, also answering registration commands: `answers[type]` (an ok ack with the settings
 * for `registration:settings` unless told otherwise), and pushing `registration:updated`.
 */
export class RegistrationHubSocket extends FakeHubSocket {
  answers: Record<string, Answer> = {
    'registration:settings': () => ({ ok: true, ...SETTINGS }),
  }

  constructor() {
    super()
    this.respond = (command: SentCommand) => {
      const answer = this.answers[command.type]
      return answer ? answer(command.payload) : { ok: true, seq: 1 }
    }
  }

  /** The registration commands sent so far (queries included), without the queue's. */
  registrationSent(): SentCommand[] {
    return this.sent.filter((c) => c.type.startsWith('registration:') || c.type.startsWith('binding:'))
  }

  update(fields: Partial<RegistrationUpdate> & Pick<RegistrationUpdate, 'change'>): void {
    const update: RegistrationUpdate = {
      type: 'registration:updated',
      at: NOW,
      registrationId: null,
      bindingId: null,
      staffId: null,
      deskId: 'desk-6',
      today: { started: 1, confirmed: 0, failed: 0, expired: 0 },
      ...fields,
    }
    // The fake's listeners are private to it: reach them the way socket.io would, by emitting.
    ;(this as unknown as { emit(event: string, data: unknown): void }).emit('registration:updated', update)
  }
}
