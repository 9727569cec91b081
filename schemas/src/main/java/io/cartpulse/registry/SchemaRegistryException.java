package io.cartpulse.registry;

/**
 * A registry call that failed. {@link #errorCode()} is the registry's own error code (Confluent:
 * 40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema), or
 * -1 when the registry could not be reached or answered something that is not the API.
 */
public class SchemaRegistryException extends RuntimeException {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int UNREACHABLE = -1;

  private final int errorCode;

  public SchemaRegistryException(int errorCode, String message) {
    this(errorCode, message, null);
  }

  public SchemaRegistryException(int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public int errorCode() {
    return errorCode;
  }

  /** True for "not there" answers (unknown subject, version or schema), which retrying cannot fix. */
  public boolean isNotFound() {
    return errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
  }
}
