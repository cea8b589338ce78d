// @vitest-environment happy-dom
/**
 * The work screen with a real Pinia, the real hub client and a fake socket: which actions are offered in
 * each state, what a refusal looks like, and the keyboard shortcuts.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ConsultantWork from '../../src-renderer/consultant/ConsultantWork.vue'
import { i18n } from '../../src-renderer/i18n'
import { connectHub, disconnectHub } from '../../src-renderer/hub/hub-client'
import { useConsultantStore } from '../../src-renderer/stores/consultant'
import { FakeHubSocket, snapshotOf, type Scenario } from './consultant-fixtures'

const ACTIONS = [
  'call-next',
  'start',
  'finish',
  'recall',
  'no-show',
  'transfer',
  'postpone',
  'pause',
  'close',
]

let socket: FakeHubSocket
let wrapper: VueWrapper | null = null

function connect(scenario: Scenario, retryForMs: number): void {
  socket = new FakeHubSocket()
  connectHub({ role: 'staff', token: 'x'.repeat(32) }, { socketFactory: () => socket.asSocket(), retryForMs })
  socket.open(snapshotOf(scenario))
}

async function mountWork(scenario: Scenario, retryForMs = 2_000): Promise<VueWrapper> {
  connect(scenario, retryForMs)
  wrapper = mount(ConsultantWork, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** Which action buttons are enabled, in a fixed order. */
function enabled(view: VueWrapper): string[] {
  return ACTIONS.filter((action) => {
    const button = view.find(`[data-action="${action}"]`)
    return button.exists() && !(button.element as HTMLButtonElement).disabled
  })
}

function key(code: string, target: EventTarget = window): void {
  const event = new KeyboardEvent('keydown', {
    code,
    key: code.replace(/^Key/, '').toLowerCase(),
    bubbles: true,
  })
  target.dispatchEvent(event)
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

describe('consultant work screen: actions per state', () => {
  it('offers nothing but pause and close when nobody waits', async () => {
    const view = await mountWork('empty')
    expect(enabled(view)).toEqual(['pause', 'close'])
    expect(view.find('[data-testid="consultant-waiting-here"]').text()).toBe(
      'В очереди на ваши услуги никого нет.',
    )
  })

  it('offers Call next, as the expected action, when visitors wait and nothing is in hand', async () => {
    const view = await mountWork('waiting')
    expect(enabled(view)).toEqual(['call-next', 'pause', 'close'])
    expect(view.find('[data-action="call-next"]').attributes('data-expected')).toBe('true')
    expect(view.find('[data-action="call-next"]').classes()).toContain('c-btn--primary')
    expect(view.find('[data-testid="consultant-waiting-here"]').text()).toBe('Вас ждут: 2')
  })

  it('offers start, recall, no-show, transfer and postpone for a called ticket, and no second call', async () => {
    const view = await mountWork('called')
    expect(enabled(view)).toEqual(['start', 'recall', 'no-show', 'transfer', 'postpone'])
    expect(view.find('[data-testid="consultant-ticket-number"]').text()).toBe('P001')
    expect(view.find('[data-testid="consultant-ticket-status"]').text()).toBe('Вызван')
    expect(view.find('[data-testid="consultant-ticket-category"]').text()).toContain('Пожилые')
    expect(view.find('[data-action="start"]').attributes('data-expected')).toBe('true')
  })

  it('offers finish and transfer only while serving', async () => {
    const view = await mountWork('serving')
    expect(enabled(view)).toEqual(['finish', 'transfer'])
    expect(view.find('[data-action="finish"]').classes()).toContain('c-btn--success')
    expect(view.find('[data-testid="consultant-ticket-status"]').text()).toBe('Обслуживается')
  })

  it('offers resume and close, and no call, while the desk is paused', async () => {
    const view = await mountWork('paused')
    expect(enabled(view)).toEqual(['close'])
    expect(view.find('[data-action="resume"]').exists()).toBe(true)
    expect((view.find('[data-action="resume"]').element as HTMLButtonElement).disabled).toBe(false)
    expect(view.find('[data-action="pause"]').exists()).toBe(false)
  })

  it('follows the facts: a call turns Call next off and Start on', async () => {
    const view = await mountWork('waiting')
    socket.fact({
      type: 'ticket:called',
      ticketId: 't1',
      deskId: 'desk-1',
      staffId: 'consultant-1',
      reason: 'priority',
    })
    await flushPromises()
    expect(enabled(view)).toEqual(['start', 'recall', 'no-show', 'transfer', 'postpone'])
  })

  it('turns every action off, and says why, when the connection drops', async () => {
    const view = await mountWork('called')
    socket.drop()
    await flushPromises()
    expect(enabled(view)).toEqual([])
    expect(view.find('[data-testid="consultant-offline"]').text()).toBe(
      'Нет связи с хабом. Действия недоступны, пока связь не восстановится.',
    )
  })

  it('elapsed time ticks from the hub clock', async () => {
    const view = await mountWork('called')
    // Called at T0 + 4 s; the snapshot's server time is T0 + 60 s.
    expect(view.find('[data-testid="consultant-elapsed"]').text()).toMatch(/^0:5[5-7]$/)
  })
})

describe('consultant work screen: commands', () => {
  it('sends call-next for its own desk and shows the ticket only from the hub', async () => {
    const view = await mountWork('waiting')
    socket.respond = () => ({ ok: true, seq: 99 })
    await view.find('[data-action="call-next"]').trigger('click')
    await flushPromises()
    expect(socket.sent.map((c) => [c.type, c.payload.deskId])).toEqual([['ticket:call-next', 'desk-1']])
    // Acknowledged, but the fact has not arrived: nothing is shown as called yet.
    expect(view.find('[data-testid="consultant-ticket-number"]').exists()).toBe(false)
    socket.fact({
      type: 'ticket:called',
      ticketId: 't1',
      deskId: 'desk-1',
      staffId: 'consultant-1',
      reason: 'priority',
    })
    await flushPromises()
    expect(view.find('[data-testid="consultant-ticket-number"]').text()).toBe('P001')
  })

  it('shows a refused command by its code, translated, and changes nothing', async () => {
    const view = await mountWork('called')
    socket.respond = () => ({
      ok: false,
      error: { code: 'not_your_desk', message: 'ticket P001 is at desk 1, not yours' },
    })
    await view.find('[data-action="no-show"]').trigger('click')
    await flushPromises()
    const error = view.find('[data-testid="consultant-error"]')
    expect(error.attributes('data-code')).toBe('not_your_desk')
    expect(error.text()).toContain('«Не явился» не выполнено')
    expect(error.text()).toContain('Это окно или талон закреплены за другим сотрудником.')
    expect(error.text()).not.toContain('not yours')
    expect(view.find('[data-testid="consultant-ticket-number"]').text()).toBe('P001')
    expect(view.find('[data-testid="consultant-notice"]').exists()).toBe(false)

    // The same error in Kazakh once the consultant switches language.
    useConsultantStore().chooseLanguage('kk')
    await flushPromises()
    expect(view.find('[data-testid="consultant-error"]').text()).toContain('«Келмеді» орындалмады')
  })

  it('shows "no answer" as offline when the hub does not answer in time, and keeps the ticket', async () => {
    const view = await mountWork('serving', 80)
    socket.respond = () => new Promise(() => undefined)
    await view.find('[data-action="finish"]').trigger('click')
    await flushPromises()
    // Still waiting for the hub: one action at a time.
    expect(view.find('[data-action="transfer"]').attributes('disabled')).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 150))
    await flushPromises()
    const error = view.find('[data-testid="consultant-error"]')
    expect(error.attributes('data-code')).toBe('offline')
    expect(error.text()).toContain('«Завершить» не выполнено')
    expect(error.text()).toContain('Хаб не ответил. Проверьте связь и повторите.')
    expect(view.find('[data-testid="consultant-ticket-number"]').text()).toBe('P001')
    expect(view.find('[data-action="finish"]').attributes('disabled')).toBeUndefined()
  })

  it('transfers with a note through the dialog and closes it only after the ack', async () => {
    const view = await mountWork('called')
    await view.find('[data-action="transfer"]').trigger('click')
    const dialog = view.find('[data-testid="consultant-transfer-dialog"]')
    expect(dialog.exists()).toBe(true)
    // The ticket's own service cannot be chosen.
    expect((dialog.find('option[value="passport"]').element as HTMLOptionElement).disabled).toBe(true)
    await dialog.find('select').setValue('signature')
    await dialog.find('textarea').setValue('  Нужна ЭЦП  ')
    let answer: (value: unknown) => void = () => undefined
    socket.respond = () => new Promise((resolve) => (answer = resolve))
    await dialog.trigger('submit')
    await flushPromises()
    expect(socket.sent.at(-1)).toEqual({
      type: 'ticket:transfer',
      payload: expect.objectContaining({ ticketId: 't1', serviceId: 'signature', note: 'Нужна ЭЦП' }),
    })
    expect(view.find('[data-testid="consultant-transfer-dialog"]').exists()).toBe(true)
    answer({ ok: true, seq: 10 })
    await flushPromises()
    expect(view.find('[data-testid="consultant-transfer-dialog"]').exists()).toBe(false)
    expect(view.find('[data-testid="consultant-notice"]').text()).toBe(
      'Талон P001 перенаправлен в услугу «Получение ЭЦП».',
    )
  })
})

describe('consultant work screen: keyboard shortcuts', () => {
  const cases: Array<[Scenario, string, string]> = [
    ['waiting', 'Space', 'ticket:call-next'],
    ['waiting', 'KeyN', 'ticket:call-next'],
    ['called', 'KeyR', 'ticket:recall'],
    ['called', 'KeyS', 'ticket:start'],
    ['called', 'KeyX', 'ticket:no-show'],
    ['called', 'KeyD', 'ticket:postpone'],
    ['serving', 'KeyF', 'ticket:finish'],
    ['waiting', 'KeyP', 'desk:pause'],
    ['paused', 'KeyP', 'desk:resume'],
  ]
  it.each(cases)('in state %s, %s sends %s', async (scenario, code, command) => {
    await mountWork(scenario)
    key(code)
    await flushPromises()
    expect(socket.sent.map((c) => c.type)).toEqual([command])
  })

  it('uses the physical key, so N calls next on a Cyrillic layout too', async () => {
    await mountWork('waiting')
    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyN', key: 'т', bubbles: true }))
    await flushPromises()
    expect(socket.sent.map((c) => c.type)).toEqual(['ticket:call-next'])
  })

  it('sends nothing for an action the state does not allow', async () => {
    await mountWork('called')
    key('KeyF') // finish: only while serving
    key('KeyN') // call next: a ticket is in hand
    key('KeyP') // pause: a ticket is in hand
    await flushPromises()
    expect(socket.sent).toEqual([])
  })

  it('ignores shortcuts while typing, and with Ctrl or Alt held', async () => {
    await mountWork('called')
    const input = document.createElement('input')
    document.body.appendChild(input)
    key('KeyS', input)
    key('KeyX', input)
    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyS', ctrlKey: true, bubbles: true }))
    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyS', altKey: true, bubbles: true }))
    await flushPromises()
    expect(socket.sent).toEqual([])
  })

  it('T opens the transfer dialog, and keys typed in its note are text, not commands', async () => {
    const view = await mountWork('called')
    key('KeyT')
    await flushPromises()
    const note = view.find('[data-testid="consultant-transfer-note"]')
    expect(note.exists()).toBe(true)
    key('KeyS', note.element)
    key('KeyN', note.element)
    // Even a key that escaped the field does nothing while the dialog is open.
    key('KeyX')
    await flushPromises()
    expect(socket.sent).toEqual([])
  })

  it('one action at a time: a second key press while the first is unanswered sends nothing', async () => {
    await mountWork('called')
    socket.respond = () => new Promise(() => undefined)
    key('KeyR')
    key('KeyR')
    key('KeyS')
    await flushPromises()
    expect(socket.sent.map((c) => c.type)).toEqual(['ticket:recall'])
  })
})
