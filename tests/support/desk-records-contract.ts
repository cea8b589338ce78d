/**
 * The registration desk's records contract (`desk-records.ts`), run against both stores: what the desk
 * and its sealing wrapper rely on, whatever the database. This file: challenges, bindings and
 * transactions; desk-records-delivery.ts: the outbox, audit log, figures, purge and re-sealing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeskRecordWriter } from '../../src-main/hub/registration/desk-records'
import { deliveryContract } from './desk-records-delivery'
import {
  binding,
  challenge,
  auditEntry,
  type DeskRecordsContext,
  type DeskRecordsFixture,
  MINUTE,
  sealedAs,
  T0,
  writeIn,
} from './desk-records-fixtures'

/** Registers the contract tests for one store; `open` gives a fresh, empty centre for each test. */
export function deskRecordsContract(open: () => Promise<DeskRecordsFixture>): void {
  const ctx = {} as DeskRecordsContext
  beforeEach(async () => {
    Object.assign(ctx, await open())
  })
  afterEach(async () => {
    await ctx.close()
  })

  describe('challenges, bindings and transactions', () => rowsContract(ctx))
  describe('outbox, audit log, figures, purge and re-sealing', () => deliveryContract(ctx))
}

function rowsContract(ctx: DeskRecordsContext): void {
  const write = writeIn(ctx)

  it('keeps a challenge with every field, and records sends and attempts while it is pending', async () => {
    const row = challenge()
    await write((tx) => tx.insertChallenge(row))
    expect(await ctx.records.getChallenge(row.id)).toEqual(row)
    expect(await ctx.records.getChallenge('no-such')).toBeUndefined()

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
    expect(await ctx.records.getChallenge(row.id)).toEqual({ ...row, ...send, sends: 2, attempts: 2 })

    const unchecked = challenge({
      id: 'challenge-2',
      documentChecked: false,
      ticketId: null,
      consentLanguage: 'ru',
    })
    await write((tx) => tx.insertChallenge(unchecked))
    expect(await ctx.records.getChallenge(unchecked.id)).toEqual(unchecked)
  })

  it('erases what a finished challenge held, and leaves a finished one alone', async () => {
    await write((tx) => {
      tx.insertBinding(binding(ctx.centreId))
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
    expect(await ctx.records.getChallenge('challenge-1')).toEqual(finished)

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
    expect(await ctx.records.getChallenge('challenge-1')).toEqual(finished)
  })

  it("finds pending challenges by any of a citizen's IIN hashes, and expired ones by time", async () => {
    await write((tx) => {
      tx.insertChallenge(challenge({ id: 'under-old-key', ...sealedAs('k1') }))
      tx.insertChallenge(challenge({ id: 'under-new-key', ...sealedAs('k2'), createdAt: T0 + 1 }))
      tx.insertChallenge(
        challenge({ id: 'other-citizen', ...sealedAs('k2', '990101300111'), expiresAt: T0 + MINUTE }),
      )
    })
    const ids = async (hashes: string[]) =>
      (await ctx.records.pendingChallengesForIin(hashes)).map((c) => c.id)
    const both = [sealedAs('k1').iinHash, sealedAs('k2').iinHash]
    expect(await ids(both)).toEqual(['under-old-key', 'under-new-key'])
    expect(await ids([sealedAs('k2').iinHash])).toEqual(['under-new-key'])
    expect(await ids([])).toEqual([])

    await write((tx) => tx.finishChallenge('under-old-key', { status: 'cancelled', attempts: 0, at: T0 }))
    expect(await ids(both)).toEqual(['under-new-key'])

    const expired = async (now: number) => (await ctx.records.expiredPendingChallenges(now)).map((c) => c.id)
    expect(await expired(T0 + MINUTE - 1)).toEqual([])
    expect(await expired(T0 + MINUTE)).toEqual(['other-citizen'])
    expect(await expired(T0 + 5 * MINUTE)).toEqual(['other-citizen', 'under-new-key'])
  })

  it('refuses a second active binding for one IIN hash, storing nothing of that transaction', async () => {
    await write((tx) => tx.insertBinding(binding(ctx.centreId)))
    await expect(
      write((tx) => {
        tx.audit(auditEntry({ bindingId: 'binding-2' }))
        tx.insertBinding(
          binding(ctx.centreId, { id: 'binding-2', ...sealedAs('k1', '870412300127', '+77019999999') }),
        )
      }),
    ).rejects.toThrow()
    expect(await ctx.records.getBinding('binding-2')).toBeUndefined()
    expect(await ctx.records.auditForBinding('binding-2')).toEqual([])

    // Once the first has ended, the IIN may be bound again.
    await write((tx) => {
      tx.endBinding('binding-1', { status: 'revoked', at: T0 + MINUTE, reason: 'citizen asked' })
      tx.insertBinding(binding(ctx.centreId, { id: 'binding-2', confirmedAt: T0 + MINUTE }))
    })
    expect((await ctx.records.activeBindingForIin([sealedAs('k1').iinHash]))?.id).toBe('binding-2')
  })

  it("lists a citizen's bindings: the active one first, then newest confirmed first", async () => {
    const old = sealedAs('k1')
    await write((tx) => {
      tx.insertBinding(
        binding(ctx.centreId, { id: 'first', ...old, status: 'revoked', confirmedAt: T0, endedAt: T0 + 1 }),
      )
      tx.insertBinding(
        binding(ctx.centreId, { id: 'second', ...old, status: 'replaced', confirmedAt: T0 + 1000 }),
      )
      tx.insertBinding(
        binding(ctx.centreId, { id: 'same-time', ...old, status: 'replaced', confirmedAt: T0 + 1000 }),
      )
      tx.insertBinding(binding(ctx.centreId, { id: 'current', ...sealedAs('k2'), confirmedAt: T0 + 500 }))
      tx.insertBinding(binding(ctx.centreId, { id: 'stranger', ...sealedAs('k1', '990101300111') }))
    })
    const hashes = [old.iinHash, sealedAs('k2').iinHash]
    const found = await ctx.records.bindingsForIin(hashes)
    expect(found.map((b) => b.id)).toEqual(['current', 'same-time', 'second', 'first'])
    expect(found[0]).toEqual(
      binding(ctx.centreId, { id: 'current', ...sealedAs('k2'), confirmedAt: T0 + 500 }),
    )
    expect((await ctx.records.activeBindingForIin(hashes))?.id).toBe('current')
    expect(await ctx.records.activeBindingForIin([old.iinHash])).toBeUndefined()
    expect(await ctx.records.bindingsForIin([])).toEqual([])
  })

  it('ends a binding once, and links a replaced binding to its successor', async () => {
    await write((tx) => tx.insertBinding(binding(ctx.centreId)))
    await write((tx) => {
      tx.endBinding('binding-1', { status: 'replaced', at: T0 + MINUTE })
      tx.insertBinding(
        binding(ctx.centreId, { id: 'binding-2', replaces: 'binding-1', confirmedAt: T0 + MINUTE }),
      )
      tx.linkReplacement('binding-1', 'binding-2')
    })
    expect(await ctx.records.getBinding('binding-1')).toMatchObject({
      status: 'replaced',
      endedAt: T0 + MINUTE,
      replacedBy: 'binding-2',
      revokeReason: null,
    })
    await write((tx) =>
      tx.endBinding('binding-1', { status: 'revoked', at: T0 + 2 * MINUTE, reason: 'late' }),
    )
    expect(await ctx.records.getBinding('binding-1')).toMatchObject({
      status: 'replaced',
      endedAt: T0 + MINUTE,
    })

    await write((tx) =>
      tx.endBinding('binding-2', { status: 'revoked', at: T0 + 3 * MINUTE, reason: 'lost phone' }),
    )
    expect(await ctx.records.getBinding('binding-2')).toMatchObject({
      status: 'revoked',
      endedAt: T0 + 3 * MINUTE,
      revokeReason: 'lost phone',
      replaces: 'binding-1',
    })
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
    expect(await ctx.records.findResult('staff:registrar1', 'r1')).toEqual({
      ack: '{"ok":true}',
      fingerprint: 'hmac',
    })
    expect(await ctx.records.findResult('staff:registrar2', 'r1')).toBeUndefined()

    await expect(
      write((tx) => {
        tx.saveResult({ ...result, requestId: 'r2' })
        tx.insertChallenge(challenge({ id: 'challenge-2' }))
        throw new Error('decided against it')
      }),
    ).rejects.toThrow('decided against it')
    expect(await ctx.records.findResult('staff:registrar1', 'r2')).toBeUndefined()
    expect(await ctx.records.getChallenge('challenge-2')).toBeUndefined()
  })

  it('refuses a writer kept past its transaction, instead of writing outside one or losing the write', async () => {
    let kept: DeskRecordWriter | undefined
    await write((tx) => {
      kept = tx
    })
    expect(() => kept!.insertChallenge(challenge())).toThrow(/after its transaction ended/)
    expect(await ctx.records.getChallenge('challenge-1')).toBeUndefined()
  })
}
