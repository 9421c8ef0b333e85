/**
 * The version of the data's shape. Bump it with a change that needs existing documents migrated;
 * a backup records it, and a restore refuses an archive written by a newer version than this code.
 */
export const SCHEMA_VERSION = 1;
