import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config.service';
import { validateEnv } from './validate-env';

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          cache: true,
          validate: (raw) => validateEnv({ ...raw, ...overrides }),
        }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
