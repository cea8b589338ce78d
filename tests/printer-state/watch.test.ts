/**
 * The watch's answers around a print, with a stand-in `lpstat` (a script printing a captured sample,
 * ./lpstat/) so that the printer's state is the test's to set: a print's result carries what CUPS says
 * now, but a failed print on a printer CUPS finds fine stays the page's `error`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readPrinterState, watchPrinter, type PrinterWatch } from '../../src-main/printer-state'

const folder = mkdtempSync(join(tmpdir(), 'kezek-lpstat-'))
const samples = new URL('./lpstat/', import.meta.url).pathname
const answer = join(folder, 'answer')
const lpstat = join(folder, 'lpstat')
// `-r -d` answers the default; `-l -p NAME` the sample named in ./answer, about NAME; "fail" fails as
// lpstat does for a printer it does not know.
writeFileSync(
  lpstat,
  `#!/bin/sh
if [ "$1" = -r ]; then cat "${samples}default.txt"; exit 0; fi
name=$(cat "${answer}")
if [ "$name" = fail ]; then echo 'lpstat: Invalid destination name in list "Kezek-Tickets".' >&2; exit 1; fi
# The sample's printer is renamed to the one asked for (lpstat -l -p NAME).
sed "s/^printer [^ ]*/printer $3/" "${samples}$name.txt"
`,
)
chmodSync(lpstat, 0o755)
const says = (sample: string) => writeFileSync(answer, sample)

let watch: PrinterWatch | null = null
afterEach(() => watch?.stop())
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('a print and the printer state', () => {
  it("adds CUPS's state to a print's result", async () => {
    says('idle')
    watch = watchPrinter({ printer: null, lpstat, onChange: () => undefined })
    expect(await watch.afterPrint({ ok: true })).toEqual({ ok: true, printer: 'ok' })
  })

  it("keeps a failed print on a printer CUPS finds fine as the page's error (no printer state)", async () => {
    says('idle')
    watch = watchPrinter({ printer: null, lpstat, onChange: () => undefined })
    const failed = { ok: false as const, reason: 'the printer did not answer' }
    expect(await watch.afterPrint(failed)).toEqual(failed)
  })

  it('keeps what a print already says, and adds nothing when CUPS cannot tell', async () => {
    says('idle')
    watch = watchPrinter({ printer: 'Kezek-Tickets', lpstat, onChange: () => undefined })
    expect(await watch.afterPrint({ ok: true, printer: 'error' })).toEqual({ ok: true, printer: 'error' })
    says('fail')
    expect(await watch.afterPrint({ ok: true })).toEqual({ ok: true })
  })

  it('reads the default printer by name, and says why lpstat failed', async () => {
    says('idle')
    expect(await readPrinterState({ printer: null, lpstat })).toEqual({
      state: 'ok',
      printer: 'Kezek-Tickets',
      reasons: [],
    })
    says('fail')
    expect(await readPrinterState({ printer: 'Kezek-Tickets', lpstat })).toEqual({
      state: 'unknown',
      printer: 'Kezek-Tickets',
      why: `${lpstat} -l -p Kezek-Tickets failed: lpstat: Invalid destination name in list "Kezek-Tickets".`,
    })
  })

  it('a print checks again a moment later: paper that runs out at the end of the ticket is heard', async () => {
    says('idle')
    const changes: string[] = []
    watch = watchPrinter({
      printer: 'Kezek-Tickets',
      lpstat,
      intervalMs: 60_000,
      afterPrintMs: 50,
      onChange: (state) => changes.push(state),
    })
    expect(await watch.afterPrint({ ok: true })).toEqual({ ok: true, printer: 'ok' })
    says('paper-out')
    await expect.poll(() => changes).toEqual(['ok', 'paper-out'])
    expect(watch.current()).toBe('paper-out')
  })
})
