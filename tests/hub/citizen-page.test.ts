/** The citizen pages' shared app: what a failed request's log line keeps of its path. */
import { describe, expect, it } from 'vitest'
import { loggedPath } from '../../src-main/hub/http/citizen-page'

describe('loggedPath', () => {
  it('leaves out a tracker token or a manage link, and keeps the route', () => {
    expect(loggedPath('/api/join/tickets/Qm9vdGhlcmVhbHRva2VuMTIz/cancel')).toBe('/api/join/tickets/…/cancel')
    expect(loggedPath('/api/book/manage/3f2a9c1e-0b7d-4c59-9a1e-0c3b2d1e4f5a~abc/calendar.ics')).toBe(
      '/api/book/manage/…/calendar.ics',
    )
    expect(loggedPath('/api/join/services')).toBe('/api/join/services')
  })
})
