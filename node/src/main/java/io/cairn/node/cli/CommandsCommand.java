package io.cairn.node.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Kubo's {@code ipfs commands}: every command, and shell completions. */
@Command(
    name = "commands",
    description = {
      "List all available commands.",
      "One line per command (with -f, also one per option of each), sorted; with --enc=json"
          + " Kubo's tree {Name, Subcommands, Options}. This needs no repo and no daemon."
    },
    subcommands = {CommandsCommand.Completion.class})
final class CommandsCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Option(
      names = {"-f", "--flags"},
      description = "Show command flags.")
  boolean flags;

  @Override
  public void run() {
    var tree = CommandTree.full();
    if (ctx.json()) {
      ctx.out().json(CommandTree.json(tree));
      return;
    }
    CommandTree.lines(tree, flags).forEach(ctx.out()::println);
  }

  @Command(
      name = "completion",
      description = {
        "Generate shell completions.",
        "'cairn commands completion bash > cairn-completion.bash' then 'source"
            + " cairn-completion.bash' (or put it in /etc/bash_completion.d or ~/.bashrc) completes"
            + " commands, subcommands and options. zsh takes the same script through bashcompinit."
      },
      subcommands = {Completion.Bash.class, Completion.Zsh.class, Completion.Fish.class})
  static final class Completion implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      throw new UserException("give a shell: bash, zsh or fish");
    }

    @Command(name = "bash", description = "Generate bash shell completions.")
    static final class Bash implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        ctx.out().print(AutoComplete.bash("cairn", CommandTree.full()));
      }
    }

    @Command(
        name = "zsh",
        description = {
          "Generate zsh shell completions.",
          "The bash script, loaded through zsh's bashcompinit."
        })
    static final class Zsh implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        ctx.out().print("autoload -U +X compinit && compinit\n");
        ctx.out().print("autoload -U +X bashcompinit && bashcompinit\n");
        ctx.out().print(AutoComplete.bash("cairn", CommandTree.full()));
      }
    }

    @Command(name = "fish", description = "Generate fish shell completions (not supported).")
    static final class Fish implements Runnable {
      @Override
      public void run() {
        throw new UserException(
            "fish completions are not supported: use 'cairn commands completion bash' or zsh");
      }
    }
  }
}
