/**
 * The one-time-code SMS, in Kazakh and Russian in one message (Kazakh first), sent to the phone being
 * bound. Cyrillic makes it a UCS-2 message: 70 characters fit one segment, but a longer message is
 * split in segments of 67, so the text must stay within two of them (134 characters), whatever the
 * purpose and the validity.
 */

export type SmsPurpose = 'register' | 'change-phone' | 'booking' | 'check-in' | 'telegram' | 'join'

/** Characters per segment of a multi-part UCS-2 SMS, and the segments we allow ourselves. */
export const SMS_SEGMENT_CHARS = 67
export const SMS_MAX_SEGMENTS = 2
export const SMS_MAX_CHARS = SMS_SEGMENT_CHARS * SMS_MAX_SEGMENTS

const PURPOSE = {
  register: { kk: 'ЖСН-ді осы нөмірге тіркеу', ru: 'привязка ИИН к этому номеру' },
  'change-phone': { kk: 'ЖСН нөмірін осыған ауыстыру', ru: 'смена номера ИИН на этот' },
  booking: { kk: 'ХҚО-ға жазылуды растау', ru: 'подтверждение записи в ЦОН' },
  'check-in': { kk: 'ХҚО-да жазылу бойынша келу', ru: 'отметка о приходе по записи' },
  telegram: { kk: 'ХҚО Telegram-ботын қосу', ru: 'подключение Telegram-бота ЦОН' },
  join: { kk: 'ХҚО кезегіне онлайн тұру', ru: 'онлайн-очередь в ЦОН' },
} as const satisfies Record<SmsPurpose, { kk: string; ru: string }>

/**
 * `Код 123456: ЖСН-ді осы нөмірге тіркеу, 5 мин. Ешкімге айтпаңыз. / ...привязка ИИН...`. The code comes
 * first so a phone's notification shows it.
 */
export function oneTimeCodeSms(code: string, purpose: SmsPurpose, validMinutes: number): string {
  const { kk, ru } = PURPOSE[purpose]
  return `Код ${code}: ${kk}, ${validMinutes} мин. Ешкімге айтпаңыз. ${capitalise(ru)}, ${validMinutes} мин. Никому не сообщайте.`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** How many segments a text takes as UCS-2 (every character here is in the Basic Multilingual Plane). */
export function ucs2Segments(text: string): number {
  if (text.length <= 70) return 1
  return Math.ceil(text.length / SMS_SEGMENT_CHARS)
}
