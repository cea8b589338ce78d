/**
 * axe-core in a browser test: its source is evaluated in the page (over the DevTools protocol, so the
 * faces' strict CSP, which refuses inline scripts, does not stop it) and run on the whole document.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The impacts a face must have none of. */
const BLOCKING = ['serious', 'critical']
/** Rules axe rates moderate that a face must pass all the same: a screen reader's way into each page. */
const REQUIRED_RULES = ['page-has-heading-one']

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

/**
 * The page's serious and critical axe violations (and a missing level-one heading), one line per element: rule id, impact, the element's
 * selector and axe's summary of what is wrong. Empty when the page passes.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  // Colours are judged as they settle: a button's 120 ms fade or a card sliding in is no violation.
  // Endless animations (a pulsing dot) are left running.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  )
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object')
  if (!loaded) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }))
  })
  return violations
    .filter((v) => BLOCKING.includes(v.impact ?? '') || REQUIRED_RULES.includes(v.id))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}) at ${n.target.map(String).join(' ')}: ${v.help}` +
          (n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').trim()}` : ''),
      ),
    )
}
