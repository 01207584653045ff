import * as assert from "assert";
import { parseArgs } from "../../emulator/cli";

describe("emulator: CLI arguments", () => {
  it("parses flags, with separate or inline values", () => {
    assert.deepStrictEqual(parseArgs(["--port", "4566", "--clock-scale=60", "--seed", "9", "--seed-demo"]), {
      port: 4566,
      host: "127.0.0.1",
      clockScale: 60,
      seed: 9,
      seedDemo: true,
      enforceIam: false,
      verbose: false,
      quiet: false,
    });
  });

  it("--enforce-iam turns strict IAM on", () => {
    assert.strictEqual(parseArgs(["--enforce-iam"]).enforceIam, true);
  });

  it("refuses unknown flags and non-numbers", () => {
    assert.throws(() => parseArgs(["--bogus"]), /unknown argument/);
    assert.throws(() => parseArgs(["--port", "abc"]), /--port needs a number/);
  });
});
