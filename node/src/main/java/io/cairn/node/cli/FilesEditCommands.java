package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code cairn files} commands that change the MFS tree; none prints anything but errors. */
final class FilesEditCommands {
  private FilesEditCommands() {}

  @Command(
      name = "mkdir",
      description = {
        "Make an MFS directory.",
        "With --parents, also the missing directories above it, and an existing directory is no"
            + " error. New directories take the CID format of --cid-version and --hash, else the"
            + " config's Import.*."
      })
  static final class Mkdir implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;
    @Mixin FilesOptions.CidFormat cidFormat;

    @Parameters(paramLabel = "PATH", description = "MFS path of the directory to make.")
    String path;

    @Option(
        names = {"-p", "--parents"},
        description = "No error if existing, make parent directories as needed.")
    boolean parents;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/mkdir").arg(path).option("parents", parents ? true : null);
      send(ctx, cidFormat.to(flush.to(request)));
    }
  }

  @Command(
      name = "cp",
      description = {
        "Link a file or directory into MFS, or copy one within MFS.",
        "SOURCE is an MFS path or a content path (/ipfs/<cid>/..., /ipns/<name>/...), which wins"
            + " over an MFS path of the same name. The copy is lazy: only SOURCE's root node is"
            + " read, and the rest of its DAG is fetched when read, and kept from garbage"
            + " collection as far as it is in the repo. A DEST ending in '/' gets SOURCE's name"
            + " appended."
      })
  static final class Cp implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "MFS or content path to copy.")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "MFS path to copy to.")
    String dest;

    @Option(names = "--force", description = "Replace a file at DEST.")
    boolean force;

    @Option(
        names = {"-p", "--parents"},
        description = "Make parent directories as needed.")
    boolean parents;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/cp")
              .arg(source)
              .arg(dest)
              .option("force", force ? true : null)
              .option("parents", parents ? true : null);
      send(ctx, flush.to(request));
    }
  }

  @Command(
      name = "mv",
      description = {
        "Move an MFS file or directory.",
        "Into DEST when it is a directory, else to DEST, as Unix's mv."
      })
  static final class Mv implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "MFS path to move.")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "MFS path to move it to.")
    String dest;

    @Override
    public void run() {
      send(ctx, flush.to(ApiRequest.to("files/mv").arg(source).arg(dest)));
    }
  }

  @Command(
      name = "rm",
      description = {
        "Remove MFS files and directories.",
        "A directory only with -r. A path that cannot be removed does not stop the others: its"
            + " error is printed and the command fails at the end."
      })
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "MFS paths to remove.")
    List<String> paths;

    @Option(
        names = {"-r", "--recursive"},
        description = "Recursively remove directories.")
    boolean recursive;

    @Option(
        names = "--force",
        description =
            "Remove whatever is at the path, a directory too; a missing path is no error.")
    boolean force;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/rm")
              .args(paths)
              .option("recursive", recursive ? true : null)
              .option("force", force ? true : null);
      // Kubo's command has no text encoder: the errors it emits are printed as JSON strings.
      ctx.call(flush.to(request).build(), v -> ctx.out().json(v));
    }
  }

  @Command(
      name = "chcid",
      description = {
        "Change the CID version or hash function of an MFS directory.",
        "Not of the root '/', whose format is the config's Import.CidVersion and"
            + " Import.HashFunction. Without --cid-version or --hash nothing changes."
      })
  static final class Chcid implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;
    @Mixin FilesOptions.CidFormat cidFormat;

    @Parameters(paramLabel = "PATH", description = "MFS path of the directory (not '/').")
    String path;

    @Override
    public void run() {
      send(ctx, cidFormat.to(flush.to(ApiRequest.to("files/chcid").arg(path))));
    }
  }

  @Command(
      name = "chmod",
      description = {
        "Set the UnixFS mode of an MFS file or directory.",
        "MODE is octal, as 0644; 'cairn files stat' shows it."
      })
  static final class Chmod implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(index = "0", paramLabel = "MODE", description = "Mode in octal, as 0644.")
    String mode;

    @Parameters(index = "1", paramLabel = "PATH", description = "MFS path to change.")
    String path;

    @Override
    public void run() {
      send(ctx, flush.to(ApiRequest.to("files/chmod").arg(mode).arg(path)));
    }
  }

  @Command(
      name = "touch",
      description = {
        "Set the UnixFS modification time of an MFS file or directory.",
        "To --mtime (seconds since the Unix epoch) and --mtime-nsecs, or to now."
      })
  static final class Touch implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(paramLabel = "PATH", description = "MFS path to change.")
    String path;

    @Option(
        names = "--mtime",
        paramLabel = "SECONDS",
        description = "Modification time in seconds since the Unix epoch (default: now).")
    Long mtime;

    @Option(
        names = "--mtime-nsecs",
        paramLabel = "NANOS",
        description = "Fraction of the modification time in nanoseconds.")
    Long mtimeNsecs;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/touch")
              .arg(path)
              .option("mtime", mtime)
              .option("mtime-nsecs", mtimeNsecs);
      send(ctx, flush.to(request));
    }
  }

  @Command(
      name = "chroot",
      description = {
        "Replace the MFS root, to recover from a broken one.",
        "With CID, a directory the repo holds becomes the root; without, an empty directory."
            + " Only with --confirm: the old root and what only it linked go at the next garbage"
            + " collection unless pinned. Kubo's runs only while the daemon is stopped; Cairn's"
            + " runs with a daemon too."
      })
  static final class Chroot implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", arity = "0..1", description = "The new root directory.")
    String cid;

    @Option(names = "--confirm", description = "Confirm this potentially destructive operation.")
    boolean confirm;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("files/chroot")
              .args(cid == null ? List.of() : List.of(cid))
              .option("confirm", confirm ? true : null)
              .build();
      ctx.print(request, v -> ctx.out().print(v.path("Message").asText()));
    }
  }

  /** Runs a command that emits nothing. */
  private static void send(CommandContext ctx, ApiRequest.Builder request) {
    ctx.call(request.build(), v -> {});
  }
}
