/**
 * A booking acknowledged through the API survives the hub being killed (SIGKILL): the retry with the same
 * Idempotency-Key gets the first answer from the restarted hub, and the slot counts one booking, not two.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { daySlots } from '../../src-shared/domain'
import { localDay } from '../../src-shared/domain/time'
import { apiRequest, demoIntegrationKey } from '../support/api-client'
import {
  demoConfig,
  makeTempDir,
  removeDataDir,
  spawnHubProcess,
  type HubProcess,
} from '../support/hub-harness'

const DAY = 24 * 60 * 60_000
const SERVICE = 'id-card-passport'
const key = demoIntegrationKey()
const processes: HubProcess[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const hub of processes.splice(0)) {
    hub.child.kill('SIGKILL')
    await hub.exited
  }
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

/** The first slot with room on the next day that has one, by the real clock (the child hub's). */
function nextSlot(): { day: string; start: number } {
  const config = demoConfig()
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(Date.now() + ahead * DAY, config.centre.timeZone)
    const slot = daySlots(config, SERVICE, day, { now: Date.now() }).find((s) => s.capacity > 0)
    if (slot) return { day, start: slot.start }
  }
  throw new Error('no slot in two weeks')
}

describe('the booking API and kill -9', () => {
  it('answers the retry of an acknowledged booking with its first answer after a SIGKILL', async () => {
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const slot = nextSlot()
    const idempotencyKey = randomUUID()
    const body = {
      serviceId: SERVICE,
      slotStart: new Date(slot.start).toISOString(),
      iin: '871008401427',
      phone: '8 701 234 56 78',
      channel: 'egov',
    }
    const book = (url: string) =>
      apiRequest<{ booking: { code: string } }>(url, '/api/v1/bookings', {
        method: 'POST',
        key,
        body,
        headers: { 'Idempotency-Key': idempotencyKey },
      })

    const first = await spawnHubProcess(dataDir)
    processes.push(first)
    const made = await book(first.url)
    expect(made.status).toBe(201)
    first.child.kill('SIGKILL')
    await first.exited
    processes.splice(processes.indexOf(first), 1)

    const second = await spawnHubProcess(dataDir)
    processes.push(second)
    const retry = await book(second.url)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(made.body)
    const listed = await apiRequest<{ slots: { start: string; booked: number }[] }>(
      second.url,
      `/api/v1/services/${SERVICE}/slots?day=${slot.day}`,
      { key },
    )
    expect(listed.body.slots.find((s) => s.start === body.slotStart)?.booked).toBe(1)
  })
})
