/**
 * The vault entries contract, run against both stores (tests/hub/vault-entries.test.ts): what bookings
 * rely on through `VaultEntries`, with a real vault over each store's records. Keys are fixed bytes,
 * so every run seals with the same keys.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { VaultEntryRecords } from '../../src-main/hub/vault/entry-records'
import { Vault, VaultEntries, VaultOpenError, type VaultKey } from '../../src-main/hub/vault'

export interface VaultEntriesFixture {
  records: VaultEntryRecords
  close(): Promise<void>
}

export const T0 = Date.UTC(2026, 11, 7, 4, 0)
const MINUTE = 60_000
const IIN = '870412300127'
const OTHER_IIN = '990101300111'
const PHONE = '+77011234578'

/** A key of fixed bytes. */
function key(id: string, fill: number): VaultKey {
  return { id, key: Buffer.alloc(32, fill), createdAt: '2026-12-01T00:00:00.000Z' }
}
const OLD = key('0000000a', 1)
const NEW = key('0000000b', 2)

/** A vault whose current key is the first. */
function vaultOf(...keys: VaultKey[]): Vault {
  return new Vault({ current: keys[0]!.id, keys })
}

/** Registers the contract tests for one store; `open` gives a fresh, empty centre for each test. */
export function vaultEntriesContract(open: () => Promise<VaultEntriesFixture>): void {
  const ctx = {} as VaultEntriesFixture
  beforeEach(async () => {
    Object.assign(ctx, await open())
  })
  afterEach(async () => {
    await ctx.close()
  })
  const entriesUnder = (...keys: VaultKey[]) => new VaultEntries(ctx.records, vaultOf(...keys))

  it('gives one IIN one id, finds it, opens it, and keeps it only sealed', async () => {
    const entries = entriesUnder(OLD)
    const id = await entries.put('iin', IIN, T0)
    expect(id).toMatch(/^ve_[a-z2-7]{16}$/)
    expect(await entries.put('iin', IIN, T0 + MINUTE)).toBe(id)
    expect(await entries.find('iin', IIN)).toBe(id)
    expect(await entries.find('iin', OTHER_IIN)).toBeUndefined()
    expect(await entries.open(id)).toEqual({ kind: 'iin', value: IIN })
    expect(await entries.open('ve_aaaaaaaaaaaaaaaa')).toBeUndefined()

    const row = await ctx.records.get(id)
    expect(row).toMatchObject({ id, kind: 'iin', keyId: OLD.id, createdAt: T0, usedAt: T0 + MINUTE })
    expect(row!.erasedAt).toBeNull()
    expect(row!.hash).toEqual(expect.any(String))
    expect(`${row!.hash} ${row!.sealed}`).not.toContain(IIN)
    expect(await ctx.records.keyIdsInUse()).toEqual([OLD.id])
  })

  it('gives one phone number one entry, found by its keyed hash, as an IIN', async () => {
    const entries = entriesUnder(OLD)
    const first = await entries.put('phone', PHONE, T0)
    expect(await entries.put('phone', PHONE, T0 + MINUTE)).toBe(first)
    expect(await entries.find('phone', PHONE)).toBe(first)
    expect(await entries.open(first)).toEqual({ kind: 'phone', value: PHONE })
    const row = (await ctx.records.get(first))!
    expect(row).toMatchObject({ keyId: OLD.id, hash: expect.any(String) })
    expect(`${row.hash} ${row.sealed}`).not.toContain(PHONE.slice(2))
    // The same digits as another kind are another entry.
    expect(await entries.find('iin', PHONE)).toBeUndefined()
  })

  it('opens a sealed value only in its own entry', async () => {
    const entries = entriesUnder(OLD)
    const mine = await entries.put('phone', PHONE, T0)
    const other = await entries.put('phone', '+77470000000', T0)
    const { sealed } = (await ctx.records.get(mine))!
    // The other entry's sealed value replaced by this one's: the vault refuses it there.
    await ctx.records.reseal([{ id: other, fromKeyId: OLD.id, keyId: OLD.id, hash: null, sealed: sealed! }])
    await expect(entries.open(other)).rejects.toThrow(VaultOpenError)
    expect(await entries.open(mine)).toEqual({ kind: 'phone', value: PHONE })
  })

  it('erases values: the id opens to nothing, the IIN is not found, and a new put makes a new entry', async () => {
    const entries = entriesUnder(OLD)
    const iin = await entries.put('iin', IIN, T0)
    const phone = await entries.put('phone', PHONE, T0)
    const kept = await entries.put('iin', OTHER_IIN, T0)

    expect(await entries.erase([iin, iin, phone, 've_unknownunknown1'], T0 + MINUTE)).toBe(2)
    expect(await entries.erase([iin], T0 + 2 * MINUTE)).toBe(0)
    for (const id of [iin, phone]) {
      expect(await ctx.records.get(id)).toMatchObject({
        hash: null,
        sealed: null,
        keyId: null,
        erasedAt: T0 + MINUTE,
      })
      expect(await entries.open(id)).toBeUndefined()
    }
    expect(await entries.find('iin', IIN)).toBeUndefined()
    const again = await entries.put('iin', IIN, T0 + 3 * MINUTE)
    expect(again).not.toBe(iin)
    expect(await entries.open(again)).toEqual({ kind: 'iin', value: IIN })
    expect(await entries.open(kept)).toEqual({ kind: 'iin', value: OTHER_IIN })
    expect(await entries.erase([], T0)).toBe(0)
  })

  it('erases only what is still unused before the cutoff when told one: a value put again meanwhile stays', async () => {
    const entries = entriesUnder(OLD)
    const iin = await entries.put('iin', IIN, T0)
    const phone = await entries.put('phone', PHONE, T0)
    // Read as a candidate at T0 + 5 min, then put again for a new booking before the erasure.
    await entries.put('iin', IIN, T0 + 6 * MINUTE)
    expect(await entries.erase([iin, phone], T0 + 7 * MINUTE, { unusedBefore: T0 + 5 * MINUTE })).toBe(1)
    expect(await entries.open(iin)).toEqual({ kind: 'iin', value: IIN })
    expect(await entries.open(phone)).toBeUndefined()
  })

  it('lists for the purge the live entries not put since the cutoff, least recently used first', async () => {
    const entries = entriesUnder(OLD)
    const iin = await entries.put('iin', IIN, T0)
    const phone = await entries.put('phone', PHONE, T0 + MINUTE)
    const erased = await entries.put('iin', OTHER_IIN, T0 + 2 * MINUTE)
    await entries.erase([erased], T0 + 3 * MINUTE)
    // The IIN put again for a newer booking: not a candidate until its last use is old enough.
    await entries.put('iin', IIN, T0 + 10 * MINUTE)

    expect(await entries.unusedBefore(T0 + 5 * MINUTE)).toEqual([
      { id: phone, kind: 'phone', createdAt: T0 + MINUTE, usedAt: T0 + MINUTE },
    ])
    expect(await entries.unusedBefore(T0 + 11 * MINUTE)).toEqual([
      { id: phone, kind: 'phone', createdAt: T0 + MINUTE, usedAt: T0 + MINUTE },
      { id: iin, kind: 'iin', createdAt: T0, usedAt: T0 + 10 * MINUTE },
    ])
    expect((await entries.unusedBefore(T0 + 11 * MINUTE, 1)).map((e) => e.id)).toEqual([phone])
    // An older put does not move the last use back.
    await entries.put('iin', IIN, T0 + 4 * MINUTE)
    expect((await entries.unusedBefore(T0 + 5 * MINUTE)).map((e) => e.id)).toEqual([phone])
  })

  it('finds and opens entries under a retired key, and seals them again under the current one', async () => {
    const before = entriesUnder(OLD)
    const iin = await before.put('iin', IIN, T0)
    const phones = [await before.put('phone', PHONE, T0), await before.put('phone', '+77470000000', T0)]
    const oldHash = (await ctx.records.get(iin))!.hash

    // Mid-rotation: the new key is current, the old one still opens.
    const during = entriesUnder(NEW, OLD)
    expect(await during.find('iin', IIN)).toBe(iin)
    expect(await during.put('iin', IIN, T0 + MINUTE)).toBe(iin)
    expect(await during.open(phones[0]!)).toEqual({ kind: 'phone', value: PHONE })
    expect(await during.keyIdsInUse()).toEqual([OLD.id])

    const moved = [...(await during.resealSome(2)), ...(await during.resealSome(2))]
    expect(moved.sort()).toEqual([iin, ...phones].sort())
    expect(await during.resealSome(2)).toEqual([])
    expect(await during.keyIdsInUse()).toEqual([NEW.id])

    // The old key gone from the ring: everything is found and opened under the new one alone.
    const after = entriesUnder(NEW)
    expect(await after.find('iin', IIN)).toBe(iin)
    expect(await after.open(iin)).toEqual({ kind: 'iin', value: IIN })
    expect(await after.open(phones[0]!)).toEqual({ kind: 'phone', value: PHONE })
    expect(await after.find('phone', '+77470000000')).toBe(phones[1])
    const row = (await ctx.records.get(iin))!
    expect(row.keyId).toBe(NEW.id)
    expect(row.hash).not.toBe(oldHash)

    // A re-sealed row written from a stale read (not under its `fromKeyId` any more) is left alone.
    await ctx.records.reseal([{ id: iin, fromKeyId: OLD.id, keyId: OLD.id, hash: oldHash, sealed: 'stale' }])
    expect(await after.open(iin)).toEqual({ kind: 'iin', value: IIN })
  })

  it('gives concurrent puts of one new IIN one entry', async () => {
    const entries = entriesUnder(OLD)
    const puts = 100
    const ids = await Promise.all(
      Array.from({ length: puts }, (_, i) => entries.put('iin', IIN, T0 + i * MINUTE)),
    )
    expect(new Set(ids).size).toBe(1)
    expect(await entries.unusedBefore(T0 + puts * MINUTE)).toEqual([
      { id: ids[0], kind: 'iin', createdAt: expect.any(Number), usedAt: T0 + (puts - 1) * MINUTE },
    ])
  })

  it('gives puts of several values asked together each its own entry, and a repeated one the first', async () => {
    const entries = entriesUnder(OLD)
    const [iin, phone, other, again, phoneAgain] = await Promise.all([
      entries.put('iin', IIN, T0),
      entries.put('phone', PHONE, T0),
      entries.put('iin', OTHER_IIN, T0),
      entries.put('iin', IIN, T0 + MINUTE),
      entries.put('phone', PHONE, T0 + MINUTE),
    ])
    expect(new Set([iin, phone, other]).size).toBe(3)
    expect([again, phoneAgain]).toEqual([iin, phone])
    expect(await entries.open(phone!)).toEqual({ kind: 'phone', value: PHONE })
    expect(await entries.open(other!)).toEqual({ kind: 'iin', value: OTHER_IIN })
    expect((await entries.unusedBefore(T0 + 2 * MINUTE)).map((e) => [e.id, e.usedAt])).toEqual(
      expect.arrayContaining([
        [iin, T0 + MINUTE],
        [phone, T0 + MINUTE],
        [other, T0],
      ]),
    )
  })
}
