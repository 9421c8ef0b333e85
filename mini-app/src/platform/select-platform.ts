import { createDevPlatform } from './dev-platform.js';
import type { LaunchParams } from './launch-params.js';
import type { SidebarPlatform } from './sidebar-platform.js';
import { createWeComPlatform } from './wecom-platform.js';

/** `devUser` in the URL selects the stubbed host; the server decides whether dev login exists at all. */
export function selectPlatform(launch: LaunchParams): SidebarPlatform {
  return launch.dev ? createDevPlatform(launch.dev) : createWeComPlatform();
}
