package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.codec.Protobuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Gossipsub's control message, the RPC's field 3 (libp2p/specs {@code
 * pubsub/gossipsub/gossipsub-v1.1.md}): {@code ControlMessage{ihave=1 (ControlIHave{topicID=1,
 * messageIDs=2}), iwant=2 (ControlIWant{messageIDs=1}), graft=3 (ControlGraft{topicID=1}), prune=4
 * (ControlPrune{topicID=1, peers=2, backoff=3})}}. Message IDs are the bytes of {@link
 * PubsubMessage#id()}. Decoding keeps at most {@link #MAX_IDS} message IDs and {@link #MAX_TOPICS}
 * GRAFTs, PRUNEs and IHAVEs per RPC and drops the rest, as go-libp2p-pubsub ignores what is over
 * its limits; a PRUNE's peer exchange records are skipped (Cairn does no PX).
 *
 * @param ihave message IDs the sender has, per topic
 * @param iwant message IDs the sender asks for
 * @param graft topics in which the sender added this node to its mesh
 * @param prune topics in which the sender removed this node from its mesh
 */
record GossipControl(List<IHave> ihave, List<String> iwant, List<String> graft, List<Prune> prune) {
  /** Message IDs one RPC's control part may carry (go-libp2p-pubsub's MaxIHaveLength). */
  static final int MAX_IDS = 5000;

  /** GRAFTs, PRUNEs and IHAVEs one RPC's control part may carry, each. */
  static final int MAX_TOPICS = 1024;

  static final GossipControl EMPTY = new GossipControl(List.of(), List.of(), List.of(), List.of());

  /** Message IDs the sender has seen in {@code topic}. */
  record IHave(String topic, List<String> ids) {}

  /**
   * The sender left this node out of its mesh for {@code topic}; {@code backoffSeconds} (0 when
   * absent) is how long it will refuse this node's GRAFT.
   */
  record Prune(String topic, long backoffSeconds) {}

  GossipControl {
    ihave = List.copyOf(ihave);
    iwant = List.copyOf(iwant);
    graft = List.copyOf(graft);
    prune = List.copyOf(prune);
  }

  boolean isEmpty() {
    return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
  }

  /** The control message's protobuf (without its field tag). */
  byte[] encode(boolean withBackoff) {
    Protobuf.Writer w = new Protobuf.Writer(64);
    for (IHave h : ihave) {
      Protobuf.Writer o = new Protobuf.Writer(32 + 48 * h.ids().size());
      o.string(1, h.topic());
      for (String id : h.ids()) {
        o.bytes(2, idBytes(id));
      }
      w.bytes(1, o.toByteArray());
    }
    if (!iwant.isEmpty()) {
      Protobuf.Writer o = new Protobuf.Writer(48 * iwant.size());
      for (String id : iwant) {
        o.bytes(1, idBytes(id));
      }
      w.bytes(2, o.toByteArray());
    }
    for (String t : graft) {
      w.bytes(3, new Protobuf.Writer(t.length() + 4).string(1, t).toByteArray());
    }
    for (Prune p : prune) {
      Protobuf.Writer o = new Protobuf.Writer(p.topic().length() + 16);
      o.string(1, p.topic());
      if (withBackoff && p.backoffSeconds() > 0) {
        o.varint(3, p.backoffSeconds());
      }
      w.bytes(4, o.toByteArray());
    }
    return w.toByteArray();
  }

  static GossipControl decode(Protobuf.Reader r) {
    List<IHave> ihave = new ArrayList<>();
    List<String> iwant = new ArrayList<>();
    List<String> graft = new ArrayList<>();
    List<Prune> prune = new ArrayList<>();
    int[] ids = {0};
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          IHave h =
              ihave(r.expect(Protobuf.LENGTH_DELIMITED, "ihave").message("ControlIHave"), ids);
          if (h != null && ihave.size() < MAX_TOPICS) {
            ihave.add(h);
          }
        }
        case 2 -> {
          Protobuf.Reader o = r.expect(Protobuf.LENGTH_DELIMITED, "iwant").message("ControlIWant");
          while (o.next()) {
            if (o.field() == 1) {
              byte[] id = o.expect(Protobuf.LENGTH_DELIMITED, "messageIDs").bytes();
              if (ids[0]++ < MAX_IDS) {
                iwant.add(idString(id));
              }
            } else {
              o.skip();
            }
          }
        }
        case 3 -> {
          String t =
              topic(r.expect(Protobuf.LENGTH_DELIMITED, "graft").message("ControlGraft"), null);
          if (t != null && graft.size() < MAX_TOPICS) {
            graft.add(t);
          }
        }
        case 4 -> {
          long[] backoff = {0};
          String t =
              topic(r.expect(Protobuf.LENGTH_DELIMITED, "prune").message("ControlPrune"), backoff);
          if (t != null && prune.size() < MAX_TOPICS) {
            prune.add(new Prune(t, backoff[0]));
          }
        }
        default -> r.skip();
      }
    }
    return new GossipControl(ihave, iwant, graft, prune);
  }

  private static IHave ihave(Protobuf.Reader r, int[] ids) {
    String topic = null;
    List<String> list = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> topic = r.expect(Protobuf.LENGTH_DELIMITED, "topicID").string();
        case 2 -> {
          byte[] id = r.expect(Protobuf.LENGTH_DELIMITED, "messageIDs").bytes();
          if (ids[0]++ < MAX_IDS) {
            list.add(idString(id));
          }
        }
        default -> r.skip();
      }
    }
    return topic == null ? null : new IHave(topic, list);
  }

  /** A GRAFT's or PRUNE's topic (null if none); a PRUNE's backoff goes to {@code backoff[0]}. */
  private static String topic(Protobuf.Reader r, long[] backoff) {
    String topic = null;
    while (r.next()) {
      if (r.field() == 1) {
        topic = r.expect(Protobuf.LENGTH_DELIMITED, "topicID").string();
      } else if (r.field() == 3 && backoff != null) {
        backoff[0] = Math.max(0, r.expect(Protobuf.VARINT, "backoff").varint());
      } else {
        r.skip();
      }
    }
    return topic;
  }

  static byte[] idBytes(String id) {
    return id.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String idString(byte[] id) {
    return new String(id, StandardCharsets.ISO_8859_1);
  }
}
