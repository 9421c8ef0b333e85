import { expect, test } from 'vitest';
import { createJobs } from '../../src/jobs/jobs.js';

test('a job is added once; a second job of that name is refused; unregister removes it', () => {
  const jobs = createJobs();
  const job = { name: 'test-registry-job', run: async () => 'ran' };
  const unregister = jobs.add(job);
  expect(jobs.list()).toContain(job);
  expect(() => jobs.add({ name: 'test-registry-job', run: async () => null })).toThrow(/already registered/);
  unregister();
  expect(jobs.list()).not.toContain(job);
});

test('two registries (two service instances) never see each other’s jobs', () => {
  const a = createJobs();
  const b = createJobs();
  a.add({ name: 'only-in-a', run: async () => null });
  expect(b.list()).toEqual([]);
  expect(() => b.add({ name: 'only-in-a', run: async () => null })).not.toThrow();
});
