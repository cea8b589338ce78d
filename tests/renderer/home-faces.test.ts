// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import HomeFaces from '../../src-renderer/home/HomeFaces.vue'

function stubHealthz(respond: () => Promise<Response>): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn(respond)
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

const json = (body: unknown, status = 200): Promise<Response> =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  )

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('HomeFaces', () => {
  it('links to the faces with their Kazakh names first, and says how to pair a device it has no key for', async () => {
    stubHealthz(() => json({ ok: true }))
    const wrapper = mount(HomeFaces)
    await flushPromises()

    const links = wrapper.findAll('a.home-face')
    expect(links.map((link) => link.attributes('href'))).toEqual([
      '/kiosk',
      '/consultant',
      '/display',
      '/consultant',
      '/supervisor',
      '/admin',
      '/book',
      '/join',
    ])
    expect(links[3]!.find('[lang="kk"]').text()).toBe('Тіркеу үстелі')
    expect(links[5]!.find('[lang="kk"]').text()).toBe('Әкімші')
    expect(links[6]!.find('[lang="kk"]').text()).toBe('Алдын ала жазылу')
    expect(wrapper.find('[data-testid="home-pairing-kiosk"] [lang="en"]').text()).toContain(
      '/kiosk?device=<id>&key=<key>',
    )
    expect(wrapper.find('[data-testid="home-pairing-display"]').exists()).toBe(true)
    expect(links[7]!.find('[lang="kk"]').text()).toBe('Онлайн кезек')
    expect(links[2]!.find('[lang="kk"]').text()).toBe('Зал таблосы')
    expect(links[2]!.find('[lang="ru"]').text()).toBe('Табло в зале')
    expect(links[0]!.text()).toContain('Талон алу')
  })

  it('links the demo kiosk and display with the keys the hub still accepts, and the demo SMS outbox', async () => {
    stubHealthz(() =>
      json({
        ok: true,
        demoDevices: { kiosk: { deviceId: 'kiosk-1', deviceKey: 'kezek-demo-kiosk-1' } },
        smsOutbox: true,
      }),
    )
    const wrapper = mount(HomeFaces)
    await flushPromises()

    expect(wrapper.find('[data-testid="home-face-kiosk"]').attributes('href')).toBe(
      '/kiosk?device=kiosk-1&key=kezek-demo-kiosk-1',
    )
    expect(wrapper.find('[data-testid="home-pairing-kiosk"]').exists()).toBe(false)
    // The hub did not offer the display's key: how to pair it instead.
    expect(wrapper.find('[data-testid="home-face-display"]').attributes('href')).toBe('/display')
    expect(wrapper.find('[data-testid="home-pairing-display"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="home-face-sms-outbox"]').attributes('href')).toBe('/desk/sms-outbox')
  })

  it("shows the centre's name and a running hub from /healthz", async () => {
    const fetchMock = stubHealthz(() =>
      json({
        ok: true,
        centre: { id: 'astana-1', name: { kk: 'Астана қаласы №1 ХҚКО', ru: 'ЦОН №1 г. Астаны' } },
      }),
    )
    const wrapper = mount(HomeFaces)
    expect(wrapper.find('.home-status').attributes('data-state')).toBe('checking')
    await flushPromises()

    expect(fetchMock).toHaveBeenCalledWith('/healthz', expect.anything())
    expect(wrapper.find('h1 [lang="kk"]').text()).toBe('Астана қаласы №1 ХҚКО')
    expect(wrapper.find('h1 [lang="ru"]').text()).toBe('ЦОН №1 г. Астаны')
    expect(wrapper.find('h1 [lang="en"]').exists()).toBe(false)
    const status = wrapper.find('.home-status')
    expect(status.attributes('data-state')).toBe('online')
    expect(status.find('[lang="kk"]').text()).toBe('Жүйе жұмыс істеп тұр')
  })

  it('says the hub cannot be reached when /healthz fails, and keeps the generic title', async () => {
    stubHealthz(() => Promise.reject(new TypeError('Failed to fetch')))
    const wrapper = mount(HomeFaces)
    await flushPromises()

    const status = wrapper.find('.home-status')
    expect(status.attributes('data-state')).toBe('unreachable')
    expect(status.find('[lang="kk"]').text()).toBe('Хабпен байланыс жоқ')
    expect(wrapper.find('h1 [lang="kk"]').text()).toBe('Халыққа қызмет көрсету орталығы')
  })

  it('reports a problem when the hub answers but is not healthy', async () => {
    stubHealthz(() => json({ ok: false }, 503))
    const wrapper = mount(HomeFaces)
    await flushPromises()

    expect(wrapper.find('.home-status').attributes('data-state')).toBe('degraded')
  })
})
