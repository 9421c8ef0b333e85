import type { Job } from './job.js';

const jobs = new Map<string, Job>();

/**
 * Adds a job to the ones the jobs module's scheduler runs every minute (under its lease, on the
 * leader only), so a feature schedules work without starting a scheduler of its own. Registering
 * a name twice throws, so two modules cannot silently share a lease. Returns an unregister function.
 */
export function registerJob(job: Job): () => void {
  if (!job.name) throw new Error('registerJob: a job needs a name');
  if (jobs.has(job.name)) throw new Error(`a job named '${job.name}' is already registered`);
  jobs.set(job.name, job);
  return () => {
    if (jobs.get(job.name) === job) jobs.delete(job.name);
  };
}

/** The registered jobs, in registration order. */
export function registeredJobs(): Job[] {
  return [...jobs.values()];
}
