import { strict as assert } from "assert";
import {
  CLOCK_SKEW_MARGIN_MS,
  COMPLETION_MARGIN_MS,
  FULL_LIST_EVERY_MS,
  ListedJob,
  listWindow,
} from "../../provider/wait/list-window";

const VAULT = "arn:aws:backup:us-west-2:111111111111:backup-vault:dr";
const OTHER = "arn:aws:backup:us-west-2:111111111111:backup-vault:other";
const T = Date.UTC(2026, 11, 1);
const seen = (createdAt: number, vault = VAULT): ListedJob => ({
  createdAfter: createdAt - 1000,
  createdAt,
  destinationVaultArn: vault,
});

describe("poller list window (pure)", () => {
  it("asks only for ends once every tracked job has been seen", () => {
    const window = listWindow([seen(T), seen(T + 60_000)], {
      listedAt: T + 600_000,
      fullListedAt: T + 300_000,
    });
    assert.equal(window.completeAfter?.getTime(), T + 600_000 - COMPLETION_MARGIN_MS);
    assert.equal(window.createdAfter.getTime(), T - CLOCK_SKEW_MARGIN_MS);
    assert.equal(window.destinationVaultArn, VAULT);
  });

  it("lists in full while a tracked job has not been seen (its creation and size are still unknown)", () => {
    const unseen: ListedJob = { createdAfter: T - 30_000, destinationVaultArn: VAULT };
    const window = listWindow([seen(T), unseen], { listedAt: T + 1000, fullListedAt: T + 1000 });
    assert.equal(window.completeAfter, undefined);
    assert.equal(window.createdAfter.getTime(), T - 30_000 - CLOCK_SKEW_MARGIN_MS);
  });

  it("lists in full without an answered full list, or once the last one is FULL_LIST_EVERY_MS old", () => {
    const jobs = [seen(T)];
    assert.equal(listWindow(jobs, {}).completeAfter, undefined);
    assert.equal(listWindow(jobs, { listedAt: T + 1000 }).completeAfter, undefined);
    assert.equal(listWindow(jobs, { fullListedAt: T + 1000 }).completeAfter, undefined, "no Date header");
    const justInside = { fullListedAt: T, listedAt: T + FULL_LIST_EVERY_MS - 1 };
    assert.ok(listWindow(jobs, justInside).completeAfter, "ends only within the stretch");
    const due = { fullListedAt: T, listedAt: T + FULL_LIST_EVERY_MS };
    assert.equal(listWindow(jobs, due).completeAfter, undefined, "a full list is due");
  });

  it("narrows to the destination vault only when every tracked job shares it", () => {
    const history = { listedAt: T + 1000, fullListedAt: T + 1000 };
    assert.equal(listWindow([seen(T), seen(T, OTHER)], history).destinationVaultArn, undefined);
    const noVault: ListedJob = { createdAfter: T, createdAt: T };
    assert.equal(listWindow([seen(T), noVault], history).destinationVaultArn, undefined);
  });
});
