import { describe, expect, test } from 'vitest';
import { createSendPacer } from '../../../src/channels/feishu/send-pacer.js';

/** A manual clock: sleeping advances it, so the pacer's waits are measured, not slept. */
function clock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    elapsed: () => t - 1_000_000,
  };
}

describe('Feishu send pacer', () => {
  test('a sixth send to one chat within a second waits for the window; another chat does not', async () => {
    const c = clock();
    const pacer = createSendPacer({ now: c.now, sleep: c.sleep });
    for (let i = 0; i < 5; i++) await pacer.wait('chat_id:oc_a');
    expect(c.elapsed()).toBe(0);
    await pacer.wait('chat_id:oc_b');
    expect(c.elapsed()).toBe(0);
    await pacer.wait('chat_id:oc_a');
    expect(c.elapsed()).toBe(1_000);
  });

  test('the whole app stays within 50 sends per second across targets', async () => {
    const c = clock();
    const pacer = createSendPacer({ now: c.now, sleep: c.sleep });
    for (let i = 0; i < 120; i++) await pacer.wait(`open_id:ou_${i}`);
    // 120 sends at ≤ 50/s: the last window opens after two full seconds.
    expect(c.elapsed()).toBe(2_000);
  });
});
