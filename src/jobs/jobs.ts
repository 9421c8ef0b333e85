import type { Job } from './job.js';

/** The scheduled jobs of one service instance; the scheduler runs them every minute under their leases. */
export interface Jobs {
  /** Adds a job. A name used twice throws, so two modules cannot silently share a lease. Returns an unregister function. */
  add(job: Job): () => void;
  /** The jobs, in the order they were added. */
  list(): Job[];
}

export function createJobs(): Jobs {
  const jobs = new Map<string, Job>();
  return {
    add(job) {
      if (!job.name) throw new Error('a job needs a name');
      if (jobs.has(job.name)) throw new Error(`a job named '${job.name}' is already registered`);
      jobs.set(job.name, job);
      return () => {
        if (jobs.get(job.name) === job) jobs.delete(job.name);
      };
    },
    list: () => [...jobs.values()],
  };
}
