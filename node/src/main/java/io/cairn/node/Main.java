package io.cairn.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code cairn} command. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A node for content-addressed storage, proofs of storage and compute.")
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cairn version " + (v == null ? "dev" : v)};
    }
  }
}
