package io.cairn.node.api;

/** One Kubo RPC command: served at {@code /api/v0/<path>} and run in-process by the CLI. */
public interface ApiCommand {
  /** The command path, such as {@code add} or {@code pin/ls}. */
  String path();

  /**
   * Whether the command reads the {@code timeout} option itself (Cairn's {@code job/run}: the job's
   * wall time) instead of taking it as Kubo's global deadline on the call.
   */
  default boolean ownsTimeoutOption() {
    return false;
  }

  /**
   * Runs the command.
   *
   * @throws ApiException or any runtime exception, whose message becomes the error the client sees
   */
  void run(ApiRequest request, ApiResponse response, NodeHandle node) throws Exception;
}
