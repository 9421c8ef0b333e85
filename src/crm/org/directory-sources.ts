import { InvalidInput } from '../../errors.js';
import type { DirectoryFetcher, DirectoryPlatform } from './directory-snapshot.js';

/** Which channel reads which platform's address book; one per service instance (AppDeps). */
export interface DirectorySources {
  set(platform: DirectoryPlatform, fetcher: DirectoryFetcher): void;
  /** The fetcher, or a 400 naming the platform when no channel offers its directory. */
  get(platform: DirectoryPlatform): DirectoryFetcher;
}

export function createDirectorySources(): DirectorySources {
  const fetchers = new Map<DirectoryPlatform, DirectoryFetcher>();
  return {
    set(platform, fetcher) {
      if (fetchers.has(platform)) throw new Error(`a directory source for ${platform} is already registered`);
      fetchers.set(platform, fetcher);
    },
    get(platform) {
      const fetcher = fetchers.get(platform);
      if (!fetcher) throw new InvalidInput(`platform: no ${platform} directory is available`, [{ path: 'platform', message: 'not available' }]);
      return fetcher;
    },
  };
}
