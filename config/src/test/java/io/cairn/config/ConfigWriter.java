package io.cairn.config;

import java.nio.file.Path;

/**
 * Run in separate JVMs by {@link ConfigEditorProcessesTest}, as {@code cairn config} runs without a
 * daemon: says "ready", waits for a line on its standard input so that every writer starts at once,
 * then sets {@code PinningService.Tokens.NAME-i} for i below COUNT, each through a fresh editor as
 * one command would, and says "done". With {@code hold MILLIS} instead of NAME and COUNT, holds the
 * config's lock between processes that long, saying "locked" once it has it.
 */
public final class ConfigWriter {
  private ConfigWriter() {}

  public static void main(String[] args) throws Exception {
    RepoPaths paths = new RepoPaths(Path.of(args[0]));
    if (args[1].equals("hold")) {
      try (ConfigFileLock held = ConfigFileLock.take(paths.configLockFile(), ConfigFileLock.WAIT)) {
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[2]));
      }
      return;
    }
    String name = args[1];
    int count = Integer.parseInt(args[2]);
    System.out.println("ready");
    System.out.flush();
    if (System.in.read() < 0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      ConfigEditor.open(paths)
          .set("PinningService.Tokens." + name + "-" + i, "t", ConfigEditor.ValueType.STRING);
    }
    System.out.println("done");
    System.out.flush();
  }
}
