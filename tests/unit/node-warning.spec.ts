/**
 * The AWS SDK's Node-version warning (Node < 22) is not what the plugin prints first: the provider's clients
 * are made with the SDK's switch set (provider/aws/node-warning.ts), and the user's environment is left as is.
 * Each case runs in a fresh node process without the switch, as the plugin runs.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const REPO = path.resolve(__dirname, "../..");
const WARNING = /NodeVersionSupportWarning/;

function stderrOf(script: string): string {
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: REPO,
    env,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

describe("AWS SDK Node-version warning", function () {
  this.timeout(60_000);
  const oldNode = Number(process.versions.node.split(".")[0]) < 22;

  it(`a bare SDK client ${oldNode ? "prints it" : "prints nothing"} on Node ${process.version}`, () => {
    // The control: shows the warning exists here (Node < 22), so the next case can fail.
    const stderr = stderrOf('new (require("@aws-sdk/client-backup").BackupClient)({ region: "us-east-1" });');
    assert.equal(WARNING.test(stderr), oldNode, stderr);
  });

  it("the provider's clients print nothing, and leave the variable unset afterwards", () => {
    const stderr = stderrOf(`
      const { ClientCache } = require("./provider/aws/clients");
      const clients = new ClientCache();
      clients.backupClient({ region: "us-east-1" });
      clients.backupClient({ region: "eu-west-1", roleArn: "arn:aws:iam::111111111111:role/x" });
      if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED !== undefined) throw new Error("left set");
    `);
    assert.ok(!WARNING.test(stderr), stderr);
  });
});
