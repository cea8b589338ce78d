// @vitest-environment happy-dom
/**
 * The work screen's new pieces with a real Pinia, the real hub client and a fake socket, in a centre that
 * lists outcomes (required) and pause reasons: F and P ask first and send the choice; the ticket list
 * calls a particular ticket; the walk-in dialog issues at this desk and shows the number to tell.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PublicCentreConfig } from '../../src-shared/config'
import ConsultantWork from '../../src-renderer/consultant/ConsultantWork.vue'
import { i18n } from '../../src-renderer/i18n'
import { connectHub, disconnectHub } from '../../src-renderer/hub/hub-client'
import { useConsultantStore } from '../../src-renderer/stores/consultant'
import {
  CONFIG,
  FakeHubSocket,
  scenarioEvents,
  snapshotOf,
  stateFrom,
  T0,
  YOU,
  type Scenario,
} from './consultant-fixtures'

const text = (kk: string, ru: string, en: string) => ({ kk, ru, en })

const DESK_WORK_CONFIG: PublicCentreConfig = {
  ...CONFIG,
  policy: { ...CONFIG.policy, outcomeRequired: true },
  outcomes: [
    { id: 'served', name: text('Қызмет көрсетілді', 'Услуга оказана', 'Served') },
    { id: 'refused', name: text('Бас тартылды', 'Отказано', 'Refused') },
  ],
  pauseReasons: [
    { id: 'lunch', name: text('Түскі ас', 'Обед', 'Lunch'), limitMinutes: 60 },
    { id: 'meeting', name: text('Жиналыс', 'Совещание', 'Meeting') },
  ],
}

let socket: FakeHubSocket
let wrapper: VueWrapper | null = null

async function mountWork(scenario: Scenario): Promise<VueWrapper> {
  socket = new FakeHubSocket()
  connectHub(
    { role: 'staff', token: 'x'.repeat(32) },
    { socketFactory: () => socket.asSocket(), retryForMs: 2_000 },
  )
  socket.open({ ...snapshotOf(scenario), config: DESK_WORK_CONFIG })
  wrapper = mount(ConsultantWork, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function key(code: string, target: EventTarget = window): void {
  target.dispatchEvent(
    new KeyboardEvent('keydown', { code, key: code.replace(/^Key/, '').toLowerCase(), bubbles: true }),
  )
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  useConsultantStore().chooseLanguage('ru')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  disconnectHub()
  document.body.innerHTML = ''
})

describe('the consultant codes at the window', () => {
  it('F asks for the outcome (required here: no "do not code"), and Enter sends the first', async () => {
    const view = await mountWork('serving')
    key('KeyF')
    await flushPromises()
    const dialog = view.find('[data-testid="consultant-finish-dialog"]')
    expect(dialog.exists()).toBe(true)
    expect(socket.sent).toEqual([])
    expect(dialog.findAll('[data-outcome]').map((o) => o.text())).toEqual(['Услуга оказана', 'Отказано'])
    expect(dialog.text()).toContain('В этом центре итог приёма обязателен.')
    // Keys in the dialog are not shortcuts: P pauses nothing.
    key('KeyP', dialog.element)
    await dialog.find('input[value="served"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(socket.sent.map((c) => [c.type, c.payload.outcome])).toEqual([['ticket:finish', 'served']])
  })

  it('P asks for the reason, and sends the one chosen', async () => {
    const view = await mountWork('waiting')
    key('KeyP')
    await flushPromises()
    const dialog = view.find('[data-testid="consultant-pause-dialog"]')
    expect(dialog.findAll('[data-reason] .choice-name').map((r) => r.text())).toEqual(['Обед', 'Совещание'])
    expect(dialog.find('[data-reason="lunch"] .choice-limit').text()).toBe('до 60 мин')
    await dialog.find('input[value="meeting"]').setValue(true)
    await dialog.trigger('submit')
    await flushPromises()
    expect(socket.sent.map((c) => [c.type, c.payload.deskId, c.payload.reason])).toEqual([
      ['desk:pause', 'desk-1', 'meeting'],
    ])
  })

  it('lists the waiting tickets in the order they came and calls the one chosen', async () => {
    const view = await mountWork('waiting')
    await view.find('[data-scope="tickets"]').trigger('click')
    const rows = view.findAll('[data-testid="consultant-waiting-ticket"]')
    expect(rows.map((row) => row.attributes('data-number'))).toEqual(['P001', 'P002'])
    expect(rows[0]!.find('[data-mark="category"]').text()).toBe('Пожилые')
    await rows[1]!.find('[data-testid="consultant-call-ticket"]').trigger('click')
    await flushPromises()
    expect(socket.sent.map((c) => [c.type, c.payload.deskId, c.payload.ticketId])).toEqual([
      ['ticket:call', 'desk-1', 't2'],
    ])
  })

  it('offers no call from the list while a ticket is in hand', async () => {
    const view = await mountWork('called')
    await view.find('[data-scope="tickets"]').trigger('click')
    const buttons = view.findAll('[data-testid="consultant-call-ticket"]')
    expect(buttons).toHaveLength(1)
    expect((buttons[0]!.element as HTMLButtonElement).disabled).toBe(true)
  })

  it('issues a walk-in at this desk and shows the number to tell; calls it at once only when free', async () => {
    const view = await mountWork('called')
    socket.respond = (command) =>
      command.type === 'ticket:issue'
        ? { ok: true, seq: 9, ticket: { id: 't9', number: 'S001', ahead: 0, serviceId: 'signature' } }
        : { ok: true, seq: 9 }
    key('KeyW')
    await flushPromises()
    const dialog = view.find('[data-testid="consultant-walk-in-dialog"]')
    // A ticket is in hand: it can be issued, not called here.
    expect(
      (dialog.find('[data-testid="consultant-walk-in-call"]').element as HTMLButtonElement).disabled,
    ).toBe(true)
    await dialog.find('[data-testid="consultant-walk-in-service"]').setValue('signature')
    await dialog.find('[data-testid="consultant-walk-in-issue"]').trigger('click')
    await flushPromises()
    expect(socket.sent.map((c) => c.payload)).toMatchObject([
      { serviceId: 'signature', categoryId: null, deskId: 'desk-1' },
    ])
    expect(socket.sent[0]!.payload).not.toHaveProperty('call')
    expect(view.find('[data-testid="consultant-walk-in-number"]').text()).toBe('Талон S001')
    expect(view.find('[data-testid="consultant-walk-in-issued"]').text()).toContain('впереди 0')
  })
})

describe('the desk bar of a paused desk', () => {
  async function pausedFor(minutes: number): Promise<VueWrapper> {
    const events = [
      ...scenarioEvents('waiting'),
      { type: 'desk:paused' as const, deskId: 'desk-1', reason: 'lunch' },
    ]
    const state = stateFrom(events)
    const pausedAt = T0 + (events.length - 1) * 1_000
    socket = new FakeHubSocket()
    connectHub(
      { role: 'staff', token: 'x'.repeat(32) },
      { socketFactory: () => socket.asSocket(), retryForMs: 2_000 },
    )
    socket.open({
      seq: state.seq,
      serverTime: pausedAt + minutes * 60_000,
      state,
      config: DESK_WORK_CONFIG,
      you: YOU,
    })
    wrapper = mount(ConsultantWork, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  it('shows the reason, and says so once the pause runs past its limit', async () => {
    const within = await pausedFor(59)
    expect(within.find('[data-testid="consultant-desk-state"]').text()).toBe('Перерыв: Обед')
    expect(within.find('[data-testid="consultant-pause-over"]').exists()).toBe(false)
    within.unmount()
    disconnectHub()
    const over = await pausedFor(61)
    expect(over.find('[data-testid="consultant-pause-over"]').text()).toBe('дольше 60 мин')
  })
})
