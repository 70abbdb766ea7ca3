package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cairn shutdown}: stops the running daemon. */
@Command(name = "shutdown", description = "Shut down the running daemon.")
final class ShutdownCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Override
  public void run() {
    ctx.api().call(ApiRequest.to("shutdown").build(), ResultSinks.values(v -> {}));
  }
}
