package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn object}: what remains of Kubo's deprecated dag-pb object commands, for older
 * scripts: {@code diff} and {@code patch add-link|rm-link}. As in Kubo, the root of a patch may
 * come before the subcommand ({@code object patch ROOT add-link NAME REF}) or after it.
 */
@Command(
    name = "object",
    description = {
      "Compare and patch dag-pb objects (Kubo's deprecated commands; prefer 'dag' and 'files').",
      "Kubo's removed object commands (data, get, links, new, put, stat) are not offered."
    },
    subcommands = {ObjectCommand.Diff.class, ObjectCommand.Patch.class})
final class ObjectCommand extends GroupCommand {

  @Command(
      name = "diff",
      description = {
        "Print the links that differ between two dag-pb objects, compared by name.",
        "  + CID \"name\" (added), - CID \"name\" (removed), ~ OLD NEW \"name\" (changed)"
      })
  static final class Diff implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "OBJ_A", description = "Object to diff against.")
    String a;

    @Parameters(index = "1", paramLabel = "OBJ_B", description = "Object to diff.")
    String b;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print each change as a sentence.")
    boolean verbose;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("object/diff").arg(a).arg(b).option("verbose", verbose).build(),
          v -> {
            StringBuilder sb = new StringBuilder();
            for (JsonNode c : v.path("Changes")) {
              sb.append(line(c)).append('\n');
            }
            ctx.out().print(sb.toString());
          });
    }

    private String line(JsonNode c) {
      String path = IpnsInspectText.quote(c.path("Path").asText());
      String before = cid(c.path("Before"));
      String after = cid(c.path("After"));
      return switch (c.path("Type").asInt()) {
        case 0 ->
            verbose
                ? "Added new link " + path + " pointing to " + after + "."
                : "+ " + after + " " + path;
        case 1 ->
            verbose
                ? "Removed link " + path + " (was " + before + ")."
                : "- " + before + " " + path;
        default ->
            verbose
                ? "Changed " + path + " from " + before + " to " + after + "."
                : "~ " + before + " " + after + " " + path;
      };
    }

    private String cid(JsonNode link) {
      return link.isObject() ? ctx.globals().cids().recode(link.path("/").asText()) : "";
    }
  }

  @Command(
      name = "patch",
      description = {
        "Make a new dag-pb directory from an existing one by adding or removing a link.",
        "Prefer 'cairn files cp|rm', which also handles sharded directories."
      },
      subcommands = {ObjectCommand.AddLink.class, ObjectCommand.RmLink.class})
  static final class Patch extends GroupCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "ROOT",
        description = "The object to change, when given before the subcommand.")
    String root;

    @Option(
        names = "--allow-big-block",
        description = "Allow a changed block over 2 MiB (peers cannot fetch it over Bitswap).")
    boolean allowBigBlock;
  }

  /** What both patch commands take. */
  abstract static class PatchCommand implements Runnable {
    @Mixin CommandContext ctx;

    @ParentCommand Patch patch;

    @Option(
        names = "--allow-non-unixfs",
        description = "Change a node that is not a plain UnixFS directory.")
    boolean allowNonUnixFs;

    @Option(
        names = "--allow-big-block",
        description = "Allow a changed block over 2 MiB (peers cannot fetch it over Bitswap).")
    boolean allowBigBlock;

    /** ROOT and the rest, whether ROOT came before the subcommand or after it. */
    List<String> arguments(List<String> given, int rest) {
      List<String> all = new ArrayList<>();
      if (patch.root != null) {
        all.add(patch.root);
      }
      all.addAll(given);
      if (all.size() != rest + 1) {
        throw new ParameterException(
            ctx.mixee.commandLine(),
            "expected ROOT and " + rest + " more argument" + (rest == 1 ? "" : "s"));
      }
      return all;
    }

    void call(ApiRequest.Builder request) {
      ctx.print(
          request
              .option("allow-non-unixfs", allowNonUnixFs)
              .option("allow-big-block", allowBigBlock || patch.allowBigBlock)
              .build(),
          v -> ctx.out().println(ctx.globals().cids().recode(v.path("Hash").asText())));
    }
  }

  @Command(
      name = "add-link",
      description = {
        "Link REF under NAME (a/b/c for a nested one) in the directory ROOT; print the new root.",
        "  cairn object patch add-link ROOT NAME REF  or  cairn object patch ROOT add-link NAME REF"
      })
  static final class AddLink extends PatchCommand {
    @Parameters(arity = "2..3", paramLabel = "ARG", description = "[ROOT] NAME REF.")
    List<String> given;

    @Option(
        names = {"-p", "--create"},
        description = "Create missing directories on the way to NAME.")
    boolean create;

    @Override
    public void run() {
      List<String> args = arguments(given, 2);
      call(ApiRequest.to("object/patch/add-link").args(args).option("create", create));
    }
  }

  @Command(
      name = "rm-link",
      description = "Remove the link NAME (a/b/c for a nested one) from ROOT; print the new root.")
  static final class RmLink extends PatchCommand {
    @Parameters(arity = "1..2", paramLabel = "ARG", description = "[ROOT] NAME.")
    List<String> given;

    @Override
    public void run() {
      call(ApiRequest.to("object/patch/rm-link").args(arguments(given, 1)));
    }
  }
}
