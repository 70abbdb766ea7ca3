package io.cairn.retrieval.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A js-libp2p peer run by an {@code interop/} script that speaks the p2p scripts' line protocol: it
 * prints {@code {"peerId", "addrs"}} first, then answers each JSON command written to its standard
 * input with one JSON line, {@code {"error": ...}} when the command failed. Closing it ends its
 * input and waits for it to exit.
 */
public final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String script;
  private final Process process;
  private final BufferedReader out;
  private final OutputStream in;
  private final PeerId peerId;
  private final List<Multiaddr> addresses = new ArrayList<>();

  private JsPeer(String script, List<String> args) throws IOException {
    this.script = script;
    List<String> command = new ArrayList<>();
    command.add(JsReference.node().toString());
    command.add(JsReference.interopDir().resolve(script).toString());
    command.addAll(args);
    this.process =
        new ProcessBuilder(command)
            .directory(JsReference.interopDir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = process.getOutputStream();
    try {
      JsonNode hello = read();
      this.peerId = PeerId.parse(hello.get("peerId").asText());
      hello.get("addrs").forEach(a -> addresses.add(Multiaddr.parse(a.asText())));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Starts {@code interop/<script>} with {@code args} and reads its peer ID and addresses. */
  public static JsPeer start(String script, String... args) throws IOException {
    return new JsPeer(script, List.of(args));
  }

  public PeerId peerId() {
    return peerId;
  }

  /** The addresses it listens on, each ending in {@code /p2p/ID}. */
  public List<Multiaddr> addresses() {
    return List.copyOf(addresses);
  }

  /**
   * Sends {@code {"op": op, ...fields}} and returns the answer.
   *
   * @throws AssertionError naming the command when the script answered with an error or ended
   */
  public JsonNode call(String op, Map<String, ?> fields) throws IOException {
    ObjectNode cmd = JSON.createObjectNode().put("op", op);
    fields.forEach((k, v) -> cmd.set(k, JSON.valueToTree(v)));
    in.write((JSON.writeValueAsString(cmd) + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    JsonNode answer = read();
    if (answer.has("error")) {
      throw new AssertionError(script + " failed " + cmd + ": " + answer.get("error").asText());
    }
    return answer;
  }

  private JsonNode read() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new AssertionError(script + " ended early (see its standard error above)");
    }
    return JSON.readTree(line);
  }

  @Override
  public void close() {
    try {
      in.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
