package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.bench.SeededPayload;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CommP parity with {@code @web3-storage/data-segment}'s {@code Piece.fromPayload}: v1 and v2 piece
 * CIDs, padded size, height and padding of seeded random payloads generated alike on both sides,
 * from 65 bytes to 256 MiB, at and around powers of two, multiples of 127 and 32,512-byte units.
 */
@Tag("interop")
class CommPParityIT {
  private static final String SEED = "parity-1";

  @Test
  void manySizesMatchDataSegment() {
    TreeSet<Long> sizes = new TreeSet<>();
    for (long s = 65; s <= 140; s++) {
      sizes.add(s);
    }
    for (int k = 7; k <= 22; k++) {
      for (long base : new long[] {1L << k, 127L << (k - 7), (1L << k) * 127 / 128}) {
        sizes.add(base - 1);
        sizes.add(base);
        sizes.add(base + 1);
      }
    }
    for (int u : new int[] {1, 2, 3, 64, 65}) {
      long unit = (long) u * HashBackend.UNIT_PAYLOAD;
      sizes.add(unit - 1);
      sizes.add(unit);
      sizes.add(unit + 1);
    }
    SplittableRandom random = new SplittableRandom(2024);
    for (int i = 0; i < 40; i++) {
      sizes.add(65 + random.nextLong(1L << 20));
    }
    compare(new ArrayList<>(sizes));
  }

  @Test
  void a256MiBPayloadMatchesDataSegment() {
    compare(List.of((256L << 20) + 4097));
  }

  private static void compare(List<Long> sizes) {
    List<String> args = new ArrayList<>();
    args.add(SEED);
    sizes.forEach(s -> args.add(Long.toString(s)));
    String out = JsReference.run("proofs-commp.mjs", args.toArray(String[]::new));
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(sizes.size());
    try (HashBackend cpu = HashBackend.cpu()) {
      for (int i = 0; i < lines.length; i++) {
        Ipld.Map js =
            (Ipld.Map)
                DagJson.decode(lines[i].getBytes(StandardCharsets.UTF_8), Strictness.LENIENT);
        long size = sizes.get(i);
        assertThat(number(js, "size")).isEqualTo(size);
        PieceCid piece = CommP.of(SeededPayload.stream(SEED, size), cpu).piece();
        String what = "payload of " + size + " bytes";
        assertThat(piece.toString()).as(what).isEqualTo(string(js, "v2"));
        assertThat(piece.v1().toString()).as(what).isEqualTo(string(js, "v1"));
        assertThat(piece.paddedSize()).as(what).isEqualTo(number(js, "paddedSize"));
        assertThat((long) piece.height()).as(what).isEqualTo(number(js, "height"));
        assertThat(piece.padding()).as(what).isEqualTo(number(js, "padding"));
      }
    }
  }

  private static String string(Ipld.Map map, String key) {
    return ((Ipld.Str) map.field(key).orElseThrow()).value();
  }

  private static long number(Ipld.Map map, String key) {
    return ((Ipld.Int) map.field(key).orElseThrow()).longValue();
  }
}
