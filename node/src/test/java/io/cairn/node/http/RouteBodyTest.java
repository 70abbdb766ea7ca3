package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** A chunked route body counts the buffer it grows against the shared budget, not only its size. */
class RouteBodyTest {
  @Test
  void aChunkedBodyTakesItsBufferFromTheBudgetAndGivesItAllBack() {
    RouteBodies budget = new RouteBodies(40_000);
    RouteBody body = new RouteBody(budget, "/r", 64 * 1024);
    assertThat(body.start(-1)).isNull();
    assertThat(body.append(Unpooled.wrappedBuffer(new byte[5000]))).isNull();
    // The first buffer is 8 KiB, whatever the first piece's size.
    assertThat(budget.used()).isEqualTo(8192);
    assertThat(body.append(Unpooled.wrappedBuffer(new byte[5000]))).isNull();
    assertThat(budget.used()).isEqualTo(16384);
    assertThat(body.append(Unpooled.wrappedBuffer(new byte[10_000]))).isNull();
    assertThat(budget.used()).isEqualTo(32768);

    // Growing to 64 KiB would pass the budget: refused, and nothing more taken.
    RouteBody.Refusal refused = body.append(Unpooled.wrappedBuffer(new byte[20_000]));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.message()).contains("limit of 40000 bytes");
    assertThat(budget.used()).isEqualTo(32768);

    body.release();
    body.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void theBodyHandedOnIsExactlyWhatCame() {
    RouteBodies budget = new RouteBodies(1 << 20);
    RouteBody body = new RouteBody(budget, "/r", 1024);
    assertThat(body.start(-1)).isNull();
    body.append(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    body.append(Unpooled.wrappedBuffer(new byte[] {4}));
    assertThat(body.take()).containsExactly(1, 2, 3, 4);
    body.release();

    RouteBody over = new RouteBody(budget, "/r", 1024);
    assertThat(over.start(-1)).isNull();
    assertThat(over.append(Unpooled.wrappedBuffer(new byte[1000]))).isNull();
    RouteBody.Refusal refused = over.append(Unpooled.wrappedBuffer(new byte[25]));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.message()).contains("/r accepts at most 1024 bytes");
    over.release();
    assertThat(budget.used()).isZero();
  }
}
