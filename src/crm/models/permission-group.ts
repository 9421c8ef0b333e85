import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { DATA_SCOPES, PERMISSION_ACTIONS, PERMISSION_MODULES } from '../permissions/catalogue.js';

/** A tenant's own permission group (用户组); the built-in sales/manager/admin groups are not stored. */
const permissionGroupSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    grants: {
      type: [
        new Schema(
          {
            module: { type: String, enum: PERMISSION_MODULES, required: true },
            actions: { type: [String], enum: PERMISSION_ACTIONS, default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    dataScope: { type: String, enum: DATA_SCOPES, required: true },
  },
  { collection: 'permission_groups', timestamps: true },
);
permissionGroupSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export type PermissionGroupRecord = InferSchemaType<typeof permissionGroupSchema>;
export type PermissionGroupDoc = HydratedDocument<PermissionGroupRecord>;
export const PermissionGroup = mongoose.model('PermissionGroup', permissionGroupSchema);
