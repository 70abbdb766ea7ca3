package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cairn.storage.testing.ChildJvm;
import io.cairn.storage.testing.JsReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What becomes of the temporary log of an Anvil started without a state file. */
@Tag("chain")
class AnvilLogIT {
  private static final Pattern LOG = Pattern.compile("(/\\S*anvil-\\d+\\.log)");

  private static Path exe() {
    return Anvil.locate(JsReference.projectRoot());
  }

  @Test
  void temporaryLogIsRemovedWhenAnvilStops() {
    Path log;
    try (Anvil anvil = Anvil.start(exe(), 0, null, 0)) {
      log = anvil.log();
      assertThat(log).exists();
    }
    assertThat(log).doesNotExist();
  }

  @Test
  void aLogTheCallerKeepsOutlivesTheStop() throws IOException {
    Path log;
    try (Anvil anvil = Anvil.start(exe(), 0, null, 0)) {
      log = anvil.keepLog();
      assertThat(log).isEqualTo(anvil.log());
    }
    try {
      assertThat(log).exists();
      assertThat(Files.readString(log)).contains("Listening on ");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void aFailedStartKeepsItsLogAndSaysWhereItIs() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable thrown = catchThrowable(() -> Anvil.start(exe(), taken.getLocalPort(), null, 0));
      assertThat(thrown).isInstanceOf(IllegalStateException.class);
      Matcher m = LOG.matcher(thrown.getMessage());
      assertThat(m.find()).as(thrown.getMessage()).isTrue();
      Path log = Path.of(m.group(1));
      try {
        assertThat(log).exists();
      } finally {
        Files.deleteIfExists(log);
      }
    }
  }

  @Test
  void theLogOfAnAnvilNeverStoppedIsRemovedWhenTheJvmExits() throws Exception {
    try (ChildJvm child = ChildJvm.start(NeverStopped.class)) {
      String line = child.await("log ", 60);
      Path log = Path.of(line.substring("log ".length()));
      assertThat(log).exists();
      child.sendLine("exit");
      assertThat(child.waitFor(60)).isZero();
      assertThat(log).doesNotExist();
    }
  }

  /** Starts an Anvil, prints its log's path, and exits without stopping it when told to. */
  public static final class NeverStopped {
    public static void main(String[] args) throws IOException {
      Anvil anvil = Anvil.start(exe(), 0, null, 0);
      System.out.println("log " + anvil.log());
      System.out.flush();
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
      System.exit(0);
    }
  }
}
