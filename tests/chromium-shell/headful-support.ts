/**
 * What the headful shell tests need from the machine: an X display of their own (Xvfb), and CUPS with
 * two CUPS-PDF queues that write each job as a PDF (`.ci/run` installs and starts them): `Kezek-Tickets`,
 * the system's default printer with an 80 mm roll as a kiosk's thermal printer has, and `Kezek-PDF`, an
 * A4 printer for self-service certificates. Missing tools skip the tests with a loud reason, except in
 * CI (`CI=true`), where they fail.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { homedir, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { vi } from 'vitest'
import { SCREENSHOT_DIR } from '../e2e/support'

const run = promisify(execFile)

export const TICKET_QUEUE = 'Kezek-Tickets'
export const CERTIFICATE_QUEUE = 'Kezek-PDF'

interface Need {
  ok: () => boolean
  why: string
}

const succeeds = (command: string, args: string[]) => () => {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 })
    return true
  } catch {
    // Control flow: a command that is missing or fails is the answer.
    return false
  }
}
const onPath = (command: string, apt: string): Need => ({
  ok: succeeds('sh', ['-c', `command -v ${command}`]),
  why: `no ${command} (apt-get install ${apt})`,
})

export const NEEDS_X: Need[] = [
  onPath('Xvfb', 'xvfb'),
  onPath('openbox', 'openbox'),
  onPath('xprop', 'x11-utils'),
  onPath('xwd', 'x11-apps'),
  onPath('xwdtopnm', 'netpbm'),
  {
    ok: () => statSync('/usr/bin/chromium', { throwIfNoEntry: false }) !== undefined,
    why: 'no /usr/bin/chromium',
  },
]

export const NEEDS_PRINTING: Need[] = [
  onPath('lp', 'cups-client'),
  onPath('pdftotext', 'poppler-utils'),
  onPath('zbarimg', 'zbar-tools'),
  {
    ok: succeeds('lpstat', ['-p', `${TICKET_QUEUE},${CERTIFICATE_QUEUE}`]),
    why: `CUPS is not running or lacks the queues ${TICKET_QUEUE} and ${CERTIFICATE_QUEUE}`,
  },
  {
    ok: () => /system default destination: Kezek-Tickets/.test(lpstatDefault()),
    why: `${TICKET_QUEUE} is not the system's default printer`,
  },
]

function lpstatDefault(): string {
  try {
    return execFileSync('lpstat', ['-d'], { encoding: 'utf8', timeout: 10_000 })
  } catch {
    // Control flow: no CUPS, no default.
    return ''
  }
}

/**
 * Null when everything in `needs` is here; otherwise the reason to skip, said loudly. In CI, throws:
 * there the tests must run.
 */
export function skipReason(what: string, needs: Need[]): string | null {
  const missing = needs.filter((need) => !need.ok())
  if (missing.length === 0) return null
  const reason = `${what}: ${missing.map((need) => need.why).join('; ')} (.ci/run installs and starts them)`
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`)
  console.warn(`\n######## SKIPPED ${reason}\n`)
  return reason
}

export interface XDisplay {
  /** `:N` */
  display: string
  /** This process's environment with `DISPLAY` set, for Chromium. */
  env: Record<string, string | undefined>
  /** Saves the whole screen as `<SCREENSHOT_DIR>/<name>.png` (what a citizen sees, every window). */
  capture(name: string): Promise<string>
  close(): Promise<void>
}

/**
 * An X server of this test's own, `width`×`height`, on a display number nobody uses, with a small window
 * manager (openbox) as a kiosk's session has: it is what makes a window full screen.
 */
export async function startXvfb(width: number, height: number): Promise<XDisplay> {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)))
  const number = await new Promise<string>((resolve, reject) => {
    let out = ''
    ;(child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += String(chunk)
      if (out.includes('\n')) resolve(out.trim())
    })
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)))
  })
  const display = `:${number}`
  const env = { ...process.env, DISPLAY: display }
  const wm = spawn('openbox', ['--sm-disable'], { env, stdio: 'ignore' })
  // Ready once it has taken the screen: a window manager names its window on the root window.
  await vi.waitFor(
    () => {
      const out = execFileSync('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env, encoding: 'utf8' })
      if (!out.includes('window id')) throw new Error(`no window manager on ${display} yet`)
    },
    { timeout: 15_000, interval: 100 },
  )
  return {
    display,
    env,
    async capture(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true })
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      const xwd = join(tmpdir(), `kezek-screen-${number}.xwd`)
      try {
        await run('xwd', ['-root', '-silent', '-display', display, '-out', xwd])
        await run('sh', ['-c', 'xwdtopnm "$1" 2>/dev/null | pnmtopng > "$2"', 'sh', xwd, path])
      } finally {
        rmSync(xwd, { force: true })
      }
      return path
    },
    async close() {
      for (const process of [wm, child]) {
        await new Promise<void>((resolve) => {
          if (process.exitCode !== null || process.signalCode !== null) return resolve()
          process.once('exit', () => resolve())
          process.kill('SIGTERM')
        })
      }
    },
  }
}

/** Where CUPS-PDF writes this user's jobs (`Out` in /etc/cups/cups-pdf.conf; `~/PDF` by default). */
export function cupsPdfFolder(): string {
  let out = '${HOME}/PDF'
  try {
    const line = readFileSync('/etc/cups/cups-pdf.conf', 'utf8')
      .split('\n')
      .find((text) => /^Out\s/.test(text))
    if (line) out = line.replace(/^Out\s+/, '').trim()
  } catch {
    // Control flow: no config file, the package's default.
  }
  return out.replace('${HOME}', homedir()).replace('${USER}', userInfo().username)
}

export interface PrintedPdf {
  path: string
  /** pdftotext's text, whitespace runs made one space. */
  text: string
  pages: number
  widthMm: number
  heightMm: number
}

const POINTS_PER_MM = 72 / 25.4

/** Reads a PDF back: its text and its first page's size. */
export async function readPdf(path: string): Promise<PrintedPdf> {
  const { stdout: text } = await run('pdftotext', [path, '-'])
  const { stdout: info } = await run('pdfinfo', [path])
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)
  if (!size) throw new Error(`pdfinfo gave no page size for ${path}`)
  return {
    path,
    text: text.replace(/\s+/g, ' ').trim(),
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
    widthMm: Number(size[1]) / POINTS_PER_MM,
    heightMm: Number(size[2]) / POINTS_PER_MM,
  }
}

/** Waits for the PDF that CUPS-PDF wrote, since `sinceMs`, whose text holds `marker`. */
export function waitForPrintedPdf(sinceMs: number, marker: string): Promise<PrintedPdf> {
  const folder = cupsPdfFolder()
  return vi.waitFor(
    async () => {
      const names = readdirSync(folder, { withFileTypes: true }).filter(
        (entry) => entry.isFile() && entry.name.endsWith('.pdf'),
      )
      for (const entry of names) {
        const path = join(folder, entry.name)
        if (statSync(path).mtimeMs < sinceMs - 1_000) continue
        // A job still being written does not read yet: the next round sees it whole.
        const pdf = await readPdf(path).catch(() => null)
        if (pdf?.text.includes(marker)) return pdf
      }
      throw new Error(`no PDF in ${folder} since ${new Date(sinceMs).toISOString()} shows "${marker}"`)
    },
    { timeout: 60_000, interval: 500 },
  )
}

/** The QR codes on a PDF's first page, decoded (pdftoppm renders it, zbarimg reads it). */
export async function qrCodesIn(pdf: string): Promise<string[]> {
  const base = join(tmpdir(), `kezek-qr-${process.pid}-${Date.now()}`)
  try {
    await run('pdftoppm', ['-r', '300', '-png', '-singlefile', '-f', '1', '-l', '1', pdf, base])
    const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${base}.png`])
    return stdout.split('\n').filter((line) => line !== '')
  } finally {
    rmSync(`${base}.png`, { force: true })
  }
}
