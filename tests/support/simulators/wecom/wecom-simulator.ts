import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local WeCom API server following the documented contract (Doc 90313/90455/91039/92113/
 * 92114/92994/92117/92118/90236/91023/90506): every answer is HTTP 200 + JSON with errcode/errmsg,
 * tokens expire and can be invalidated early, errors can be injected per path.
 */

export interface SimStaff {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  mobile?: string;
  /** Configured for 客户联系 (appears in get_follow_user_list). */
  customerContact?: boolean;
  /** When the member left (seconds): their clients are listed by get_unassigned_list until handed over. */
  dimission_time?: number;
  /** 直属上级 userids. */
  direct_leader?: string[];
  /** 1 active, 2 disabled, 4 not yet activated, 5 exited (Doc 90196). */
  status?: 1 | 2 | 4 | 5;
}

/** A department of the address book (Doc 90344): id 1 is the company's root. */
export interface SimDepartment {
  id: number;
  name: string;
  parentid: number;
  order?: number;
}

export interface SimContact {
  external_userid: string;
  name: string;
  type: 1 | 2;
  gender?: 0 | 1 | 2;
  avatar?: string;
  unionid?: string;
  corp_name?: string;
  corp_full_name?: string;
  position?: string;
}

export interface SimTag {
  group_name: string;
  tag_name: string;
  tag_id: string;
  type: 1 | 2 | 3;
}

export interface SimFollow {
  userid: string;
  external_userid: string;
  remark?: string;
  description?: string;
  createtime: number;
  tags?: SimTag[];
  remark_corp_name?: string;
  remark_mobiles?: string[];
  add_way?: number;
  oper_userid?: string;
  state?: string;
}

export interface SimTransfer {
  handover_userid: string;
  takeover_userid: string;
  external_userid: string;
  resigned: boolean;
  /** 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限. */
  status: 1 | 2 | 3 | 4;
  at: number;
  successMsg?: unknown;
}

export interface SimTagGroup {
  group_id: string;
  group_name: string;
  create_time: number;
  order: number;
  tag: { id: string; name: string; create_time: number; order: number }[];
}

export interface SentMessage {
  body: Record<string, unknown>;
  /** False when WeCom's duplicate check suppressed it. */
  delivered: boolean;
  deliveredTo: string[];
  at: number;
  msgid: string;
}

export interface WecomSimulatorOptions {
  corpId?: string;
  secret?: string;
  agentId?: number;
  tokenTtlSeconds?: number;
  ticketTtlSeconds?: number;
  /** Follow users per page of externalcontact/get (WeCom: 500). */
  followUserPageSize?: number;
}

interface Injection {
  errcode: number;
  remaining: number;
}

interface Delay {
  ms: number;
  remaining: number;
}

interface IssuedToken {
  expiresAt: number;
  invalid: boolean;
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential, hint: [sim]',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  40091: 'secret is invalid',
  40096: 'invalid external userid',
  41001: 'access_token missing',
  42001: 'access_token expired',
  45002: 'content size out of limit',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  48002: 'api forbidden',
  48009: 'api not authorized for this member',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip, from ip: 127.0.0.1',
  60111: 'userid not found',
  60123: 'invalid party id',
  81013: 'user & party & tag all invalid',
  84061: 'not exist contact',
};

export class WecomSimulator {
  readonly corpId: string;
  readonly secret: string;
  readonly agentId: number;
  baseUrl = '';
  tokenTtlSeconds: number;
  ticketTtlSeconds: number;
  followUserPageSize: number;

  readonly staff = new Map<string, SimStaff>();
  readonly departments = new Map<number, SimDepartment>();
  readonly contacts = new Map<string, SimContact>();
  /** key `${userid}\u0000${external_userid}` */
  readonly follows = new Map<string, SimFollow>();
  /** 客户继承: every transfer asked for (takeover pending until settled), by external_userid. */
  readonly transfers = new Map<string, SimTransfer>();
  /** Clients who will refuse a transfer (transfer_result status 3, as the transfer_fail callback says customer_refused). */
  readonly refusingClients = new Set<string>();
  tagGroups: SimTagGroup[] = [];
  readonly sent: SentMessage[] = [];
  /** Number of requests per API path (without /cgi-bin/). */
  readonly calls = new Map<string, number>();

  private clockOffsetMs = 0;
  private readonly tokens = new Map<string, IssuedToken>();
  private currentToken: string | null = null;
  private readonly tickets = new Map<string, { ticket: string; expiresAt: number }>();
  private readonly oauthCodes = new Map<string, { result: Record<string, string>; expiresAt: number }>();
  private readonly injections = new Map<string, Injection[]>();
  private readonly delays = new Map<string, Delay[]>();
  private readonly server = createServer((req, res) => {
    void this.handle(req, res);
  });

  constructor(options: WecomSimulatorOptions = {}) {
    this.corpId = options.corpId ?? 'wwsimcorp0000001';
    this.secret = options.secret ?? 'sim-secret-0123456789';
    this.agentId = options.agentId ?? 1000002;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.ticketTtlSeconds = options.ticketTtlSeconds ?? 7200;
    this.followUserPageSize = options.followUserPageSize ?? 500;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- clock, tokens, injection -------------------------------------------------------------

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** WeCom invalidating tokens early: every issued token now answers 40014. */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.invalid = true;
    this.currentToken = null;
  }

  /** The next `times` requests to `path` (e.g. 'gettoken', 'message/send') answer `errcode`. */
  failNext(path: string, errcode: number, times = 1): void {
    const list = this.injections.get(path) ?? [];
    list.push({ errcode, remaining: times });
    this.injections.set(path, list);
  }

  /** The next `times` requests to `path` are answered only after `ms`. */
  delayNext(path: string, ms: number, times = 1): void {
    const list = this.delays.get(path) ?? [];
    list.push({ ms, remaining: times });
    this.delays.set(path, list);
  }

  callCount(path: string): number {
    return this.calls.get(path) ?? 0;
  }

  resetCalls(): void {
    this.calls.clear();
  }

  /** A snsapi_base code for a member (or a non-member), single use, valid 5 minutes. */
  issueOAuthCode(who: { userid: string } | { openid: string; external_userid?: string }): string {
    const code = randomBytes(16).toString('hex');
    const result: Record<string, string> =
      'userid' in who ? { userid: who.userid } : { openid: who.openid, ...(who.external_userid ? { external_userid: who.external_userid } : {}) };
    this.oauthCodes.set(code, { result, expiresAt: this.now() + 5 * 60_000 });
    return code;
  }

  // ---- directory ----------------------------------------------------------------------------

  addStaff(staff: SimStaff): void {
    this.staff.set(staff.userid, { customerContact: true, ...staff });
  }

  addDepartment(department: SimDepartment): void {
    this.departments.set(department.id, department);
  }

  removeStaff(userid: string): void {
    this.staff.delete(userid);
  }

  addContact(contact: SimContact): void {
    this.contacts.set(contact.external_userid, contact);
  }

  addFollow(follow: SimFollow): void {
    if (!this.contacts.has(follow.external_userid)) throw new Error(`unknown contact ${follow.external_userid}`);
    this.follows.set(`${follow.userid}\u0000${follow.external_userid}`, follow);
  }

  removeFollow(userid: string, externalUserId: string): void {
    this.follows.delete(`${userid}\u0000${externalUserId}`);
  }

  getFollow(userid: string, externalUserId: string): SimFollow | undefined {
    return this.follows.get(`${userid}\u0000${externalUserId}`);
  }

  followsOf(externalUserId: string): SimFollow[] {
    return [...this.follows.values()].filter((f) => f.external_userid === externalUserId);
  }

  deliveredMessages(): SentMessage[] {
    return this.sent.filter((m) => m.delivered);
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/^\/cgi-bin\//, '');
    this.calls.set(path, (this.calls.get(path) ?? 0) + 1);
    const raw = await readBody(req);

    const delay = take(this.delays, path);
    if (delay) await new Promise((r) => setTimeout(r, delay.ms));
    if (res.destroyed) return;

    const reply = (payload: Record<string, unknown>) => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ...payload }));
    };
    const error = (errcode: number) => reply({ errcode, errmsg: ERRMSG[errcode] ?? 'error' });

    const injected = take(this.injections, path);
    if (injected) return error(injected.errcode);

    if (!url.pathname.startsWith('/cgi-bin/')) {
      res.writeHead(404).end();
      return;
    }
    if (path === 'gettoken') return this.getToken(url, reply, error);

    const tokenError = this.checkToken(url.searchParams.get('access_token'));
    if (tokenError) return error(tokenError);

    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return reply({ errcode: 47001, errmsg: 'data format error' });
      }
    }
    const q = url.searchParams;
    switch (path) {
      case 'externalcontact/get_follow_user_list':
        return reply({ follow_user: [...this.staff.values()].filter((s) => s.customerContact).map((s) => s.userid) });
      case 'externalcontact/list': {
        const userid = q.get('userid') ?? '';
        if (!this.staff.has(userid)) return error(40003);
        const ids = [...this.follows.values()].filter((f) => f.userid === userid).map((f) => f.external_userid);
        return ids.length ? reply({ external_userid: ids }) : error(84061);
      }
      case 'externalcontact/get':
        return this.getExternalContact(q.get('external_userid') ?? '', q.get('cursor') ?? '', reply, error);
      case 'externalcontact/batch/get_by_user':
        return this.batchGetByUser(body, reply, error);
      case 'externalcontact/get_corp_tag_list':
        return this.corpTagList(body, reply);
      case 'externalcontact/mark_tag':
        return this.markTag(body, reply, error);
      case 'externalcontact/transfer_customer':
      case 'externalcontact/resigned/transfer_customer':
        return this.transferCustomer(body, path.includes('resigned'), reply, error);
      case 'externalcontact/transfer_result':
      case 'externalcontact/resigned/transfer_result':
        return this.transferResult(body, path.includes('resigned'), reply, error);
      case 'externalcontact/get_unassigned_list':
        return this.unassignedList(body, reply);
      case 'message/send':
        return this.messageSend(body, reply, error);
      case 'get_jsapi_ticket':
        return reply(this.ticket('corp'));
      case 'ticket/get':
        return q.get('type') === 'agent_config' ? reply(this.ticket('agent')) : error(40058);
      case 'auth/getuserinfo': {
        const code = q.get('code') ?? '';
        const entry = this.oauthCodes.get(code);
        this.oauthCodes.delete(code);
        if (!entry || entry.expiresAt < this.now()) return error(40029);
        return reply(entry.result);
      }
      case 'user/get': {
        const s = this.staff.get(q.get('userid') ?? '');
        if (!s) return error(60111);
        return reply(this.userJson(s));
      }
      case 'department/list':
        return this.departmentList(q.get('id'), reply, error);
      case 'user/list':
        return this.userList(q.get('department_id'), q.get('fetch_child') === '1', reply, error);
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
    }
  }

  private getToken(url: URL, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    if (url.searchParams.get('corpid') !== this.corpId) return error(40013);
    if (url.searchParams.get('corpsecret') !== this.secret) return error(40001);
    const now = this.now();
    const current = this.currentToken ? this.tokens.get(this.currentToken) : undefined;
    // Within its validity WeCom returns the same token again.
    if (this.currentToken && current && !current.invalid && current.expiresAt > now) {
      return reply({ access_token: this.currentToken, expires_in: Math.floor((current.expiresAt - now) / 1000) });
    }
    const token = randomBytes(32).toString('hex');
    this.tokens.set(token, { expiresAt: now + this.tokenTtlSeconds * 1000, invalid: false });
    this.currentToken = token;
    reply({ access_token: token, expires_in: this.tokenTtlSeconds });
  }

  private checkToken(token: string | null): number | 0 {
    if (!token) return 41001;
    const issued = this.tokens.get(token);
    if (!issued || issued.invalid) return 40014;
    if (issued.expiresAt <= this.now()) return 42001;
    return 0;
  }

  private ticket(kind: 'corp' | 'agent'): Record<string, unknown> {
    const now = this.now();
    let t = this.tickets.get(kind);
    if (!t || t.expiresAt <= now) {
      t = { ticket: `${kind}-${randomBytes(24).toString('base64url')}`, expiresAt: now + this.ticketTtlSeconds * 1000 };
      this.tickets.set(kind, t);
    }
    return { ticket: t.ticket, expires_in: Math.floor((t.expiresAt - now) / 1000) };
  }

  private userJson(s: SimStaff): Record<string, unknown> {
    return {
      userid: s.userid,
      name: s.name,
      department: s.department,
      main_department: s.department[0] ?? 1,
      position: s.position ?? '',
      mobile: s.mobile ?? '',
      direct_leader: s.direct_leader ?? [],
      status: s.status ?? 1,
    };
  }

  /** The department and every department below it. */
  private subtree(id: number): number[] {
    const ids = [id];
    for (let i = 0; i < ids.length; i++) for (const d of this.departments.values()) if (d.parentid === ids[i] && d.id !== ids[i]) ids.push(d.id);
    return ids;
  }

  /** 获取部门列表 (Doc 90344): `id` absent = the whole tree; an unknown id answers 60123. */
  private departmentList(id: string | null, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    const root = id ? Number(id) : null;
    if (root !== null && !this.departments.has(root)) return error(60123);
    const ids = root === null ? [...this.departments.keys()] : this.subtree(root);
    reply({ department: ids.map((d) => this.departments.get(d)!).map((d) => ({ id: d.id, name: d.name, name_en: '', department_leader: [], parentid: d.parentid, order: d.order ?? 0 })) });
  }

  /**
   * 获取部门成员详情 (Doc 90201): `department_id` required (60123 when unknown), `fetch_child=1`
   * takes the sub-departments too; a person in several of them is listed once. No paging.
   */
  private userList(id: string | null, fetchChild: boolean, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    const root = Number(id);
    if (!id || !this.departments.has(root)) return error(60123);
    const wanted = new Set(fetchChild ? this.subtree(root) : [root]);
    reply({ userlist: [...this.staff.values()].filter((s) => s.department.some((d) => wanted.has(d))).map((s) => this.userJson(s)) });
  }

  private contactJson(c: SimContact): Record<string, unknown> {
    return { ...c };
  }

  private getExternalContact(
    externalUserId: string,
    cursor: string,
    reply: (p: Record<string, unknown>) => void,
    error: (c: number) => void,
  ): void {
    const contact = this.contacts.get(externalUserId);
    if (!contact) return error(40096);
    const follows = this.followsOf(externalUserId).sort((a, b) => a.createtime - b.createtime || a.userid.localeCompare(b.userid));
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return error(40058);
    const page = follows.slice(start, start + this.followUserPageSize);
    const next = start + this.followUserPageSize < follows.length ? Buffer.from(String(start + this.followUserPageSize)).toString('base64url') : '';
    reply({
      external_contact: this.contactJson(contact),
      follow_user: page.map(({ external_userid: _drop, ...f }) => ({ remark: '', description: '', tags: [], remark_mobiles: [], ...f })),
      next_cursor: next,
    });
  }

  private batchGetByUser(body: Record<string, unknown>, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    const users = body.userid_list;
    if (!Array.isArray(users) || users.length === 0 || users.length > 100) return error(40058);
    const limit = body.limit === undefined ? 50 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(40058);
    const wanted = new Set(users.map(String));
    const rows = [...this.follows.values()]
      .filter((f) => wanted.has(f.userid))
      .sort((a, b) => a.userid.localeCompare(b.userid) || a.external_userid.localeCompare(b.external_userid));
    const cursor = typeof body.cursor === 'string' ? body.cursor : '';
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return error(40058);
    const page = rows.slice(start, start + limit);
    reply({
      external_contact_list: page.map((f) => {
        const tagIds = (f.tags ?? []).map((t) => t.tag_id);
        const { tags: _tags, external_userid: _id, ...info } = f;
        return { external_contact: this.contactJson(this.contacts.get(f.external_userid)!), follow_info: { remark: '', description: '', remark_mobiles: [], ...info, tag_id: tagIds } };
      }),
      next_cursor: start + limit < rows.length ? Buffer.from(String(start + limit)).toString('base64url') : '',
    });
  }

  private corpTagList(body: Record<string, unknown>, reply: (p: Record<string, unknown>) => void): void {
    const groupIds = Array.isArray(body.group_id) ? body.group_id.map(String) : [];
    const tagIds = Array.isArray(body.tag_id) ? body.tag_id.map(String) : [];
    let groups = this.tagGroups;
    if (groupIds.length) groups = groups.filter((g) => groupIds.includes(g.group_id));
    else if (tagIds.length) {
      groups = groups
        .map((g) => ({ ...g, tag: g.tag.filter((t) => tagIds.includes(t.id)) }))
        .filter((g) => g.tag.length > 0);
    }
    reply({ tag_group: groups });
  }

  /**
   * 编辑客户企业标签 (Doc 92118): `userid`, `external_userid`, `add_tag[]`, `remove_tag[]` (not both
   * empty → 40058). Unknown member 40003, unknown contact 40096, no relationship between them 84061,
   * a tag id not in the corp library 40068. Adding a tag already there / removing one absent is fine.
   */
  /**
   * 分配在职/离职成员的客户 (Doc 92125/94081): the call answers errcode 0 with one errcode per client
   * in `customer` (40096 unknown client, 84061 the giver has no relationship with it, 40128 客户转接
   * 过于频繁 for "handed over within the last 90 days", 40129 当前客户正在转接中 while an earlier
   * transfer still waits — both from WeCom's global errcode table). Accepted clients wait
   * (status 2) until settleTransfers(): then they move, or stay with status 3 when they refuse.
   */
  private transferCustomer(
    body: Record<string, unknown>,
    resigned: boolean,
    reply: (p: Record<string, unknown>) => void,
    error: (c: number) => void,
  ): void {
    const handover = typeof body.handover_userid === 'string' ? body.handover_userid : '';
    const takeover = typeof body.takeover_userid === 'string' ? body.takeover_userid : '';
    const ids = Array.isArray(body.external_userid) ? body.external_userid.map(String) : [];
    if (!handover || !takeover || ids.length === 0 || ids.length > 100) return error(40058);
    if (!this.staff.has(handover) || !this.staff.has(takeover)) return error(40003);
    const ninetyDays = 90 * 86_400_000;
    const customer = ids.map((external_userid) => {
      if (!this.contacts.has(external_userid)) return { external_userid, errcode: 40096 };
      if (!this.getFollow(handover, external_userid)) return { external_userid, errcode: 84061 };
      const last = this.transfers.get(external_userid);
      if (last && last.status === 1 && this.now() - last.at < ninetyDays) return { external_userid, errcode: 40128 };
      if (last && last.status === 2) return { external_userid, errcode: 40129 };
      this.transfers.set(external_userid, { handover_userid: handover, takeover_userid: takeover, external_userid, resigned, status: 2, at: this.now(), successMsg: body.transfer_success_msg });
      return { external_userid, errcode: 0 };
    });
    reply({ customer });
  }

  /**
   * 获取待分配的离职成员列表 (Doc 92124): the clients of every member who left (dimission_time set)
   * that no transfer is waiting for or has completed; one page (the simulator ignores page_size).
   */
  private unassignedList(_body: Record<string, unknown>, reply: (p: Record<string, unknown>) => void): void {
    const info = [...this.follows.values()]
      .filter((f) => this.staff.get(f.userid)?.dimission_time !== undefined)
      .filter((f) => {
        const t = this.transfers.get(f.external_userid);
        return !t || t.handover_userid !== f.userid || t.status === 3 || t.status === 4;
      })
      .map((f) => ({ handover_userid: f.userid, external_userid: f.external_userid, dimission_time: this.staff.get(f.userid)?.dimission_time }));
    reply({ info, is_last: true, next_cursor: '' });
  }

  /** The client answers (or 24 h pass): waiting transfers complete, refusing clients stay put. */
  settleTransfers(): void {
    for (const t of this.transfers.values()) {
      if (t.status !== 2) continue;
      if (this.refusingClients.has(t.external_userid)) {
        t.status = 3;
        continue;
      }
      const follow = this.getFollow(t.handover_userid, t.external_userid);
      if (follow) {
        this.removeFollow(t.handover_userid, t.external_userid);
        this.addFollow({ ...follow, userid: t.takeover_userid });
      }
      t.status = 1;
      t.at = this.now();
    }
  }

  /** 查询客户接替状态 (Doc 94088/94082): per client status and takeover time, for one giver and taker. */
  private transferResult(body: Record<string, unknown>, resigned: boolean, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    const handover = typeof body.handover_userid === 'string' ? body.handover_userid : '';
    const takeover = typeof body.takeover_userid === 'string' ? body.takeover_userid : '';
    if (!handover || !takeover) return error(40058);
    const customer = [...this.transfers.values()]
      .filter((t) => t.handover_userid === handover && t.takeover_userid === takeover && t.resigned === resigned)
      .map((t) => ({ external_userid: t.external_userid, status: t.status, takeover_time: t.status === 1 ? Math.floor(t.at / 1000) : 0 }));
    reply({ customer, next_cursor: '' });
  }

  private markTag(body: Record<string, unknown>, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    const userid = typeof body.userid === 'string' ? body.userid : '';
    const externalUserId = typeof body.external_userid === 'string' ? body.external_userid : '';
    const add = Array.isArray(body.add_tag) ? body.add_tag.map(String) : [];
    const remove = Array.isArray(body.remove_tag) ? body.remove_tag.map(String) : [];
    if (!userid || !externalUserId || add.length + remove.length === 0) return error(40058);
    if (!this.staff.has(userid)) return error(40003);
    if (!this.contacts.has(externalUserId)) return error(40096);
    const follow = this.getFollow(userid, externalUserId);
    if (!follow) return error(84061);
    const library = new Map(this.tagGroups.flatMap((g) => g.tag.map((t) => [t.id, { group: g, tag: t }] as const)));
    if ([...add, ...remove].some((id) => !library.has(id))) return error(40068);
    const kept = (follow.tags ?? []).filter((t) => !remove.includes(t.tag_id) && !add.includes(t.tag_id));
    const added = add.map((id): SimTag => {
      const { group, tag } = library.get(id)!;
      return { group_name: group.group_name, tag_name: tag.name, tag_id: id, type: 1 };
    });
    follow.tags = [...kept, ...added];
    reply({});
  }

  private messageSend(body: Record<string, unknown>, reply: (p: Record<string, unknown>) => void, error: (c: number) => void): void {
    if (Number(body.agentid) !== this.agentId) return error(40056);
    const msgtype = String(body.msgtype ?? '');
    const limits: Record<string, [string, number]> = { text: ['content', 2048], markdown: ['content', 2048] };
    const content = body[msgtype] as Record<string, unknown> | undefined;
    if (!content || typeof content !== 'object') return error(40058);
    const limit = limits[msgtype];
    if (limit) {
      const value = content[limit[0]];
      if (typeof value !== 'string' || value === '') return error(40058);
      if (Buffer.byteLength(value, 'utf8') > limit[1]) return error(45002);
    }
    if (msgtype === 'textcard') {
      const c = content as { title?: unknown; description?: unknown; url?: unknown };
      if (typeof c.title !== 'string' || typeof c.description !== 'string' || typeof c.url !== 'string') return error(40058);
      if (Buffer.byteLength(c.title) > 128 || Buffer.byteLength(c.description) > 512 || Buffer.byteLength(c.url) > 2048) return error(45002);
    }
    const touser = typeof body.touser === 'string' && body.touser ? body.touser.split('|') : [];
    if (touser.length === 0 && !body.toparty && !body.totag) return error(40058);
    const valid = touser.filter((u) => u === '@all' || this.staff.has(u));
    const invalid = touser.filter((u) => !(u === '@all' || this.staff.has(u)));
    if (valid.length === 0 && !body.toparty && !body.totag) return error(81013);

    // Doc 90236: with enable_duplicate_check=1, a message whose content (type and body, to the
    // same recipients) equals one delivered within duplicate_check_interval (default 1800 s, at
    // most 4 h) is silently dropped — errcode 0, a msgid, nothing reaches the user.
    const now = this.now();
    const interval = Math.min(Number(body.duplicate_check_interval ?? 1800), 4 * 3600) * 1000;
    const fingerprint = messageFingerprint(body);
    const duplicate =
      Number(body.enable_duplicate_check) === 1 &&
      this.sent.some((m) => m.delivered && messageFingerprint(m.body) === fingerprint && now - m.at < interval);
    const msgid = randomBytes(12).toString('hex');
    this.sent.push({ body, delivered: !duplicate, deliveredTo: duplicate ? [] : valid, at: now, msgid });
    reply({ invaliduser: invalid.join('|').toLowerCase(), msgid });
  }
}

/** What WeCom's duplicate check compares: recipients, message type and content (not agentid, safe or the check settings). */
function messageFingerprint(body: Record<string, unknown>): string {
  const msgtype = String(body.msgtype ?? '');
  return JSON.stringify([body.touser ?? '', body.toparty ?? '', body.totag ?? '', msgtype, body[msgtype] ?? null]);
}

function take<T extends { remaining: number }>(map: Map<string, T[]>, path: string): T | undefined {
  const list = map.get(path);
  const head = list?.[0];
  if (!list || !head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) list.shift();
  return head;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWecomSimulator(options: WecomSimulatorOptions = {}): Promise<WecomSimulator> {
  return new WecomSimulator(options).start();
}
