"""Drives the emulator with boto3/botocore and the AWS CLI: clients nobody on this project wrote.

botocore parses every response with its own copy of the AWS Backup service model. On top of that, an
after-call hook checks each raw response against the model: every member of a successful body must be in
the operation's output shape with the right JSON type (timestamps are epoch numbers, enums take listed
values), and every error must be one the operation models (or a common AWS error). Each check below is
recorded with its outcome; the mocha spec (boto3.spec.ts) asserts on the JSON printed at the end.

usage: python boto3_conformance.py ENDPOINT
"""

import datetime
import json
import os
import subprocess
import sys
import traceback
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
KEY = {"aws_access_key_id": "AKIAEMULATOR00000001", "aws_secret_access_key": "emulator-secret-key-0001"}
ACCOUNT = "111111111111"
PARTNER = "222222222222"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/conformance-copy"
# Errors any AWS operation may return without modelling them.
COMMON_ERRORS = {
    "AccessDeniedException",
    "UnrecognizedClientException",
    "MissingAuthenticationTokenException",
    "ThrottlingException",
    "UnknownOperationException",
}

results = []
mismatches = []
succeeded = set()  # operations that answered 2xx with a body that matched the model
errors = {}  # operation -> error codes seen


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{ENDPOINT}/_emulator{path}", data=data, method=method)
    req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req) as res:
        text = res.read().decode()
        return json.loads(text) if text else {}


def validate(shape, value, where):
    """Problems of a raw JSON value against a botocore shape."""
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        out = []
        for key, member in value.items():
            if key not in shape.members:
                out.append(f"{where}.{key}: not in the model's {shape.name}")
            else:
                out += validate(shape.members[key], member, f"{where}.{key}")
        return out
    if t == "list":
        if not isinstance(value, list):
            return [f"{where}: expected a list"]
        return [p for i, v in enumerate(value) for p in validate(shape.member, v, f"{where}[{i}]")]
    if t == "map":
        if not isinstance(value, dict):
            return [f"{where}: expected a map"]
        return [p for k, v in value.items() for p in validate(shape.value, v, f"{where}[{k}]")]
    if t == "string":
        if not isinstance(value, str):
            return [f"{where}: expected a string, got {value!r}"]
        if shape.enum and value not in shape.enum:
            return [f"{where}: {value!r} is not one of {shape.enum}"]
        return []
    if t in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected an integer, got {value!r}"]
    if t in ("double", "float"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a number, got {value!r}"]
    if t == "boolean":
        return [] if isinstance(value, bool) else [f"{where}: expected a boolean, got {value!r}"]
    if t == "timestamp":
        # restJson1 bodies carry epoch seconds unless the model says otherwise.
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        ok = fmt == "unixTimestamp" and isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected an epoch-seconds timestamp, got {value!r}"]
    return []


def after_call(http_response, parsed, model, **_):
    status = http_response.status_code
    body = http_response.content
    if status < 300:
        raw = json.loads(body) if body else {}
        if model.output_shape is None:
            if raw not in ({}, None):
                mismatches.append(f"{model.name}: body {raw!r} for an operation without output")
        else:
            mismatches.extend(validate(model.output_shape, raw, model.name))
        succeeded.add(model.name)
        return
    code = http_response.headers.get("x-amzn-ErrorType", "").split(":")[0]
    errors.setdefault(model.name, set()).add(code)
    modelled = {e.name for e in model.error_shapes}
    if code not in modelled and code not in COMMON_ERRORS:
        mismatches.append(f"{model.name}: {code} ({status}) is not among its modelled errors {sorted(modelled)}")
    try:
        raw = json.loads(body)
        if not isinstance(raw.get("Message"), str):
            mismatches.append(f"{model.name}: error body without Message: {raw!r}")
    except ValueError:
        mismatches.append(f"{model.name}: error body is not JSON: {body[:80]!r}")


def sts_after_call(http_response, parsed, model, **_):
    if http_response.status_code < 300:
        succeeded.add(model.name)
    else:
        errors.setdefault(model.name, set()).add(parsed.get("Error", {}).get("Code"))


def client(service="backup", region="us-east-1", validate_params=True, key=None):
    c = boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=region,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=validate_params),
        **(key or KEY),
    )
    if service == "backup":
        c.meta.events.register("after-call.backup", after_call)
    else:
        c.meta.events.register("after-call.sts", sts_after_call)
    return c


def check(fn):
    try:
        fn()
        results.append({"check": fn.__name__, "ok": True})
    except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
        detail = "".join(traceback.format_exception_only(type(e), e)).strip()
        results.append({"check": fn.__name__, "ok": False, "detail": detail, "trace": traceback.format_exc()})
    return fn


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def raises(code, status, fn, *args, **kwargs):
    """Calls fn, which must fail with this error code and HTTP status; returns the ClientError."""
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        eq(e.response["Error"]["Code"], code, f"{fn.__name__} error code")
        eq(e.response["ResponseMetadata"]["HTTPStatusCode"], status, f"{fn.__name__} status")
        return e
    raise AssertionError(f"{fn.__name__} should have failed with {code}")


def raises_any_status(code, fn):
    try:
        fn()
    except ClientError as e:
        eq(e.response["Error"]["Code"], code, "error code")
        return e
    raise AssertionError(f"should have failed with {code}")


def utc(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def advance(seconds):
    control("POST", "/clock/advance", {"seconds": seconds})


backup = client()
lax = client(validate_params=False)  # lets invalid values reach the emulator, to see its errors
west = client(region="us-west-2")


def seed_world():
    control("POST", "/reset", {})
    control("POST", "/vaults", {"name": "src"})
    control("POST", "/vaults", {"name": "dst", "region": "us-west-2"})
    control("POST", "/roles", {"arn": ROLE})


@check
def vaults_shapes_errors_and_pagination():
    seed_world()
    created = backup.create_backup_vault(BackupVaultName="conf-a")
    eq(created["BackupVaultArn"], f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:conf-a", "vault arn")
    if created["CreationDate"].tzinfo is None:
        raise AssertionError("CreationDate must be timezone-aware")
    backup.create_backup_vault(BackupVaultName="conf-b", CreatorRequestId="r1")
    raises("AlreadyExistsException", 400, backup.create_backup_vault, BackupVaultName="conf-a")
    raises("InvalidParameterValueException", 400, lax.create_backup_vault, BackupVaultName="no spaces!")
    d = backup.describe_backup_vault(BackupVaultName="conf-a")
    eq((d["NumberOfRecoveryPoints"], d["Locked"], d["VaultType"]), (0, False, "BACKUP_VAULT"), "describe")
    raises("ResourceNotFoundException", 400, backup.describe_backup_vault, BackupVaultName="nope")
    names = [
        v["BackupVaultName"]
        for page in backup.get_paginator("list_backup_vaults").paginate(PaginationConfig={"PageSize": 1})
        for v in page["BackupVaultList"]
    ]
    eq(names, ["conf-a", "conf-b", "src"], "paginated vault names")
    raises("InvalidParameterValueException", 400, backup.list_backup_vaults, NextToken="garbage")
    backup.put_backup_vault_lock_configuration(BackupVaultName="conf-b", MinRetentionDays=1, MaxRetentionDays=30)
    raises(
        "InvalidParameterValueException",
        400,
        backup.put_backup_vault_lock_configuration,
        BackupVaultName="conf-b",
        MinRetentionDays=40,
        MaxRetentionDays=30,
    )
    eq(backup.describe_backup_vault(BackupVaultName="conf-b")["MaxRetentionDays"], 30, "lock")
    backup.delete_backup_vault(BackupVaultName="conf-a")


@check
def recovery_points_timestamps_lifecycle_and_refusals():
    seed_world()
    day = "2026-06-0{}T12:00:00.250Z"
    arns = [
        control(
            "POST",
            "/recovery-points",
            {"vaultName": "src", "resourceArn": "arn:aws:ec2:us-east-1:111111111111:volume/vol-00000001",
             "creationDate": day.format(i)},
        )["recoveryPointArn"]
        for i in (1, 2, 3)
    ]
    rp = backup.describe_recovery_point(BackupVaultName="src", RecoveryPointArn=arns[0])
    eq(rp["CreationDate"], utc(day.format(1)), "CreationDate, milliseconds and UTC kept")
    eq((rp["Status"], rp["StorageClass"], rp["ResourceType"]), ("COMPLETED", "WARM", "EBS"), "describe")
    pages = list(
        backup.get_paginator("list_recovery_points_by_backup_vault").paginate(
            BackupVaultName="src", PaginationConfig={"PageSize": 2}
        )
    )
    eq(len(pages), 2, "pages of 2")
    listed = [p["RecoveryPointArn"] for page in pages for p in page["RecoveryPoints"]]
    eq(listed, list(reversed(arns)), "newest first across pages")
    after = backup.list_recovery_points_by_backup_vault(BackupVaultName="src", ByCreatedAfter=utc(day.format(2)))
    eq(len(after["RecoveryPoints"]), 2, "ByCreatedAfter (a query timestamp) is inclusive")
    by_resource = [
        p["RecoveryPointArn"]
        for page in backup.get_paginator("list_recovery_points_by_resource").paginate(
            ResourceArn="arn:aws:ec2:us-east-1:111111111111:volume/vol-00000001", PaginationConfig={"PageSize": 1}
        )
        for p in page["RecoveryPoints"]
    ]
    eq(by_resource, list(reversed(arns)), "by resource")
    updated = backup.update_recovery_point_lifecycle(
        BackupVaultName="src", RecoveryPointArn=arns[0], Lifecycle={"MoveToColdStorageAfterDays": 30,
                                                                    "DeleteAfterDays": 365}
    )
    eq(updated["Lifecycle"], {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}, "lifecycle")
    raises(
        "InvalidParameterValueException",
        400,
        backup.update_recovery_point_lifecycle,
        BackupVaultName="src",
        RecoveryPointArn=arns[0],
        Lifecycle={"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 60},
    )
    control("POST", "/recovery-points/legal-hold", {"recoveryPointArn": arns[1], "on": True})
    raises(
        "InvalidResourceStateException", 400, backup.delete_recovery_point, BackupVaultName="src",
        RecoveryPointArn=arns[1]
    )
    backup.delete_recovery_point(BackupVaultName="src", RecoveryPointArn=arns[2])
    eq(backup.describe_recovery_point(BackupVaultName="src", RecoveryPointArn=arns[2])["Status"], "DELETING", "")
    advance(60)
    raises("ResourceNotFoundException", 400, backup.describe_recovery_point, BackupVaultName="src",
           RecoveryPointArn=arns[2])
    raises("InvalidRequestException", 400, backup.delete_backup_vault, BackupVaultName="src")


@check
def copy_jobs_lifecycle_lists_quotas_and_tokens():
    seed_world()
    rp = control("POST", "/recovery-points", {"vaultName": "src"})["recoveryPointArn"]
    dest = f"arn:aws:backup:us-west-2:{ACCOUNT}:backup-vault:dst"
    start = dict(RecoveryPointArn=rp, SourceBackupVaultName="src", DestinationBackupVaultArn=dest, IamRoleArn=ROLE)
    job = backup.start_copy_job(IdempotencyToken="t1", **start)
    eq(job["IsParent"], False, "IsParent")
    again = backup.start_copy_job(IdempotencyToken="t1", **start)
    eq(again["CopyJobId"], job["CopyJobId"], "same token, same job")
    raises("InvalidRequestException", 400, backup.start_copy_job, IdempotencyToken="t1",
           **{**start, "Lifecycle": {"DeleteAfterDays": 10}})
    raises("LimitExceededException", 400, backup.start_copy_job, IdempotencyToken="t2", **start)
    eq(backup.describe_copy_job(CopyJobId=job["CopyJobId"])["CopyJob"]["State"], "CREATED", "state")
    advance(3600)
    cj = backup.describe_copy_job(CopyJobId=job["CopyJobId"])["CopyJob"]
    eq((cj["State"], cj["MessageCategory"]), ("COMPLETED", "SUCCESS"), "completed")
    if not cj["CompletionDate"] > cj["CreationDate"]:
        raise AssertionError("CompletionDate after CreationDate")
    copy = west.describe_recovery_point(BackupVaultName="dst", RecoveryPointArn=cj["DestinationRecoveryPointArn"])
    eq(copy["SourceBackupVaultArn"], f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:src", "copy's source")
    for i in range(3):
        other = control("POST", "/recovery-points", {"vaultName": "src"})["recoveryPointArn"]
        backup.start_copy_job(**{**start, "RecoveryPointArn": other})
        advance(10)
    listed = [
        j["CopyJobId"]
        for page in backup.get_paginator("list_copy_jobs").paginate(PaginationConfig={"PageSize": 2})
        for j in page["CopyJobs"]
    ]
    eq(len(listed), 4, "four jobs over pages")
    eq(listed[-1], job["CopyJobId"], "oldest last")
    eq(len(backup.list_copy_jobs(ByCreatedAfter=cj["CompletionDate"])["CopyJobs"]), 3, "ByCreatedAfter")
    eq(len(backup.list_copy_jobs(ByState="RUNNING")["CopyJobs"]), 1, "ByState: the last one still runs")
    advance(3600)
    eq(len(backup.list_copy_jobs(ByState="COMPLETED")["CopyJobs"]), 4, "ByState")
    raises("InvalidParameterValueException", 400, lax.list_copy_jobs, ByState="SLEEPING")
    raises("ResourceNotFoundException", 400, backup.describe_copy_job, CopyJobId="no-such-job")
    raises("InvalidParameterValueException", 400, lax.start_copy_job, **{**start, "IamRoleArn": "not-an-arn"})
    raises("MissingParameterValueException", 400, lax.start_copy_job, **{**start, "IamRoleArn": ""})


@check
def backup_jobs_and_their_list():
    seed_world()
    vol = "arn:aws:ec2:us-east-1:111111111111:volume/vol-0000000b"
    ids = []
    for i in range(3):
        ids.append(backup.start_backup_job(BackupVaultName="src", ResourceArn=vol, IamRoleArn=ROLE)["BackupJobId"])
        advance(100)
    d = backup.describe_backup_job(BackupJobId=ids[0])
    eq((d["State"], d["PercentDone"], d["ResourceType"]), ("COMPLETED", "100.0", "EBS"), "describe")
    if not d["StartBy"] > d["CreationDate"]:
        raise AssertionError("StartBy after CreationDate")
    listed = [
        j["BackupJobId"]
        for page in backup.get_paginator("list_backup_jobs").paginate(PaginationConfig={"PageSize": 2})
        for j in page["BackupJobs"]
    ]
    eq(listed, list(reversed(ids)), "newest first")
    eq(len(backup.list_backup_jobs(ByBackupVaultName="src", ByResourceArn=vol)["BackupJobs"]), 3, "filters")
    eq(backup.list_backup_jobs(ByAccountId=PARTNER)["BackupJobs"], [], "other account")
    raises("InvalidParameterValueException", 400, lax.list_backup_jobs, MaxResults=0)
    raises("ResourceNotFoundException", 400, backup.describe_backup_job, BackupJobId="nope")
    raises("ResourceNotFoundException", 400, backup.start_backup_job, BackupVaultName="nope", ResourceArn=vol,
           IamRoleArn=ROLE)


@check
def protected_resources():
    seed_world()
    vols = [f"arn:aws:ec2:us-east-1:111111111111:volume/vol-0000000{i}" for i in range(3)]
    for v in vols:
        control("POST", "/recovery-points", {"vaultName": "src", "resourceArn": v})
    listed = [
        r["ResourceArn"]
        for page in backup.get_paginator("list_protected_resources").paginate(PaginationConfig={"PageSize": 2})
        for r in page["Results"]
    ]
    eq(listed, vols, "sorted by ARN over pages")
    d = backup.describe_protected_resource(ResourceArn=vols[1])
    eq((d["ResourceType"], d["LastBackupVaultArn"]), ("EBS", f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:src"),
       "describe")
    raises("ResourceNotFoundException", 400, backup.describe_protected_resource,
           ResourceArn="arn:aws:ec2:us-east-1:111111111111:volume/vol-99999999")


@check
def vault_access_policies_global_settings_and_cross_account_failures():
    seed_world()
    control("POST", "/credentials", {"accessKeyId": "AKIACONFPARTNER", "accountId": PARTNER})
    partner = client(key={"aws_access_key_id": "AKIACONFPARTNER", "aws_secret_access_key": "x"})
    partner.create_backup_vault(BackupVaultName="central")
    raises("ResourceNotFoundException", 400, partner.get_backup_vault_access_policy, BackupVaultName="central")
    raises("InvalidParameterValueException", 400, partner.put_backup_vault_access_policy,
           BackupVaultName="central", Policy="{not json")
    raises("InvalidRequestException", 400, backup.describe_global_settings)
    control("PUT", "/organization", {"accounts": [ACCOUNT, PARTNER], "crossAccountBackupEnabled": False})
    eq(partner.describe_global_settings()["GlobalSettings"]["isCrossAccountBackupEnabled"], "false", "default")
    raises("InvalidRequestException", 400, partner.update_global_settings,
           GlobalSettings={"isCrossAccountBackupEnabled": "true"})
    raises("InvalidParameterValueException", 400, backup.update_global_settings,
           GlobalSettings={"isCrossAccountBackupEnabled": "maybe"})

    rp = control("POST", "/recovery-points", {"vaultName": "src"})["recoveryPointArn"]
    dest = f"arn:aws:backup:us-east-1:{PARTNER}:backup-vault:central"

    def copy_outcome():
        nonlocal rp
        job = backup.start_copy_job(RecoveryPointArn=rp, SourceBackupVaultName="src",
                                    DestinationBackupVaultArn=dest, IamRoleArn=ROLE)
        advance(3600)
        rp = control("POST", "/recovery-points", {"vaultName": "src"})["recoveryPointArn"]
        j = backup.describe_copy_job(CopyJobId=job["CopyJobId"])["CopyJob"]
        return j["State"], j.get("StatusMessage")

    state, message = copy_outcome()
    eq(state, "FAILED", "cross-account backup off")
    if "Cross-account backup is not enabled" not in message:
        raise AssertionError(message)
    backup.update_global_settings(GlobalSettings={"isCrossAccountBackupEnabled": "true"})
    eq(copy_outcome(), ("FAILED", "Access Denied trying to call AWS Backup service"), "no vault policy")
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "backup:CopyIntoBackupVault", "Resource": "*"}]})
    partner.put_backup_vault_access_policy(BackupVaultName="central", Policy=policy)
    eq(partner.get_backup_vault_access_policy(BackupVaultName="central")["Policy"], policy, "policy kept")
    eq(copy_outcome(), ("COMPLETED", None), "allowed")
    partner.delete_backup_vault_access_policy(BackupVaultName="central")
    eq(copy_outcome()[0], "FAILED", "policy deleted")


@check
def copy_job_summaries():
    seed_world()
    rp = control("POST", "/recovery-points", {"vaultName": "src"})["recoveryPointArn"]
    backup.start_copy_job(RecoveryPointArn=rp, SourceBackupVaultName="src",
                          DestinationBackupVaultArn=f"arn:aws:backup:us-west-2:{ACCOUNT}:backup-vault:dst",
                          IamRoleArn=ROLE)
    advance(3600)
    out = backup.list_copy_job_summaries(AggregationPeriod="SEVEN_DAYS")
    eq(out["AggregationPeriod"], "SEVEN_DAYS", "period echoed")
    rows = [(s["State"], s["ResourceType"], s["MessageCategory"], s["Count"]) for s in out["CopyJobSummaries"]]
    eq(rows, [("COMPLETED", "EBS", "SUCCESS", 1)], "one completed EBS copy")
    if out["CopyJobSummaries"][0]["EndTime"] - out["CopyJobSummaries"][0]["StartTime"] != datetime.timedelta(days=7):
        raise AssertionError("a 7-day window")
    raises("InvalidParameterValueException", 400, lax.list_copy_job_summaries, MaxResults=501)


@check
def sts_and_credentials_in_both_iam_modes():
    seed_world()
    sts = client("sts")
    who = sts.get_caller_identity()
    eq((who["Account"], who["Arn"]), (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/emulator"), "default key")
    anyone = client("sts", key={"aws_access_key_id": "333333333333", "aws_secret_access_key": "x"})
    eq(anyone.get_caller_identity()["Account"], "333333333333", "a 12-digit key is its account")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{PARTNER}:role/unseeded", RoleSessionName="conf")["Credentials"]
    if creds["Expiration"].tzinfo is None or not creds["AccessKeyId"].startswith("ASIA"):
        raise AssertionError(creds)
    temp = client("sts", key={"aws_access_key_id": creds["AccessKeyId"],
                              "aws_secret_access_key": creds["SecretAccessKey"],
                              "aws_session_token": creds["SessionToken"]})
    eq(temp.get_caller_identity()["Arn"], f"arn:aws:sts::{PARTNER}:assumed-role/unseeded/conf", "assumed")
    raises("ValidationError", 400, client("sts", validate_params=False).assume_role, RoleArn=ROLE,
           RoleSessionName="x")
    control("PUT", "/iam", {"enforce": True})
    stranger = {"aws_access_key_id": "AKIASTRANGER", "aws_secret_access_key": "x"}
    raises("InvalidClientTokenId", 403, client("sts", key=stranger).get_caller_identity)
    e = raises("UnrecognizedClientException", 403, client(key=stranger).list_backup_vaults)
    if "AKIAEMULATOR00000001" not in e.response["Error"]["Message"]:
        raise AssertionError("strict mode names the emulator's key")
    raises("AccessDenied", 403, sts.assume_role, RoleArn=f"arn:aws:iam::{PARTNER}:role/unseeded",
           RoleSessionName="conf")
    control("POST", "/credentials", {"accessKeyId": "AKIALIMITED", "accountId": ACCOUNT,
                                     "allowedActions": ["backup:ListBackupVaults"]})
    limited = client(key={"aws_access_key_id": "AKIALIMITED", "aws_secret_access_key": "x"})
    limited.list_backup_vaults()
    raises("AccessDeniedException", 403, limited.list_copy_jobs)


@check
def injected_faults_and_unknown_operations():
    seed_world()
    control("PUT", "/faults", {"throttleProbability": 1})
    raises("ThrottlingException", 400, backup.list_backup_vaults)
    control("PUT", "/faults", {"serverErrorProbability": 1, "seed": 3})
    e = raises_any_status("ServiceUnavailableException", backup.list_backup_vaults)
    if e.response["ResponseMetadata"]["HTTPStatusCode"] not in (500, 503):
        raise AssertionError("5xx")
    control("PUT", "/faults", {})
    raises("UnknownOperationException", 404, backup.list_backup_plans)


def aws_cli(*args, endpoint_flag=False):
    """The AWS CLI from the venv (`python -m awscli`), isolated from the machine's AWS config."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("TMPDIR", "/tmp"),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_ACCESS_KEY_ID": KEY["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": KEY["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    cmd = [sys.executable, "-m", "awscli", *args, "--output", "json"]
    if endpoint_flag:
        cmd += ["--endpoint-url", ENDPOINT]
    else:
        env["AWS_ENDPOINT_URL"] = ENDPOINT
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)


@check
def aws_cli_calls():
    seed_world()
    control("POST", "/recovery-points", {"vaultName": "src"})
    out = aws_cli("backup", "list-backup-vaults")
    eq(out.returncode, 0, f"list-backup-vaults via AWS_ENDPOINT_URL: {out.stderr}")
    eq(sorted(v["BackupVaultName"] for v in json.loads(out.stdout)["BackupVaultList"]), ["src"], "vaults")
    flagged = aws_cli("backup", "list-recovery-points-by-backup-vault", "--backup-vault-name", "src",
                      endpoint_flag=True)
    eq(flagged.returncode, 0, f"with --endpoint-url: {flagged.stderr}")
    eq(len(json.loads(flagged.stdout)["RecoveryPoints"]), 1, "one recovery point")
    jobs = aws_cli("backup", "list-backup-jobs")
    eq((jobs.returncode, json.loads(jobs.stdout)["BackupJobs"]), (0, []), f"list-backup-jobs: {jobs.stderr}")
    who = aws_cli("sts", "get-caller-identity")
    eq(json.loads(who.stdout)["Account"], ACCOUNT, f"sts: {who.stderr}")
    missing = aws_cli("backup", "describe-copy-job", "--copy-job-id", "nope")
    if missing.returncode == 0 or "ResourceNotFoundException" not in missing.stderr:
        raise AssertionError(f"describe-copy-job of a missing job: {missing.returncode} {missing.stderr}")


print(json.dumps({
    "results": results,
    "mismatches": sorted(set(mismatches)),
    "succeeded": sorted(succeeded),
    "errors": {op: sorted(codes) for op, codes in sorted(errors.items())},
    "versions": {"boto3": boto3.__version__, "botocore": __import__("botocore").__version__},
}))
