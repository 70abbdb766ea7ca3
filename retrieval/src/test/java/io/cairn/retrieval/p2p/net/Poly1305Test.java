package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class Poly1305Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  @Test
  void matchesTheRfcExample() {
    // RFC 8439 section 2.5.2.
    byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
    assertThat(HEX.formatHex(ours(key, message))).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  @Test
  void reducesSumsThatReachThePrime() {
    // Inputs whose accumulator lands on or just past 2^130 - 5, where a missed carry shows; each
    // expected tag is also what Bouncy Castle computes.
    assertVector("02" + zeros(31), repeat("ff", 16), "03" + zeros(15));
    assertVector("02" + zeros(15) + repeat("ff", 16), "02" + zeros(15), "03" + zeros(15));
    assertVector(
        "01" + zeros(31), repeat("ff", 16) + "fb" + repeat("fe", 15) + repeat("01", 16), zeros(16));
    assertVector("02" + zeros(31), "fd" + repeat("ff", 15), "fa" + repeat("ff", 15));
  }

  @Test
  void carriesThroughEveryBitWhereRandomDataAlmostNeverDoes() {
    // With r = 1 each block is only added (with its 2^128 bit) and reduced. Blocks (x0, x1), then
    // (2^64 - x0, 2^64 - 1 - x1), make a sum whose every bit below 2^128 carries, leaving 3 *
    // 2^128; all ones then make the reduction carry through every bit again, leaving 4 + 2^128;
    // three blocks of zeros reach 2^130 + 4, which is 9 mod 2^130 - 5. Random data almost never
    // makes such sums, and a lost carry that leaves a multiple of 2^128 off would not show in the
    // tag (mod 2^128) without the last blocks. (A 64-bit-word version of this class failed here
    // for each carry it dropped.)
    Random random = new Random(130);
    for (int i = 0; i < 50; i++) {
      byte[] key = new byte[32];
      key[0] = 1;
      for (int j = 16; j < 32; j++) {
        key[j] = (byte) random.nextInt(256);
      }
      long x0 = random.nextLong() | 1;
      long x1 = i == 0 ? 0 : random.nextLong();
      byte[] message = new byte[96];
      LE64.set(message, 0, x0);
      LE64.set(message, 8, x1);
      LE64.set(message, 16, -x0);
      LE64.set(message, 24, -1 - x1);
      Arrays.fill(message, 32, 48, (byte) 0xff);
      assertThat(ours(key, message))
          .as("x0 %x, x1 %x", x0, x1)
          .isEqualTo(bouncyCastle(key, message));
    }
  }

  @Test
  void agreesWithBouncyCastleOnRandomAndExtremeInputs() {
    Random random = new Random(1305);
    for (int round = 0; round < 3000; round++) {
      byte[] key = new byte[32];
      // Mostly short messages; every tenth one of up to 5,000 bytes, for long runs of blocks.
      byte[] message =
          new byte[round % 10 == 9 ? 1000 + random.nextInt(4000) : random.nextInt(300)];
      switch (round % 5) {
        case 0 -> {
          random.nextBytes(key);
          random.nextBytes(message);
        }
        case 1 -> {
          // Every bit that clamping leaves in r, and an all-ones message: the largest products.
          Arrays.fill(key, (byte) 0xff);
          Arrays.fill(message, (byte) 0xff);
        }
        case 2 -> {
          Arrays.fill(key, (byte) 0xff);
          random.nextBytes(message);
        }
        case 3 -> {
          random.nextBytes(key);
          Arrays.fill(message, (byte) 0xff);
        }
        default -> {
          // 64-bit words of all zeros or all ones: sums that carry out of a word, or just not.
          if (random.nextBoolean()) {
            Arrays.fill(key, (byte) 0xff);
          } else {
            random.nextBytes(key);
          }
          for (int i = 0; i < message.length; i += 8) {
            byte b = random.nextBoolean() ? (byte) 0xff : 0;
            Arrays.fill(message, i, Math.min(i + 8, message.length), b);
          }
        }
      }
      assertThat(ours(key, message))
          .as("key %s, %d-byte message", HEX.formatHex(key), message.length)
          .isEqualTo(bouncyCastle(key, message));
    }
  }

  @Test
  void aStateIsReusedByInit() {
    Random random = new Random(7);
    Poly1305 poly = new Poly1305();
    for (int i = 0; i < 20; i++) {
      byte[] key = new byte[32];
      byte[] message = new byte[random.nextInt(100)];
      random.nextBytes(key);
      random.nextBytes(message);
      poly.init(key, 0);
      poly.message(message, 0, message.length);
      byte[] tag = new byte[16];
      poly.tag(tag, 0);
      assertThat(tag).isEqualTo(bouncyCastle(key, message));
    }
  }

  private static void assertVector(String key, String message, String tag) {
    byte[] k = HEX.parseHex(key);
    byte[] m = HEX.parseHex(message);
    assertThat(HEX.formatHex(bouncyCastle(k, m))).as("Bouncy Castle").isEqualTo(tag);
    assertThat(HEX.formatHex(ours(k, m))).isEqualTo(tag);
  }

  private static byte[] ours(byte[] key, byte[] message) {
    Poly1305 poly = new Poly1305();
    poly.init(key, 0);
    poly.message(message, 0, message.length);
    byte[] tag = new byte[16];
    poly.tag(tag, 0);
    return tag;
  }

  private static byte[] bouncyCastle(byte[] key, byte[] message) {
    org.bouncycastle.crypto.macs.Poly1305 mac = new org.bouncycastle.crypto.macs.Poly1305();
    mac.init(new KeyParameter(key));
    mac.update(message, 0, message.length);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    return tag;
  }

  private static String zeros(int bytes) {
    return repeat("00", bytes);
  }

  private static String repeat(String hexByte, int times) {
    return hexByte.repeat(times);
  }
}
