/**
 * Today's tickets by their tracker credentials, for the hub only (tokens never go to kiosks or
 * displays): the track token → ticket id, and the typed short code under the QR (`trackCode`) → token.
 * Fed with every committed fact; a new day forgets them.
 */
import type { EventEnvelope } from '../../src-shared/domain'
import { trackCode } from '../../src-shared/protocol/track-code'

export class TrackIndex {
  private readonly tokens = new Map<string, string>()
  /** The first ticket of the day keeps a code two tokens happen to share. */
  private readonly codes = new Map<string, string>()

  note(event: EventEnvelope): void {
    if (event.type === 'day:opened') {
      this.tokens.clear()
      this.codes.clear()
    }
    if ((event.type === 'ticket:issued' || event.type === 'ticket:joined') && event.trackToken) {
      this.tokens.set(event.trackToken, event.ticketId)
      const code = trackCode(event.trackToken)
      if (code && !this.codes.has(code)) this.codes.set(code, event.trackToken)
    }
  }

  ticketIdForToken(token: string): string | undefined {
    return this.tokens.get(token)
  }

  tokenForCode(code: string): string | undefined {
    return this.codes.get(code)
  }
}
