import {
  BackupServiceException,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  DeleteRecoveryPointCommand,
  ListBackupVaultsCommand,
  ResourceNotFoundException,
  StartCopyJobCommand,
} from "@aws-sdk/client-backup";
import * as assert from "assert";
import * as net from "net";
import { backupClient, rawRequest, rejectsWith, ROLE, seedBasic, useEmulator } from "./helpers";

describe("emulator: wire protocol, auth and robustness", () => {
  const emu = useEmulator();

  it("maps errors to the SDK's modelled exception classes", async () => {
    const err = await rejectsWith(
      backupClient(emu()).send(new DescribeCopyJobCommand({ CopyJobId: "nope" })),
      "ResourceNotFoundException",
      400,
    );
    assert.ok(err instanceof ResourceNotFoundException);
    assert.ok(err instanceof BackupServiceException);
    assert.strictEqual(err.$fault, "client");
    assert.strictEqual((err as unknown as { Type: string }).Type, "User");
  });

  it("refuses unknown keys in strict IAM mode, and missing or malformed authorization", async () => {
    await emu().control.setEnforceIam(true);
    await rejectsWith(
      backupClient(emu(), { credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" } }).send(
        new ListBackupVaultsCommand({}),
      ),
      "UnrecognizedClientException",
      403,
    );
    const none = await rawRequest(emu(), "GET", "/backup-vaults", { headers: { authorization: "" } });
    assert.strictEqual(none.status, 403);
    assert.strictEqual(none.errorType, "MissingAuthenticationTokenException");
    const bad = await rawRequest(emu(), "GET", "/backup-vaults", { headers: { authorization: "Bearer x" } });
    assert.strictEqual(bad.status, 400);
    assert.strictEqual(bad.errorType, "IncompleteSignatureException");
  });

  it("takes the region from the credential scope and the account from the key", async () => {
    await emu().control.registerCredentials({ accessKeyId: "AKIATWO", accountId: "222222222222" });
    await emu().control.seedVault({ name: "theirs", accountId: "222222222222", region: "eu-west-1" });
    const two = backupClient(emu(), {
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIATWO", secretAccessKey: "x" },
    });
    const list = await two.send(new ListBackupVaultsCommand({}));
    assert.deepStrictEqual(
      list.BackupVaultList!.map((v) => v.BackupVaultArn),
      ["arn:aws:backup:eu-west-1:222222222222:backup-vault:theirs"],
    );
    assert.deepStrictEqual(
      (await backupClient(emu(), { region: "eu-west-1" }).send(new ListBackupVaultsCommand({})))
        .BackupVaultList,
      [],
    );
  });

  it("enforces allowedActions with AWS's AccessDenied message, including iam:PassRole for StartCopyJob", async () => {
    const { rpArn, destArn } = await seedBasic(emu());
    const principalArn = "arn:aws:iam::111111111111:user/x";
    await emu().control.registerCredentials({
      accessKeyId: "AKIALIMITED",
      accountId: "111111111111",
      principalArn,
      allowedActions: ["backup:StartCopyJob", "backup:DescribeRecoveryPoint"],
    });
    const limited = backupClient(emu(), {
      credentials: { accessKeyId: "AKIALIMITED", secretAccessKey: "x" },
    });
    await limited.send(new DescribeRecoveryPointCommand({ BackupVaultName: "src", RecoveryPointArn: rpArn }));
    const del = await rejectsWith(
      limited.send(new DeleteRecoveryPointCommand({ BackupVaultName: "src", RecoveryPointArn: rpArn })),
      "AccessDeniedException",
      403,
    );
    assert.strictEqual(
      del.message,
      `User: ${principalArn} is not authorized to perform: backup:DeleteRecoveryPoint on resource: ${rpArn} because no identity-based policy allows the backup:DeleteRecoveryPoint action`,
    );
    const start = () =>
      limited.send(
        new StartCopyJobCommand({
          RecoveryPointArn: rpArn,
          SourceBackupVaultName: "src",
          DestinationBackupVaultArn: destArn,
          IamRoleArn: ROLE,
        }),
      );
    const pass = await rejectsWith(start(), "AccessDeniedException", 403);
    assert.match(pass.message, new RegExp(`perform: iam:PassRole on resource: ${ROLE}`));
    await emu().control.registerCredentials({
      accessKeyId: "AKIALIMITED",
      accountId: "111111111111",
      principalArn,
      allowedActions: ["backup:StartCopyJob", "iam:PassRole"],
    });
    await start();
    const calls = await emu().control.calls();
    assert.strictEqual(calls.accessDenied, 2);
    assert.strictEqual(calls.StartCopyJob, 2);
  });

  it("answers unknown routes with UnknownOperationException 404", async () => {
    for (const [method, path] of [
      ["GET", "/nothing-here"],
      ["PATCH", "/copy-jobs"],
      ["DELETE", "/copy-jobs"],
      ["GET", "/"],
    ]) {
      const res = await rawRequest(emu(), method, path);
      assert.strictEqual(res.status, 404, `${method} ${path}`);
      assert.strictEqual(res.errorType, "UnknownOperationException");
      assert.strictEqual(JSON.parse(res.body).Code, "UnknownOperationException");
    }
  });

  it("answers malformed bodies, wrong types and bad encodings with client errors", async () => {
    const cases: Array<[string, string, string | undefined, string]> = [
      ["PUT", "/copy-jobs", "{not json", "SerializationException"],
      ["PUT", "/copy-jobs", "[1,2]", "SerializationException"],
      ["PUT", "/copy-jobs", "null", "SerializationException"],
      ["PUT", "/copy-jobs", '{"RecoveryPointArn": 5}', "SerializationException"],
      ["PUT", "/copy-jobs", "", "MissingParameterValueException"],
      [
        "PUT",
        "/copy-jobs",
        '{"RecoveryPointArn":"x","SourceBackupVaultName":"src","DestinationBackupVaultArn":"y","IamRoleArn":"z"}',
        "InvalidParameterValueException",
      ],
      [
        "PUT",
        "/copy-jobs",
        '{"RecoveryPointArn":"arn:aws:ec2:us-east-1::snapshot/snap-1","SourceBackupVaultName":"src","DestinationBackupVaultArn":"arn:aws:backup:us-east-1:111111111111:backup-vault:d","IamRoleArn":"arn:aws:iam::111111111111:role/r","Lifecycle":"soon"}',
        "SerializationException",
      ],
      ["GET", "/backup-vaults/x%ZZ/recovery-points", undefined, "SerializationException"],
      ["GET", "/copy-jobs?maxResults=abc", undefined, "InvalidParameterValueException"],
      ["GET", "/copy-jobs?createdAfter=yesterday", undefined, "InvalidParameterValueException"],
      ["GET", "/copy-jobs?state=DONE", undefined, "InvalidParameterValueException"],
      ["GET", "/backup-vaults/src/recovery-points/not-an-arn", undefined, "InvalidParameterValueException"],
    ];
    await emu().control.seedVault({ name: "src" });
    for (const [method, path, body, type] of cases) {
      const res = await rawRequest(emu(), method, path, {
        body,
        headers: { "content-type": "application/json" },
      });
      assert.strictEqual(res.errorType, type, `${method} ${path} ${body}: ${res.body}`);
      assert.strictEqual(res.status, 400);
      const parsed = JSON.parse(res.body);
      assert.strictEqual(parsed.Code, type);
      assert.strictEqual(parsed.Type, "User");
      assert.ok(parsed.Message);
    }
  });

  it("survives garbage on the socket and keeps serving", async () => {
    const port = emu().port;
    const garbage = [
      "this is not http\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab",
      "PUT /copy-jobs HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
      "\x00\x01\x02\xff",
    ];
    for (const g of garbage) {
      await new Promise<void>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => {
          s.write(g);
          setTimeout(() => s.destroy(), 20);
        });
        s.on("error", () => undefined);
        s.on("close", () => resolve());
      });
    }
    // A client that disconnects mid-body.
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.write('PUT /copy-jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"a":');
        setTimeout(() => s.destroy(), 20);
      });
      s.on("close", () => resolve());
    });
    const big = await rawRequest(emu(), "PUT", "/copy-jobs", { body: "x".repeat(11 * 1024 * 1024) });
    assert.strictEqual(big.status, 413);
    const res = await backupClient(emu()).send(new ListBackupVaultsCommand({}));
    assert.deepStrictEqual(res.BackupVaultList, []);
  });

  it("control API errors are JSON and never need auth", async () => {
    await assert.rejects(emu().control.seedRecoveryPoint({ vaultName: "ghost" }), /seed it first/);
    const res = await fetch(`${emu().endpoint}/_emulator/nope`);
    assert.strictEqual(res.status, 404);
    const bad = await fetch(`${emu().endpoint}/_emulator/vaults`, { method: "POST", body: "{x" });
    assert.strictEqual(bad.status, 400);
    assert.match(await emu().control.now(), /^\d{4}-\d\d-\d\dT/);
  });
});
