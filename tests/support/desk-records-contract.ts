/**
 * The registration desk's records contract (`desk-records.ts`), run against both stores: what the desk
 * and its sealing wrapper rely on, whatever the database. The "sealed" values here are stand-in strings
 * (`sealed:k1:…`): the stores keep opaque text and never look inside.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type {
  BindingRecord,
  ChallengeRecord,
  DeskRecords,
  DeskRecordWriter,
} from '../../src-main/hub/registration/desk-records'
import type { AuditEntry } from '../../src-main/hub/registration/registration-rows'

export const T0 = Date.UTC(2025, 2, 3, 5, 0)
export const DAY = '2025-03-03'
const MINUTE = 60_000

export interface DeskRecordsFixture {
  records: DeskRecords
  /** The centre the store keys its rows by (bindings carry it). */
  centreId: string
  close(): Promise<void>
}

/** A citizen's values sealed under `keyId`, as the vault would hand them (stand-ins). */
export function sealedAs(keyId: string, iin = '870412300127', phone = '+77011234578') {
  return {
    iinHash: `hash:${keyId}:${iin}`,
    iinSealed: `sealed:${keyId}:${iin}`,
    phoneSealed: `sealed:${keyId}:${phone}`,
    keyId,
  }
}

export function challenge(overrides: Partial<ChallengeRecord> = {}): ChallengeRecord {
  return {
    id: 'challenge-1',
    kind: 'register',
    status: 'pending',
    ...sealedAs('k1'),
    iinMasked: '8704******27',
    phoneMasked: '+7 (701) ***-**-78',
    replacesBindingId: null,
    bindingId: null,
    ticketId: 'ticket-1',
    staffId: 'registrar1',
    deskId: 'desk-1',
    consentVersion: '2025-01',
    consentLanguage: 'kk',
    documentChecked: true,
    codeHash: Buffer.from('scrypt-of-the-code'),
    codeSalt: Buffer.from([0, 1, 2, 254, 255]),
    createdAt: T0,
    day: DAY,
    sentAt: T0,
    expiresAt: T0 + 5 * MINUTE,
    attempts: 0,
    sends: 1,
    finishedAt: null,
    ...overrides,
  }
}

export function binding(centreId: string, overrides: Partial<BindingRecord> = {}): BindingRecord {
  return {
    id: 'binding-1',
    ...sealedAs('k1'),
    iinMasked: '8704******27',
    phoneMasked: '+7 (701) ***-**-78',
    status: 'active',
    centreId,
    ticketId: 'ticket-1',
    staffId: 'registrar1',
    deskId: 'desk-1',
    registrationId: 'challenge-1',
    createdAt: T0,
    confirmedAt: T0,
    day: DAY,
    replaces: null,
    replacedBy: null,
    endedAt: null,
    revokeReason: null,
    consentVersion: '2025-01',
    consentLanguage: 'ru',
    consentAt: T0,
    documentChecked: false,
    purgedAt: null,
    ...overrides,
  }
}

function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0,
    day: DAY,
    staffId: 'registrar1',
    deskId: 'desk-1',
    action: 'create',
    bindingId: 'binding-1',
    registrationId: 'challenge-1',
    oldValue: null,
    newValue: '8704******27, +7 (701) ***-**-78',
    detail: null,
    ...overrides,
  }
}

/** Registers the contract tests for one store; `open` gives a fresh, empty centre for each test. */
export function deskRecordsContract(open: () => Promise<DeskRecordsFixture>): void {
  let fixture: DeskRecordsFixture
  let records: DeskRecords
  let centreId: string

  beforeEach(async () => {
    fixture = await open()
    ;({ records, centreId } = fixture)
  })
  afterEach(async () => {
    await fixture.close()
  })

  const write = async (fn: (tx: DeskRecordWriter) => void) => records.transaction(fn)
  const outboxRow = (bindingId: string, key: string, at: number, keyId = 'k1') => ({
    idempotencyKey: key,
    bindingId,
    kind: 'register',
    payload: `sealed:${keyId}:{"iin":"870412300127"}`,
    keyId,
    at,
  })

  it('keeps a challenge with every field, and records sends and attempts while it is pending', async () => {
    const row = challenge()
    await write((tx) => tx.insertChallenge(row))
    expect(await records.getChallenge(row.id)).toEqual(row)
    expect(await records.getChallenge('no-such')).toBeUndefined()

    const send = {
      sentAt: T0 + MINUTE,
      expiresAt: T0 + 6 * MINUTE,
      codeHash: Buffer.from('h2'),
      codeSalt: Buffer.from('s2'),
    }
    await write((tx) => {
      tx.recordSend(row.id, send)
      tx.recordAttempts(row.id, 2)
    })
    expect(await records.getChallenge(row.id)).toEqual({ ...row, ...send, sends: 2, attempts: 2 })

    const unchecked = challenge({
      id: 'challenge-2',
      documentChecked: false,
      ticketId: null,
      consentLanguage: 'ru',
    })
    await write((tx) => tx.insertChallenge(unchecked))
    expect(await records.getChallenge(unchecked.id)).toEqual(unchecked)
  })

  it('erases what a finished challenge held, and leaves a finished one alone', async () => {
    await write((tx) => {
      tx.insertBinding(binding(centreId))
      tx.insertChallenge(challenge())
    })
    await write((tx) =>
      tx.finishChallenge('challenge-1', {
        status: 'confirmed',
        attempts: 1,
        at: T0 + MINUTE,
        bindingId: 'binding-1',
      }),
    )
    const finished = {
      ...challenge(),
      status: 'confirmed',
      attempts: 1,
      finishedAt: T0 + MINUTE,
      bindingId: 'binding-1',
      iinHash: null,
      iinSealed: null,
      phoneSealed: null,
      keyId: null,
      codeHash: null,
      codeSalt: null,
    }
    expect(await records.getChallenge('challenge-1')).toEqual(finished)

    await write((tx) => {
      tx.finishChallenge('challenge-1', { status: 'expired', attempts: 5, at: T0 + 9 * MINUTE })
      tx.recordAttempts('challenge-1', 7)
      tx.recordSend('challenge-1', {
        sentAt: 1,
        expiresAt: 2,
        codeHash: Buffer.from('x'),
        codeSalt: Buffer.from('y'),
      })
    })
    expect(await records.getChallenge('challenge-1')).toEqual(finished)
  })

  it("finds pending challenges by any of a citizen's IIN hashes, and expired ones by time", async () => {
    await write((tx) => {
      tx.insertChallenge(challenge({ id: 'under-old-key', ...sealedAs('k1') }))
      tx.insertChallenge(challenge({ id: 'under-new-key', ...sealedAs('k2'), createdAt: T0 + 1 }))
      tx.insertChallenge(
        challenge({ id: 'other-citizen', ...sealedAs('k2', '990101300111'), expiresAt: T0 + MINUTE }),
      )
    })
    const ids = async (hashes: string[]) => (await records.pendingChallengesForIin(hashes)).map((c) => c.id)
    const both = [sealedAs('k1').iinHash, sealedAs('k2').iinHash]
    expect(await ids(both)).toEqual(['under-old-key', 'under-new-key'])
    expect(await ids([sealedAs('k2').iinHash])).toEqual(['under-new-key'])
    expect(await ids([])).toEqual([])

    await write((tx) => tx.finishChallenge('under-old-key', { status: 'cancelled', attempts: 0, at: T0 }))
    expect(await ids(both)).toEqual(['under-new-key'])

    const expired = async (now: number) => (await records.expiredPendingChallenges(now)).map((c) => c.id)
    expect(await expired(T0 + MINUTE - 1)).toEqual([])
    expect(await expired(T0 + MINUTE)).toEqual(['other-citizen'])
    expect(await expired(T0 + 5 * MINUTE)).toEqual(['other-citizen', 'under-new-key'])
  })

  it('refuses a second active binding for one IIN hash, storing nothing of that transaction', async () => {
    await write((tx) => tx.insertBinding(binding(centreId)))
    await expect(
      write((tx) => {
        tx.audit(auditEntry({ bindingId: 'binding-2' }))
        tx.insertBinding(
          binding(centreId, { id: 'binding-2', ...sealedAs('k1', '870412300127', '+77019999999') }),
        )
      }),
    ).rejects.toThrow()
    expect(await records.getBinding('binding-2')).toBeUndefined()
    expect(await records.auditForBinding('binding-2')).toEqual([])

    // Once the first has ended, the IIN may be bound again.
    await write((tx) => {
      tx.endBinding('binding-1', { status: 'revoked', at: T0 + MINUTE, reason: 'citizen asked' })
      tx.insertBinding(binding(centreId, { id: 'binding-2', confirmedAt: T0 + MINUTE }))
    })
    expect((await records.activeBindingForIin([sealedAs('k1').iinHash]))?.id).toBe('binding-2')
  })

  it("lists a citizen's bindings: the active one first, then newest confirmed first", async () => {
    const old = sealedAs('k1')
    await write((tx) => {
      tx.insertBinding(
        binding(centreId, { id: 'first', ...old, status: 'revoked', confirmedAt: T0, endedAt: T0 + 1 }),
      )
      tx.insertBinding(
        binding(centreId, { id: 'second', ...old, status: 'replaced', confirmedAt: T0 + 1000 }),
      )
      tx.insertBinding(
        binding(centreId, { id: 'same-time', ...old, status: 'replaced', confirmedAt: T0 + 1000 }),
      )
      tx.insertBinding(binding(centreId, { id: 'current', ...sealedAs('k2'), confirmedAt: T0 + 500 }))
      tx.insertBinding(binding(centreId, { id: 'stranger', ...sealedAs('k1', '990101300111') }))
    })
    const hashes = [old.iinHash, sealedAs('k2').iinHash]
    const found = await records.bindingsForIin(hashes)
    expect(found.map((b) => b.id)).toEqual(['current', 'same-time', 'second', 'first'])
    expect(found[0]).toEqual(binding(centreId, { id: 'current', ...sealedAs('k2'), confirmedAt: T0 + 500 }))
    expect((await records.activeBindingForIin(hashes))?.id).toBe('current')
    expect(await records.activeBindingForIin([old.iinHash])).toBeUndefined()
    expect(await records.bindingsForIin([])).toEqual([])
  })

  it('ends a binding once, and links a replaced binding to its successor', async () => {
    await write((tx) => tx.insertBinding(binding(centreId)))
    await write((tx) => {
      tx.endBinding('binding-1', { status: 'replaced', at: T0 + MINUTE })
      tx.insertBinding(
        binding(centreId, { id: 'binding-2', replaces: 'binding-1', confirmedAt: T0 + MINUTE }),
      )
      tx.linkReplacement('binding-1', 'binding-2')
    })
    expect(await records.getBinding('binding-1')).toMatchObject({
      status: 'replaced',
      endedAt: T0 + MINUTE,
      replacedBy: 'binding-2',
      revokeReason: null,
    })
    await write((tx) =>
      tx.endBinding('binding-1', { status: 'revoked', at: T0 + 2 * MINUTE, reason: 'late' }),
    )
    expect(await records.getBinding('binding-1')).toMatchObject({ status: 'replaced', endedAt: T0 + MINUTE })

    await write((tx) =>
      tx.endBinding('binding-2', { status: 'revoked', at: T0 + 3 * MINUTE, reason: 'lost phone' }),
    )
    expect(await records.getBinding('binding-2')).toMatchObject({
      status: 'revoked',
      endedAt: T0 + 3 * MINUTE,
      revokeReason: 'lost phone',
      replaces: 'binding-1',
    })
  })

  it('delivers the outbox in due order, masks a delivered payload and retries the others', async () => {
    await write((tx) => {
      tx.insertBinding(binding(centreId))
      tx.insertOutbox(outboxRow('binding-1', 'submit-1', T0))
      tx.insertOutbox(outboxRow('binding-1', 'submit-2', T0 + 10))
    })
    expect(await records.nextOutboxAt()).toBe(T0)
    const [first] = await records.dueOutbox(T0 + 5, 10)
    expect(first).toEqual({
      id: expect.any(Number),
      idempotencyKey: 'submit-1',
      bindingId: 'binding-1',
      kind: 'register',
      payload: 'sealed:k1:{"iin":"870412300127"}',
      keyId: 'k1',
      status: 'pending',
      attempts: 0,
      createdAt: T0,
      nextAttemptAt: T0,
      lastError: null,
      deliveredAt: null,
    })
    expect((await records.dueOutbox(T0 + 5, 10)).length).toBe(1)
    expect((await records.dueOutbox(T0 + 10, 1)).map((o) => o.idempotencyKey)).toEqual(['submit-1'])
    const second = (await records.latestOutboxFor('binding-1'))!
    expect(second.idempotencyKey).toBe('submit-2')
    expect(await records.getOutbox(first!.id)).toEqual(first)

    expect(await records.markRetry(first!.id, T0 + MINUTE, 'gateway timed out')).toBe(true)
    expect(await records.getOutbox(first!.id)).toMatchObject({
      status: 'retrying',
      attempts: 1,
      nextAttemptAt: T0 + MINUTE,
      lastError: 'gateway timed out',
    })
    expect(await records.nextOutboxAt()).toBe(T0 + 10)

    expect(await records.markDelivered(second.id, T0 + 20, '{"iin":"8704******27"}')).toBe(true)
    expect(await records.getOutbox(second.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      deliveredAt: T0 + 20,
      payload: '{"iin":"8704******27"}',
      keyId: null,
    })
    expect(await records.markDelivered(second.id, T0 + 30, 'again')).toBe(false)
    expect(await records.markRetry(second.id, T0 + 30, 'late')).toBe(false)
    expect((await records.getOutbox(second.id))?.payload).toBe('{"iin":"8704******27"}')
    expect((await records.dueOutbox(T0 + 2 * MINUTE, 10)).map((o) => o.idempotencyKey)).toEqual(['submit-1'])

    expect(await records.markDelivered(first!.id, T0 + MINUTE, '{}')).toBe(true)
    expect(await records.nextOutboxAt()).toBeNull()
    expect(await records.dueOutbox(T0 + 2 * MINUTE, 10)).toEqual([])
    await expect(write((tx) => tx.insertOutbox(outboxRow('binding-1', 'submit-1', T0)))).rejects.toThrow()
  })

  it('keeps the audit log in the order it was written, by day range and by binding', async () => {
    const entries = [
      auditEntry({ day: '2025-03-04', action: 'view', at: T0 + 2 }),
      auditEntry({ day: '2025-03-02', action: 'start', at: T0 + 1, bindingId: null }),
      auditEntry({ day: DAY, action: 'create', at: T0 + 3 }),
      auditEntry({ day: DAY, action: 'revoke', at: T0, bindingId: 'binding-9', staffId: null, deskId: null }),
    ]
    await write((tx) => {
      for (const entry of entries.slice(0, 2)) tx.audit(entry)
    })
    await write((tx) => {
      for (const entry of entries.slice(2)) tx.audit(entry)
    })
    const between = await records.auditBetween(DAY, '2025-03-04')
    expect(between).toEqual(
      [entries[0], entries[2], entries[3]].map((e) => ({ ...e, id: expect.any(Number) })),
    )
    expect(between[0]!.id!).toBeLessThan(between[1]!.id!)
    expect((await records.auditBetween('2025-03-01', '2025-03-02')).map((e) => e.action)).toEqual(['start'])
    expect((await records.auditForBinding('binding-1')).map((e) => e.action)).toEqual(['view', 'create'])
  })

  it("counts the day's registrations per registrar, splitting pending from expired at now", async () => {
    const now = T0 + 10 * MINUTE
    await write((tx) => {
      tx.insertChallenge(challenge({ id: 'c1', status: 'confirmed', ...sealedAs('k1', '1') }))
      tx.insertChallenge(challenge({ id: 'c2', status: 'failed', ...sealedAs('k1', '2') }))
      tx.insertChallenge(challenge({ id: 'c3', status: 'expired', ...sealedAs('k1', '3') }))
      tx.insertChallenge(challenge({ id: 'c4', expiresAt: now, ...sealedAs('k1', '4') }))
      tx.insertChallenge(challenge({ id: 'c5', expiresAt: now + 1, ...sealedAs('k1', '5') }))
      tx.insertChallenge(challenge({ id: 'c6', staffId: 'registrar2', expiresAt: now + 1 }))
      tx.insertChallenge(challenge({ id: 'c7', day: '2025-03-02', status: 'confirmed' }))
    })
    expect(await records.figures(DAY, now)).toEqual([
      { staffId: 'registrar1', started: 5, confirmed: 1, failed: 1, expired: 2, pending: 1 },
      { staffId: 'registrar2', started: 1, confirmed: 0, failed: 0, expired: 0, pending: 1 },
    ])
    expect(await records.figures('2025-03-05', now)).toEqual([])
  })

  it("purges a binding past retention once: its sealed fields and its submissions' payloads", async () => {
    const submission = (key: string, bindingId: string) => ({ ...outboxRow(bindingId, key, T0), keyId: 'k1' })
    await write((tx) => {
      tx.insertBinding(binding(centreId, { id: 'old', confirmedAt: T0 }))
      tx.insertBinding(
        binding(centreId, { id: 'recent', ...sealedAs('k1', '990101300111'), confirmedAt: T0 + 2000 }),
      )
    })
    await records.recordSubmission(submission('old-register', 'old'))
    await records.recordSubmission(submission('old-revoke', 'old'))
    await records.recordSubmission(submission('recent-register', 'recent'))
    expect(await records.purgeCandidates(T0 + 1000)).toEqual([
      { id: 'old', iinMasked: '8704******27', phoneMasked: '+7 (701) ***-**-78' },
    ])

    await write((tx) => tx.purgeBinding('old', T0 + 1000, '{"iin":"8704******27"}'))
    await records.afterErasure()
    expect(await records.getBinding('old')).toMatchObject({
      iinHash: null,
      iinSealed: null,
      phoneSealed: null,
      keyId: null,
      purgedAt: T0 + 1000,
      iinMasked: '8704******27',
    })
    const masked = { payload: '{"iin":"8704******27"}', keyId: null }
    expect(await records.submissionsFor('old')).toEqual([
      { idempotencyKey: 'old-register', ...masked },
      { idempotencyKey: 'old-revoke', ...masked },
    ])
    expect(await records.submissionsFor('recent')).toEqual([
      { idempotencyKey: 'recent-register', payload: submission('', '').payload, keyId: 'k1' },
    ])
    expect(await records.purgeCandidates(T0 + 1000)).toEqual([])

    await write((tx) => tx.purgeBinding('old', T0 + 5000, 'something else'))
    expect((await records.getBinding('old'))?.purgedAt).toBe(T0 + 1000)
    expect(await records.submissionsFor('old')).toEqual([
      { idempotencyKey: 'old-register', ...masked },
      { idempotencyKey: 'old-revoke', ...masked },
    ])
  })

  it("stores a retry record with the transaction's changes, and nothing when the callback throws", async () => {
    const result = {
      principal: 'staff:registrar1',
      requestId: 'r1',
      ack: '{"ok":true}',
      at: T0,
      fingerprint: 'hmac',
    }
    await write((tx) => {
      tx.saveResult(result)
      tx.insertChallenge(challenge())
    })
    expect(await records.findResult('staff:registrar1', 'r1')).toEqual({
      ack: '{"ok":true}',
      fingerprint: 'hmac',
    })
    expect(await records.findResult('staff:registrar2', 'r1')).toBeUndefined()

    await expect(
      write((tx) => {
        tx.saveResult({ ...result, requestId: 'r2' })
        tx.insertChallenge(challenge({ id: 'challenge-2' }))
        throw new Error('decided against it')
      }),
    ).rejects.toThrow('decided against it')
    expect(await records.findResult('staff:registrar1', 'r2')).toBeUndefined()
    expect(await records.getChallenge('challenge-2')).toBeUndefined()
  })

  it('records a local submission once per idempotency key', async () => {
    const row = { ...outboxRow('binding-1', 'submit-1', T0), payload: 'sealed:k1:first' }
    await records.recordSubmission(row)
    await records.recordSubmission({ ...row, payload: 'sealed:k1:second', at: T0 + 1 })
    expect(await records.submissionsFor('binding-1')).toEqual([
      { idempotencyKey: 'submit-1', payload: 'sealed:k1:first', keyId: 'k1' },
    ])
    expect(await records.submissionsFor('binding-2')).toEqual([])
  })

  it('names every key some row is sealed under, and re-seals rows still under an old key', async () => {
    expect(await records.keyIdsInUse()).toEqual([])
    await write((tx) => {
      tx.insertBinding(binding(centreId, { id: 'b-old', ...sealedAs('k1') }))
      tx.insertBinding(binding(centreId, { id: 'b-new', ...sealedAs('k2', '990101300111') }))
      tx.insertChallenge(challenge({ id: 'c-old', ...sealedAs('k1', '770101300222') }))
      tx.insertOutbox(outboxRow('b-old', 'o-old', T0, 'k1'))
      tx.insertOutbox(outboxRow('b-old', 'o-delivered', T0, 'k3'))
    })
    await records.recordSubmission({
      ...outboxRow('b-old', 's-plain', T0),
      payload: '{"iin":"870412300127"}',
      keyId: 'plain',
    })
    const delivered = (await records.latestOutboxFor('b-old'))!
    await records.markDelivered(delivered.id, T0, '{}')
    expect(await records.keyIdsInUse()).toEqual(['k1', 'k2', 'plain'])

    // Plain rows first, whatever their table; the current key's rows never.
    expect(await records.rowsNotUnder('k2', 1)).toEqual([
      {
        table: 'mobile_citizen_submissions',
        id: 's-plain',
        keyId: 'plain',
        iinSealed: null,
        phoneSealed: null,
        payload: '{"iin":"870412300127"}',
      },
    ])
    const refs = await records.rowsNotUnder('k2', 10)
    const outbox = (await records.dueOutbox(T0, 10))[0]!
    expect(refs.map((r) => [r.table, r.id, r.keyId])).toEqual([
      ['mobile_citizen_submissions', 's-plain', 'plain'],
      ['bindings', 'b-old', 'k1'],
      ['registration_challenges', 'c-old', 'k1'],
      ['gateway_outbox', String(outbox.id), 'k1'],
    ])
    expect(refs[1]).toMatchObject({
      iinSealed: sealedAs('k1').iinSealed,
      phoneSealed: sealedAs('k1').phoneSealed,
      payload: null,
    })
    expect(refs[3]).toMatchObject({ iinSealed: null, phoneSealed: null, payload: outbox.payload })

    const resealed = refs.map((ref) => ({
      table: ref.table,
      id: ref.id,
      fromKeyId: ref.keyId,
      keyId: 'k2',
      iinHash: ref.iinSealed === null ? null : `hash:k2:${ref.id}`,
      iinSealed: ref.iinSealed === null ? null : `sealed:k2:iin-of-${ref.id}`,
      phoneSealed: ref.phoneSealed === null ? null : `sealed:k2:phone-of-${ref.id}`,
      payload: ref.payload === null ? null : `sealed:k2:payload-of-${ref.id}`,
    }))
    // The challenge moved on since it was read (here: finished), so its stale re-seal must not apply.
    await write((tx) => tx.finishChallenge('c-old', { status: 'expired', attempts: 0, at: T0 }))
    await records.reseal(resealed)

    expect(await records.rowsNotUnder('k2', 10)).toEqual([])
    expect(await records.keyIdsInUse()).toEqual(['k2'])
    expect(await records.getBinding('b-old')).toMatchObject({
      iinHash: 'hash:k2:b-old',
      iinSealed: 'sealed:k2:iin-of-b-old',
      phoneSealed: 'sealed:k2:phone-of-b-old',
      keyId: 'k2',
    })
    expect((await records.activeBindingForIin(['hash:k2:b-old']))?.id).toBe('b-old')
    expect(await records.getChallenge('c-old')).toMatchObject({ iinHash: null, iinSealed: null, keyId: null })
    expect(await records.getOutbox(outbox.id)).toMatchObject({
      payload: 'sealed:k2:payload-of-' + outbox.id,
      keyId: 'k2',
    })
    expect(await records.submissionsFor('b-old')).toEqual([
      { idempotencyKey: 's-plain', payload: 'sealed:k2:payload-of-s-plain', keyId: 'k2' },
    ])

    // A re-seal from a key the row is no longer under changes nothing.
    await records.reseal([{ ...resealed[1]!, fromKeyId: 'k1', keyId: 'k9', iinSealed: 'sealed:k9:stale' }])
    expect(await records.getBinding('b-old')).toMatchObject({
      keyId: 'k2',
      iinSealed: 'sealed:k2:iin-of-b-old',
    })
  })

  it('remembers the first check value of each vault key', async () => {
    expect(await records.keyChecks()).toEqual({})
    await records.saveKeyCheck('k1', 'check-1')
    await records.saveKeyCheck('k1', 'a wrong key file')
    await records.saveKeyCheck('k2', 'check-2')
    expect(await records.keyChecks()).toEqual({ k1: 'check-1', k2: 'check-2' })
  })
}
