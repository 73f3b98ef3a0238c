import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '../../core/config/app-config.service';
import { httpMetrics } from './http-metrics';
import { MetricsService } from './metrics.service';
import { scrapeHandler } from './scrape-handler';

/**
 * The HTTP side of metrics, installed by the app factory first among the middlewares
 * (so every request is timed, refusals included): the request histogram, and GET
 * /metrics on the app's port when only METRICS_TOKEN is set.
 */
export function serveMetrics(app: NestExpressApplication): void {
  const service = app.get(MetricsService);
  if (!service.metrics) return;
  app.use(httpMetrics(service.metrics));
  const config = app.get(AppConfig);
  const token = config.get('METRICS_TOKEN');
  if (config.get('METRICS_PORT') === undefined && token !== undefined) {
    const handle = scrapeHandler(service, token);
    app.use('/metrics', (req: Parameters<typeof handle>[0] & { method: string }, res: Parameters<typeof handle>[1], next: () => void) =>
      req.method === 'GET' ? handle(req, res) : next(),
    );
  }
}
