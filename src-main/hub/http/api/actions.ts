/**
 * The answers of action routes (writes that are no command of the centre's log), kept in memory for their
 * `Idempotency-Key`: the same key with the same request gets the first answer again and nothing is done
 * twice (no second SMS, no second link); the same key with another request is `idempotency_key_reused`.
 * What actions change is itself in memory (one-time codes) or idempotent (a link, a consent), so the
 * answers need not outlive the process: they are kept ten minutes, as long as a one-time code lives.
 */
import { createHash } from 'node:crypto'

export interface KeptAnswer {
  status: number
  body: unknown
}

const KEEP_MS = 10 * 60_000
const MAX_KEPT = 10_000

export class ActionAnswers {
  private readonly kept = new Map<string, { fingerprint: string; answer: KeptAnswer; at: number }>()
  /** Answers being made: a retry that arrives meanwhile waits for the first. */
  private readonly running = new Map<string, { fingerprint: string; answer: Promise<KeptAnswer> }>()

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The answer to this request: the kept one for the same key and request, else `make`'s (kept when it
   * is a success or a refusal by the centre; a 5xx is not kept, so a retry tries again). `null` when the
   * key was used for another request.
   */
  async answer(
    principal: string,
    key: string,
    request: unknown,
    make: () => Promise<KeptAnswer>,
  ): Promise<KeptAnswer | null> {
    this.prune()
    const id = `${principal}\n${key}`
    const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('base64url')
    const kept = this.kept.get(id) ?? this.running.get(id)
    if (kept)
      return kept.fingerprint === fingerprint ? ('at' in kept ? kept.answer : await kept.answer) : null
    const answer = make()
    this.running.set(id, { fingerprint, answer })
    try {
      const made = await answer
      if (made.status < 500) this.kept.set(id, { fingerprint, answer: made, at: this.now() })
      return made
    } finally {
      this.running.delete(id)
    }
  }

  private prune(): void {
    const before = this.now() - KEEP_MS
    for (const [id, kept] of this.kept) {
      if (kept.at > before && this.kept.size <= MAX_KEPT) break
      this.kept.delete(id)
    }
  }
}
