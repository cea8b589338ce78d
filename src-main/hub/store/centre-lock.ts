/**
 * One owner per centre's data at a time: a hub, or a maintenance command such as `rotate-key`. A second
 * hub on the same data, or a key rotation under a running hub (which would keep sealing under the key
 * being retired), is refused at once with the owner named, instead of corrupting what the first does.
 *
 * - SQLite: a lock file `kezek.lock` in the data folder, made with O_EXCL, holding the owner's pid. A
 *   file left by a process that is gone (kill -9, a power cut) is taken over: its pid no longer runs, or
 *   is this very process in a later life (a container's pid 1 after a restart).
 * - PostgreSQL: a session advisory lock on the centre, held on a connection of its own for the owner's
 *   life; the server lets it go when that connection ends, however the process ends.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import type { AsyncEventStore } from './types'

export const LOCK_FILE = 'kezek.lock'

/** The centre's data is in use by another owner; nothing was touched. */
export class CentreBusyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CentreBusyError'
  }
}

export interface CentreLock {
  release(): Promise<void>
}

/** Lock files this process holds now (so a second claim in the same process is refused too). */
const heldHere = new Map<string, string>()

/**
 * Claims the centre's data for `owner` ("a hub", "rotate-key"); throws `CentreBusyError` when taken.
 * `onLost`: the claim ended while held (PostgreSQL: the lock's connection ended, a database restart or a
 * network cut, and with it the lock, which another hub may now take); the holder must stop.
 */
export async function lockCentre(
  store: AsyncEventStore,
  owner: string,
  onLost: (error: Error) => void = () => undefined,
): Promise<CentreLock> {
  if ('dataDir' in store && typeof store.dataDir === 'string') return lockFolder(store.dataDir, owner)
  if ('deskConnection' in store && typeof store.deskConnection === 'function') {
    const { pool, centreId } = (store.deskConnection as () => { pool: pg.Pool; centreId: string })()
    return lockInPostgres(pool, centreId, onLost)
  }
  return { release: async () => undefined }
}

function lockFolder(dataDir: string, owner: string): CentreLock {
  const file = path.join(path.resolve(dataDir), LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    const here = heldHere.get(file)
    if (here !== undefined) throw busy(dataDir, { pid: process.pid, owner: here })
    try {
      const fd = openSync(file, 'wx', 0o600)
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, owner, since: new Date().toISOString() }))
      } finally {
        closeSync(fd)
      }
      heldHere.set(file, owner)
      let released = false
      return {
        release: async () => {
          // Once: a second release must not remove a lock file another owner has taken since.
          if (released) return
          released = true
          heldHere.delete(file)
          rmSync(file, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readHolder(file)
    if (holder && holder.pid !== process.pid && running(holder.pid)) throw busy(dataDir, holder)
    // Left by a process that is gone: take it over.
    rmSync(file, { force: true })
  }
  throw new CentreBusyError(`the data folder ${dataDir} is being claimed by another process; try again`)
}

function readHolder(file: string): { pid: number; owner: string } | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; owner?: unknown }
    if (typeof holder.pid !== 'number') return undefined
    return { pid: holder.pid, owner: typeof holder.owner === 'string' ? holder.owner : 'a process' }
  } catch {
    // Unreadable or half-written: its writer died while making it.
    return undefined
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function busy(dataDir: string, holder: { pid: number; owner: string }): CentreBusyError {
  return new CentreBusyError(
    `the data folder ${dataDir} is in use by ${holder.owner} (pid ${holder.pid}): stop it first`,
  )
}

async function lockInPostgres(
  pool: pg.Pool,
  centreId: string,
  onLost: (error: Error) => void,
): Promise<CentreLock> {
  const client = await pool.connect()
  let released = false
  // The connection ending is reported as an `error` event (no statement is in flight on it): without a
  // listener it would end the process as an uncaught error; with one, the holder is told it lost the lock.
  // (pg reports it twice: the server's "terminating connection", then the socket's end: told once.)
  let lost = false
  client.on('error', (error: Error) => {
    if (released || lost) return
    lost = true
    onLost(error)
  })
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [`kezek-centre-owner:${centreId}`],
    )
    if (!rows[0]?.locked) {
      released = true
      client.release()
      throw new CentreBusyError(
        `the centre ${centreId} in this PostgreSQL database is in use by another hub or command: stop it first`,
      )
    }
  } catch (error) {
    if (!(error instanceof CentreBusyError)) {
      released = true
      client.release(true)
    }
    throw error
  }
  return {
    // Ending the connection ends the session, and its lock with it.
    release: async () => {
      if (released) return
      released = true
      client.release(true)
    },
  }
}
