package io.cairn.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a child process so that it ends with this JVM however the JVM ends, SIGKILL included.
 *
 * <p>The command is started under {@code /bin/sh} with this script:
 *
 * <pre>
 *   exec 3&lt;&amp;0
 *   "$@" &lt;/dev/null 3&lt;&amp;- &amp;  child=$!
 *   { cat &lt;&amp;3 &gt;/dev/null 3&lt;&amp;-; kill -TERM $child; } &amp;
 *   exec 3&lt;&amp;-
 *   wait $child
 * </pre>
 *
 * The shell's standard input is a pipe whose only write end this JVM holds ({@link
 * ProcessBuilder}'s default, and Java closes every other descriptor in the processes it starts).
 * The {@code cat} reads that pipe and sees its end when the JVM closes it or when the kernel does
 * because the JVM is gone, whatever killed it; then it sends the child SIGTERM, which lets Anvil
 * write its state file. A shutdown hook could not do this: none runs after SIGKILL, and Linux's
 * {@code PR_SET_PDEATHSIG} is not reachable from Java. A normal stop closes the pipe the same way
 * ({@link #stop}), so there is one path for every case. The child's own input is {@code /dev/null},
 * so it never holds the pipe.
 */
final class ParentWatch {
  private static final String SCRIPT =
      "exec 3<&0\n"
          + "\"$@\" </dev/null 3<&- & child=$!\n"
          + "{ cat <&3 >/dev/null 3<&-; kill -TERM $child 2>/dev/null; } &\n"
          + "exec 3<&-\n"
          + "wait $child\n";

  private ParentWatch() {}

  /** The command line that runs {@code command} under the watch. */
  static List<String> wrap(List<String> command) {
    List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "cairn-watch"));
    line.addAll(command);
    return line;
  }

  /**
   * Asks the watched child to stop: closes the pipe, so the watch sends it SIGTERM; the shell exits
   * once the child has.
   */
  static void stop(Process watch) {
    try {
      watch.getOutputStream().close();
    } catch (java.io.IOException e) {
      // Already closed: the watch has been told.
    }
  }
}
