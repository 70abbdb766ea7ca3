package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn key}: Kubo's commands over the repo's keystore of IPNS name keys, with Kubo's
 * options and text.
 */
@Command(
    name = "key",
    description = {
      "Create, list, rename, remove, export, import and sign with the keys that IPNS names are"
          + " published with.",
      "Besides the node identity ('self', kept in the config), the repo holds named keys in"
          + " keystore/, one file each, as Kubo does: Ed25519, RSA or secp256k1. 'cairn key gen"
          + " mykey' makes one, for 'name publish --key=mykey' to publish under its name. A key's"
          + " ID is its IPNS name, printed as a base36 CIDv1 (k51... for Ed25519, k2k4r8... for"
          + " RSA) unless --ipns-base says otherwise (b58mh: the 12D3KooW... or Qm... peer ID). 'key export' writes a key to a file (libp2p protobuf or PKCS#8"
          + " PEM) and 'key import' reads one back. Anyone with a key's file can publish under"
          + " its name: keep the repo and exported files private. 'key rotate' gives the node a"
          + " new identity and keeps the old one in the keystore."
    },
    subcommands = {
      KeyCommand.Gen.class,
      KeyFileCommands.Export.class,
      KeyFileCommands.Import.class,
      KeyCommand.Ls.class,
      KeyCommand.ListDeprecated.class,
      KeyCommand.Rename.class,
      KeyCommand.Rm.class,
      KeyRotateCommand.class,
      KeySignCommands.Sign.class,
      KeySignCommands.Verify.class
    })
final class KeyCommand extends GroupCommand {

  /** Kubo's {@code --ipns-base}, on every {@code key} command. */
  static final class IpnsBase {
    @Option(
        names = "--ipns-base",
        paramLabel = "BASE",
        description =
            "How to write key IDs: a multibase for a CIDv1 (base36, the default, k; base32, b...)"
                + " or b58mh for the base58 peer ID.")
    String base;
  }

  /** Kubo's {@code -t} and {@code -s} of {@code key gen} and {@code key rotate}. */
  static final class KeyType {
    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        description = "Type of the key to create: ed25519 (the default), rsa or secp256k1.")
    String type;

    @Option(
        names = {"-s", "--size"},
        paramLabel = "BITS",
        description =
            "Size of the key in bits: for rsa 2048 (the default) to 8192; ed25519 and secp256k1"
                + " keys are always 256.")
    Integer size;
  }

  @Command(
      name = "gen",
      description = {
        "Create a new key and print its ID.",
        "The key is Ed25519 unless -t says rsa (-s bits, 2048 by default) or secp256k1, as in"
            + " Kubo."
      })
  static final class Gen implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin IpnsBase ipnsBase;

    @Parameters(paramLabel = "NAME", description = "Name of the key to create.")
    String name;

    @Mixin KeyType keyType;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("key/gen")
              .arg(name)
              .option("type", keyType.type)
              .option("size", keyType.size)
              .option("ipns-base", ipnsBase.base)
              .build();
      ctx.print(request, v -> ctx.out().println(v.path("Id").asText()));
    }
  }

  @Command(
      name = "ls",
      description = {
        "List the keys: 'self' first, then the keystore's by name.",
        "With -l, each key's ID before its name."
      })
  static class Ls implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin IpnsBase ipnsBase;

    @Option(names = "-l", description = "Show each key's ID too.")
    boolean withIds;

    @Override
    public void run() {
      print(ctx, path(), List.of(), withIds, ipnsBase.base);
    }

    /** The RPC this runs: {@code key/ls}, or {@code key/list} under the old name. */
    String path() {
      return "key/ls";
    }
  }

  /** Kubo keeps {@code key list} for older scripts, hidden. */
  @Command(name = "list", hidden = true, description = "Deprecated: use 'cairn key ls' instead.")
  static final class ListDeprecated extends Ls {
    @Override
    String path() {
      return "key/list";
    }
  }

  @Command(
      name = "rename",
      description = {
        "Rename a key and print its ID.",
        "A key already named NEW_NAME is replaced only with --force."
      })
  static final class Rename implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin IpnsBase ipnsBase;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the key to rename.")
    String name;

    @Parameters(index = "1", paramLabel = "NEW_NAME", description = "New name of the key.")
    String newName;

    @Option(
        names = {"-f", "--force"},
        description = "Replace a key that already has the new name.")
    boolean force;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("key/rename")
              .arg(name)
              .arg(newName)
              .option("force", force ? true : null)
              .option("ipns-base", ipnsBase.base)
              .build();
      ctx.print(
          request,
          v ->
              ctx.out()
                  .println(
                      "Key "
                          + v.path("Id").asText()
                          + " renamed to "
                          + Names.escape(v.path("Now").asText())
                          + (v.path("Overwrite").asBoolean() ? " with overwriting" : "")));
    }
  }

  @Command(
      name = "rm",
      description = {
        "Remove keys and print their names.",
        "With none given, the names are read from stdin, one per line. The node identity ('self')"
            + " cannot be removed."
      })
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin IpnsBase ipnsBase;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Names of the keys to remove.")
    List<String> names;

    @Option(names = "-l", description = "Show each key's ID too.")
    boolean withIds;

    @Override
    public void run() {
      print(ctx, "key/rm", StdinArguments.orStdin(ctx, names, "name"), withIds, ipnsBase.base);
    }
  }

  /**
   * Kubo's text of a key list: one name a line, or with {@code -l} the ID and the name in columns
   * (Go's tabwriter, minimum width 1, padding 1, each line ending in a tab).
   */
  private static void print(
      CommandContext ctx, String path, List<String> args, boolean withIds, String ipnsBase) {
    ApiRequest request =
        ApiRequest.to(path)
            .args(args)
            .option("l", withIds ? true : null)
            .option("ipns-base", ipnsBase)
            .build();
    ctx.print(
        request,
        v -> {
          TabWriter table = new TabWriter(1, 1);
          for (JsonNode k : v.path("Keys")) {
            String name = Names.escape(k.path("Name").asText());
            if (withIds) {
              table.row(k.path("Id").asText(), name, "");
            } else {
              table.row(name);
            }
          }
          ctx.out().print(table.render());
        });
  }
}
