import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import { FACT_TYPES, requestIdSchema } from '../../src-shared/protocol'
import {
  connectHub,
  disconnectHub,
  newRequestId,
  sendCommand,
  type HubConnection,
} from '../../src-renderer/hub/hub-client'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { fakeSocketFactory, HubLog, type FakeSocket } from './fixtures'

const CREDENTIALS = { role: 'device', deviceId: 'kiosk-1', key: 'kezek-demo-kiosk-1' } as const

describe('hub client: keeping the centre in step', () => {
  let hub: HubLog
  let socket: FakeSocket
  let options: Record<string, unknown>
  let connection: HubConnection

  beforeEach(() => {
    setActivePinia(createPinia())
    hub = new HubLog()
    const fake = fakeSocketFactory()
    connection = connectHub(CREDENTIALS, { socketFactory: fake.factory })
    socket = fake.socket
    options = fake.options
  })

  afterEach(() => disconnectHub())

  const deliverFacts = (events: EventEnvelope[]) => events.forEach((e) => socket.deliver(e.type, e))
  const sinceRequests = () => socket.sent.filter((s) => s.event === 'sync:since')

  it('connects over WebSocket only and binds every fact listener once', () => {
    expect(options.transports).toEqual(['websocket'])
    for (const type of FACT_TYPES) expect(socket.listenerCount(type)).toBe(1)
    expect(FACT_TYPES).toHaveLength(37)
    expect(connection.socket).toBe(socket)
  })

  it('does not trust the state until the first sync after connecting', () => {
    const status = useConnectionStore()
    expect(status.status).toBe('connecting')
    socket.open()
    expect(status.status).toBe('online')
    expect(status.synced).toBe(false)
    socket.deliver('sync:snapshot', hub.snapshot())
    expect(status.synced).toBe(true)
    expect(status.trusted).toBe(true)
  })

  it('sends lastSeq in the handshake only once it has a state, and the current one on each reconnect', () => {
    expect(socket.handshake()).toEqual(CREDENTIALS)
    socket.open()
    hub.issue('pension')
    socket.deliver('sync:snapshot', hub.snapshot())
    expect(socket.handshake()).toEqual({ ...CREDENTIALS, lastSeq: 2 })
    deliverFacts(hub.issue('pension'))
    expect(socket.handshake()).toEqual({ ...CREDENTIALS, lastSeq: 3 })
  })

  it('applies live facts in order and ignores repeats', () => {
    socket.open()
    socket.deliver('sync:snapshot', hub.snapshot())
    const events = [...hub.issue('no-criminal-record'), ...hub.issue('pension')]
    deliverFacts(events)
    deliverFacts(events) // a repeat changes nothing
    const centre = useCentreStore()
    expect(centre.state).toEqual(hub.publicView())
    expect(useConnectionStore().lastSeq).toBe(3)
    expect(sinceRequests()).toHaveLength(0)
  })

  it('buffers facts that arrive before the snapshot and applies only the newer ones after it', () => {
    socket.open()
    const early = hub.issue('pension') // seq 1, 2: already in the snapshot below
    const snapshot = hub.snapshot()
    const later = hub.issue('pension') // seq 3
    deliverFacts([...early, ...later])
    expect(useCentreStore().loaded).toBe(false)
    socket.deliver('sync:snapshot', snapshot)
    expect(useCentreStore().state).toEqual(hub.publicView())
    expect(useConnectionStore().synced).toBe(true)
  })

  it('on a gap asks sync:since, buffers facts meanwhile and ends exactly in the hub state', async () => {
    socket.open()
    socket.deliver('sync:snapshot', hub.snapshot())
    const missed = hub.issue('no-criminal-record') // seq 1, 2: lost
    const [third] = hub.issue('pension') // seq 3
    const [fourth] = hub.issue('id-card') // seq 4

    socket.deliver(third!.type, third)
    expect(sinceRequests()).toHaveLength(1)
    expect(sinceRequests()[0]!.payload).toEqual({ seq: 0 })
    expect(useConnectionStore().synced).toBe(false)
    socket.deliver(fourth!.type, fourth) // arrives while resyncing: buffered
    expect(useCentreStore().seq).toBe(0)

    sinceRequests()[0]!.resolve({ ok: true, seq: 2, kind: 'events', events: missed })
    await vi.waitFor(() => expect(useConnectionStore().synced).toBe(true), { timeout: 15_000 })
    expect(useCentreStore().state).toEqual(hub.publicView())
    expect(useCentreStore().seq).toBe(4)
  })

  it('takes a snapshot when sync:since answers with one', async () => {
    socket.open()
    socket.deliver('sync:snapshot', hub.snapshot())
    hub.issue('no-criminal-record')
    const [late] = hub.issue('pension')
    socket.deliver(late!.type, late)
    sinceRequests()[0]!.resolve({ ok: true, seq: hub.state.seq, kind: 'snapshot', snapshot: hub.snapshot() })
    await vi.waitFor(() => expect(useConnectionStore().synced).toBe(true), { timeout: 15_000 })
    expect(useCentreStore().state).toEqual(hub.publicView())
  })

  it('asks again when sync:since fails', async () => {
    vi.useFakeTimers()
    try {
      socket.open()
      socket.deliver('sync:snapshot', hub.snapshot())
      const missed = hub.issue('pension')
      const [late] = hub.issue('pension')
      socket.deliver(late!.type, late)
      sinceRequests()[0]!.resolve({ ok: false, error: { code: 'internal', message: 'x' } })
      await vi.advanceTimersByTimeAsync(1_100)
      expect(sinceRequests()).toHaveLength(2)
      sinceRequests()[1]!.resolve({ ok: true, seq: 3, kind: 'events', events: missed })
      await vi.advanceTimersByTimeAsync(0)
      expect(useCentreStore().state).toEqual(hub.publicView())
    } finally {
      vi.useRealTimers()
    }
  })

  it('after a drop, catches up from sync:events on reconnect and is untrusted in between', () => {
    const status = useConnectionStore()
    socket.open()
    socket.deliver('sync:snapshot', hub.snapshot())
    socket.drop()
    expect(status.status).toBe('offline')
    expect(status.synced).toBe(false)
    const missed = [...hub.issue('pension'), ...hub.issue('id-card')]
    expect(socket.handshake()).toMatchObject({ lastSeq: 0 })
    socket.open()
    expect(status.synced).toBe(false)
    socket.deliver('sync:events', missed)
    expect(status.synced).toBe(true)
    expect(useCentreStore().state).toEqual(hub.publicView())
  })

  it('reports a refused handshake so the face can say why', () => {
    socket.refuse('unauthenticated', 'unknown device or wrong device key')
    const status = useConnectionStore()
    expect(status.status).toBe('offline')
    expect(status.refusal).toEqual({ code: 'unauthenticated', message: 'unknown device or wrong device key' })
  })

  describe('a refusal that passes with time', () => {
    beforeEach(() => vi.useFakeTimers())
    afterEach(() => vi.useRealTimers())

    it("is asked again after the hub's hint, and is not reported as final", () => {
      socket.refuse('rate_limited', 'too many failed connections from this address; wait 30 s', {
        retryAfterMs: 30_000,
      })
      const status = useConnectionStore()
      expect(status.status).toBe('offline')
      expect(status.refusal).toBeNull()
      vi.advanceTimersByTime(29_999)
      expect(socket.connects).toBe(0)
      vi.advanceTimersByTime(1)
      expect(socket.connects).toBe(1)
    })

    it('is asked again after 5 s without a hint (too many sockets of this device for now)', () => {
      socket.refuse('too_many_connections')
      vi.advanceTimersByTime(5_000)
      expect(socket.connects).toBe(1)
    })

    it('is not asked again once the face has closed its connection', () => {
      socket.refuse('too_many_connections')
      disconnectHub()
      vi.advanceTimersByTime(60_000)
      expect(socket.connects).toBe(0)
    })

    it('unlike a final refusal, which waits for the user', () => {
      socket.refuse('unknown_staff_session')
      vi.advanceTimersByTime(600_000)
      expect(socket.connects).toBe(0)
      expect(useConnectionStore().refusal?.code).toBe('unknown_staff_session')
    })
  })
})

describe('hub client: commands', () => {
  let hub: HubLog
  let socket: FakeSocket

  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    hub = new HubLog()
    const fake = fakeSocketFactory()
    connectHub(CREDENTIALS, { socketFactory: fake.factory })
    socket = fake.socket
    socket.open()
    socket.deliver('sync:snapshot', hub.snapshot())
  })

  afterEach(() => {
    disconnectHub()
    vi.useRealTimers()
  })

  const commands = () => socket.sent.filter((s) => s.event === 'ticket:issue')

  it('makes request ids the protocol accepts, and a new one per action', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()))
    expect(ids.size).toBe(50)
    for (const id of ids) expect(requestIdSchema.safeParse(id).success).toBe(true)
  })

  it('resolves with the hub ack', async () => {
    socket.answer = (_event, payload) => ({ ok: true, seq: 2, echo: payload })
    const ack = await sendCommand('ticket:issue', { serviceId: 'pension' })
    expect(ack.ok).toBe(true)
    expect(commands()).toHaveLength(1)
    expect(commands()[0]!.payload).toMatchObject({ serviceId: 'pension', requestId: expect.any(String) })
  })

  it('retries with the same requestId when an ack times out, and takes the late answer', async () => {
    const pending = sendCommand('ticket:issue', { serviceId: 'pension' })
    await vi.advanceTimersByTimeAsync(3_000)
    expect(commands()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(commands()).toHaveLength(3)
    const ids = commands().map((c) => (c.payload as { requestId: string }).requestId)
    expect(new Set(ids).size).toBe(1)
    commands()[2]!.resolve({ ok: true, seq: 5, ticket: { number: 'B001' } })
    expect(await pending).toMatchObject({ ok: true, seq: 5 })
  })

  it("gives up after about 8 s with 'offline'", async () => {
    const pending = sendCommand('ticket:issue', { serviceId: 'pension' })
    let settled = false
    void pending.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(7_900)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    const ack = await pending
    expect(ack).toEqual({
      ok: false,
      error: { code: 'offline', message: expect.stringContaining('ticket:issue') },
    })
    expect(commands()).toHaveLength(3) // 3 s + 3 s + the 2 s left
  })

  it('waits for the connection to come back and sends the same request id then', async () => {
    socket.drop()
    const pending = sendCommand('ticket:issue', { serviceId: 'pension' }, { requestId: 'kiosk-action-0001' })
    await vi.advanceTimersByTimeAsync(2_000)
    expect(commands()).toHaveLength(0) // nothing is sent into a dead connection
    socket.answer = () => ({ ok: true, seq: 9 })
    socket.open()
    expect(await pending).toEqual({ ok: true, seq: 9 })
    expect((commands()[0]!.payload as { requestId: string }).requestId).toBe('kiosk-action-0001')
  })

  it("does not retry an error the hub answered, and says 'offline' at once without a connection", async () => {
    socket.answer = () => ({ ok: false, error: { code: 'unknown_service', message: 'no such service' } })
    expect(await sendCommand('ticket:issue', { serviceId: 'nope' })).toMatchObject({
      error: { code: 'unknown_service' },
    })
    expect(commands()).toHaveLength(1)
    disconnectHub()
    expect(await sendCommand('ticket:issue', { serviceId: 'pension' })).toMatchObject({
      error: { code: 'offline' },
    })
  })
})
