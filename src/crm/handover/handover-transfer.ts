import type { Types } from 'mongoose';

/** One platform handover request: a giver's contacts to a successor (WeCom 在职继承 / 离职继承). */
export interface TransferRequest {
  /** The giver has left (离职继承), else they are in service (在职继承). */
  resigned: boolean;
  handoverUserId: string;
  takeoverUserId: string;
  externalUserIds: string[];
  /** Sent to the client when an in-service transfer succeeds (WeCom's transfer_success_msg). */
  successMsg?: string;
}

/** What the platform said about one contact: it waits for the client (or 24 h), or it failed and why. */
export type TransferState = { status: 'waiting' } | { status: 'moved' } | { status: 'failed'; reason: string };

/**
 * The chat-platform side of handovers, registered by the channel whose contacts can be handed over
 * (WeCom). The CRM asks it to start transfers and, later, how they went; it never calls a platform
 * itself. `start` answers null when the tenant has no app on that platform: then only CRM ownership
 * moves.
 */
export interface HandoverTransfer {
  platform: 'wecom';
  start(tenantId: Types.ObjectId, request: TransferRequest): Promise<Map<string, TransferState> | null>;
  /** Every transfer on record from the giver to the successor, by external user id. */
  results(tenantId: Types.ObjectId, request: Omit<TransferRequest, 'externalUserIds' | 'successMsg'>): Promise<Map<string, TransferState>>;
  /** Leavers' clients not handed over yet (WeCom get_unassigned_list); null when the tenant has no app. */
  unassigned(tenantId: Types.ObjectId): Promise<UnassignedClient[] | null>;
}

export interface UnassignedClient {
  handoverUserId: string;
  externalUserId: string;
  leftAt: Date | null;
}

/** The per-instance slot the channel fills (AppDeps.handoverTransfer). */
export interface HandoverTransferSlot {
  /** One platform may register; a second registration throws. Returns an unregister function. */
  set(transfer: HandoverTransfer): () => void;
  get(): HandoverTransfer | undefined;
}

export function createHandoverTransferSlot(): HandoverTransferSlot {
  let current: HandoverTransfer | undefined;
  return {
    set(transfer) {
      if (current) throw new Error(`a handover transfer for ${current.platform} is already registered`);
      current = transfer;
      return () => {
        if (current === transfer) current = undefined;
      };
    },
    get: () => current,
  };
}
