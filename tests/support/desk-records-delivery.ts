/**
 * The second half of the desk records contract (desk-records-contract.ts registers it): the gateway
 * outbox, the audit log, the day's figures, retention purges, local submissions and re-sealing.
 */
import { expect, it } from 'vitest'
import {
  auditEntry,
  binding,
  challenge,
  DAY,
  type DeskRecordsContext,
  MINUTE,
  outboxRow,
  sealedAs,
  T0,
  writeIn,
} from './desk-records-fixtures'

export function deliveryContract(ctx: DeskRecordsContext): void {
  const write = writeIn(ctx)

  it('delivers the outbox in due order, masks a delivered payload and retries the others', async () => {
    await write((tx) => {
      tx.insertBinding(binding(ctx.centreId))
      tx.insertOutbox(outboxRow('binding-1', 'submit-1', T0))
      tx.insertOutbox(outboxRow('binding-1', 'submit-2', T0 + 10))
    })
    expect(await ctx.records.nextOutboxAt()).toBe(T0)
    const [first] = await ctx.records.dueOutbox(T0 + 5, 10)
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
    expect((await ctx.records.dueOutbox(T0 + 5, 10)).length).toBe(1)
    expect((await ctx.records.dueOutbox(T0 + 10, 1)).map((o) => o.idempotencyKey)).toEqual(['submit-1'])
    const second = (await ctx.records.latestOutboxFor('binding-1'))!
    expect(second.idempotencyKey).toBe('submit-2')
    expect(await ctx.records.getOutbox(first!.id)).toEqual(first)

    expect(await ctx.records.markRetry(first!.id, T0 + MINUTE, 'gateway timed out')).toBe(true)
    expect(await ctx.records.getOutbox(first!.id)).toMatchObject({
      status: 'retrying',
      attempts: 1,
      nextAttemptAt: T0 + MINUTE,
      lastError: 'gateway timed out',
    })
    expect(await ctx.records.nextOutboxAt()).toBe(T0 + 10)

    expect(await ctx.records.markDelivered(second.id, T0 + 20, '{"iin":"8704******27"}')).toBe(true)
    expect(await ctx.records.getOutbox(second.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      deliveredAt: T0 + 20,
      payload: '{"iin":"8704******27"}',
      keyId: null,
    })
    expect(await ctx.records.markDelivered(second.id, T0 + 30, 'again')).toBe(false)
    expect(await ctx.records.markRetry(second.id, T0 + 30, 'late')).toBe(false)
    expect((await ctx.records.getOutbox(second.id))?.payload).toBe('{"iin":"8704******27"}')
    expect((await ctx.records.dueOutbox(T0 + 2 * MINUTE, 10)).map((o) => o.idempotencyKey)).toEqual([
      'submit-1',
    ])

    expect(await ctx.records.markDelivered(first!.id, T0 + MINUTE, '{}')).toBe(true)
    expect(await ctx.records.nextOutboxAt()).toBeNull()
    expect(await ctx.records.dueOutbox(T0 + 2 * MINUTE, 10)).toEqual([])
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
    const between = await ctx.records.auditBetween(DAY, '2025-03-04')
    expect(between).toEqual(
      [entries[0], entries[2], entries[3]].map((e) => ({ ...e, id: expect.any(Number) })),
    )
    expect(between[0]!.id!).toBeLessThan(between[1]!.id!)
    expect((await ctx.records.auditBetween('2025-03-01', '2025-03-02')).map((e) => e.action)).toEqual([
      'start',
    ])
    expect((await ctx.records.auditForBinding('binding-1')).map((e) => e.action)).toEqual(['view', 'create'])
  })

  it('finds the newest registration still waiting for its code at a desk, for a screen opened afresh', async () => {
    const now = T0 + MINUTE
    await write((tx) => {
      tx.insertChallenge(challenge({ id: 'old', ...sealedAs('k1', '1') }))
      tx.insertChallenge(challenge({ id: 'new', createdAt: T0 + 1, ...sealedAs('k1', '2') }))
      tx.insertChallenge(
        challenge({ id: 'ran-out', createdAt: T0 + 2, expiresAt: now, ...sealedAs('k1', '3') }),
      )
      tx.insertChallenge(
        challenge({ id: 'done', createdAt: T0 + 3, status: 'confirmed', ...sealedAs('k1', '4') }),
      )
      tx.insertChallenge(
        challenge({ id: 'elsewhere', createdAt: T0 + 4, deskId: 'desk-2', ...sealedAs('k1', '5') }),
      )
    })
    expect(await ctx.records.openChallengeAtDesk('desk-1', now)).toMatchObject({
      id: 'new',
      deskId: 'desk-1',
    })
    expect(await ctx.records.openChallengeAtDesk('desk-2', now)).toMatchObject({ id: 'elsewhere' })
    expect(await ctx.records.openChallengeAtDesk('desk-3', now)).toBeUndefined()
  })

  it("counts the day's registrations per registrar, each in one column: pending and expired split at now, superseded ones too", async () => {
    const now = T0 + 10 * MINUTE
    await write((tx) => {
      tx.insertChallenge(challenge({ id: 'c1', status: 'confirmed', ...sealedAs('k1', '1') }))
      tx.insertChallenge(challenge({ id: 'c2', status: 'failed', ...sealedAs('k1', '2') }))
      tx.insertChallenge(challenge({ id: 'c3', status: 'expired', ...sealedAs('k1', '3') }))
      tx.insertChallenge(challenge({ id: 'c4', expiresAt: now, ...sealedAs('k1', '4') }))
      tx.insertChallenge(challenge({ id: 'c5', expiresAt: now + 1, ...sealedAs('k1', '5') }))
      tx.insertChallenge(challenge({ id: 'c6', staffId: 'registrar2', expiresAt: now + 1 }))
      tx.insertChallenge(challenge({ id: 'c7', day: '2025-03-02', status: 'confirmed' }))
      // Replaced by a new start for the same IIN: ended, neither confirmed nor failed nor expired.
      tx.insertChallenge(challenge({ id: 'c8', status: 'cancelled', ...sealedAs('k1', '8') }))
    })
    const figures = await ctx.records.figures(DAY, now)
    expect(figures).toEqual([
      { staffId: 'registrar1', started: 6, confirmed: 1, failed: 1, expired: 2, superseded: 1, pending: 1 },
      { staffId: 'registrar2', started: 1, confirmed: 0, failed: 0, expired: 0, superseded: 0, pending: 1 },
    ])
    for (const row of figures) {
      expect(row.confirmed + row.failed + row.expired + row.superseded + row.pending).toBe(row.started)
    }
    expect(await ctx.records.figures('2025-03-05', now)).toEqual([])
  })

  it("purges a binding past retention once: its sealed fields and its submissions' payloads", async () => {
    const submission = (key: string, bindingId: string) => ({ ...outboxRow(bindingId, key, T0), keyId: 'k1' })
    await write((tx) => {
      tx.insertBinding(binding(ctx.centreId, { id: 'old', confirmedAt: T0 }))
      tx.insertBinding(
        binding(ctx.centreId, { id: 'recent', ...sealedAs('k1', '990101300111'), confirmedAt: T0 + 2000 }),
      )
    })
    await ctx.records.recordSubmission(submission('old-register', 'old'))
    await ctx.records.recordSubmission(submission('old-revoke', 'old'))
    await ctx.records.recordSubmission(submission('recent-register', 'recent'))
    expect(await ctx.records.purgeCandidates(T0 + 1000)).toEqual([
      { id: 'old', iinMasked: '8704******27', phoneMasked: '+7 (701) ***-**-78' },
    ])

    await write((tx) => tx.purgeBinding('old', T0 + 1000, '{"iin":"8704******27"}'))
    await ctx.records.afterErasure()
    expect(await ctx.records.getBinding('old')).toMatchObject({
      iinHash: null,
      iinSealed: null,
      phoneSealed: null,
      keyId: null,
      purgedAt: T0 + 1000,
      iinMasked: '8704******27',
    })
    const masked = { payload: '{"iin":"8704******27"}', keyId: null }
    expect(await ctx.records.submissionsFor('old')).toEqual([
      { idempotencyKey: 'old-register', ...masked },
      { idempotencyKey: 'old-revoke', ...masked },
    ])
    expect(await ctx.records.submissionsFor('recent')).toEqual([
      { idempotencyKey: 'recent-register', payload: submission('', '').payload, keyId: 'k1' },
    ])
    expect(await ctx.records.purgeCandidates(T0 + 1000)).toEqual([])

    await write((tx) => tx.purgeBinding('old', T0 + 5000, 'something else'))
    expect((await ctx.records.getBinding('old'))?.purgedAt).toBe(T0 + 1000)
    expect(await ctx.records.submissionsFor('old')).toEqual([
      { idempotencyKey: 'old-register', ...masked },
      { idempotencyKey: 'old-revoke', ...masked },
    ])
  })

  it('records a local submission once per idempotency key', async () => {
    const row = { ...outboxRow('binding-1', 'submit-1', T0), payload: 'sealed:k1:first' }
    await ctx.records.recordSubmission(row)
    await ctx.records.recordSubmission({ ...row, payload: 'sealed:k1:second', at: T0 + 1 })
    expect(await ctx.records.submissionsFor('binding-1')).toEqual([
      { idempotencyKey: 'submit-1', payload: 'sealed:k1:first', keyId: 'k1' },
    ])
    expect(await ctx.records.submissionsFor('binding-2')).toEqual([])
  })

  it('names every key some row is sealed under, and re-seals rows still under an old key', async () => {
    expect(await ctx.records.keyIdsInUse()).toEqual([])
    await write((tx) => {
      tx.insertBinding(binding(ctx.centreId, { id: 'b-old', ...sealedAs('k1') }))
      tx.insertBinding(binding(ctx.centreId, { id: 'b-new', ...sealedAs('k2', '990101300111') }))
      tx.insertChallenge(challenge({ id: 'c-old', ...sealedAs('k1', '770101300222') }))
      tx.insertOutbox(outboxRow('b-old', 'o-old', T0, 'k1'))
      tx.insertOutbox(outboxRow('b-old', 'o-delivered', T0, 'k3'))
    })
    await ctx.records.recordSubmission({
      ...outboxRow('b-old', 's-plain', T0),
      payload: '{"iin":"870412300127"}',
      keyId: 'plain',
    })
    const delivered = (await ctx.records.latestOutboxFor('b-old'))!
    await ctx.records.markDelivered(delivered.id, T0, '{}')
    expect(await ctx.records.keyIdsInUse()).toEqual(['k1', 'k2', 'plain'])

    // Plain rows first, whatever their table; the current key's rows never.
    expect(await ctx.records.rowsNotUnder('k2', 1)).toEqual([
      {
        table: 'mobile_citizen_submissions',
        id: 's-plain',
        keyId: 'plain',
        iinSealed: null,
        phoneSealed: null,
        payload: '{"iin":"870412300127"}',
      },
    ])
    const refs = await ctx.records.rowsNotUnder('k2', 10)
    const outbox = (await ctx.records.dueOutbox(T0, 10))[0]!
    expect(refs.map((r) => [r.table, r.id, r.keyId])).toEqual([
      ['mobile_citizen_submissions', 's-plain', 'plain'],
      ['bindings', 'b-old', 'k1'],
      ['registration_challenges', 'c-old', 'k1'],
      ['gateway_outbox', outbox.idempotencyKey, 'k1'],
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
    await ctx.records.reseal(resealed)

    expect(await ctx.records.rowsNotUnder('k2', 10)).toEqual([])
    expect(await ctx.records.keyIdsInUse()).toEqual(['k2'])
    expect(await ctx.records.getBinding('b-old')).toMatchObject({
      iinHash: 'hash:k2:b-old',
      iinSealed: 'sealed:k2:iin-of-b-old',
      phoneSealed: 'sealed:k2:phone-of-b-old',
      keyId: 'k2',
    })
    expect((await ctx.records.activeBindingForIin(['hash:k2:b-old']))?.id).toBe('b-old')
    expect(await ctx.records.getChallenge('c-old')).toMatchObject({
      iinHash: null,
      iinSealed: null,
      keyId: null,
    })
    expect(await ctx.records.getOutbox(outbox.id)).toMatchObject({
      payload: 'sealed:k2:payload-of-' + outbox.idempotencyKey,
      keyId: 'k2',
    })
    expect(await ctx.records.submissionsFor('b-old')).toEqual([
      { idempotencyKey: 's-plain', payload: 'sealed:k2:payload-of-s-plain', keyId: 'k2' },
    ])

    // A re-seal from a key the row is no longer under changes nothing.
    await ctx.records.reseal([
      { ...resealed[1]!, fromKeyId: 'k1', keyId: 'k9', iinSealed: 'sealed:k9:stale' },
    ])
    expect(await ctx.records.getBinding('b-old')).toMatchObject({
      keyId: 'k2',
      iinSealed: 'sealed:k2:iin-of-b-old',
    })
  })

  it('remembers the first check value of each vault key', async () => {
    expect(await ctx.records.keyChecks()).toEqual({})
    await ctx.records.saveKeyCheck('k1', 'check-1')
    await ctx.records.saveKeyCheck('k1', 'a wrong key file')
    await ctx.records.saveKeyCheck('k2', 'check-2')
    expect(await ctx.records.keyChecks()).toEqual({ k1: 'check-1', k2: 'check-2' })
  })
}
