package io.cairn.node.cli;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
      if (!ConfigEditor.edit(ctx.paths(), new ShellEditor(editor))) {
        // As kubectl edit says it.
        ctx.out().err().println("Edit cancelled, no changes made.");
      }
    }
  }

  /**
   * Runs {@code $EDITOR} through {@code sh}, as git and crontab do, so that it may carry arguments.
   * When the command is stopped while the editor is open, the editor and its children are stopped
   * too (SIGTERM, then SIGKILL after {@link #STOP_WAIT}) before the copy is removed: a SIGTERM sent
   * to this process alone leaves them running, and an editor that saved afterwards would write the
   * copy, which holds the private key, again.
   */
  static final class ShellEditor implements ConfigEditor.Editor {
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final String command;
    private Process process;
    private boolean stopped;

    ShellEditor(String command) {
      this.command = command;
    }

    @Override
    public void edit(Path file) {
      Process started;
      try {
        synchronized (this) {
          if (stopped) {
            throw new UserException("interrupted");
          }
          started =
              new ProcessBuilder("sh", "-c", command + " \"$0\"", file.toString())
                  .inheritIO()
                  .start();
          process = started;
        }
        int code = started.waitFor();
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

    @Override
    public void stop() {
      Process running;
      synchronized (this) {
        stopped = true;
        running = process;
      }
      if (running == null) {
        return;
      }
      // The children first: a shell waiting on its child may die before passing the signal on.
      List<ProcessHandle> tree = new ArrayList<>(running.descendants().toList());
      tree.add(running.toHandle());
      tree.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + STOP_WAIT.toNanos();
      for (ProcessHandle p : tree) {
        try {
          p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
          p.destroyForcibly();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          tree.forEach(ProcessHandle::destroyForcibly);
          return;
        }
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
