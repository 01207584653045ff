/**
 * An error a Pulumi program raises for the user's own mistake (a bad input, a recovery point that is not
 * there): a RunError, which the language host prints as its message alone. Any other error is printed with
 * its stack ("Unhandled exception: Error: … at new CopyJob (…)"), which tells a user nothing. The host tells
 * a RunError by a marker member (RunError.isInstance); the program's @pulumi/pulumi makes it, as it makes
 * everything else CopyJob uses. A RunError is an Error: assert.throws and `instanceof Error` still see it.
 */
import { programPulumi } from "./program-pulumi";

export function programError(message: string): Error {
  const { RunError } = programPulumi();
  return new RunError(message);
}
