package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random data model values that JavaScript's codecs can carry unchanged: floats are never
 * whole numbers in the safe-integer range nor -0 (JavaScript would turn them into integers), and
 * map keys avoid '/' and U+E000..U+FFFF (where JavaScript's UTF-16 key order differs from the
 * spec's UTF-8 byte order).
 */
final class RandomIpld {
  private static final double MAX_SAFE = 9007199254740991.0;

  private final SplittableRandom r;
  private final List<Cid> cids = new ArrayList<>();

  RandomIpld(long seed) {
    this.r = new SplittableRandom(seed);
    for (int i = 0; i < 8; i++) {
      byte[] data = {(byte) i, (byte) seed};
      cids.add(
          i % 3 == 0
              ? Cid.compute(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, data)
              : Cid.compute(
                  1,
                  List.of(0x55L, 0x71L, 0x70L, 0x0129L).get(i % 4),
                  HashFunction.SHA2_256,
                  data));
    }
  }

  Ipld value() {
    return value(0);
  }

  private Ipld value(int depth) {
    int k = r.nextInt(depth > 3 ? 8 : 11);
    return switch (k) {
      case 0 -> Ipld.NULL;
      case 1 -> Ipld.of(r.nextBoolean());
      case 2 -> integer();
      case 3 -> Ipld.of(floating());
      case 4 -> Ipld.of(string(false));
      case 5 -> {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        yield Ipld.of(b);
      }
      case 6, 7 -> Ipld.of(cids.get(r.nextInt(cids.size())));
      case 8 -> {
        List<Ipld> l = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          l.add(value(depth + 1));
        }
        yield Ipld.list(l);
      }
      default -> {
        Map<String, Ipld> m = new HashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          m.put(string(true), value(depth + 1));
        }
        yield Ipld.map(m);
      }
    };
  }

  private Ipld integer() {
    return switch (r.nextInt(5)) {
      case 0 -> Ipld.of(r.nextInt(-10, 20));
      case 1 -> Ipld.of(r.nextInt(-35000, 35000));
      case 2 -> Ipld.of(r.nextLong(-(1L << 53) + 1, 1L << 53));
      case 3 -> Ipld.of(new BigInteger(64, new java.util.Random(r.nextLong())));
      default ->
          Ipld.of(
              new BigInteger(64, new java.util.Random(r.nextLong()))
                  .negate()
                  .subtract(BigInteger.ONE));
    };
  }

  private double floating() {
    while (true) {
      double f =
          switch (r.nextInt(3)) {
            case 0 -> Double.longBitsToDouble(r.nextLong());
            case 1 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            default -> r.nextInt(2000) / 16.0 - 60;
          };
      boolean wholeAndSafe = f == Math.rint(f) && Math.abs(f) <= MAX_SAFE;
      if (Double.isFinite(f) && !wholeAndSafe) {
        return f;
      }
    }
  }

  private String string(boolean key) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(key ? 6 : 12);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(10);
      if (k < 6) {
        char c = (char) (0x20 + r.nextInt(0x5f));
        sb.append(key && c == '/' ? '_' : c);
      } else if (k < 8) {
        sb.append((char) (0x80 + r.nextInt(0xd800 - 0x80)));
      } else if (k < 9 && !key) {
        sb.append((char) (0xe000 + r.nextInt(0x2000)));
      } else {
        sb.appendCodePoint(0x10000 + r.nextInt(0xfffff));
      }
    }
    return sb.toString();
  }
}
