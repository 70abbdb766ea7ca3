package io.cairn.node.api;

/**
 * A command error with Kubo's error kinds: sent over HTTP as {@code {"Message", "Code", "Type":
 * "error"}}, status 400 for client errors and 500 otherwise, as Kubo does.
 */
public final class ApiException extends RuntimeException {
  /** Kubo's error codes (go-ipfs-cmds ErrorType). */
  public enum Kind {
    NORMAL(0),
    CLIENT(1),
    IMPLEMENTATION(2),
    NOT_FOUND(3),
    FATAL(4);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Kind ofCode(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return NORMAL;
    }
  }

  private final Kind kind;

  public ApiException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ApiException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static ApiException client(String message) {
    return new ApiException(Kind.CLIENT, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status Kubo answers with for this kind. */
  public int httpStatus() {
    return kind == Kind.CLIENT ? 400 : 500;
  }
}
