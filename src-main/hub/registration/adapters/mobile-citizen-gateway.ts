/**
 * Where confirmed and revoked bindings go: the mobile-citizen database. The hub delivers each
 * submission from its outbox with retries, so an adapter must treat a repeated idempotency key as the
 * same submission (a retry after a timeout may repeat one the database already has).
 */
import type Database from 'better-sqlite3'
import { basicAuth, postJson, type FetchLike } from './http-post'

export type SubmissionKind = 'binding-confirmed' | 'binding-revoked'

/** One submission, as stored in the outbox and sent to the database. */
export interface CitizenSubmission {
  /** The same for every attempt of one submission: `<centre>:<binding>:<kind>`. */
  idempotencyKey: string
  kind: SubmissionKind
  bindingId: string
  /** 12 digits (masked once the submission is delivered). */
  iin: string
  /** E.164 (masked once delivered). */
  phone: string
  centreId: string
  deskId: string
  staffId: string
  /** When the binding was confirmed or revoked. */
  at: number
  /** How the citizen proved the phone: a one-time code sent by SMS, at a centre desk. */
  channel: 'centre-desk'
  confirmation: 'sms-code' | null
  consent: { version: string; language: 'kk' | 'ru'; at: number } | null
  replacesBindingId: string | null
  reason: string | null
}

export interface MobileCitizenGateway {
  /**
   * Resolves once the database has the submission (now or from an earlier attempt with the same key);
   * rejects when that is not known.
   */
  submit(submission: CitizenSubmission): Promise<void>
}

/**
 * The default: records submissions in a table of the hub's own database, once per idempotency key. A
 * stand-in for the real database in demos, tests and centres not yet connected.
 */
export class LocalMobileCitizenGateway implements MobileCitizenGateway {
  private readonly insert

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(`
      INSERT INTO mobile_citizen_submissions (idempotency_key, binding_id, kind, payload, received_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`)
  }

  async submit(submission: CitizenSubmission): Promise<void> {
    this.insert.run(
      submission.idempotencyKey,
      submission.bindingId,
      submission.kind,
      JSON.stringify(submission),
      this.now(),
    )
  }
}

export interface HttpCitizenGatewayOptions {
  url: string
  username: string
  password: string
  timeoutMs: number
  fetch?: FetchLike
}

/**
 * JSON POST of the submission with Basic auth and an `Idempotency-Key` header. 2xx, or 409 (the key was
 * seen before), means the database has it. One attempt per call: the outbox worker does the retrying.
 */
export class HttpMobileCitizenGateway implements MobileCitizenGateway {
  constructor(private readonly options: HttpCitizenGatewayOptions) {}

  async submit(submission: CitizenSubmission): Promise<void> {
    const { url, username, password, timeoutMs } = this.options
    const conflictIsSuccess: FetchLike = async (target, init) => {
      const response = await (this.options.fetch ?? fetch)(target, init)
      return response.status === 409 ? new Response(null, { status: 200 }) : response
    }
    await postJson(url, submission, {
      timeoutMs,
      fetch: conflictIsSuccess,
      headers: { Authorization: basicAuth(username, password), 'Idempotency-Key': submission.idempotencyKey },
    })
  }
}
