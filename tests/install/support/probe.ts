/**
 * What a Pulumi program in `programDir` stores as a CopyJob's `__provider`: a node process with that cwd runs
 * `new CopyJob(...)` from the installed package under the program's own @pulumi/pulumi with mocks, the way
 * the language host runs a program, and prints the `__provider` that pulumi.dynamic serialized.
 */
import { run } from "./run";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
let provider;
pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (typeof args.inputs.__provider === "string") provider = args.inputs.__provider;
      return { id: "probe", state: args.inputs };
    },
    call(args) { return args.inputs; },
  },
  "project", "stack", false,
);
const { CopyJob } = require("pulumi-backup-copy");
new CopyJob("probe", {
  recoveryPointArn: "arn:aws:backup:eu-west-1:111111111111:recovery-point:probe",
  sourceBackupVaultName: "prod-vault",
  destinationBackupVaultArn: "arn:aws:backup:eu-central-1:111111111111:backup-vault:dr-vault",
  iamRoleArn: "arn:aws:iam::111111111111:role/backup",
});
process.on("beforeExit", () => {
  if (provider === undefined) { console.error("no __provider reached the mocks"); process.exit(1); }
  process.stdout.write(JSON.stringify({ provider }));
  process.exit(0);
});
`;

export function serializedProviderOf(programDir: string, env: NodeJS.ProcessEnv = {}): string {
  const out = run(process.execPath, ["-e", PROGRAM], { cwd: programDir, env, timeoutMs: 120_000 });
  return (JSON.parse(out) as { provider: string }).provider;
}
