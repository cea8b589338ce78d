import type { ConfigIssue } from '../../src-shared/config'

/**
 * The hub's refusal laid over a form: each issue under the edited item's path (`['services', 3]`) goes
 * to its field (`name.kk`; list positions dropped, so `serviceIds.0` is the `serviceIds` field), a
 * one-part path that names no section (`password`) to that field, and the rest to the form as a whole.
 */
export function fieldErrors(
  issues: readonly ConfigIssue[],
  prefix: readonly (string | number)[],
  /** The fields the form has, when it has not all that could be under `prefix`: others go to the form. */
  known?: readonly string[] | ((field: string) => boolean),
  /** Keep list positions (`steps.1.urlPattern`), for a form that shows each item of a list. */
  positions = false,
): { fields: Record<string, string>; others: string[] } {
  const fields: Record<string, string> = {}
  const others: string[] = []
  for (const issue of issues) {
    const under = prefix.every((part, i) => issue.path[i] === part) && issue.path.length > prefix.length
    const rest = under ? issue.path.slice(prefix.length) : issue.path.length === 1 ? issue.path : null
    const key = rest?.filter((part) => positions || typeof part === 'string').join('.')
    const has = typeof known === 'function' ? known : (field: string) => !known || known.includes(field)
    const shown = key && has(key) ? key : null
    if (shown && !(shown in fields)) fields[shown] = issue.message
    else if (!shown) {
      // An issue at the edited item itself (a group that cannot go) is about the whole form: no path.
      const itself = issue.path.length === prefix.length && prefix.every((part, i) => issue.path[i] === part)
      // One under the item at a field this form does not show (the admin's own login, disabled from the
      // staff list) is said as a sentence: its config path means nothing to the admin.
      if (under && !itself) others.push(sentence(issue.message))
      else
        others.push(
          issue.path.length && !itself ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
        )
    }
  }
  return { fields, others }
}

function sentence(message: string): string {
  return message.charAt(0).toLocaleUpperCase() + message.slice(1)
}
