package io.cairn.node.cli;

import io.cairn.config.Identity;
import io.cairn.config.KeyFormat;
import io.cairn.config.Keystore;
import io.cairn.config.SecretFiles;
import io.cairn.node.api.ApiRequest;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Kubo's {@code key export} and {@code key import}: a keystore key to a file and back, in the
 * libp2p protobuf or PKCS#8 PEM ({@link KeyFormat}).
 */
final class KeyFileCommands {
  /** The formats' names, as {@link KeyFormat} spells them (a constant, for the annotations). */
  private static final String FORMATS =
      "libp2p-protobuf-cleartext (the default) or pem-pkcs8-cleartext";

  private KeyFileCommands() {}

  /**
   * As Kubo's, this never goes through the RPC API (Kubo marks it local-only, so the API never
   * hands out a private key): it reads the repo's keystore directly, without the repo lock, so it
   * works while the daemon runs.
   */
  @Command(
      name = "export",
      description = {
        "Export a key to a file, in clear.",
        "The file is ./NAME.key (libp2p protobuf) or ./NAME.pem (PKCS#8 PEM, which OpenSSL and"
            + " most crypto libraries read) unless -o names another; it is written owner-only"
            + " (0600), replacing any file there. Anyone with the file can publish under the key's"
            + " IPNS name. The node identity ('self') cannot be exported. This reads the repo"
            + " directly, also while the daemon runs, and is not in the RPC API, as with Kubo."
      })
  static final class Export implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "NAME", description = "Name of the key to export.")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "PATH",
        description = "The path where the output should be stored.")
    String output;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        description = "The format of the exported private key: " + FORMATS + ".")
    String format = KeyFormat.LIBP2P_PROTOBUF.optionName();

    @Override
    public void run() {
      if (name.equals(Keystore.SELF)) {
        throw new UserException("cannot export key with name 'self'"); // Kubo's words
      }
      KeyFormat keyFormat = KeyFormat.forName(format, "export");
      Identity key =
          Keystore.openExisting(ctx.paths())
              .find(name)
              .orElseThrow(() -> new UserException("key with name '" + name + "' doesn't exist"));
      Path file =
          output == null || output.isEmpty() ? defaultFile(name, keyFormat) : Path.of(output);
      SecretFiles.writeReplacing(file, keyFormat.encode(key));
    }

    /** Kubo's default: the key's name and the format's extension, in the current folder. */
    static Path defaultFile(String name, KeyFormat format) {
      return Path.of(name + "." + format.extension());
    }
  }

  @Command(
      name = "import",
      description = {
        "Import a key from a file and print its ID.",
        "FILE ('-' for stdin) is a libp2p protobuf key, as 'key export' writes it, or with"
            + " -f pem-pkcs8-cleartext a PKCS#8 PEM (e.g. from 'openssl genpkey -algorithm"
            + " ED25519'). The key must be Ed25519, RSA (2048 to 8192 bits) or secp256k1, as"
            + " Kubo takes them, and NAME neither 'self' nor taken."
      })
  static final class Import implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name to store the key under.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "FILE",
        description = "The key file, as 'key export' or another tool wrote it, or - for stdin.")
    String file;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        description = "The format of the private key to import: " + FORMATS + ".")
    String format;

    @Option(
        names = "--allow-any-key-type",
        description =
            "Kubo's switch for key types it does not generate (ECDSA); Cairn's keystore still"
                + " takes Ed25519, RSA and secp256k1 keys only.")
    boolean allowAnyKeyType;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("key/import")
              .arg(name)
              .option("format", format)
              .option("allow-any-key-type", allowAnyKeyType ? true : null)
              .option("ipns-base", ipnsBase.base)
              .body(Uploads.filesOrStdin(ctx, List.of(file)))
              .build();
      ctx.print(request, v -> ctx.out().println(v.path("Id").asText()));
    }
  }
}
