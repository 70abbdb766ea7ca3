package io.cairn.node.api;

import java.util.Optional;

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
   * The name of the file argument the command requires (a required {@code cmds.FileArg} in Kubo),
   * or empty. Over HTTP a request without a {@code multipart/form-data} body has no files, and
   * go-ipfs-cmds refuses it before the command runs: "file argument 'NAME' is required".
   */
  default Optional<String> requiredFile() {
    return Optional.empty();
  }

  /**
   * Runs the command.
   *
   * @throws ApiException or any runtime exception, whose message becomes the error the client sees
   */
  void run(ApiRequest request, ApiResponse response, NodeHandle node) throws Exception;
}
