import { z } from 'zod';

/** The chat platforms ChatCRM speaks; each has one folder under src/channels. */
export const PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const platformSchema = z.enum(PLATFORMS);
