/** The supervisor's figures of the centre's day: one entry point, for the supervisor view and its exports. */
export {
  dayFigures,
  measuredService,
  measuredWait,
  newcomerEstimateMinutes,
  NO_OUTCOME,
  type FiguresConfig,
} from './day-figures'
export type {
  CallFigure,
  DayFigures,
  DeskFigures,
  FigureOptions,
  HeadlineFigures,
  ServiceFigures,
  TicketInHand,
} from './types'
export { ratingFigures, type RatingFigures, type RatingGroup } from './ratings'
export { supervisorAlerts, type Alert, type AlertInput, type AlertKind, type DevicePresence } from './alerts'
