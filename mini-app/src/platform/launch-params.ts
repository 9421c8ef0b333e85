/** What the page was opened with. Dev switches are honoured only together with `devUser`. */

export const SIMULATIONS = ['notInWeCom', 'agentConfigFail', 'noPermission', 'noContext', 'network', 'expired'] as const;
export type Simulation = (typeof SIMULATIONS)[number];

export interface DevLaunch {
  userId: string;
  /** Only when the URL names one: without `role=` the dev login keeps the stored role. */
  role?: string;
  name?: string;
  externalUserId?: string;
  simulate: Set<Simulation>;
}

export interface LaunchParams {
  dev: DevLaunch | null;
  lang?: string;
  /** Opened from a link to one record (e.g. a chat command's card) rather than from a chat with a client. */
  customerId?: string;
}

export function readLaunchParams(href: string): LaunchParams {
  const q = new URL(href).searchParams;
  const lang = q.get('lang') ?? undefined;
  const rawCustomerId = q.get('customerId');
  const customerId = rawCustomerId && /^[a-f0-9]{24}$/i.test(rawCustomerId) ? rawCustomerId : undefined;
  const devUser = q.get('devUser');
  if (!devUser) return { dev: null, lang, customerId };
  const simulate = new Set<Simulation>();
  for (const s of (q.get('simulate') ?? '').split(',')) {
    if ((SIMULATIONS as readonly string[]).includes(s)) simulate.add(s as Simulation);
  }
  return {
    lang,
    customerId,
    dev: {
      userId: devUser,
      role: q.get('role') ?? undefined,
      name: q.get('devName') ?? undefined,
      externalUserId: q.get('externalUserId') ?? undefined,
      simulate,
    },
  };
}
