export * from './commands'
export * from './messages'
export * from './projection'
export * from './registration'
