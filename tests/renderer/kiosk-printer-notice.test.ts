// @vitest-environment happy-dom
/**
 * The kiosk's printer notice follows what the shell says of its printer: shown on the home and services
 * screens while it is out of paper (its own words) or offline or in error (the others), marked for the
 * read-aloud, gone when the printer is ok or unknown, and not on the ticket screen (which says it itself).
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { catalogues } from '../../src-shared/i18n'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { useKioskPrinterStore } from '../../src-renderer/stores/kiosk-printer'
import { mountKioskFace, ok } from './kiosk-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  connectHub: vi.fn(),
  disconnectHub: vi.fn(),
  sendCommand: vi.fn(),
}))
const send = vi.mocked(sendCommand)

let wrapper: VueWrapper | null = null
const notice = () => wrapper!.find('[data-testid="kiosk-printer-notice"]')

beforeEach(() => {
  localStorage.clear()
  send.mockReset()
  delete window.kezek
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('the kiosk printer notice', () => {
  it('follows the printer store on the home and services screens, in the kiosk language', async () => {
    const kiosk = await mountKioskFace()
    wrapper = kiosk.wrapper
    const printer = useKioskPrinterStore(kiosk.pinia)
    expect(notice().exists()).toBe(false)

    printer.fromShell('paper-out')
    await flushPromises()
    expect(notice().text()).toBe(catalogues.kk.kiosk.noPaperAhead)
    expect(notice().attributes('role')).toBe('status')
    // Said with the screen: inside the main area, marked as the screen's words.
    expect(notice().attributes()).toHaveProperty('data-read')
    expect(wrapper.find('.kiosk-main [data-testid="kiosk-printer-notice"]').exists()).toBe(true)

    await kiosk.tap('[data-language="ru"]')
    expect(notice().text()).toBe(catalogues.ru.kiosk.noPaperAhead)

    printer.fromShell('error')
    await flushPromises()
    expect(notice().text()).toBe(catalogues.ru.kiosk.noPrinterAhead)

    await kiosk.tap('[data-group="certificates"]')
    expect(wrapper.find('[data-service]').exists()).toBe(true)
    expect(notice().attributes('data-printer')).toBe('error')

    printer.fromShell('offline')
    await flushPromises()
    expect(notice().attributes('data-printer')).toBe('offline')
    expect(notice().text()).toBe(catalogues.ru.kiosk.noPrinterAhead)

    printer.fromShell('ok')
    await flushPromises()
    expect(notice().exists()).toBe(false)
    printer.fromShell('paper-out')
    await flushPromises()
    expect(notice().exists()).toBe(true)
    // A shell that cannot tell is no reason to alarm anyone.
    printer.fromShell('unknown')
    await flushPromises()
    expect(notice().exists()).toBe(false)
  })

  it('is not on the ticket screen, which says it itself', async () => {
    send.mockResolvedValue(ok())
    const kiosk = await mountKioskFace()
    wrapper = kiosk.wrapper
    useKioskPrinterStore(kiosk.pinia).fromShell('paper-out')
    await flushPromises()
    expect(notice().exists()).toBe(true)
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    if (wrapper.find('[data-testid="kiosk-offer-ticket"]').exists())
      await kiosk.tap('[data-testid="kiosk-offer-ticket"]')
    expect(wrapper.find('[data-testid="kiosk-ticket"]').exists()).toBe(true)
    expect(notice().exists()).toBe(false)
  })
})
