/** Notifications to citizens, the pure part: rules, quiet hours, texts. The hub's notifier uses these. */
export * from './types'
export {
  draftsOf,
  intentsOf,
  isStale,
  notificationSettings,
  reminderTime,
  type NotifyDraft,
  type Reach,
} from './rules'
export { afterQuietHours, inQuietHours } from './quiet-hours'
export { smsText, telegramText } from './texts'
