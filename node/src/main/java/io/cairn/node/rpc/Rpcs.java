package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommands;
import java.util.List;

/** Every command of the RPC API. */
public final class Rpcs {
  private Rpcs() {}

  public static ApiCommands all() {
    return new ApiCommands(
        List.of(new AddRpc(), new CatRpc(), new IdRpc(), new ShutdownRpc(), new VersionRpc()));
  }
}
