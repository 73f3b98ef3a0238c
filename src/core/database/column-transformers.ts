import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; seqs and read positions stay far below 2^53, so numbers are exact. */
export const bigintToNumber: ValueTransformer = { to: (value: number) => value, from: (value: string) => Number(value) };
