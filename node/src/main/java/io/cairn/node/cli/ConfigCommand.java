package io.cairn.node.cli;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn config}: get and set config values by Kubo's dotted key names. */
@Command(
    name = "config",
    description = {
      "Get and set config values.",
      "  cairn config Addresses.API                     show a value",
      "  cairn config Import.CidVersion 1 --json         set a value",
      "Keys use Kubo's names where one exists (Addresses.*, Datastore.*, Import.*, API.*, Gateway.*)."
    },
    subcommands = {
      ConfigCommand.Show.class,
      ConfigCommand.Replace.class,
      ConfigCommand.Edit.class,
      ConfigCommand.Profile.class
    })
final class ConfigCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "KEY",
      description = "The config key, e.g. Addresses.API.")
  String key;

  @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value to set.")
  String value;

  @Option(names = "--json", description = "Parse VALUE as JSON.")
  boolean json;

  @Option(names = "--bool", description = "Set a boolean value.")
  boolean bool;

  @Override
  public void run() {
    if (key == null) {
      throw new UserException("argument \"key\" is required");
    }
    ApiRequest.Builder request = ApiRequest.to("config").arg(key);
    if (value != null) {
      request.arg(value).option("json", json ? true : null).option("bool", bool ? true : null);
    }
    // Kubo prints nothing when setting a value.
    ctx.print(
        request.build(),
        v -> {
          if (value == null) {
            ctx.out().println(HumanJson.of(v.path("Value")));
          }
        });
  }

  @Command(
      name = "show",
      description = "Print the whole config (private keys left out, as Kubo does).")
  static final class Show implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("config/show").build(), v -> ctx.out().println(HumanJson.pretty(v)));
    }
  }

  @Command(
      name = "replace",
      description =
          "Replace the config with a file ('-' for stdin); keys hidden by 'show' are kept.")
  static final class Replace implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "FILE", description = "The new config file, or - for stdin.")
    String file;

    @Override
    public void run() {
      ctx.call(
          ApiRequest.to("config/replace").body(Uploads.filesOrStdin(ctx, List.of(file))).build(),
          v -> {});
    }
  }

  @Command(
      name = "edit",
      description =
          "Edit the config in $EDITOR, on a copy that replaces it only if the copy is a valid"
              + " config and the config did not change meanwhile.")
  static final class Edit implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      String editor = System.getenv("EDITOR");
      if (editor == null || editor.isBlank()) {
        throw new UserException("ENV variable $EDITOR not set");
      }
      if (!ConfigEditor.edit(ctx.paths(), copy -> runEditor(editor, copy))) {
        // As kubectl edit says it.
        ctx.out().err().println("Edit cancelled, no changes made.");
      }
    }

    private static void runEditor(String editor, Path file) {
      try {
        int code =
            new ProcessBuilder("sh", "-c", editor + " \"$0\"", file.toString())
                .inheritIO()
                .start()
                .waitFor();
        if (code != 0) {
          throw new UserException("editor exited with status " + code);
        }
      } catch (IOException e) {
        throw new UserException("cannot start editor: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted");
      }
    }
  }

  @Command(
      name = "profile",
      description = "Apply config profiles.",
      subcommands = {Profile.Apply.class, Profile.Ls.class})
  static final class Profile extends GroupCommand {
    @Command(
        name = "apply",
        description = "Apply a profile to the config (a backup of the old one is kept).")
    static final class Apply implements Runnable {
      @Mixin CommandContext ctx;

      @Parameters(paramLabel = "PROFILE", description = "The profile to apply.")
      String name;

      @Option(names = "--dry-run", description = "Print the difference without applying it.")
      boolean dryRun;

      @Override
      public void run() {
        ctx.print(
            ApiRequest.to("config/profile/apply").arg(name).option("dry-run", dryRun).build(),
            v -> {
              ctx.out().println("old: " + HumanJson.pretty(v.path("OldCfg")));
              ctx.out().println("new: " + HumanJson.pretty(v.path("NewCfg")));
              if (v.has("Backup")) {
                ctx.out().err().println("previous config saved to " + v.get("Backup").asText());
              }
            });
      }
    }

    @Command(name = "ls", description = "List the available profiles.")
    static final class Ls implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        ConfigEditor.profiles()
            .forEach((name, description) -> ctx.out().println(name + ":\n  " + description + "\n"));
      }
    }
  }
}
