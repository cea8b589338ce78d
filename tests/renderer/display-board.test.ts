// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import DisplayCallBoard from '../../src-renderer/display/DisplayCallBoard.vue'
import { i18n } from '../../src-renderer/i18n'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { HubLog } from './fixtures'

/** `count` tickets for desk 1, each called and then marked no-show, so the next can be called. */
function callInTurn(hub: HubLog, count: number): void {
  for (let i = 0; i < count; i++) hub.issue('no-criminal-record')
  hub.run({ type: 'desk:open', deskId: 'desk-1' })
  for (let i = 0; i < count; i++) {
    const [called] = hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    if (i < count - 1)
      hub.run({ type: 'ticket:no-show', ticketId: (called as { ticketId: string }).ticketId })
  }
}

function mountBoard() {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const wrapper = mount(DisplayCallBoard, { global: { plugins: [pinia, i18n] } })
  return { wrapper, centre: useCentreStore(pinia) }
}

const recentNumbers = (wrapper: ReturnType<typeof mountBoard>['wrapper']) =>
  wrapper
    .findAll('[data-testid="display-recent"] li')
    .map((li) => [li.attributes('data-number'), li.attributes('data-desk')])

describe('DisplayCallBoard', () => {
  let hub: HubLog

  beforeEach(() => {
    hub = new HubLog()
  })

  it('says so, in Kazakh then Russian, while nobody has been called', async () => {
    const { wrapper, centre } = mountBoard()
    centre.replace(hub.snapshot())
    await flushPromises()
    expect(wrapper.find('[data-testid="display-newest"]').exists()).toBe(false)
    const empty = wrapper.get('[data-testid="display-empty"]')
    expect(empty.find('[lang="kk"]').text()).toBe('Әзірге шақыру жоқ')
    expect(empty.find('[lang="ru"]').text()).toBe('Вызовов пока нет')
  })

  it('shows the newest call large with its window, and the six calls before it, newest first', async () => {
    callInTurn(hub, 9)
    const { wrapper, centre } = mountBoard()
    centre.replace(hub.snapshot())
    await flushPromises()

    const newest = wrapper.get('[data-testid="display-newest"]')
    expect(newest.get('.board-number').text()).toBe('A009')
    expect(newest.get('.board-desk').text()).toBe('1')
    // Bilingual labels, Kazakh first: "Терезе / Окно" ("Талон" is the same word in both).
    const window = newest.get('.board-window .board-label')
    expect(window.findAll('span').map((span) => [span.attributes('lang'), span.text()])).toEqual([
      ['kk', 'Терезе'],
      ['ru', 'Окно'],
    ])
    expect(newest.get('.board-ticket .board-label').text()).toBe('Талон')
    expect(recentNumbers(wrapper)).toEqual(
      ['A008', 'A007', 'A006', 'A005', 'A004', 'A003'].map((n) => [n, '1']),
    )
  })

  it('follows the store live: a new call goes on top, a recall moves its ticket up without a duplicate', async () => {
    callInTurn(hub, 3)
    hub.issue('pension')
    const { wrapper, centre } = mountBoard()
    centre.replace(hub.snapshot())
    await flushPromises()
    expect(wrapper.get('[data-testid="display-newest"]').attributes('data-number')).toBe('A003')

    const seq = hub.state.seq
    hub.run({ type: 'ticket:no-show', ticketId: 't3' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    for (const event of hub.after(seq)) centre.receive(event)
    await flushPromises()
    expect(wrapper.get('[data-testid="display-newest"]').attributes('data-number')).toBe('B001')
    expect(recentNumbers(wrapper).map(([n]) => n)).toEqual(['A003', 'A002', 'A001'])

    const before = hub.state.seq
    const b001 = Object.values(hub.state.tickets).find((t) => t.number === 'B001')!
    hub.run({ type: 'ticket:recall', ticketId: b001.id })
    for (const event of hub.after(before)) centre.receive(event)
    await flushPromises()
    const newest = wrapper.get('[data-testid="display-newest"]')
    expect(newest.attributes('data-recall')).toBe('true')
    expect(wrapper.get('.board-recall [lang="kk"]').text()).toBe('Қайта шақыру')
    expect(wrapper.get('.board-recall [lang="ru"]').text()).toBe('Повторный вызов')
    expect(recentNumbers(wrapper).map(([n]) => n)).toEqual(['A003', 'A002', 'A001'])
  })
})
