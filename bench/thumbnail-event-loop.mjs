#!/usr/bin/env node
// node bench/thumbnail-event-loop.mjs (after `npm run build`): does making thumbnails block
// the event loop? Decodes and thumbnails a 24-megapixel JPEG with Parley's describeImage
// (sharp) a few times, four at once, while a 1 ms timer measures the event loop's delay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { ROOT } from './lib/infra.mjs';

const { describeImage } = await import(join(ROOT, 'dist/src/conversations/uploads/image-processor.js'));
const dir = mkdtempSync(join(tmpdir(), 'parley-thumb-'));
const path = join(dir, 'photo.jpg');
// Noise, so the JPEG decoder has real work (a flat colour decodes almost for free).
const noise = Buffer.alloc(6000 * 4000 * 3);
for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 2654435761) >>> 24;
writeFileSync(
  path,
  await sharp(noise, { raw: { width: 6000, height: 4000, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer(),
);

const histogram = monitorEventLoopDelay({ resolution: 1 });
let ticks = 0;
const ticker = setInterval(() => (ticks += 1), 1);
histogram.enable();
const started = performance.now();
for (let round = 0; round < 3; round += 1) await Promise.all(Array.from({ length: 4 }, () => describeImage(path)));
const seconds = (performance.now() - started) / 1000;
histogram.disable();
clearInterval(ticker);
rmSync(dir, { recursive: true, force: true });
const ms = (ns) => (ns / 1e6).toFixed(1);
console.log(
  `12 thumbnails of a 6000x4000 JPEG in ${seconds.toFixed(2)} s (sharp concurrency ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4}); ` +
    `event loop delay p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms; ` +
    `1 ms timer fired ${ticks} times (${(ticks / seconds).toFixed(0)}/s)`,
);
