/**
 * One chat of the Telegram stand-in's transcript drawn as a phone's messenger shows it: the citizen's
 * messages on the right, the bot's on the left with their buttons (the one pressed marked), the contact
 * card and the contact button. For the README's picture of a conversation.
 */
import type { TelegramStandIn } from '../support/telegram-standin'

type Transcript = TelegramStandIn['transcript']

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
const lines = (text: string) => escape(text).replace(/\n/g, '<br>')

const STYLE = `
  body { margin: 0; font: 15px/1.35 'Noto Sans', 'DejaVu Sans', sans-serif; background: #cfd9c5; }
  header { position: sticky; top: 0; background: #517da2; color: #fff; padding: 12px 16px; font-weight: 600; }
  header small { display: block; font-weight: 400; opacity: .8; }
  main { padding: 10px 10px 16px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 82%; padding: 7px 10px; border-radius: 12px; box-shadow: 0 1px 1px rgba(0,0,0,.12); }
  .bot { align-self: flex-start; background: #fff; border-bottom-left-radius: 4px; }
  .user { align-self: flex-end; background: #effdde; border-bottom-right-radius: 4px; }
  .keys { align-self: flex-start; max-width: 82%; display: grid; gap: 4px; width: 82%; }
  .row { display: flex; gap: 4px; }
  .key { flex: 1; text-align: center; padding: 7px 6px; border-radius: 8px; color: #fff; font-size: 13px;
         background: rgba(60, 90, 70, .45); }
  .key.pressed { background: #3d7a4f; outline: 2px solid #fff; }
  .contact-key { align-self: stretch; text-align: center; padding: 10px; background: #fff; color: #2a6ebb;
                 border-radius: 8px; font-weight: 600; }
  .card b { display: block; }
  .card span { color: #2a6ebb; }
`

export function transcriptHtml(transcript: Transcript, chatId: number, title: string): string {
  const pressed = new Map<number, string>()
  for (const entry of transcript) {
    const query =
      entry.from === 'user' ? (entry.update.callback_query as CallbackQuery | undefined) : undefined
    if (query && query.message.chat.id === chatId) pressed.set(query.message.message_id, query.data)
  }
  const parts: string[] = []
  for (const entry of transcript) {
    if (entry.from === 'bot') {
      const message = entry.message
      if (message.chatId !== chatId) continue
      parts.push(`<div class="msg bot">${lines(message.text)}</div>`)
      if (message.buttons.length > 0) {
        const rows = message.buttons.map(
          (row) =>
            `<div class="row">${row
              .map((button) => {
                const mark = pressed.get(message.messageId) === button.callback_data ? ' pressed' : ''
                return `<div class="key${mark}">${escape(button.text)}</div>`
              })
              .join('')}</div>`,
        )
        parts.push(`<div class="keys">${rows.join('')}</div>`)
      }
      for (const key of message.keyboard.flat())
        parts.push(`<div class="contact-key">${escape(key.text)}</div>`)
      continue
    }
    const message = entry.update.message as UserMessage | undefined
    if (!message || message.chat.id !== chatId) continue
    if (message.contact)
      parts.push(
        `<div class="msg user card"><b>${escape(message.contact.first_name)}</b><span>${escape(message.contact.phone_number)}</span></div>`,
      )
    else if (message.text !== undefined) parts.push(`<div class="msg user">${lines(message.text)}</div>`)
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
    <header>${escape(title)}<small>bot</small></header><main>${parts.join('\n')}</main></body></html>`
}

interface CallbackQuery {
  data: string
  message: { message_id: number; chat: { id: number } }
}

interface UserMessage {
  chat: { id: number }
  text?: string
  contact?: { phone_number: string; first_name: string }
}
