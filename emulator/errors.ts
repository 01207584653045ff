/**
 * The one error type every layer throws. The HTTP front turns it into the wire shape the SDK parses:
 * the exception name in `x-amzn-ErrorType` (restJson1) or an `<ErrorResponse>` (STS query protocol).
 */

/** HTTP status per exception name, as AWS sends them (AWS Backup's model plus the common errors). */
export const ERROR_STATUS = {
  ResourceNotFoundException: 400,
  InvalidParameterValueException: 400,
  MissingParameterValueException: 400,
  InvalidRequestException: 400,
  LimitExceededException: 400,
  // Not in AWS Backup's model, but the SDK's retry strategy classifies the name as throttling.
  ThrottlingException: 400,
  AlreadyExistsException: 400,
  InvalidResourceStateException: 400,
  ConflictException: 400,
  SerializationException: 400,
  IncompleteSignatureException: 400,
  ValidationError: 400,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  MissingAuthenticationTokenException: 403,
  ExpiredTokenException: 403,
  UnknownOperationException: 404,
  RequestEntityTooLargeException: 413,
  ServiceUnavailableException: 500,
  InternalFailure: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** STS speaks the query protocol, whose error codes are spelled differently for the same conditions. */
const STS_CODES: Partial<Record<ErrorCode, string>> = {
  AccessDeniedException: "AccessDenied",
  UnrecognizedClientException: "InvalidClientTokenId",
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  ThrottlingException: "Throttling",
  ServiceUnavailableException: "ServiceUnavailable",
  InvalidParameterValueException: "ValidationError",
  MissingParameterValueException: "ValidationError",
  UnknownOperationException: "InvalidAction",
};

export class AwsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, status?: number) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status ?? ERROR_STATUS[code];
  }

  get isServerError(): boolean {
    return this.status >= 500;
  }

  /** restJson1 body: AWS Backup's modelled exceptions carry Code, Message and Type. */
  toJsonBody(): string {
    return JSON.stringify({
      Code: this.code,
      Message: this.message,
      Type: this.isServerError ? "Server" : "User",
    });
  }

  stsCode(): string {
    return STS_CODES[this.code] ?? this.code;
  }
}

export const notFound = (message: string) => new AwsError("ResourceNotFoundException", message);
export const invalidParameter = (message: string) => new AwsError("InvalidParameterValueException", message);
export const missingParameter = (name: string) =>
  new AwsError("MissingParameterValueException", `Missing required parameter: ${name}`);
export const invalidRequest = (message: string) => new AwsError("InvalidRequestException", message);
