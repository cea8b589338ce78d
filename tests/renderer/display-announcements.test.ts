// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import DisplayAnnouncementLog from '../../src-renderer/display/DisplayAnnouncementLog.vue'
import DisplaySoundGate from '../../src-renderer/display/DisplaySoundGate.vue'
import type { DisplaySound } from '../../src-renderer/display/display-sound'
import { useDisplayAnnouncements } from '../../src-renderer/display/use-display-announcements'
import { i18n } from '../../src-renderer/i18n'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { HubLog } from './fixtures'

/** A sound that only counts chimes (no voice), locked until `unlock` when asked to be. */
function fakeSound(locked = false) {
  let unlocked = !locked
  const listeners: ((u: boolean) => void)[] = []
  const chimes: number[] = []
  const sound: DisplaySound = {
    ports: {
      chime: () => {
        chimes.push(Date.now())
        return new Promise((resolve) => setTimeout(resolve, 1_500))
      },
      speech: null,
      now: () => Date.now(),
    },
    isUnlocked: () => unlocked,
    unlock: async () => {
      unlocked = true
      listeners.forEach((l) => l(true))
      return true
    },
    onUnlockedChange: (l) => void listeners.push(l),
    close: () => undefined,
  }
  return { sound, chimes }
}

function mountAnnouncer(sound: DisplaySound) {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const Harness = defineComponent({
    setup() {
      const { entries, soundLocked, enableSound } = useDisplayAnnouncements({ sound })
      return () =>
        h('div', [
          h(DisplayAnnouncementLog, { entries: entries.value }),
          soundLocked.value ? h(DisplaySoundGate, { onEnable: enableSound }) : null,
        ])
    },
  })
  const wrapper = mount(Harness, { global: { plugins: [pinia, i18n] } })
  return { wrapper, centre: useCentreStore(pinia) }
}

const logged = (wrapper: ReturnType<typeof mountAnnouncer>['wrapper']) =>
  wrapper
    .findAll('[data-testid="display-announcements"] li')
    .map(
      (li) => `${li.attributes('data-number')}>${li.attributes('data-desk')}:${li.attributes('data-state')}`,
    )

let hub: HubLog

beforeEach(() => {
  hub = new HubLog()
  vi.useFakeTimers({ now: hub.now })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Keeps the test clock on the hub's clock (the display compares call times with the hub's time). */
async function at(time: number) {
  await vi.advanceTimersByTimeAsync(Math.max(0, time - Date.now()))
}

describe('display announcements', () => {
  it('announces each new call from the store, in the order the hub made them, one after the other', async () => {
    const { sound, chimes } = fakeSound()
    const { wrapper, centre } = mountAnnouncer(sound)
    hub.issue('no-criminal-record')
    hub.issue('no-criminal-record')
    hub.issue('id-card')
    centre.replace(hub.snapshot())
    await flushPromises()
    expect(logged(wrapper)).toEqual([])

    const seq = hub.state.seq
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    hub.run(
      { type: 'desk:open', deskId: 'desk-2' },
      { kind: 'staff', staffId: 'bolat', roles: ['consultant'] },
    )
    hub.run(
      { type: 'ticket:call-next', deskId: 'desk-2' },
      { kind: 'staff', staffId: 'bolat', roles: ['consultant'] },
    )
    await at(hub.now)
    for (const event of hub.after(seq)) centre.receive(event)
    await flushPromises()
    expect(logged(wrapper)).toEqual(['A001>1:playing', 'F001>2:queued'])

    await vi.runAllTimersAsync()
    expect(logged(wrapper)).toEqual(['A001>1:done', 'F001>2:done'])
    expect(chimes).toHaveLength(2)
    expect(chimes[1]! - chimes[0]!).toBeGreaterThanOrEqual(1_500)
    const first = wrapper.get('[data-testid="display-announcements"] li')
    expect(first.get('[lang="kk"]').text()).toBe('А 1 нөмірлі талон, 1-терезеге өтіңіз')
    expect(first.get('[lang="ru"]').text()).toBe('Талон а 1, пройдите к окну 1')
  })

  it('after catching up, shows every missed call but reads out only those of the last minute', async () => {
    const { sound, chimes } = fakeSound()
    const { wrapper, centre } = mountAnnouncer(sound)
    for (let i = 0; i < 3; i++) hub.issue('no-criminal-record')
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    centre.replace(hub.snapshot())
    await flushPromises()

    // The display is cut off; meanwhile A001 is called, then, five minutes later, A002 and A003.
    const seq = hub.state.seq
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    hub.run({ type: 'ticket:no-show', ticketId: 't1' })
    hub.now += 5 * 60_000
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    hub.run({ type: 'ticket:no-show', ticketId: 't2' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    await at(hub.now + 2_000)
    for (const event of hub.after(seq)) centre.receive(event)
    await vi.runAllTimersAsync()

    expect(centre.recentCalls.map((c) => c.number)).toEqual(['A003', 'A002', 'A001'])
    expect(logged(wrapper)).toEqual(['A002>1:done', 'A003>1:done'])
    expect(chimes).toHaveLength(2)
  })

  it('asks for one tap when the browser blocks sound, then plays the waiting call', async () => {
    const { sound, chimes } = fakeSound(true)
    const { wrapper, centre } = mountAnnouncer(sound)
    hub.issue('no-criminal-record')
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    centre.replace(hub.snapshot())
    await vi.advanceTimersByTimeAsync(1_000)
    expect(logged(wrapper)).toEqual(['A001>1:queued'])
    const gate = wrapper.get('[data-testid="display-sound-gate"]')
    expect(gate.get('[lang="kk"]').text()).toBe('Дыбысты қосу үшін түртіңіз')
    expect(gate.get('.sound-gate-ru').text()).toBe('Нажмите, чтобы включить звук')

    await gate.trigger('click')
    await vi.runAllTimersAsync()
    expect(wrapper.find('[data-testid="display-sound-gate"]').exists()).toBe(false)
    expect(logged(wrapper)).toEqual(['A001>1:done'])
    expect(chimes).toHaveLength(1)
  })
})
