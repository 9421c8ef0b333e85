import { z } from 'zod';

/** Response shapes we rely on; unknown fields pass through (WeCom adds fields over time). */

const str = z.string();
const optStr = z.string().optional();

export const externalContactProfileSchema = z.looseObject({
  external_userid: str,
  name: z.string().default(''),
  position: optStr,
  avatar: optStr,
  corp_name: optStr,
  corp_full_name: optStr,
  type: z.number().int().optional(),
  gender: z.number().int().optional(),
  unionid: optStr,
});
export type ExternalContactProfile = z.infer<typeof externalContactProfileSchema>;

export const followUserTagSchema = z.looseObject({
  group_name: optStr,
  tag_name: optStr,
  tag_id: optStr,
  type: z.number().int().optional(),
});

export const followUserSchema = z.looseObject({
  userid: str,
  remark: optStr,
  description: optStr,
  createtime: z.number().int().optional(),
  tags: z.array(followUserTagSchema).optional(),
  remark_corp_name: optStr,
  remark_mobiles: z.array(z.string()).optional(),
  oper_userid: optStr,
  add_way: z.number().int().optional(),
  state: optStr,
});
export type FollowUser = z.infer<typeof followUserSchema>;

export const getExternalContactSchema = z.looseObject({
  external_contact: externalContactProfileSchema,
  follow_user: z.array(followUserSchema).default([]),
  next_cursor: optStr,
});

export const followInfoSchema = z.looseObject({
  userid: str,
  remark: optStr,
  description: optStr,
  createtime: z.number().int().optional(),
  tag_id: z.array(z.string()).optional(),
  remark_corp_name: optStr,
  remark_mobiles: z.array(z.string()).optional(),
  oper_userid: optStr,
  add_way: z.number().int().optional(),
  state: optStr,
});
export type FollowInfo = z.infer<typeof followInfoSchema>;

export const batchGetByUserSchema = z.looseObject({
  external_contact_list: z
    .array(z.looseObject({ external_contact: externalContactProfileSchema, follow_info: followInfoSchema }))
    .default([]),
  next_cursor: optStr,
});
export type BatchContactItem = z.infer<typeof batchGetByUserSchema>['external_contact_list'][number];

export const followUserListSchema = z.looseObject({ follow_user: z.array(z.string()).default([]) });

export const corpTagListSchema = z.looseObject({
  tag_group: z
    .array(
      z.looseObject({
        group_id: str,
        group_name: z.string().default(''),
        create_time: z.number().optional(),
        order: z.number().optional(),
        deleted: z.boolean().optional(),
        tag: z
          .array(
            z.looseObject({
              id: str,
              name: z.string().default(''),
              create_time: z.number().optional(),
              order: z.number().optional(),
              deleted: z.boolean().optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type CorpTagGroup = z.infer<typeof corpTagListSchema>['tag_group'][number];

export const messageSendSchema = z.looseObject({
  invaliduser: optStr,
  invalidparty: optStr,
  invalidtag: optStr,
  unlicenseduser: optStr,
  msgid: optStr,
  response_code: optStr,
});
export type MessageSendResult = z.infer<typeof messageSendSchema>;

/** An answer that carries nothing but errcode/errmsg (mark_tag …). */
export const okSchema = z.looseObject({});

export const ticketSchema = z.looseObject({ ticket: str, expires_in: z.number().int().positive() });
export const tokenSchema = z.looseObject({ access_token: str, expires_in: z.number().int().positive() });

export const userInfoByCodeSchema = z.looseObject({
  userid: optStr,
  user_ticket: optStr,
  openid: optStr,
  external_userid: optStr,
});
export type UserInfoByCode = z.infer<typeof userInfoByCodeSchema>;

export const userSchema = z.looseObject({
  userid: str,
  name: z.string().default(''),
  department: z.array(z.number().int()).default([]),
  position: optStr,
  mobile: optStr,
  email: optStr,
  status: z.number().int().optional(),
  avatar: optStr,
  /** 直属上级 userids. */
  direct_leader: z.array(z.string()).optional(),
});
export type WecomUser = z.infer<typeof userSchema>;

/** 获取部门列表 (Doc 90344). */
export const departmentListSchema = z.looseObject({
  department: z.array(z.looseObject({ id: z.number().int(), name: z.string().default(''), parentid: z.number().int().default(0), order: z.number().default(0) })).default([]),
});
export type WecomDepartment = z.infer<typeof departmentListSchema>['department'][number];
/** 获取部门成员详情 (Doc 90201): status 1 active, 2 disabled, 4 not activated, 5 exited. */
export const userListSchema = z.looseObject({
  userlist: z.array(userSchema).default([]),
});
export type WecomListedUser = z.infer<typeof userListSchema>['userlist'][number];

/** 分配在职/离职成员的客户: one errcode per client (0 accepted). */
export const transferCustomerSchema = z.looseObject({
  customer: z.array(z.looseObject({ external_userid: str, errcode: z.number().int() })).default([]),
});
/** 查询客户接替状态: 1 done, 2 waiting, 3 refused, 4 taker at the limit, 5 no transfer on record. */
export const transferResultSchema = z.looseObject({
  customer: z.array(z.looseObject({ external_userid: str, status: z.number().int(), takeover_time: z.number().int().optional() })).default([]),
  next_cursor: z.string().optional(),
});
/** 获取待分配的离职成员列表 (Doc 92124): leavers' clients not handed over yet. */
export const unassignedListSchema = z.looseObject({
  info: z.array(z.looseObject({ handover_userid: str, external_userid: str, dimission_time: z.number().int().optional() })).default([]),
  is_last: z.boolean().optional(),
  next_cursor: z.string().optional(),
});
export type UnassignedItem = z.infer<typeof unassignedListSchema>['info'][number];
export type TransferCustomerItem = z.infer<typeof transferCustomerSchema>['customer'][number];
export type TransferResultItem = z.infer<typeof transferResultSchema>['customer'][number];
