package io.cairn.node.cli;

import io.cairn.config.ConfigEditor;
import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.config.RepoLock;
import io.cairn.config.RepoPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kubo's {@code key rotate}: a new node identity, the old one kept in the keystore. As Kubo's it is
 * local only and runs only while the daemon is stopped (it holds the repo lock throughout), so no
 * running node goes on with a peer ID its config no longer has.
 */
@Command(
    name = "rotate",
    description = {
      "Rotate the node identity, keeping the old key in the keystore.",
      "Generates a new Ed25519 identity and writes it to the config; the old identity is saved"
          + " first in the keystore under the name --oldkey gives, so IPNS names published with it"
          + " can still be updated ('name publish --key=<oldkey>'). The daemon must not be"
          + " running. The node's peer ID changes: peers and the DHT learn the new one when the"
          + " daemon starts again, and a provider's on-chain offer, which names the peer ID, must"
          + " be registered again."
    })
final class KeyRotateCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Option(
      names = {"-o", "--oldkey"},
      paramLabel = "NAME",
      description = "Keystore name to use for backing up your existing identity.")
  String oldKey;

  @Mixin KeyCommand.KeyType keyType;

  @Override
  public void run() {
    // Kubo's checks and words, in Kubo's order
    if (oldKey == null) {
      throw new UserException("keystore name for backing up old key must be provided");
    }
    if (oldKey.equals(Keystore.SELF)) {
      throw new UserException("keystore name for back up cannot be named 'self'");
    }
    if (keyType.type != null && !keyType.type.equals("ed25519")) {
      throw new UserException(
          "creating identity (key type '"
              + keyType.type
              + "' is not supported: the node identity is ed25519)");
    }
    RepoPaths paths = ctx.paths();
    try (RepoLock held = lock(paths)) {
      ConfigEditor config = ConfigEditor.open(paths);
      Identity old = config.identity();
      ctx.out().print("generating ED25519 keypair...");
      Identity fresh = Identity.generate();
      ctx.out().println("done");
      ctx.out().println("peer identity: " + fresh.peerId());
      // The old key is stored before the config changes: a crash between the two loses nothing.
      try {
        Keystore.open(paths).put(oldKey, old);
      } catch (IllegalArgumentException e) {
        throw new UserException("saving old key in keystore (" + e.getMessage() + ")", e);
      }
      config.replaceIdentity(old, fresh);
    }
  }

  /** The repo lock, which a running daemon holds (Kubo's words when it does). */
  private static RepoLock lock(RepoPaths paths) {
    try {
      return RepoLock.acquire(paths);
    } catch (IllegalStateException e) {
      throw new UserException("cairn daemon is running. please stop it to run this command", e);
    }
  }
}
