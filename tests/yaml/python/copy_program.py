"""A Python program using the SDK generated from the native plugin's schema (pulumi_backup_copy), run through
Pulumi's Python Automation API as an inline program: the API serves the program from its own language server, so
no pulumi-language-python host is needed. tests/yaml/python-sdk.spec.ts runs it against the emulator.

Input (environment): COPY_ARGS (JSON: recoveryPointArn, sourceBackupVaultName, destinationBackupVaultArn,
iamRoleArn), STACK, WORK_DIR, PULUMI_ROOT (a directory with bin/pulumi), and the CLI environment (backend,
PULUMI_HOME, passphrase, emulator endpoint, PATH with the plugin's folder). Output: one JSON line, last, with
the up's resource changes and the stack's outputs.
"""
import json
import os

import pulumi
from pulumi import automation as auto

import pulumi_backup_copy as backup_copy

ARGS = json.loads(os.environ["COPY_ARGS"])


def program() -> None:
    copy = backup_copy.CopyJob(
        "copy",
        recovery_point_arn=ARGS["recoveryPointArn"],
        source_backup_vault_name=ARGS["sourceBackupVaultName"],
        destination_backup_vault_arn=ARGS["destinationBackupVaultArn"],
        iam_role_arn=ARGS["iamRoleArn"],
        lifecycle=backup_copy.LifecycleArgs(delete_after_days=120),
        polling=backup_copy.PollingArgs(min_delay_seconds=0.02, max_delay_seconds=0.2),
    )
    pulumi.export("copyJobId", copy.copy_job_id)
    pulumi.export("state", copy.state)


def main() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COPY_ARGS", "STACK", "WORK_DIR", "PULUMI_ROOT")}
    stack = auto.create_or_select_stack(
        stack_name=os.environ["STACK"],
        project_name="python-sdk",
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=os.environ["WORK_DIR"],
            env_vars=env,
            pulumi_command=auto.PulumiCommand(root=os.environ["PULUMI_ROOT"]),
            project_settings=auto.ProjectSettings(name="python-sdk", runtime="python"),
        ),
    )
    ups = []
    for _ in range(2):  # the second up must change nothing
        result = stack.up(on_output=print)
        ups.append(result.summary.resource_changes)
    outputs = {k: v.value for k, v in stack.outputs().items()}
    print(json.dumps({"ups": ups, "outputs": outputs}))


if __name__ == "__main__":
    main()
