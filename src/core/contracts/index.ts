export type * from './wire.js';
export type * from './socket-events.js';
