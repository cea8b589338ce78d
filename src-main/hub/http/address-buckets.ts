/**
 * Per client address, a token bucket: what the citizens' public pages (`/book`, `/join`) are limited by,
 * for every request and, apart, for the SMS codes sent.
 */
import type { RateLimit } from '../../../src-shared/config'
import { CommandBucket } from '../command-rate'

/** One token bucket per client address; the least recently refilled goes first past `max`. */
export class AddressBuckets {
  private readonly buckets = new Map<string, CommandBucket>()
  constructor(
    private readonly rate: RateLimit,
    private readonly clock: () => number,
    private readonly max = 10_000,
  ) {}

  /** Null when the address had a token; else the wait in ms. */
  take(address: string): number | null {
    let bucket = this.buckets.get(address)
    if (bucket) this.buckets.delete(address)
    else bucket = new CommandBucket(this.rate, this.clock)
    while (this.buckets.size >= this.max) this.buckets.delete(this.buckets.keys().next().value!)
    this.buckets.set(address, bucket)
    return bucket.take() ? null : bucket.retryAfterMs()
  }
}
