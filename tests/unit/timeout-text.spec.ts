import { strict as assert } from "assert";
import { timeoutText } from "../../provider/timeout-text";

describe("timeoutText: a timeout printed as it was given", () => {
  it("says minutes with the decimals the user gave", () => {
    assert.equal(timeoutText(0.1 * 60_000), "0.1-minute timeout");
    assert.equal(timeoutText(0.05 * 60_000), "0.05-minute timeout");
    assert.equal(timeoutText(0.002 * 60_000), "0.002-minute timeout");
    assert.equal(timeoutText(720 * 60_000), "720-minute timeout");
    assert.equal(timeoutText(60_000), "1-minute timeout");
  });
  it("says seconds where minutes would need more decimals (the engine's customTimeouts)", () => {
    assert.equal(timeoutText(90_500), "90.5-second timeout");
    assert.equal(timeoutText(1_234), "1.234-second timeout");
  });
  it("says milliseconds as a last resort, and never prints 0 for a timeout that is not 0", () => {
    assert.equal(timeoutText(1_234.5), "1235-millisecond timeout");
    assert.notEqual(timeoutText(1), "0-minute timeout");
  });
});
