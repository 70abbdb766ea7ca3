package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The pubsub RPC protobuf (libp2p/specs {@code pubsub/README.md}): {@code RPC{subscriptions=1
 * (SubOpts{subscribe=1, topicid=2}), publish=2 (Message), control=3}} and {@code Message{from=1,
 * data=2, seqno=3, topic=4, signature=5, key=6}}. Field 4 was once {@code repeated topicIDs}: every
 * occurrence is read; one is written per topic. Field 3 is gossipsub's {@link GossipControl}.
 */
final class PubsubCodec {
  /** Subscription changes one RPC may carry. */
  static final int MAX_SUBSCRIPTIONS = 1024;

  /** Messages one RPC may carry. */
  static final int MAX_MESSAGES = 1024;

  private PubsubCodec() {}

  /** A subscription change: subscribe (true) or unsubscribe (false) to {@code topic}. */
  record SubOpt(boolean subscribe, String topic) {}

  /**
   * A decoded RPC. Messages without {@code from}, {@code seqno} or a topic, or whose {@code from}
   * is not a peer ID, are left out and counted in {@code invalid}: they cost the peer nothing more.
   */
  record Rpc(
      List<SubOpt> subscriptions,
      List<PubsubMessage> messages,
      int invalid,
      GossipControl control) {
    Rpc(List<SubOpt> subscriptions, List<PubsubMessage> messages, int invalid) {
      this(subscriptions, messages, invalid, GossipControl.EMPTY);
    }
  }

  static byte[] encode(List<SubOpt> subscriptions, List<PubsubMessage> messages) {
    return encode(subscriptions, messages, null, false);
  }

  /**
   * An RPC; {@code control} may be null. A PRUNE's backoff is written only {@code withBackoff}
   * (gossipsub v1.1).
   */
  static byte[] encode(
      List<SubOpt> subscriptions,
      List<PubsubMessage> messages,
      GossipControl control,
      boolean withBackoff) {
    Protobuf.Writer w = new Protobuf.Writer(256);
    for (SubOpt s : subscriptions) {
      Protobuf.Writer o = new Protobuf.Writer(s.topic().length() + 8);
      o.varint(1, s.subscribe() ? 1 : 0);
      o.string(2, s.topic());
      w.bytes(1, o.toByteArray());
    }
    for (PubsubMessage m : messages) {
      w.bytes(2, encodeMessage(m, true));
    }
    if (control != null && !control.isEmpty()) {
      w.bytes(3, control.encode(withBackoff));
    }
    return w.toByteArray();
  }

  static byte[] encodeMessage(PubsubMessage m, boolean withSignature) {
    Protobuf.Writer w = new Protobuf.Writer(m.data().length + 128);
    w.bytes(1, m.from().bytes());
    if (!m.dataAbsent()) {
      w.bytes(2, m.data());
    }
    w.bytes(3, m.seqno());
    for (String t : m.topics()) {
      w.string(4, t);
    }
    if (withSignature) {
      if (m.signature() != null) {
        w.bytes(5, m.signature());
      }
      if (m.key() != null) {
        w.bytes(6, m.key());
      }
    }
    return w.toByteArray();
  }

  /**
   * @throws CodecException if the bytes are not an RPC, or carry more than the limits
   */
  static Rpc decode(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "pubsub RPC");
    List<SubOpt> subs = new ArrayList<>();
    List<PubsubMessage> messages = new ArrayList<>();
    int invalid = 0;
    GossipControl control = GossipControl.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          if (subs.size() >= MAX_SUBSCRIPTIONS) {
            throw r.malformed("it carries more than " + MAX_SUBSCRIPTIONS + " subscriptions");
          }
          subs.add(subOpt(r.expect(Protobuf.LENGTH_DELIMITED, "subscriptions").message("SubOpts")));
        }
        case 2 -> {
          if (messages.size() >= MAX_MESSAGES) {
            throw r.malformed("it carries more than " + MAX_MESSAGES + " messages");
          }
          PubsubMessage m =
              message(r.expect(Protobuf.LENGTH_DELIMITED, "publish").message("pubsub Message"));
          if (m == null) {
            invalid++;
          } else {
            messages.add(m);
          }
        }
        case 3 -> {
          GossipControl c =
              GossipControl.decode(
                  r.expect(Protobuf.LENGTH_DELIMITED, "control").message("ControlMessage"));
          if (control.isEmpty()) {
            control = c;
          }
        }
        default -> r.skip();
      }
    }
    return new Rpc(List.copyOf(subs), List.copyOf(messages), invalid, control);
  }

  private static SubOpt subOpt(Protobuf.Reader r) {
    boolean subscribe = false;
    String topic = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> subscribe = r.expect(Protobuf.VARINT, "subscribe").varint() != 0;
        case 2 -> topic = r.expect(Protobuf.LENGTH_DELIMITED, "topicid").string();
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw r.malformed("a subscription names no topic");
    }
    return new SubOpt(subscribe, topic);
  }

  /**
   * The message, or null when it lacks {@code from} or {@code seqno} or its {@code from} is bad.
   */
  private static PubsubMessage message(Protobuf.Reader r) {
    byte[] from = null;
    byte[] data = null;
    byte[] seqno = null;
    byte[] signature = null;
    byte[] key = null;
    List<String> topics = new ArrayList<>(1);
    while (r.next()) {
      switch (r.field()) {
        case 1 -> from = r.expect(Protobuf.LENGTH_DELIMITED, "from").bytes();
        case 2 -> data = r.expect(Protobuf.LENGTH_DELIMITED, "data").bytes();
        case 3 -> seqno = r.expect(Protobuf.LENGTH_DELIMITED, "seqno").bytes();
        case 4 -> {
          if (topics.size() >= MAX_SUBSCRIPTIONS) {
            throw r.malformed("a message names more than " + MAX_SUBSCRIPTIONS + " topics");
          }
          topics.add(r.expect(Protobuf.LENGTH_DELIMITED, "topic").string());
        }
        case 5 -> signature = r.expect(Protobuf.LENGTH_DELIMITED, "signature").bytes();
        case 6 -> key = r.expect(Protobuf.LENGTH_DELIMITED, "key").bytes();
        default -> r.skip();
      }
    }
    if (from == null || seqno == null || topics.isEmpty()) {
      return null;
    }
    PeerId author;
    try {
      author = PeerId.decode(from);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new PubsubMessage(
        author, data == null ? new byte[0] : data, seqno, topics, signature, key, data == null);
  }
}
