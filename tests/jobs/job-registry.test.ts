import { expect, test } from 'vitest';
import { registerJob, registeredJobs } from '../../src/jobs/job-registry.js';

test('registerJob adds a job once; a second job of that name is refused; unregister removes it', () => {
  const job = { name: 'test-registry-job', run: async () => 'ran' };
  const unregister = registerJob(job);
  expect(registeredJobs()).toContain(job);
  expect(() => registerJob({ name: 'test-registry-job', run: async () => null })).toThrow(/already registered/);
  unregister();
  expect(registeredJobs()).not.toContain(job);
});
