/**
 * A changed field as the change log names it: `selfService.needs` reads "Self-service › What the
 * citizen needs", `steps.1.title.kk` "Steps › 2 › Title › Kazakh". Each part is looked up by its own
 * name (`admin.audit.fields.<part>`, weekdays as the hours tab says them); a path with a part the
 * catalogue does not know is shown as it is, so nothing is ever hidden behind a wrong word.
 */
type Translate = (key: string) => string
type Has = (key: string) => boolean

export function auditFieldLabel(field: string, t: Translate, te: Has): string {
  if (!field) return ''
  const words: string[] = []
  for (const part of field.split('.')) {
    if (/^\d+$/.test(part)) words.push(String(Number(part) + 1))
    else if (te(`admin.audit.fields.${part}`)) words.push(t(`admin.audit.fields.${part}`))
    else if (te(`admin.hours.days.${part}`)) words.push(t(`admin.hours.days.${part}`))
    else return field
  }
  return words.join(' › ')
}
