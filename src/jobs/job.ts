/** One unit of scheduled work. It runs every minute on the leader and decides itself what is due. */
export interface Job<R = unknown> {
  name: string;
  run(context: JobContext): Promise<R>;
}

export interface JobContext {
  /** The instant the tick is for (the injectable clock's, not necessarily the wall clock). */
  now: Date;
  instanceId: string;
  /** False once another instance took the lease over (we stalled past its expiry): stop early. */
  stillLeader(): Promise<boolean>;
}
