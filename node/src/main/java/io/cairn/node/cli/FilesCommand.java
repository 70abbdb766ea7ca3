package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn files}: Kubo's mutable file system (MFS) commands, with Kubo's options and text. The
 * reading ones are here; those that change the tree are in {@link FilesEditCommands}.
 */
@Command(
    name = "files",
    description = {
      "Work with the mutable file system (MFS): files and directories edited in place.",
      "MFS is one tree of UnixFS directories and files with a root CID that changes with every"
          + " change ('cairn files stat /' shows it). It is kept across restarts and from garbage"
          + " collection: what it links, wholly or in part, stays in the repo. It is independent"
          + " of pins, and 'cairn add' puts nothing in it unless --to-files says where: 'cairn"
          + " files cp /ipfs/<cid> /path' links existing content, without fetching it, and 'cairn"
          + " files write' writes bytes. The CIDs that 'files write' makes are Kubo's: a trickle DAG, so they differ"
          + " from those of 'cairn add' for the same bytes.",
      "Every change is written through before the command returns, so Kubo's --flush=false (which"
          + " defers writing the tree in Kubo) is accepted and changes nothing, and 'files"
          + " flush' only prints the CID."
    },
    subcommands = {
      FilesCommand.Ls.class,
      FilesCommand.Stat.class,
      FilesCommand.Read.class,
      FilesCommand.Write.class,
      FilesEditCommands.Mkdir.class,
      FilesEditCommands.Cp.class,
      FilesEditCommands.Mv.class,
      FilesEditCommands.Rm.class,
      FilesCommand.Flush.class,
      FilesEditCommands.Chcid.class,
      FilesEditCommands.Chmod.class,
      FilesEditCommands.Touch.class,
      FilesEditCommands.Chroot.class
    })
final class FilesCommand extends GroupCommand {

  @Command(
      name = "ls",
      description = {
        "List an MFS directory, one name a line, sorted by name.",
        "For a file, its name. With -l, each entry's name (with a '/' after a directory), CID and"
            + " size, separated by tabs."
      })
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "MFS path (default: /).")
    String path;

    @Option(
        names = {"-l", "--long"},
        description = "Use the long listing format.")
    boolean longFormat;

    @Option(names = "-U", description = "Do not sort: list entries in directory order.")
    boolean unsorted;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/ls")
              .args(path == null ? List.of() : List.of(path))
              .option("long", longFormat ? true : null)
              .option("U", unsorted ? true : null);
      ctx.print(
          flush.to(request).build(),
          v -> {
            List<JsonNode> entries = new ArrayList<>();
            v.path("Entries").forEach(entries::add);
            if (!unsorted) {
              entries.sort(Comparator.comparing(e -> e.path("Name").asText()));
            }
            StringBuilder out = new StringBuilder();
            for (JsonNode e : entries) {
              String name = e.path("Name").asText();
              if (longFormat) {
                boolean dir = e.path("Type").asInt() == 1;
                out.append(name).append(dir ? "/" : "").append('\t');
                out.append(e.path("Hash").asText()).append('\t');
                out.append(e.path("Size").asLong()).append('\n');
              } else {
                out.append(name).append('\n');
              }
            }
            ctx.out().print(out.toString());
          });
    }
  }

  @Command(
      name = "stat",
      description = {
        "Print the CID, sizes and type of an MFS path or of content.",
        "PATH is an MFS path or a content path (/ipfs/<cid>/..., /ipns/<name>/..., ipfs://<cid>)."
            + " With --with-local, also how much of the DAG this node holds, found without"
            + " fetching anything."
      })
  static final class Stat implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(paramLabel = "PATH", description = "MFS path or content path to stat.")
    String path;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description =
            "Print in this format, of the tokens <hash> <size> <cumulsize> <type> <childs> <mode>"
                + " <mode-octal> <mtime> <mtime-secs> <mtime-nsecs>.")
    String format;

    @Option(names = "--hash", description = "Print only the CID (--format='<hash>').")
    boolean hash;

    @Option(
        names = "--size",
        description = "Print only the cumulative size (--format='<cumulsize>').")
    boolean size;

    @Option(
        names = "--with-local",
        description = "Also print how much of the DAG is in this node's repo.")
    boolean withLocal;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/stat")
              .arg(path)
              .option("format", format)
              .option("hash", hash ? true : null)
              .option("size", size ? true : null)
              .option("with-local", withLocal ? true : null);
      ctx.print(
          flush.to(request).build(),
          v ->
              ctx.out()
                  .print(
                      FilesStatText.render(
                          io.cairn.node.rpc.FilesStatFormat.of(hash, size, format), v)));
    }
  }

  @Command(
      name = "read",
      description = {
        "Write the bytes of an MFS file to stdout.",
        "From --offset, at most --count bytes; only the blocks that hold them are read."
      })
  static final class Read implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;

    @Parameters(paramLabel = "PATH", description = "MFS path of the file to read.")
    String path;

    @Option(
        names = {"-o", "--offset"},
        paramLabel = "N",
        description = "Byte offset to begin reading from.")
    Long offset;

    @Option(
        names = {"-n", "--count"},
        paramLabel = "N",
        description = "Maximum number of bytes to read.")
    Long count;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/read").arg(path).option("offset", offset).option("count", count);
      ctx.api().call(flush.to(request).build(), ResultSinks.binaryTo(ctx.out().stream()));
      ctx.out().flush();
    }
  }

  @Command(
      name = "write",
      description = {
        "Write bytes into an MFS file.",
        "The bytes of FILE, or of stdin when none is given, are written at --offset (default 0):"
            + " over the file's bytes there, and past its end they extend it. The file must exist"
            + " unless --create; --parents makes missing directories above it. Files are trickle"
            + " DAGs as in Kubo, so their CIDs are Kubo's and differ from those of 'cairn add'."
      })
  static final class Write implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin FilesOptions.Flush flush;
    @Mixin FilesOptions.CidFormat cidFormat;

    @Parameters(index = "0", paramLabel = "PATH", description = "MFS path to write to.")
    String path;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FILE",
        description = "File whose bytes to write (default: stdin).")
    String file;

    @Option(
        names = {"-o", "--offset"},
        paramLabel = "N",
        description = "Byte offset to begin writing at.")
    Long offset;

    @Option(
        names = {"-e", "--create"},
        description = "Create the file if it does not exist.")
    boolean create;

    @Option(
        names = {"-p", "--parents"},
        description = "Make parent directories as needed.")
    boolean parents;

    @Option(
        names = {"-t", "--truncate"},
        description = "Truncate the file to size zero before writing.")
    boolean truncate;

    @Option(
        names = {"-n", "--count"},
        paramLabel = "N",
        description = "Maximum number of bytes to read from the input.")
    Long count;

    @Option(
        names = "--raw-leaves",
        arity = "0..1",
        fallbackValue = "true",
        paramLabel = "BOOL",
        description =
            "Store new leaves as raw blocks (default: Import.UnixFSRawLeaves, else as the CID"
                + " version says).")
    Boolean rawLeaves;

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("files/write")
              .arg(path)
              .option("offset", offset)
              .option("create", create ? true : null)
              .option("parents", parents ? true : null)
              .option("truncate", truncate ? true : null)
              .option("count", count)
              .option("raw-leaves", rawLeaves)
              .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)));
      ctx.call(cidFormat.to(flush.to(request)).build(), v -> {});
    }
  }

  @Command(
      name = "flush",
      description = {
        "Print the CID of an MFS path, as Kubo's JSON.",
        "Kubo writes changes made with --flush=false here; Cairn has written every change"
            + " already."
      })
  static final class Flush implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "MFS path (default: /).")
    String path;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("files/flush").args(path == null ? List.of() : List.of(path)).build();
      // Kubo's command has no text encoder, so its CLI prints the JSON.
      ctx.call(request, v -> ctx.out().json(v));
    }
  }
}
