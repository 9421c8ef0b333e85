import type { Types } from 'mongoose';
import type { HandoverTransfer, TransferState } from '../../crm/handover/handover-transfer.js';
import { failureReason } from '../../crm/handover/settle-handover-item.js';
import { Unavailable } from '../../errors.js';
import type { WecomApiClient } from './api/wecom-api-client.js';
import type { WecomRuntime } from './wecom-runtime.js';

/**
 * Per-client errcodes of transfer_customer, as reasons. 40128 (the 90-day rule), 40129 (already
 * being transferred), 40130 and 40131 are from WeCom's global errcode table (Doc 90313); 40129
 * means the earlier transfer still waits, so the item keeps waiting.
 */
const TRANSFER_ERRCODES: Record<number, string> = {
  40003: 'wecom_40003: 无效的成员 UserID',
  40096: 'wecom_40096: 不合法的外部联系人（已不在企业的客户中）',
  40097: 'wecom_40097: 该成员尚未离职，应使用在职继承',
  40098: 'wecom_40098: 接替成员尚未实名认证',
  40099: 'wecom_40099: 接替成员的客户数已达上限',
  40100: 'wecom_40100: 此客户已在转移流程中',
  40128: 'wecom_40128: 客户转接过于频繁（90 天内每位客户仅可被转接有限次数）',
  40130: 'wecom_40130: 原跟进人与接替人相同',
  40131: 'wecom_40131: 原跟进人并不是此客户的跟进人',
  84061: 'wecom_84061: 原跟进人与此客户已无好友关系',
};
const STILL_TRANSFERRING = 40129;

/** transfer_result status: 1 done, 2 waiting, 3 refused, 4 taker at the limit, 5 no transfer on record. */
function resultState(status: number): TransferState {
  switch (status) {
    case 1:
      return { status: 'moved' };
    case 2:
      return { status: 'waiting' };
    case 3:
      return { status: 'failed', reason: failureReason('customer_refused') };
    case 4:
      return { status: 'failed', reason: failureReason('customer_limit_exceed') };
    default:
      return { status: 'failed', reason: `wecom_transfer_status_${status}: 企业微信没有这次接替的记录` };
  }
}

/** WeCom's 客户继承 for the CRM's handovers, with each tenant's own app. */
export function wecomHandoverTransfer(runtime: Pick<WecomRuntime, 'clientForTenantAsync'>): HandoverTransfer {
  async function clientOf(tenantId: Types.ObjectId): Promise<WecomApiClient | null> {
    try {
      return await runtime.clientForTenantAsync(tenantId, { requireAgent: false });
    } catch (error) {
      if (error instanceof Unavailable) return null;
      throw error;
    }
  }
  const required = async (tenantId: Types.ObjectId) => {
    const client = await clientOf(tenantId);
    if (!client) throw new Unavailable(`no WeCom app is configured for tenant ${String(tenantId)}`);
    return client;
  };
  return {
    platform: 'wecom',
    async start(tenantId, request) {
      const client = await clientOf(tenantId);
      if (!client) return null;
      const answered = await client.transferCustomer({
        resigned: request.resigned,
        handoverUserId: request.handoverUserId,
        takeoverUserId: request.takeoverUserId,
        externalUserIds: request.externalUserIds,
        ...(request.successMsg ? { transferSuccessMsg: request.successMsg } : {}),
      });
      const states = new Map<string, TransferState>();
      for (const c of answered) {
        states.set(
          c.external_userid,
          c.errcode === 0 || c.errcode === STILL_TRANSFERRING
            ? { status: 'waiting' }
            : { status: 'failed', reason: TRANSFER_ERRCODES[c.errcode] ?? `wecom_${c.errcode}: 企业微信拒绝了这次转接` },
        );
      }
      return states;
    },
    async results(tenantId, request) {
      const items = await (await required(tenantId)).transferResult(request);
      return new Map(items.map((c) => [c.external_userid, resultState(c.status)]));
    },
    async unassigned(tenantId) {
      const client = await clientOf(tenantId);
      if (!client) return null;
      return (await client.getUnassignedList()).map((i) => ({
        handoverUserId: i.handover_userid,
        externalUserId: i.external_userid,
        leftAt: i.dimission_time ? new Date(i.dimission_time * 1000) : null,
      }));
    },
  };
}
