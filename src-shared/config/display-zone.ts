/**
 * A zone display: a hall display limited to some services and/or windows (a floor, a zone, one window's
 * screen above the counter), with its own title. The hub sends such a display only its own calls.
 */
import { z } from 'zod'
import { id, localizedTextSchema } from './common'

export const displayZoneSchema = z
  .object({
    /** What the display says above its calls: "1st floor", "Windows 1–3". */
    title: localizedTextSchema.optional(),
    /** Only tickets of these services. Absent: any service. */
    serviceIds: z.array(id).min(1).max(100).optional(),
    /** Only calls to these windows (desk ids). Absent: any window. */
    deskIds: z.array(id).min(1).max(100).optional(),
  })
  .strict()
export type DisplayZone = z.infer<typeof displayZoneSchema>

interface ZoneConfigPart {
  services: readonly { id: string }[]
  desks: readonly { id: string }[]
  devices: readonly { kind: string; zone?: DisplayZone }[]
}

/** Every zone names services and desks the centre has, and only a display has one. */
export function checkDisplayZones(config: ZoneConfigPart, ctx: z.RefinementCtx): void {
  const services = new Set(config.services.map((s) => s.id))
  const desks = new Set(config.desks.map((d) => d.id))
  config.devices.forEach((device, index) => {
    const zone = device.zone
    if (!zone) return
    if (device.kind !== 'display') {
      ctx.addIssue({
        code: 'custom',
        path: ['devices', index, 'zone'],
        message: 'only a display can be limited to a zone',
      })
    }
    zone.serviceIds?.forEach((serviceId, j) => {
      if (!services.has(serviceId))
        ctx.addIssue({
          code: 'custom',
          path: ['devices', index, 'zone', 'serviceIds', j],
          message: `unknown service "${serviceId}"`,
        })
    })
    zone.deskIds?.forEach((deskId, j) => {
      if (!desks.has(deskId))
        ctx.addIssue({
          code: 'custom',
          path: ['devices', index, 'zone', 'deskIds', j],
          message: `unknown desk "${deskId}"`,
        })
    })
  })
}
