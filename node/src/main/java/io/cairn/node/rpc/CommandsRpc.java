package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.cli.CommandTree;

/**
 * {@code commands}: Kubo's tree of every command, {@code {Name: "cairn", Subcommands: [...],
 * Options: [{Names: [...]}]}}, from the CLI's own definitions (so local-only commands such as
 * {@code init} are listed too, as in Kubo).
 */
final class CommandsRpc implements ApiCommand {
  @Override
  public String path() {
    return "commands";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(CommandTree.json());
  }
}
