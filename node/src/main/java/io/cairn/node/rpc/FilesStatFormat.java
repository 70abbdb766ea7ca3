package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;

/**
 * The text format of {@code files stat} that its options ask for, as Kubo's {@code
 * statGetFormatOptions}: the command refuses a conflict, the CLI renders with the result.
 */
public final class FilesStatFormat {
  /** Kubo's default {@code --format}. */
  public static final String DEFAULT =
      "<hash>\nSize: <size>\nCumulativeSize: <cumulsize>\nChildBlocks: <childs>\nType: <type>\n"
          + "Mode: <mode> (<mode-octal>)\nMtime: <mtime>";

  private FilesStatFormat() {}

  /**
   * {@code <hash>} for {@code --hash}, {@code <cumulsize>} for {@code --size}, else {@code format}
   * or the default.
   *
   * @param format null when not given
   * @throws ApiException (400) when more than one of them is given (a {@code format} equal to the
   *     default counts as not given, as in Kubo)
   */
  public static String of(boolean hash, boolean size, String format) {
    boolean custom = format != null && !format.equals(DEFAULT);
    if ((hash && size) || (hash && custom) || (size && custom)) {
      throw ApiException.client(
          "invalid parameters: format was set by multiple options. Only one format option is"
              + " allowed");
    }
    return hash ? "<hash>" : size ? "<cumulsize>" : custom ? format : DEFAULT;
  }
}
