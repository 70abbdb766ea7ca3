package io.cairn.chain;

/**
 * A chain call failed: a transaction or call reverted, or the node refused or could not be reached.
 * For a revert, {@link #errorName()} is the contract's custom error ({@code InvalidProof}, {@code
 * NotProvider}, …, or {@code Error} for a require message, {@code Panic} for an assertion) and
 * {@link #reason()} the decoded error with its arguments.
 */
public final class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorName;
  private final String reason;

  ChainException(String message, String errorName, String reason) {
    super(message);
    this.errorName = errorName;
    this.reason = reason;
  }

  ChainException(String message, Throwable cause) {
    super(message, cause);
    this.errorName = null;
    this.reason = null;
  }

  /** The custom error's name, or {@code null} when the failure was no revert or undecodable. */
  public String errorName() {
    return errorName;
  }

  /** The decoded revert, as {@code Name(arg, …)}, or {@code null}. */
  public String reason() {
    return reason;
  }
}
