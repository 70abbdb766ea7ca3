package io.cairn.node.cli;

import io.cairn.config.RepoLock;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.ApiFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link DaemonStartupTest}: holds the repo as a daemon does while it is
 * still starting (the lock taken, no API yet), says "held"; on the input line "listen" opens a port
 * on loopback, names it in the repo's {@code api} file and says "listening"; holds the repo until
 * its input ends.
 */
public final class StartingDaemon {
  private StartingDaemon() {}

  public static void main(String[] args) throws Exception {
    RepoPaths paths = new RepoPaths(Path.of(args[0]));
    try (RepoLock lock = RepoLock.acquireForDaemon(paths)) {
      System.out.println("held");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      ServerSocket api = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("listen") && api == null) {
          api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
          ApiFile.write(paths, (java.net.InetSocketAddress) api.getLocalSocketAddress());
          System.out.println("listening " + api.getLocalPort());
          System.out.flush();
        }
      }
      if (api != null) {
        api.close();
      }
    }
  }
}
