import type Koa from 'koa';
import { appModules } from './app-modules.js';
import type { Config } from '../config.js';
import { ensureDefaultTenant } from '../crm/tenants/ensure-default-tenant.js';
import type { AppDeps, AppModule, AppState } from './app-module.js';
import { createApp } from '../http/create-app.js';
import type { Logger } from '../logger.js';

export interface Service {
  app: Koa<AppState>;
  deps: AppDeps;
  /** Starts every module's background work; returns one stop function. */
  startBackground(): Promise<() => Promise<void>>;
}

const registered = new WeakSet<AppModule>();

/** Builds the service on an already-connected database (used by main and by tests). */
export async function buildService(config: Config, logger: Logger, modules: AppModule[] = appModules): Promise<Service> {
  const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
  const deps: AppDeps = { config, logger, defaultTenantId: tenant._id };
  for (const module of modules) {
    // Handler registries are process-wide; register each module once even if several apps are built.
    if (!registered.has(module)) {
      module.register?.(deps);
      registered.add(module);
    }
  }
  const app = createApp(deps, modules);
  return {
    app,
    deps,
    async startBackground() {
      const stops: Array<() => Promise<void>> = [];
      for (const module of modules) if (module.start) stops.push(await module.start(deps));
      return async () => {
        for (const stop of stops.reverse()) await stop();
      };
    },
  };
}
