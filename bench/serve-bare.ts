/**
 * The baseline: a plain Socket.IO server with the hub's transport options that does the least the hub
 * must do for the same traffic. On `ticket:issue` it broadcasts an event and acks, both shaped and sized
 * like the hub's (see shapes.ts); on `bench:call` it broadcasts a `ticket:called` like the hub's to
 * every client, and on `bench:start` / `bench:finish` the `ticket:started` / `ticket:finished` that
 * free the hub's desk again, so the clients handle the same messages from both servers between calls.
 * No validation, no decision, no store. With `--fsync <folder>` it appends a few hundred bytes to a file
 * there and fsyncs it before each of those broadcasts: the durable write alone, without the hub's code,
 * to show what durability costs on this disk (measurement 3b). Prints `PORT <n>`; answers IPC like serve-hub.
 */
import { closeSync, fdatasyncSync, fsyncSync, mkdtempSync, openSync, writeSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Server } from 'socket.io'
import { serveIpc } from './child'
import { calledEvent, issueAck, issuedEvent, numberFor, ticketStepEvent } from './shapes'

const http = createServer((_req, res) => {
  res.statusCode = 404
  res.end()
})
const io = new Server(http, {
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
  cors: { origin: false },
  pingInterval: 10_000,
  pingTimeout: 8_000,
})

const fsyncRoot = process.argv[2] === '--fsync' ? process.argv[3] : undefined
/**
 * The cheapest durable write there is, like the hub's SQLite store after it has reserved its WAL: a
 * record the size of a one-event commit overwrites the next slot of a file laid out in advance (so the
 * fsync flushes data only, no file-system metadata), then fdatasync (what SQLite calls on Linux).
 */
const JOURNAL_BYTES = 4 * 1024 * 1024
const RECORD = Buffer.from(`${'x'.repeat(4095)}\n`)
const journal = fsyncRoot ? openSync(join(mkdtempSync(join(fsyncRoot, 'bare-')), 'journal'), 'w+') : null
let journalOffset = 0
if (journal !== null) {
  writeSync(journal, Buffer.alloc(JOURNAL_BYTES))
  fsyncSync(journal)
}
function durable(): void {
  if (journal === null) return
  writeSync(journal, RECORD, 0, RECORD.length, journalOffset)
  fdatasyncSync(journal)
  journalOffset = (journalOffset + RECORD.length) % JOURNAL_BYTES
}

let seq = 0
/** The trigger's arrival to its broadcast written to every socket, like serve-hub's probe. */
let callToBroadcastMs: number[] = []
io.on('connection', (socket) => {
  socket.on('ticket:issue', (payload: { serviceId?: string }, ack: unknown) => {
    durable()
    seq += 1
    const at = Date.now()
    const serviceId = String(payload?.serviceId ?? 'x')
    const number = numberFor(serviceId)
    io.emit('ticket:issued', issuedEvent(seq, at, serviceId, number))
    if (typeof ack === 'function') ack(issueAck(seq, at, serviceId, number))
  })
  socket.on('bench:call', (_payload: unknown, ack: unknown) => {
    const arrivedAt = performance.now()
    durable()
    seq += 1
    io.emit('ticket:called', calledEvent(seq, Date.now()))
    callToBroadcastMs.push(performance.now() - arrivedAt)
    if (typeof ack === 'function') ack({ ok: true, seq })
  })
  for (const [command, type] of [
    ['bench:start', 'ticket:started'],
    ['bench:finish', 'ticket:finished'],
  ] as const) {
    socket.on(command, (payload: { ticketId?: string }, ack: unknown) => {
      durable()
      seq += 1
      if (typeof ack === 'function') ack({ ok: true, seq })
      io.emit(type, ticketStepEvent(type, String(payload?.ticketId ?? 'x'), seq, Date.now()))
    })
  }
})

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))

serveIpc(
  {
    'probes-reset': () => {
      callToBroadcastMs = []
      return true
    },
    probes: () => ({ callToBroadcastMs }),
  },
  () =>
    new Promise<void>((resolve) =>
      io.close(() => {
        if (journal !== null) closeSync(journal)
        resolve()
      }),
    ),
)

console.log(`PORT ${(http.address() as AddressInfo).port}`)
