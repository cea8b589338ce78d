/**
 * The registration desk's store as its flows see it: plain rows in, plain rows out, while the records
 * underneath (SQLite or PostgreSQL, `records/`) hold only sealed personal fields and keyed hashes.
 *
 * What is sealed, and bound to: a binding's and a challenge's IIN and phone (`<table>:<id>:iin|phone`),
 * and a submission's payload, in the outbox and in the local stand-in, by its idempotency key
 * (`gateway_outbox:<key>:payload`, `mobile_citizen_submissions:<key>:payload`). A lookup by IIN matches its keyed hash under
 * every key of the vault, so rows sealed before a key rotation are found during one.
 */
import type { StoredAnswer } from '../idempotency'
import { VaultOpenError, type Vault } from '../vault'
import type { SealedRows } from '../vault/reseal'
import type { CitizenSubmission } from './adapters/mobile-citizen-gateway'
import {
  PLAIN_KEY_ID,
  type BindingRecord,
  type ChallengeRecord,
  type DeskRecords,
  type DeskRecordWriter,
  type OutboxRecord,
  type ResealedRow,
  type SealedRowRef,
  type SealedTable,
} from './desk-records'
import type {
  AuditEntry,
  BindingRow,
  ChallengeRow,
  OutboxRow,
  PurgedBinding,
  StaffFigures,
} from './registration-rows'

/** The writes of one desk transaction, with plain personal data. */
export type DeskWriter = Omit<
  DeskRecordWriter,
  'insertChallenge' | 'insertBinding' | 'insertOutbox' | 'purgeBinding'
> & {
  insertChallenge(row: ChallengeRow): void
  insertBinding(row: BindingRow): void
  insertOutbox(row: { submission: CitizenSubmission; at: number }): void
  /** Erases a binding's personal data; its local submissions keep only the masked copy. */
  purgeBinding(binding: PurgedBinding, at: number): void
}

const IIN = 'iin'
/** When a submission whose payload does not open is looked at again. */
const UNOPENED_RETRY_MS = 60 * 60_000
const sealContext = (table: SealedTable, id: string, field: 'iin' | 'phone' | 'payload') =>
  `${table}:${id}:${field}`

export class SealedDeskStore implements SealedRows {
  readonly name = 'registration desk'

  constructor(
    private readonly records: DeskRecords,
    private readonly vault: Vault,
  ) {}

  /** The secret keys of the desk's keyed command fingerprints, current first (see `Vault`). */
  get fingerprintKeys(): Buffer[] {
    return this.vault.fingerprintKeys
  }

  /** Runs `write`'s batch in one transaction; resolves once it is durable. */
  async transaction(write: (tx: DeskWriter) => void): Promise<void> {
    await this.records.transaction((tx) => write(this.writer(tx)))
  }

  async findResult(principal: string, requestId: string): Promise<StoredAnswer | undefined> {
    return this.records.findResult(principal, requestId)
  }

  async getChallenge(id: string): Promise<ChallengeRow | undefined> {
    const record = await this.records.getChallenge(id)
    return record && this.openPerson('registration_challenges', record)
  }

  async pendingChallengesForIin(iin: string): Promise<ChallengeRow[]> {
    const records = await this.records.pendingChallengesForIin(this.vault.hashes(iin, IIN))
    return records.map((record) => this.openPerson('registration_challenges', record))
  }

  async openChallengeAtDesk(deskId: string, now: number): Promise<ChallengeRow | undefined> {
    const record = await this.records.openChallengeAtDesk(deskId, now)
    return record && this.openPerson('registration_challenges', record)
  }

  async expiredPendingChallenges(now: number): Promise<ChallengeRow[]> {
    const records = await this.records.expiredPendingChallenges(now)
    return records.map((record) => this.openPerson('registration_challenges', record))
  }

  async getBinding(id: string): Promise<BindingRow | undefined> {
    const record = await this.records.getBinding(id)
    return record && this.openPerson('bindings', record)
  }

  async activeBindingForIin(iin: string): Promise<BindingRow | undefined> {
    const record = await this.records.activeBindingForIin(this.vault.hashes(iin, IIN))
    return record && this.openPerson('bindings', record)
  }

  async bindingsForIin(iin: string): Promise<BindingRow[]> {
    const records = await this.records.bindingsForIin(this.vault.hashes(iin, IIN))
    return records.map((record) => this.openPerson('bindings', record))
  }

  /**
   * Due submissions, opened. A row that does not open (a damaged value) is not returned: it is put back
   * with the error, an hour later, so the others go out and staff see why that one does not.
   */
  async dueOutbox(now: number, limit: number): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = []
    for (const record of await this.records.dueOutbox(now, limit)) {
      try {
        rows.push(this.openOutbox(record))
      } catch (error) {
        if (!(error instanceof VaultOpenError)) throw error
        await this.records.markRetry(record.id, now + UNOPENED_RETRY_MS, error.message)
      }
    }
    return rows
  }

  async nextOutboxAt(): Promise<number | null> {
    return this.records.nextOutboxAt()
  }

  async latestOutboxFor(bindingId: string): Promise<OutboxRow | undefined> {
    const record = await this.records.latestOutboxFor(bindingId)
    return record && this.openOutbox(record)
  }

  async getOutbox(id: number): Promise<OutboxRow | undefined> {
    const record = await this.records.getOutbox(id)
    return record && this.openOutbox(record)
  }

  /** Delivered: the payload becomes its masked copy, which is all the hub needs from now on. */
  async markDelivered(id: number, at: number, maskedPayload: string): Promise<boolean> {
    return this.records.markDelivered(id, at, maskedPayload)
  }

  async markRetry(id: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return this.records.markRetry(id, nextAttemptAt, error)
  }

  async auditBetween(fromDay: string, toDay: string): Promise<AuditEntry[]> {
    return this.records.auditBetween(fromDay, toDay)
  }

  async auditForBinding(bindingId: string): Promise<AuditEntry[]> {
    return this.records.auditForBinding(bindingId)
  }

  async figures(day: string, now: number): Promise<StaffFigures[]> {
    return this.records.figures(day, now)
  }

  async purgeCandidates(cutoff: number): Promise<PurgedBinding[]> {
    return this.records.purgeCandidates(cutoff)
  }

  /** After an erasure: old page images that may still hold it are let go where the store can. */
  async afterErasure(): Promise<void> {
    await this.records.afterErasure()
  }

  /** The local stand-in of the mobile-citizen database records a submission, sealed. */
  async recordSubmission(submission: CitizenSubmission, at: number): Promise<void> {
    const { idempotencyKey, bindingId, kind } = submission
    await this.records.recordSubmission({
      idempotencyKey,
      bindingId,
      kind,
      payload: this.vault.seal(
        JSON.stringify(submission),
        sealContext('mobile_citizen_submissions', idempotencyKey, 'payload'),
      ),
      keyId: this.vault.currentKeyId,
      at,
    })
  }

  // ---- re-sealing (SealedRows, see vault/reseal.ts): key rotation and the hub's start ----

  /** Every key id a desk row is sealed under (PLAIN_KEY_ID for rows written before the vault). */
  async keyIdsInUse(): Promise<string[]> {
    return this.records.keyIdsInUse()
  }

  /**
   * Seals again, under the current key, up to `limit` rows sealed under another (a rotation's retired
   * key, or plain text written before the vault), in one transaction; returns them as `table:id`.
   */
  async resealSome(limit: number): Promise<string[]> {
    const rows = await this.records.rowsNotUnder(this.vault.currentKeyId, limit)
    if (rows.length === 0) return []
    await this.records.reseal(rows.map((row) => this.resealed(row)))
    return rows.map((row) => `${row.table}:${row.id}`)
  }

  private writer(tx: DeskRecordWriter): DeskWriter {
    const vault = this.vault
    const sealPerson = <T extends ChallengeRow | BindingRow>(table: SealedTable, row: T) => {
      const { iin, phone, ...rest } = row
      return {
        ...rest,
        iinHash: iin === null ? null : vault.hash(iin, IIN),
        iinSealed: iin === null ? null : vault.seal(iin, sealContext(table, row.id, 'iin')),
        phoneSealed: phone === null ? null : vault.seal(phone, sealContext(table, row.id, 'phone')),
        keyId: iin === null && phone === null ? null : vault.currentKeyId,
      }
    }
    return {
      saveResult: (result) => tx.saveResult(result),
      recordSend: (id, send) => tx.recordSend(id, send),
      recordAttempts: (id, attempts) => tx.recordAttempts(id, attempts),
      finishChallenge: (id, finish) => tx.finishChallenge(id, finish),
      endBinding: (id, end) => tx.endBinding(id, end),
      linkReplacement: (id, replacedBy) => tx.linkReplacement(id, replacedBy),
      audit: (entry) => tx.audit(entry),
      insertChallenge: (row) => tx.insertChallenge(sealPerson('registration_challenges', row)),
      insertBinding: (row) => tx.insertBinding(sealPerson('bindings', row)),
      insertOutbox: ({ submission, at }) =>
        tx.insertOutbox({
          idempotencyKey: submission.idempotencyKey,
          bindingId: submission.bindingId,
          kind: submission.kind,
          payload: vault.seal(
            JSON.stringify(submission),
            sealContext('gateway_outbox', submission.idempotencyKey, 'payload'),
          ),
          keyId: vault.currentKeyId,
          at,
        }),
      purgeBinding: (binding, at) =>
        tx.purgeBinding(
          binding.id,
          at,
          JSON.stringify({ bindingId: binding.id, iin: binding.iinMasked, phone: binding.phoneMasked }),
        ),
    }
  }

  private openField(
    table: SealedTable,
    id: string,
    field: 'iin' | 'phone' | 'payload',
    keyId: string | null,
    value: string | null,
  ) {
    if (value === null || keyId === null || keyId === PLAIN_KEY_ID) return value
    return this.vault.open(value, keyId, sealContext(table, id, field))
  }

  private openPerson<R extends ChallengeRecord | BindingRecord>(
    table: 'bindings' | 'registration_challenges',
    record: R,
  ): Omit<R, 'iinHash' | 'iinSealed' | 'phoneSealed' | 'keyId'> & {
    iin: string | null
    phone: string | null
  } {
    const { iinHash: _hash, iinSealed, phoneSealed, keyId, ...rest } = record
    return {
      ...rest,
      iin: this.openField(table, record.id, 'iin', keyId, iinSealed),
      phone: this.openField(table, record.id, 'phone', keyId, phoneSealed),
    }
  }

  private openOutbox(record: OutboxRecord): OutboxRow {
    const { keyId, ...row } = record
    return {
      ...row,
      payload: this.openField('gateway_outbox', row.idempotencyKey, 'payload', keyId, row.payload)!,
    }
  }

  private resealed(row: SealedRowRef): ResealedRow {
    const open = (field: 'iin' | 'phone' | 'payload', value: string | null) =>
      this.openField(row.table, row.id, field, row.keyId, value)
    const reseal = (field: 'iin' | 'phone' | 'payload', value: string | null) =>
      value === null ? null : this.vault.seal(value, sealContext(row.table, row.id, field))
    const iin = open('iin', row.iinSealed)
    return {
      table: row.table,
      id: row.id,
      fromKeyId: row.keyId,
      keyId: this.vault.currentKeyId,
      iinHash: iin === null ? null : this.vault.hash(iin, IIN),
      iinSealed: reseal('iin', iin),
      phoneSealed: reseal('phone', open('phone', row.phoneSealed)),
      payload: reseal('payload', open('payload', row.payload)),
    }
  }
}
