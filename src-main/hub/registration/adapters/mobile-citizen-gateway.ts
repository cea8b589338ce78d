/**
 * Where confirmed and revoked bindings go: the mobile-citizen database. The hub delivers each
 * submission from its outbox with retries, so an adapter must treat a repeated idempotency key as the
 * same submission (a retry after a timeout may repeat one the database already has).
 */
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

/** Where the local stand-in keeps submissions: once per idempotency key, sealed (the desk's store). */
export interface LocalSubmissions {
  recordSubmission(submission: CitizenSubmission, at: number): Promise<void>
}

/**
 * The default: records submissions in a table beside the hub's own tables, once per idempotency key. A
 * stand-in for the real database in demos, tests and centres not yet connected.
 */
export class LocalMobileCitizenGateway implements MobileCitizenGateway {
  constructor(
    private readonly submissions: LocalSubmissions,
    private readonly now: () => number = Date.now,
  ) {}

  async submit(submission: CitizenSubmission): Promise<void> {
    await this.submissions.recordSubmission(submission, this.now())
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
