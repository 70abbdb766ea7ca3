package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.CidEncoder;
import io.cairn.storage.FilestoreEntry;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn filestore}: the references {@code add --nocopy} keeps to files, as Kubo's. */
@Command(
    name = "filestore",
    description = {
      "Interact with filestore objects (the blocks add --nocopy leaves in their files or at their"
          + " URLs).",
      "Needs Experimental.FilestoreEnabled: cairn config --json Experimental.FilestoreEnabled true"
          + " (or Experimental.UrlstoreEnabled, for references to URLs)"
    },
    subcommands = {
      FilestoreCommand.Ls.class,
      FilestoreCommand.Verify.class,
      FilestoreCommand.Dups.class
    })
final class FilestoreCommand extends GroupCommand {
  /** Kubo's closing error when some entries could not be shown. */
  static final String SOME_ENTRIES_FAILED = "errors while displaying some entries";

  @Command(
      name = "ls",
      description = {
        "List objects in the filestore.",
        "With CIDs, only those; else every one. Each line: <hash> <size> <path> <offset>."
      })
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", arity = "0..*", description = "CIDs of the objects to list.")
    List<String> cids = new ArrayList<>();

    @Option(
        names = "--file-order",
        description = "Sort the results based on the path of the backing file.")
    boolean fileOrder;

    @Override
    public void run() {
      CidEncoder enc = ctx.globals().cids();
      boolean[] failed = {false};
      ctx.print(
          request("filestore/ls", cids, fileOrder),
          v -> {
            String error = v.path("ErrorMsg").asText();
            if (!error.isEmpty()) {
              failed[0] = true;
              ctx.out().err().println(error);
              return;
            }
            ctx.out().println(formatLong(v, enc));
          });
      if (failed[0]) {
        throw new UserException(SOME_ENTRIES_FAILED);
      }
    }
  }

  @Command(
      name = "verify",
      description = {
        "Verify objects in the filestore.",
        "With CIDs, only those; else every one. Each line: <status> <hash> <size> <path> <offset>,",
        "where <status> is ok, changed (the file's bytes changed), no-file (the file is gone),",
        "error (the file cannot be read), missing (not in the filestore) or ERROR (a damaged",
        "entry, also printed to stderr)."
      })
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", arity = "0..*", description = "CIDs of the objects to verify.")
    List<String> cids = new ArrayList<>();

    @Option(
        names = "--file-order",
        description = "Verify the objects based on the order of the backing file.")
    boolean fileOrder;

    @Option(
        names = "--remove-bad-blocks",
        description =
            "Remove the references whose files no longer give their blocks (each line then ends"
                + " in remove or keep). WARNING: this may remove pinned data; run 'cairn pin"
                + " verify' after it.")
    boolean removeBadBlocks;

    @Override
    public void run() {
      CidEncoder enc = ctx.globals().cids();
      ApiRequest.Builder request = requestBuilder("filestore/verify", cids, fileOrder);
      if (removeBadBlocks) {
        request.option("remove-bad-blocks", true);
      }
      ctx.print(
          request.build(),
          v -> {
            int status = v.path("Status").asInt();
            if (status == FilestoreEntry.Status.OTHER_ERROR.code()) {
              ctx.out().err().println(v.path("ErrorMsg").asText());
            }
            String line = String.format("%-7s %s", word(status), formatLong(v, enc));
            if (removeBadBlocks) {
              boolean bad =
                  status != FilestoreEntry.Status.OK.code()
                      && status != FilestoreEntry.Status.OTHER_ERROR.code();
              line += bad ? " remove" : " keep";
            }
            ctx.out().println(line);
          });
    }
  }

  @Command(
      name = "dups",
      description = "List blocks that are both in the filestore and standard block storage.")
  static final class Dups implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("filestore/dups").build(), v -> RefsCommand.printRef(ctx, v));
    }
  }

  private static ApiRequest request(String path, List<String> cids, boolean fileOrder) {
    return requestBuilder(path, cids, fileOrder).build();
  }

  private static ApiRequest.Builder requestBuilder(
      String path, List<String> cids, boolean fileOrder) {
    ApiRequest.Builder b = ApiRequest.to(path).args(cids);
    if (fileOrder) {
      b.option("file-order", true);
    }
    return b;
  }

  /** Kubo's {@code FormatLong}: {@code %-50s %6d %s %d}, or the key alone without a file. */
  static String formatLong(JsonNode v, CidEncoder enc) {
    JsonNode key = v.path("Key");
    if (!key.isObject()) {
      return "<corrupt key>";
    }
    String cid = enc.recode(key.path("/").asText());
    String path = v.path("FilePath").asText();
    if (path.isEmpty()) {
      return cid;
    }
    return String.format(
        "%-50s %6d %s %d", cid, v.path("Size").asLong(), path, v.path("Offset").asLong());
  }

  /** Kubo's status word for its number. */
  static String word(int code) {
    for (FilestoreEntry.Status s : FilestoreEntry.Status.values()) {
      if (s.code() == code) {
        return s.word();
      }
    }
    return "???";
  }
}
