package io.cairn.node.cli;

import io.cairn.node.api.Api;
import io.cairn.node.api.ApiFile;
import io.cairn.node.api.LocalApi;
import io.cairn.node.api.RemoteApi;
import io.cairn.node.rpc.Rpcs;
import io.cairn.storage.Multiaddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Chooses where a command runs: on a running daemon over HTTP, or in this process. */
final class ApiSelector {
  private static final int PROBE_TIMEOUT_MS = 1000;

  private ApiSelector() {}

  static Api select(CliSession session) {
    GlobalOptions g = session.globals();
    String agent = "cairn/" + VersionCommand.version() + "/";
    if (g.apiAddress != null) {
      InetSocketAddress address;
      try {
        address = Multiaddr.parse(g.apiAddress).socketAddress();
      } catch (IllegalArgumentException e) {
        throw new UserException("--api: " + e.getMessage(), e);
      }
      return new RemoteApi(address, authorization(g.apiAuth), agent);
    }
    InetSocketAddress address = ApiFile.read(session.paths()).orElse(null);
    if (address != null && answers(address)) {
      return new RemoteApi(address, authorization(g.apiAuth), agent);
    }
    // No daemon, or a stale api file left by one that crashed: open the repo here (its lock says
    // whether some other process still has it).
    return new LocalApi(Rpcs.all(), new CliNode(session));
  }

  /**
   * The Authorization header for a secret given as Kubo takes it: {@code bearer:TOKEN} or {@code
   * basic:USER:PASSWORD} (or a ready header value such as {@code Bearer TOKEN}).
   */
  static String authorization(String secret) {
    if (secret == null) {
      return null;
    }
    if (secret.regionMatches(true, 0, "bearer:", 0, 7)) {
      return "Bearer " + secret.substring(7);
    }
    if (secret.regionMatches(true, 0, "basic:", 0, 6)) {
      return "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  secret.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return secret;
  }

  private static boolean answers(InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
