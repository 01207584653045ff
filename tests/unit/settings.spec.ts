/** Inputs → settings: units and the defaults in one place (provider/inputs/settings.ts). */
import { strict as assert } from "assert";
import { DEFAULTS, resolveSettings } from "../../provider/inputs/settings";
import { VALID } from "./fixtures";

describe("settings", () => {
  it("defaults: 12 h timeout, 2 → 120 s backoff, retain, wait", () => {
    const s = resolveSettings(VALID);
    assert.equal(s.timeoutMs, 12 * 3600_000);
    assert.equal(DEFAULTS.timeoutMinutes, 720);
    assert.equal(s.minDelayMs, 2000);
    assert.equal(s.maxDelayMs, 120_000);
    assert.equal(s.onDelete, "retain");
    assert.equal(s.waitForCompletion, true);
  });

  it("timeoutMinutes are minutes, polling seconds are seconds, and max is never below min", () => {
    const s = resolveSettings({
      ...VALID,
      timeoutMinutes: 5,
      polling: { minDelaySeconds: 30, maxDelaySeconds: 10 },
    });
    assert.equal(s.timeoutMs, 300_000);
    assert.equal(s.minDelayMs, 30_000);
    assert.equal(s.maxDelayMs, 30_000);
  });

  it("regions and accounts come from the ARNs; an EC2 snapshot's account from the role", () => {
    const s = resolveSettings({ ...VALID, recoveryPointArn: "arn:aws:ec2:eu-west-1::snapshot/snap-0a" });
    assert.equal(s.sourceRegion, "eu-west-1");
    assert.equal(s.sourceAccountId, "111111111111");
    assert.equal(s.destinationRegion, "us-west-2");
    assert.equal(s.destinationVaultName, "dr-vault");
    assert.equal(s.crossAccount, false);
  });
});
