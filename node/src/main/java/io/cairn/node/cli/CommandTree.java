package io.cairn.node.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Kubo's {@code commands} output: every command of {@code cairn} (hidden ones left out), each with
 * the names of its options, as {@code {Name, Subcommands, Options: [{Names}]}} or as sorted lines.
 */
public final class CommandTree {
  private CommandTree() {}

  /** The whole command tree, built for listing only (never run). */
  static CommandLine full() {
    return Commands.commandLine(
        new CliSession(
            new Output(
                new ByteArrayOutputStream(), new PrintStream(PrintStream.nullOutputStream()))));
  }

  /** Kubo's JSON of the whole tree, as the RPC's {@code commands} emits it. */
  public static Map<String, Object> json() {
    return json(full());
  }

  static Map<String, Object> json(CommandLine cmd) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", cmd.getCommandName());
    List<Object> subs = new ArrayList<>();
    for (CommandLine sub : visible(cmd)) {
      subs.add(json(sub));
    }
    m.put("Subcommands", subs);
    List<Object> options = new ArrayList<>();
    for (List<String> names : optionNames(cmd)) {
      options.add(Map.of("Names", names));
    }
    m.put("Options", options);
    return m;
  }

  /**
   * Kubo's text: one line per command path, and with {@code flags} one per option of each command
   * below the root ({@code cairn add --quiet / -q}), all sorted.
   */
  static List<String> lines(CommandLine root, boolean flags) {
    List<String> out = new ArrayList<>();
    collect(root, "", flags, out);
    out.sort(null);
    return out;
  }

  private static void collect(CommandLine cmd, String prefix, boolean flags, List<String> out) {
    String path = prefix + cmd.getCommandName();
    out.add(path);
    if (!prefix.isEmpty() && flags) {
      for (List<String> names : optionNames(cmd)) {
        List<String> flagsOfOne = new ArrayList<>();
        for (String n : names) {
          flagsOfOne.add(path + " " + (n.length() == 1 ? "-" : "--") + n);
        }
        out.add(String.join(" / ", flagsOfOne));
      }
    }
    for (CommandLine sub : visible(cmd)) {
      collect(sub, path + " ", flags, out);
    }
  }

  private static List<CommandLine> visible(CommandLine cmd) {
    List<CommandLine> out = new ArrayList<>();
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              // picocli lists a command under each alias too: keep its own name only
              if (name.equals(sub.getCommandName())
                  && !sub.getCommandSpec().usageMessage().hidden()) {
                out.add(sub);
              }
            });
    return out;
  }

  /**
   * Each visible option's names without dashes, the long first, as Kubo's {@code Names()}. Below
   * the root, the global options (the root's, which every command takes) are left out, as Kubo
   * lists them on the root only.
   */
  private static List<List<String>> optionNames(CommandLine cmd) {
    CommandLine root = cmd;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    java.util.Set<String> global = new java.util.HashSet<>();
    if (root != cmd) {
      root.getCommandSpec().options().forEach(o -> global.addAll(List.of(o.names())));
    }
    List<List<String>> out = new ArrayList<>();
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (o.hidden() || List.of(o.names()).stream().anyMatch(global::contains)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add(n.replaceFirst("^-+", ""));
      }
      names.sort(Comparator.comparingInt(String::length).reversed());
      out.add(names);
    }
    return out;
  }
}
