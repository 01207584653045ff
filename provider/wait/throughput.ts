/**
 * How fast this account's copies run, per destination region (the poller is per source region and account, so
 * that is a region pair): learnt from copies seen COMPLETED, by this process and in ListCopyJobs history. It
 * turns a copy's size (BackupSizeInBytes) into an expected duration with a spread, which the schedule uses to
 * spend its looks near the expected end. With fewer than MIN_SAMPLES there is no estimate (the blind schedule).
 */
import type { CopyJob } from "@aws-sdk/client-backup";

export const MIN_SAMPLES = 3;
/** Recent copies kept per region pair: copy speed drifts, old samples should fade. */
export const MAX_SAMPLES = 200;
/** The window around the expected end is this many (robust) standard deviations of log-throughput wide... */
export const SPREAD_SIGMAS = 2;
/** ...and at least/most this share of the expected duration on each side. */
export const MIN_SPREAD = 0.15;
export const MAX_SPREAD = 0.6;

export interface Estimate {
  /** Expected duration, AWS time (ms), creation to completion. */
  durationMs: number;
  /** Relative half-width of the window in which the copy may plausibly end. */
  spread: number;
}

export function destinationRegionOf(job: CopyJob): string | undefined {
  return job.DestinationBackupVaultArn?.split(":")[3] || undefined;
}

export class ThroughputModel {
  /** ln(bytes per AWS ms) of recent copies, per destination region. */
  private readonly samples = new Map<string, number[]>();
  private readonly seen = new Set<string>();
  /** Median and robust sigma per region, computed once per change: estimate() runs for every job every tick. */
  private readonly fitted = new Map<string, { median: number; sigma: number }>();
  /** ListCopyJobs history has been read once (by the poller); afterwards only sightings teach the model. */
  historyRead = false;

  /** A copy seen COMPLETED (others, and incomplete records, are ignored). Each job counts once. */
  learn(job: CopyJob): void {
    const bytes = job.BackupSizeInBytes ?? 0;
    const created = job.CreationDate?.getTime();
    const completed = job.CompletionDate?.getTime();
    const region = destinationRegionOf(job);
    if (job.State !== "COMPLETED" || !job.CopyJobId || !region || bytes <= 0) return;
    if (created === undefined || completed === undefined || completed <= created) return;
    if (this.seen.has(job.CopyJobId)) return;
    this.seen.add(job.CopyJobId);
    let list = this.samples.get(region);
    if (!list) this.samples.set(region, (list = []));
    list.push(Math.log(bytes / (completed - created)));
    if (list.length > MAX_SAMPLES) list.shift();
    this.fitted.delete(region);
  }

  sampleCount(region: string): number {
    return this.samples.get(region)?.length ?? 0;
  }

  /** Expected duration of a copy of `bytes` into `region`, or undefined without enough history. */
  estimate(region: string | undefined, bytes: number | undefined): Estimate | undefined {
    const list = region ? this.samples.get(region) : undefined;
    if (!region || !list || list.length < MIN_SAMPLES || !bytes || bytes <= 0) return undefined;
    let fit = this.fitted.get(region);
    if (!fit) {
      const median = medianOf(list);
      // Median absolute deviation × 1.4826: a standard deviation that one odd copy does not blow up.
      fit = { median, sigma: 1.4826 * medianOf(list.map((x) => Math.abs(x - median))) };
      this.fitted.set(region, fit);
    }
    const { median, sigma } = fit;
    const spread = Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, SPREAD_SIGMAS * sigma));
    return { durationMs: bytes / Math.exp(median), spread };
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
