import { v7 } from 'uuid';

/** Primary keys are UUIDv7, made in the app: time-ordered, so inserts stay index-friendly. */
export const newId = (): string => v7();
