package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Commands run in this process get Kubo's global {@code timeout} as they do over the RPC API. */
class LocalApiTest {
  /** Waits for its request to be cancelled, up to 10 s, notes why, and tries to emit it. */
  private static final class AwaitCancel implements ApiCommand {
    final AtomicReference<String> seen = new AtomicReference<>();

    @Override
    public String path() {
      return "await";
    }

    @Override
    public void run(ApiRequest request, ApiResponse response, NodeHandle node) throws Exception {
      ApiException why =
          request.cancellation().signal().toCompletableFuture().get(10, TimeUnit.SECONDS);
      seen.set(why.getMessage());
      response.emitOnce(Map.of("Reason", why.getMessage()));
    }
  }

  private static List<String> call(LocalApi api, String timeout) {
    List<String> got = new ArrayList<>();
    api.call(
        ApiRequest.to("await").option(Cancellation.TIMEOUT, timeout).build(),
        new ResultSink() {
          @Override
          public void value(JsonNode value) {
            got.add(value.path("Reason").asText());
          }

          @Override
          public OutputStream binary(long length) {
            throw new AssertionError("no raw output expected");
          }
        });
    return got;
  }

  /**
   * At the deadline the command sees the signal, and what it emits after it is refused: the call
   * ends with Kubo's error.
   */
  @Test
  void theTimeoutOptionCancelsTheRequestAtItsDeadline() {
    AwaitCancel command = new AwaitCancel();
    try (LocalApi api = new LocalApi(new ApiCommands(List.of(command)), null)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> call(api, "200ms"))
          .isInstanceOf(ApiException.class)
          .hasMessage("context deadline exceeded");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);
      assertThat(command.seen.get()).isEqualTo("context deadline exceeded");
    }
  }

  @Test
  void aTimeoutThatIsNotADurationIsAClientError() {
    try (LocalApi api = new LocalApi(new ApiCommands(List.of(new AwaitCancel())), null)) {
      assertThatThrownBy(() -> call(api, "soon"))
          .isInstanceOf(ApiException.class)
          .hasMessageStartingWith("option 'timeout' must be a duration")
          .extracting(e -> ((ApiException) e).kind())
          .isEqualTo(ApiException.Kind.CLIENT);
    }
  }
}
