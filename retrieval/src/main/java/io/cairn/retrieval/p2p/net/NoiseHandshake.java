package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.KeyProtobuf;
import io.cairn.storage.codec.Protobuf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise XX handshake {@code Noise_XX_25519_ChaChaPoly_SHA256} with libp2p's signed payload:
 * {@code -> e}, {@code <- e, ee, s, es, payload}, {@code -> s, se, payload}. The protocol name is
 * exactly 32 bytes, so it is the initial hash itself; the prologue is empty.
 *
 * <p>Each payload also lists the stream muxers its sender speaks (the {@code stream_muxers} of
 * {@code NoiseExtensions}): libp2p's inlined muxer negotiation. When the peer lists some, the muxer
 * is the first of the initiator's list that both speak, and no multistream-select round follows the
 * handshake; a peer that lists none (an older implementation) gets multistream-select as before,
 * and lists with nothing in common fail the handshake, as the spec says.
 */
final class NoiseHandshake {
  static final byte[] PROTOCOL_NAME =
      "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
  private static final int ENCRYPTED_KEY_LENGTH = X25519.KEY_LENGTH + NoiseCipher.TAG_LENGTH;

  /** The most muxers read from a peer's list, and the longest name: more is not a real list. */
  static final int MAX_MUXERS = 16;

  static final int MAX_MUXER_NAME = 256;

  /** The two transport ciphers after the handshake. */
  record Ciphers(NoiseCipher send, NoiseCipher receive) {}

  private final boolean initiator;
  private final HostKey identity;
  private final String peer;
  private final List<String> muxers;
  private List<String> remoteMuxers = List.of();
  private String chosenMuxer;
  private final X25519.Pair staticKey = X25519.generate();
  private final X25519.Pair ephemeral = X25519.generate();
  private byte[] h = PROTOCOL_NAME.clone();
  private byte[] ck = PROTOCOL_NAME.clone();
  private NoiseCipher cipher;
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;

  /**
   * @param muxers the stream muxers this side offers in its payload, most preferred first; empty to
   *     offer none and leave the choice to multistream-select
   */
  NoiseHandshake(boolean initiator, HostKey identity, String peer, List<String> muxers) {
    this.initiator = initiator;
    this.identity = identity;
    this.peer = peer;
    this.muxers = List.copyOf(muxers);
    mixHash(new byte[0]);
  }

  /** Initiator: {@code -> e}. */
  byte[] writeMessage1() {
    mixHash(ephemeral.publicKey());
    mixHash(new byte[0]);
    return ephemeral.publicKey().clone();
  }

  /** Responder: reads {@code e}. */
  void readMessage1(byte[] message) {
    if (message.length < X25519.KEY_LENGTH) {
      throw handshake("a first handshake message of " + message.length + " bytes");
    }
    remoteEphemeral = Arrays.copyOf(message, X25519.KEY_LENGTH);
    mixHash(remoteEphemeral);
    mixHash(Arrays.copyOfRange(message, X25519.KEY_LENGTH, message.length));
  }

  /** Responder: {@code <- e, ee, s, es, payload}. */
  byte[] writeMessage2() {
    byte[] e = ephemeral.publicKey();
    mixHash(e);
    mixKey(dh(ephemeral, remoteEphemeral));
    byte[] s = encryptAndHash(staticKey.publicKey());
    mixKey(dh(staticKey, remoteEphemeral));
    byte[] payload = encryptAndHash(payload());
    return concat(e, s, payload);
  }

  /**
   * Initiator: reads {@code e, ee, s, es, payload}.
   *
   * @return the responder's verified peer ID
   */
  PeerId readMessage2(byte[] message) {
    if (message.length < X25519.KEY_LENGTH + ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH) {
      throw handshake("a second handshake message of " + message.length + " bytes");
    }
    remoteEphemeral = Arrays.copyOf(message, X25519.KEY_LENGTH);
    mixHash(remoteEphemeral);
    mixKey(dh(ephemeral, remoteEphemeral));
    int at = X25519.KEY_LENGTH;
    remoteStatic = decryptAndHash(Arrays.copyOfRange(message, at, at + ENCRYPTED_KEY_LENGTH));
    mixKey(dh(ephemeral, remoteStatic));
    byte[] payload =
        decryptAndHash(Arrays.copyOfRange(message, at + ENCRYPTED_KEY_LENGTH, message.length));
    return verify(payload);
  }

  /** Initiator: {@code -> s, se, payload}. */
  byte[] writeMessage3() {
    return writeMessage3(payload());
  }

  /** Initiator: message 3 carrying {@code payload} as it is (tests play a peer sending junk). */
  byte[] writeMessage3(byte[] payload) {
    byte[] s = encryptAndHash(staticKey.publicKey());
    mixKey(dh(staticKey, remoteEphemeral));
    return concat(s, encryptAndHash(payload));
  }

  /**
   * Responder: reads {@code s, se, payload}.
   *
   * @return the initiator's verified peer ID
   */
  PeerId readMessage3(byte[] message) {
    if (message.length < ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH) {
      throw handshake("a third handshake message of " + message.length + " bytes");
    }
    remoteStatic = decryptAndHash(Arrays.copyOf(message, ENCRYPTED_KEY_LENGTH));
    mixKey(dh(ephemeral, remoteStatic));
    byte[] payload =
        decryptAndHash(Arrays.copyOfRange(message, ENCRYPTED_KEY_LENGTH, message.length));
    return verify(payload);
  }

  /**
   * The muxer chosen in the handshake, once the peer's payload is read: the first of the
   * initiator's list that the other side lists too, or null when either side listed none.
   */
  String muxer() {
    return chosenMuxer;
  }

  /**
   * Chooses the muxer when the peer's payload is read, before this side sends anything more.
   *
   * @throws PeerMisbehaved if both listed muxers but none in common
   */
  private String chooseMuxer() {
    if (muxers.isEmpty() || remoteMuxers.isEmpty()) {
      return null;
    }
    List<String> first = initiator ? muxers : remoteMuxers;
    List<String> second = initiator ? remoteMuxers : muxers;
    for (String m : first) {
      if (second.contains(m)) {
        return m;
      }
    }
    throw handshake(
        "a list of stream muxers with none in common with " + muxers + ": " + remoteMuxers);
  }

  /** The transport ciphers: the initiator sends with the first key. */
  Ciphers split() {
    byte[][] keys = hkdf(ck, new byte[0]);
    NoiseCipher first = new NoiseCipher(keys[0]);
    NoiseCipher second = new NoiseCipher(keys[1]);
    return initiator ? new Ciphers(first, second) : new Ciphers(second, first);
  }

  private byte[] payload() {
    byte[] signature = identity.sign(concat(SIGNATURE_PREFIX, staticKey.publicKey()));
    Protobuf.Writer payload =
        new Protobuf.Writer(128).bytes(1, identity.publicKeyProtobuf()).bytes(2, signature);
    if (!muxers.isEmpty()) {
      Protobuf.Writer extensions = new Protobuf.Writer(64);
      muxers.forEach(m -> extensions.string(2, m));
      payload.bytes(4, extensions.toByteArray());
    }
    return payload.toByteArray();
  }

  private PeerId verify(byte[] payload) {
    byte[] key = null;
    byte[] signature = null;
    try {
      Protobuf.Reader r = new Protobuf.Reader(payload, "Noise handshake payload");
      while (r.next()) {
        switch (r.field()) {
          case 1 -> key = r.expect(Protobuf.LENGTH_DELIMITED, "identity_key").bytes();
          case 2 -> signature = r.expect(Protobuf.LENGTH_DELIMITED, "identity_sig").bytes();
          case 4 ->
              readExtensions(
                  r.expect(Protobuf.LENGTH_DELIMITED, "extensions").message("extensions"));
          default -> r.skip();
        }
      }
    } catch (CodecException e) {
      throw handshake("a handshake payload that does not decode (" + e.getMessage() + ")");
    }
    if (key == null || signature == null) {
      throw handshake("a handshake payload without its identity key and signature");
    }
    PeerId remote;
    try {
      KeyProtobuf.decode(key, "public key");
      remote = PeerId.fromPublicKey(key);
    } catch (IllegalArgumentException e) {
      throw handshake("an identity key that is not valid (" + e.getMessage() + ")");
    }
    boolean valid;
    try {
      valid = PeerId.verifySignature(key, concat(SIGNATURE_PREFIX, remoteStatic), signature);
    } catch (IllegalArgumentException e) {
      throw handshake("an identity key this node cannot verify (" + e.getMessage() + ")");
    }
    if (!valid) {
      throw handshake("a handshake signature that does not verify with the key of " + remote);
    }
    chosenMuxer = chooseMuxer();
    return remote;
  }

  /** {@code NoiseExtensions}: keeps {@code stream_muxers} (2), skips the rest. */
  private void readExtensions(Protobuf.Reader r) throws CodecException {
    List<String> found = new ArrayList<>();
    while (r.next()) {
      if (r.field() != 2) {
        r.skip();
        continue;
      }
      String muxer = r.expect(Protobuf.LENGTH_DELIMITED, "stream_muxers").string();
      if (found.size() == MAX_MUXERS || muxer.length() > MAX_MUXER_NAME) {
        throw handshake(
            "a list of stream muxers over "
                + MAX_MUXERS
                + " entries or with a name over "
                + MAX_MUXER_NAME
                + " characters");
      }
      found.add(muxer);
    }
    remoteMuxers = List.copyOf(found);
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] out = cipher == null ? plaintext : cipher.encrypt(h, plaintext);
    mixHash(out);
    return out;
  }

  private byte[] decryptAndHash(byte[] ciphertext) {
    byte[] out;
    if (cipher == null) {
      out = ciphertext;
    } else {
      try {
        out = cipher.decrypt(h, ciphertext);
      } catch (AEADBadTagException e) {
        throw handshake("a handshake message that fails authentication");
      }
    }
    mixHash(ciphertext);
    return out;
  }

  private void mixHash(byte[] data) {
    MessageDigest sha = sha256();
    sha.update(h);
    sha.update(data);
    h = sha.digest();
  }

  private void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm);
    ck = out[0];
    cipher = new NoiseCipher(out[1]);
  }

  private byte[] dh(X25519.Pair self, byte[] remote) {
    try {
      return X25519.agree(self.privateKey(), remote);
    } catch (GeneralSecurityException e) {
      throw handshake("an X25519 key that is not usable (" + e.getMessage() + ")");
    }
  }

  private PeerMisbehaved handshake(String what) {
    return new PeerMisbehaved(DropReason.NOISE_HANDSHAKE, peer + " sent " + what);
  }

  private static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] out2 = hmac(temp, concat(out1, new byte[] {2}));
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
