export type * from './wire';
export type * from './socket-events';
