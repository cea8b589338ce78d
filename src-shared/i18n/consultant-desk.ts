/**
 * The consultant's desk texts added with the call-order list, the queue's "more below" cue, the paused
 * window's unserved queues and the walk-in's reasons, in kk/ru/en. Staff-only: added by the consultant's
 * components (`src-renderer/consultant/consultant-texts.ts`), not carried by the phone tracker.
 */
export const consultantDeskKk = {
  more: 'Тағы {n} төменде',
  moreHint: 'Тізімді төмен айналдыру',
  position: '{n}-кезек',
  later: 'кейін',
  callOrder: 'Талондар «Келесіні шақыру» алатын ретпен',
  pausedTitle: 'Бұл талондарды ешкім шақырмайды',
  pausedRow: 'Терезеңіз үзілісте: оларға қызмет көрсету үшін жұмысты жалғастырыңыз',
  resume: 'Жалғастыру',
  walkInWhy: {
    notServed: 'Терезеңіз бұл қызметті көрсетпейді: «Талон беру» оны кезегіне қояды.',
    busy: 'Қолыңызда талон бар: алдымен оны аяқтаңыз, немесе «Талон беру» оны кезекке қояды.',
    notOpen: 'Терезеңіз ашық емес: «Талон беру» оны кезекке қояды.',
  },
}

export const consultantDeskRu: typeof consultantDeskKk = {
  more: 'Ещё {n} ниже',
  moreHint: 'Прокрутить список вниз',
  position: '{n}-й',
  later: 'позже',
  callOrder: 'Талоны в порядке, в котором их возьмёт «Вызвать следующего»',
  pausedTitle: 'Эти талоны никто не вызовет',
  pausedRow: 'Ваше окно на паузе: продолжите работу, чтобы обслужить их',
  resume: 'Продолжить',
  walkInWhy: {
    notServed: 'Ваше окно не обслуживает эту услугу: «Выдать талон» поставит его в её очередь.',
    busy: 'У вас талон в работе: сначала завершите его, или «Выдать талон» поставит новый в очередь.',
    notOpen: 'Ваше окно не открыто: «Выдать талон» поставит его в очередь.',
  },
}

export const consultantDeskEn: typeof consultantDeskKk = {
  more: '{n} more below',
  moreHint: 'Scroll the list down',
  position: 'No. {n}',
  later: 'later',
  callOrder: 'Tickets in the order “Call next” takes them',
  pausedTitle: 'Nobody will call these tickets',
  pausedRow: 'Your window is paused: resume to serve them',
  resume: 'Resume',
  walkInWhy: {
    notServed: 'Your window does not serve this service: “Issue ticket” puts it in that queue.',
    busy: 'You have a ticket in hand: finish it first, or “Issue ticket” puts this one in the queue.',
    notOpen: 'Your window is not open: “Issue ticket” puts it in the queue.',
  },
}
