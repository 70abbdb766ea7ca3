package io.cairn.retrieval.p2p.net;

import java.util.Random;
import javax.crypto.AEADBadTagException;

/**
 * BENCH ONLY: Noise's ChaCha20-Poly1305 both ways this node can compute it, sealing and opening
 * full frames: the JDK's AEAD, and the JDK's ChaCha20 with our {@link Poly1305}. Prints MB/s for
 * each, their ratio, and which one this JVM picks; asserts nothing.
 *
 * <p>AeadBench [SECONDS_PER_ROUND] [ROUNDS]
 */
public final class AeadBench {
  private AeadBench() {}

  public static void main(String[] args) throws AEADBadTagException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(
        "  %-6s %18s %18s %8s%n", "round", "JDK AEAD MB/s", "split MB/s", "split/JDK");
    for (int round = 1; round <= rounds; round++) {
      double jdk = sealAndOpen(true, seconds);
      double split = sealAndOpen(false, seconds);
      System.out.printf("  %-6d %18.0f %18.0f %7.2fx%n", round, jdk, split, split / jdk);
    }
    System.out.printf(
        "  this JVM picks %s%n",
        NoiseCipher.JDK_AEAD
            ? "the JDK's AEAD (its Poly1305 is accelerated here)"
            : "the split construction (the JDK's Poly1305 is not accelerated here)");
  }

  /** Plaintext MB/s through one seal and one open of each frame. */
  private static double sealAndOpen(boolean jdkAead, double seconds) throws AEADBadTagException {
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    NoiseCipher send = new NoiseCipher(key, jdkAead);
    NoiseCipher receive = new NoiseCipher(key, jdkAead);
    int length = NoiseHandler.MAX_PLAINTEXT;
    byte[] frame = new byte[length + NoiseCipher.TAG_LENGTH];
    byte[] out = new byte[length];
    new Random(2).nextBytes(frame);
    byte[] ad = new byte[0];
    long bytes = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      int sealed = send.encrypt(ad, frame, length);
      receive.decrypt(ad, frame, sealed, out, 0);
      System.arraycopy(out, 0, frame, 0, length);
      bytes += length;
    }
    return bytes / ((System.nanoTime() - start) / 1e3);
  }
}
