/**
 * Job leases for stateless bot instances. A chat's audit job (the store's job row) is followed by
 * the instance that accepted it: it waits for the queue's outcome and sends the summary. If that
 * instance dies, the job stays pending in the shared store; another instance must take it over, but
 * must not take a job an instance that is alive is still following.
 *
 * `leasedStore` wraps the report store: createJob takes a lease for this instance, finishJob drops
 * it, a heartbeat keeps this instance's leases fresh, and pendingJobs (what resumePending asks for)
 * returns only jobs whose lease went stale (its instance stopped beating for `ttlSec`) — claimed for
 * this instance in the same statement, so two instances never take over the same job. Jobs younger
 * than `ttlSec` are never taken (the window between a job row and its lease). startBot sweeps for
 * such jobs every few seconds in queue mode.
 */
import type pg from "pg";
import type { ReportStore } from "../../store/report-store.ts";

export interface LeasedStore {
  readonly store: ReportStore;
  stop(): void;
}

export function leasedStore(
  inner: ReportStore,
  db: pg.Pool,
  owner: string,
  options: { readonly ttlSec: number; readonly heartbeatMs: number },
): LeasedStore {
  const heartbeat = setInterval(() => {
    void db
      .query("update nianbao_job_leases set heartbeat_at = now() where owner = $1", [owner])
      .catch(() => undefined);
  }, options.heartbeatMs);
  heartbeat.unref();
  const overrides: Partial<ReportStore> = {
    async createJob(job) {
      const created = await inner.createJob(job);
      await db.query(
        "insert into nianbao_job_leases (job_id, owner) values ($1, $2) on conflict (job_id) do update set owner = excluded.owner, heartbeat_at = now()",
        [created.id, owner],
      );
      return created;
    },
    async finishJob(jobId, state) {
      await inner.finishJob(jobId, state);
      await db.query("delete from nianbao_job_leases where job_id = $1", [jobId]).catch(() => undefined);
    },
    async pendingJobs() {
      const youngest = Date.now() - options.ttlSec * 1000;
      const all = (await inner.pendingJobs()).filter((job) => Date.parse(job.createdAt) < youngest);
      if (all.length === 0) return [];
      const { rows } = await db.query<{ job_id: string }>(
        `insert into nianbao_job_leases (job_id, owner)
           select unnest($1::bigint[]), $2
         on conflict (job_id) do update set owner = excluded.owner, heartbeat_at = now()
           where nianbao_job_leases.heartbeat_at < now() - make_interval(secs => $3)
         returning job_id::text`,
        [all.map((job) => job.id), owner, options.ttlSec],
      );
      const taken = new Set(rows.map((r) => Number(r.job_id)));
      return all.filter((job) => taken.has(job.id));
    },
  };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && prop in overrides) return overrides[prop as keyof ReportStore];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store, stop: () => clearInterval(heartbeat) };
}
