package io.cairn.node.api;

/** The message a user sees for an exception. */
public final class Errors {
  private Errors() {}

  /** The most useful message in a cause chain. */
  public static String message(Throwable t) {
    Throwable cur = t;
    while (cur.getMessage() == null && cur.getCause() != null) {
      cur = cur.getCause();
    }
    if (cur instanceof java.nio.file.NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (cur instanceof java.nio.file.AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (cur instanceof OutOfMemoryError) {
      return "out of memory (raise it with CAIRN_JAVA_OPTS=-Xmx...)";
    }
    String msg = cur.getMessage();
    return msg == null ? cur.getClass().getSimpleName() : msg;
  }
}
