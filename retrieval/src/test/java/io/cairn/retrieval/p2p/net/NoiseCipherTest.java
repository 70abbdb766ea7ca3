package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** The split construction (JDK ChaCha20 with our Poly1305) against the JDK's own AEAD. */
class NoiseCipherTest {
  @Test
  void bothWaysSealTheSameBytes() throws Exception {
    Random random = new Random(8439);
    byte[] key = bytes(random, 32);
    NoiseCipher jdk = new NoiseCipher(key, true);
    NoiseCipher split = new NoiseCipher(key, false);
    for (int frame = 0; frame < 400; frame++) {
      byte[] ad = bytes(random, frame % 3 == 0 ? 32 : 0);
      int length = frame % 50 == 0 ? NoiseHandler.MAX_PLAINTEXT : random.nextInt(2000);
      byte[] text = bytes(random, length);
      byte[] a = Arrays.copyOf(text, length + NoiseCipher.TAG_LENGTH);
      byte[] b = a.clone();
      assertThat(jdk.encrypt(ad, a, length)).isEqualTo(length + NoiseCipher.TAG_LENGTH);
      assertThat(split.encrypt(ad, b, length)).isEqualTo(length + NoiseCipher.TAG_LENGTH);
      assertThat(b).as("frame %d, %d bytes", frame, length).isEqualTo(a);
    }
  }

  @Test
  void eachOpensWhatTheOtherSealed() throws Exception {
    Random random = new Random(99);
    byte[] key = bytes(random, 32);
    NoiseCipher jdkSend = new NoiseCipher(key, true);
    NoiseCipher splitReceive = new NoiseCipher(key, false);
    NoiseCipher splitSend = new NoiseCipher(key, false);
    NoiseCipher jdkReceive = new NoiseCipher(key, true);
    for (int frame = 0; frame < 100; frame++) {
      byte[] ad = bytes(random, frame % 2 == 0 ? 32 : 0);
      byte[] text = bytes(random, random.nextInt(NoiseHandler.MAX_PLAINTEXT + 1));
      assertThat(splitReceive.decrypt(ad, jdkSend.encrypt(ad, text))).isEqualTo(text);
      assertThat(jdkReceive.decrypt(ad, splitSend.encrypt(ad, text))).isEqualTo(text);
    }
  }

  @Test
  void refusesAFrameWithAnyBitChanged() throws Exception {
    byte[] key = new byte[32];
    key[3] = 9;
    byte[] text = "sixteen bytes and then some".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = new NoiseCipher(key, false).encrypt(new byte[0], text);
    for (int bit = 0; bit < sealed.length * 8; bit += 7) {
      byte[] changed = sealed.clone();
      changed[bit / 8] ^= (byte) (1 << (bit % 8));
      NoiseCipher receive = new NoiseCipher(key, false);
      assertThatThrownBy(() -> receive.decrypt(new byte[0], changed))
          .as("bit %d", bit)
          .isInstanceOf(AEADBadTagException.class);
    }
    byte[] out = new byte[text.length];
    assertThat(new NoiseCipher(key, false).decrypt(new byte[0], sealed, sealed.length, out, 0))
        .isEqualTo(text.length);
    assertThat(out).isEqualTo(text);
  }

  @Test
  void refusesTheRightFrameUnderTheWrongAssociatedDataOrNonce() throws Exception {
    byte[] key = new byte[32];
    NoiseCipher send = new NoiseCipher(key, false);
    byte[] first = send.encrypt(new byte[] {1}, new byte[40]);
    assertThatThrownBy(() -> new NoiseCipher(key, false).decrypt(new byte[] {2}, first))
        .isInstanceOf(AEADBadTagException.class);
    byte[] second = send.encrypt(new byte[0], new byte[40]);
    // A receiver at nonce 0 gets the frame sealed with nonce 1.
    assertThatThrownBy(() -> new NoiseCipher(key, false).decrypt(new byte[0], second))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void thePropertyPicksAWayAndAnUnknownOneLeavesItToTheJvm() {
    assertThat(NoiseCipher.chooseJdkAead("jdk")).isTrue();
    assertThat(NoiseCipher.chooseJdkAead("split")).isFalse();
    assertThat(NoiseCipher.chooseJdkAead("fast")).isEqualTo(NoiseCipher.chooseJdkAead(null));
  }

  private static byte[] bytes(Random random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
