/**
 * The environment every CLI run of the e2e suite gets: its own PULUMI_HOME and file backend in a temp dir,
 * a passphrase for the secrets provider, no update check and no plugin downloads. Nothing reaches the network:
 * the only endpoint anyone is told about is the emulator on 127.0.0.1.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PASSPHRASE = "e2e-passphrase-not-a-secret";

export interface IsolatedPulumi {
  /** Holds `home/` (PULUMI_HOME) and `backend/` (the file backend). */
  dir: string;
  backendDir: string;
  env: Record<string, string>;
  remove(): void;
}

export function isolatedPulumi(prefix = "pulumi-e2e-"): IsolatedPulumi {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(dir, "home");
  const backendDir = path.join(dir, "backend");
  fs.mkdirSync(home);
  fs.mkdirSync(backendDir);
  return {
    dir,
    backendDir,
    env: {
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // No anonymous usage reports, no "new version" banner, plain output that tests can read.
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_SUPPRESS_COPILOT_LINK: "true",
      NO_COLOR: "1",
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
