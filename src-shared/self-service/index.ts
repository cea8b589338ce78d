export * from './figures'
export * from './idle'
export * from './portal-url'
