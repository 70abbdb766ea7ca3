package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn key sign} and {@code key verify}: Kubo's (experimental) proof of key ownership.
 * Kubo's commands have no text output, so the CLI prints their JSON, as Kubo's does.
 */
final class KeySignCommands {
  private KeySignCommands() {}

  @Command(
      name = "sign",
      description = {
        "Sign data with a key, to prove that you hold it, and print the key and the signature.",
        "What is signed is the data after libp2p's prefix 'libp2p-key signed message:', so the"
            + " signature cannot be reused elsewhere. The signature is multibase base64url."
      })
  static final class Sign implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Option(
        names = {"-k", "--key"},
        paramLabel = "NAME",
        description = "The key to sign with (default: self, the node identity).")
    String key;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..1",
        description = "The data to sign (default: stdin).")
    String file;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("key/sign")
              .option("key", key)
              .option("ipns-base", ipnsBase.base)
              .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)))
              .build();
      ctx.call(request, v -> ctx.out().json(v));
    }
  }

  @Command(
      name = "verify",
      description = {
        "Check a signature that 'key sign' made, and print the key and whether it is valid.",
        "KEY is 'self', a keystore key's name, or any IPNS name or peer ID that carries its public"
            + " key."
      })
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Option(
        names = {"-k", "--key"},
        paramLabel = "KEY",
        description = "The key the signature should be by (default: self).")
    String key;

    @Option(
        names = {"-s", "--signature"},
        paramLabel = "SIGNATURE",
        required = true,
        description = "The multibase signature to check.")
    String signature;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..1",
        description = "The data that was signed (default: stdin).")
    String file;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("key/verify")
              .option("key", key)
              .option("signature", signature)
              .option("ipns-base", ipnsBase.base)
              .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)))
              .build();
      ctx.call(request, v -> ctx.out().json(v));
    }
  }
}
