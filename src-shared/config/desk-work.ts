/**
 * What a consultant codes at the window: why the desk pauses (`pauseReasons`) and how a visit ended
 * (`outcomes`, with the ids that apply per service and whether one is required, `policy.outcomeRequired`).
 */
import { z } from 'zod'
import { id, localizedTextSchema } from './common'

/** A reason to pause a desk (lunch, a technical break…), with the minutes after which it is overlong. */
export const pauseReasonSchema = z
  .object({
    id,
    name: localizedTextSchema,
    /** Minutes this pause should last at most; the desk bar and the supervisor see when it is over. */
    limitMinutes: z.number().int().min(1).max(480).optional(),
  })
  .strict()
export type PauseReasonConfig = z.infer<typeof pauseReasonSchema>

/** How a visit at the window ended: served, documents missing, refused, redirected… */
export const outcomeSchema = z.object({ id, name: localizedTextSchema }).strict()
export type OutcomeConfig = z.infer<typeof outcomeSchema>

interface DeskWorkConfig {
  outcomes: readonly OutcomeConfig[]
  pauseReasons: readonly PauseReasonConfig[]
  services: readonly { outcomes?: string[] | undefined }[]
  policy: { outcomeRequired: boolean }
}

/** Ids unique, a service's outcomes known, and a required outcome only where there are outcomes to pick. */
export function checkDeskWork(config: DeskWorkConfig, ctx: z.RefinementCtx): void {
  const outcomes = new Set(config.outcomes.map((o) => o.id))
  config.services.forEach((service, index) => {
    service.outcomes?.forEach((outcomeId, j) => {
      if (!outcomes.has(outcomeId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'outcomes', j],
          message: `unknown outcome "${outcomeId}" (not in outcomes)`,
        })
      }
    })
    if (config.policy.outcomeRequired && service.outcomes?.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', index, 'outcomes'],
        message: 'is empty, but policy.outcomeRequired asks for an outcome at every finish',
      })
    }
  })
  if (config.policy.outcomeRequired && config.outcomes.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['policy', 'outcomeRequired'],
      message: 'is true, but the config lists no outcomes to choose from',
    })
  }
}

/**
 * The outcomes a consultant may code for a ticket of `serviceId`: the service's own list, or every
 * outcome of the centre when the service names none.
 */
export function outcomesFor(
  config: { outcomes?: readonly OutcomeConfig[]; services: readonly { id: string; outcomes?: string[] }[] },
  serviceId: string,
): OutcomeConfig[] {
  const all = config.outcomes ?? []
  const own = config.services.find((s) => s.id === serviceId)?.outcomes
  return own ? all.filter((o) => own.includes(o.id)) : [...all]
}
