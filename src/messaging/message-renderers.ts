import type { MessageRenderer } from './message-renderer.js';
import type { Platform } from './platform.js';

/** Each platform's renderer: one registry per service instance, filled by the channel modules. */
export interface MessageRenderers {
  /** Registers a platform's renderer (one per platform; a second one throws). Returns an unregister function. */
  add(platform: Platform, renderer: MessageRenderer): () => void;
  /** The platform's renderer; throws when no channel module registered one (a wiring error). */
  for(platform: Platform): MessageRenderer;
}

export function createMessageRenderers(): MessageRenderers {
  const renderers = new Map<Platform, MessageRenderer>();
  return {
    add(platform, renderer) {
      if (renderers.has(platform)) throw new Error(`a message renderer for ${platform} is already registered`);
      renderers.set(platform, renderer);
      return () => {
        if (renderers.get(platform) === renderer) renderers.delete(platform);
      };
    },
    for(platform) {
      const renderer = renderers.get(platform);
      if (!renderer) throw new Error(`no message renderer is registered for ${platform}`);
      return renderer;
    },
  };
}
