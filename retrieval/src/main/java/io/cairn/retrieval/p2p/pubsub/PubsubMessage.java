package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A pubsub message as it travels: its author ({@code from}), its data, its sequence number (8
 * bytes, big-endian), its topics, and the author's signature and public key (the key only when the
 * peer ID does not inline it). Its ID is {@code from} then {@code seqno}, as go-libp2p-pubsub's and
 * js-libp2p's default.
 *
 * <p>{@code dataAbsent} says the message as received had no {@code data} field at all (its data is
 * then empty): the signature covers the fields as the author encoded them, and go-libp2p-pubsub
 * encodes an absent field apart from an empty one.
 */
public record PubsubMessage(
    PeerId from,
    byte[] data,
    byte[] seqno,
    List<String> topics,
    byte[] signature,
    byte[] key,
    boolean dataAbsent) {
  public PubsubMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(seqno, "seqno");
    topics = List.copyOf(topics);
    if (dataAbsent && data.length > 0) {
      throw new IllegalArgumentException("a message with data cannot lack its data field");
    }
  }

  /** A message with its data field. */
  public PubsubMessage(
      PeerId from, byte[] data, byte[] seqno, List<String> topics, byte[] signature, byte[] key) {
    this(from, data, seqno, topics, signature, key, false);
  }

  /** The message ID, from and seqno, as a string of bytes (ISO-8859-1) to key the seen cache. */
  String id() {
    byte[] f = from.bytes();
    byte[] id = new byte[f.length + seqno.length];
    System.arraycopy(f, 0, id, 0, f.length);
    System.arraycopy(seqno, 0, id, f.length, seqno.length);
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** The bytes signed: {@code "libp2p-pubsub:"} then the message without its signature and key. */
  byte[] signedBytes() {
    byte[] prefix = SIGN_PREFIX;
    byte[] body = PubsubCodec.encodeMessage(this, false);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

  /** Bytes this message holds, for queue accounting. */
  int size() {
    int n = data.length + seqno.length + from.bytes().length;
    for (String t : topics) {
      n += t.length();
    }
    return n + (signature == null ? 0 : signature.length) + (key == null ? 0 : key.length);
  }
}
