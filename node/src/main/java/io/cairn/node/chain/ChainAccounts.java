package io.cairn.node.chain;

import io.cairn.chain.ChainAccount;
import io.cairn.config.RepoPaths;
import io.cairn.config.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The node's chain account: one web3j keystore file (scrypt) under {@code chain/keystore} in the
 * repo. Its password comes from {@code CAIRN_CHAIN_PASSWORD}, else from {@code chain/password}, a
 * file only the repo's owner can read that {@code cairn chain account new} (or the dev chain)
 * writes when the variable is not set. The private key is never written in plain.
 */
public final class ChainAccounts {
  /** The environment variable that holds the keystore password. */
  public static final String PASSWORD_ENV = "CAIRN_CHAIN_PASSWORD";

  private ChainAccounts() {}

  public static Path keystoreDir(RepoPaths paths) {
    return paths.chain().resolve("keystore");
  }

  public static Path passwordFile(RepoPaths paths) {
    return paths.chain().resolve("password");
  }

  /** The keystore file of the node's account, if it has one. */
  public static Optional<Path> file(RepoPaths paths) {
    Path dir = keystoreDir(paths);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> keys = files.filter(Files::isRegularFile).sorted().toList();
      if (keys.size() > 1) {
        throw new IllegalStateException(
            "more than one keystore file in " + dir + "; the node's account must be the only one");
      }
      return keys.stream().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The address a keystore file names (web3j writes it unencrypted), without unlocking it. */
  public static String addressOf(Path keystoreFile) {
    try {
      String a =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(keystoreFile.toFile())
              .path("address")
              .asText();
      if (!a.matches("(0x)?[0-9a-fA-F]{40}")) {
        throw new IllegalStateException(keystoreFile + " is not a keystore file with an address");
      }
      return a.startsWith("0x") ? a : "0x" + a;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the keystore file " + keystoreFile, e);
    }
  }

  /** Unlocks the node's account. */
  public static ChainAccount load(RepoPaths paths) {
    Path file =
        file(paths)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "this node has no chain account; create one with 'cairn chain account new'"
                            + " or 'cairn chain account import'"));
    return ChainAccount.load(file, password(paths, false));
  }

  /** Creates the node's account (a new random key). */
  public static ChainAccount create(RepoPaths paths) {
    refuseSecond(paths);
    return ChainAccount.create(keystoreDir(paths), password(paths, true));
  }

  /** Imports a private key as the node's account. */
  public static ChainAccount importKey(RepoPaths paths, String privateKeyHex) {
    refuseSecond(paths);
    return ChainAccount.importKey(keystoreDir(paths), privateKeyHex, password(paths, true));
  }

  private static void refuseSecond(RepoPaths paths) {
    file(paths)
        .ifPresent(
            f -> {
              throw new IllegalStateException("this node already has a chain account: " + f);
            });
  }

  /**
   * The keystore password: {@value #PASSWORD_ENV}, else the repo's password file; {@code create}
   * writes a new random one there when neither exists.
   */
  static char[] password(RepoPaths paths, boolean create) {
    String env = System.getenv(PASSWORD_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    Path file = passwordFile(paths);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
      }
      if (!create) {
        throw new IllegalStateException(
            "no keystore password: set " + PASSWORD_ENV + " or write it to " + file);
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      Files.createDirectories(file.getParent());
      // owner-only from its first byte, and whole or absent after a crash: an empty password file
      // would stop every later start ("a keystore needs a non-empty password")
      SecretFiles.writeNew(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
      return password.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the keystore password " + file, e);
    }
  }
}
