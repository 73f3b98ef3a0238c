import { existsSync } from 'node:fs';
import { startTracing } from './start-tracing';

// main.ts's first import: before Express, pg and ioredis are loaded. `.env` is read here for its
// OTEL_* settings (main.ts reads it again; the environment wins over the file either way).
if (existsSync('.env')) process.loadEnvFile('.env');
startTracing(process.env);
