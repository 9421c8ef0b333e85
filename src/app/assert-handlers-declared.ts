import type { InboundEventKind } from '../messaging/inbound-event.js';
import type { AppModule } from './app-module.js';

/**
 * A module's `handles` list is what app-modules.ts checks at compile time, so it must say exactly
 * which kinds the module's `register` added handlers for: no more, no fewer.
 */
export function assertHandlersDeclared(module: AppModule, before: Set<InboundEventKind>, after: Set<InboundEventKind>): void {
  const added = [...after].filter((kind) => !before.has(kind));
  const declared = new Set<InboundEventKind>(module.handles ?? []);
  const undeclared = added.filter((kind) => !declared.has(kind));
  const missing = [...declared].filter((kind) => !added.includes(kind) && !before.has(kind));
  if (undeclared.length > 0 || missing.length > 0) {
    throw new Error(
      `module '${module.name}': handles lists [${[...declared].join(', ')}] but register added handlers for [${added.join(', ')}]`,
    );
  }
}
