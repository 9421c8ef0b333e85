import type { Types } from 'mongoose';

/** The address books a directory sync reads. */
export const DIRECTORY_PLATFORMS = ['wecom', 'dingtalk'] as const;
export type DirectoryPlatform = (typeof DIRECTORY_PLATFORMS)[number];

export interface DirectoryDepartment {
  /** The platform's department id. */
  externalId: string;
  name: string;
  parentExternalId: string | null;
  order: number;
}

export interface DirectoryPerson {
  /** The platform's user id (WeCom userid, DingTalk userid). */
  userId: string;
  name: string;
  departmentExternalIds: string[];
  position?: string;
  mobile?: string;
  /** The platform user id of their 直属上级, when the platform says. */
  managerUserId?: string;
}

/** One platform's whole address book at one moment, in the domain's words. */
export interface DirectorySnapshot {
  platform: DirectoryPlatform;
  departments: DirectoryDepartment[];
  /** Everyone currently in the organisation; anyone missing has left. */
  people: DirectoryPerson[];
}

/** Reads a tenant's address book from its platform (implemented by each channel). */
export type DirectoryFetcher = (tenantId: Types.ObjectId) => Promise<DirectorySnapshot>;
