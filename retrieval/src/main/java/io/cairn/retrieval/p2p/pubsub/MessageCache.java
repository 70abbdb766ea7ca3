package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gossipsub's message cache (mcache): the messages of the last {@code historyLength} heartbeats,
 * one window each, to answer IWANT; the IDs of the last {@code historyGossip} windows are what
 * IHAVE gossips. Bounded in bytes: past {@code maxBytes} the oldest messages are forgotten; and its
 * windows hold at most {@link #MAX_IDS} IDs together, past which new messages are not cached (they
 * are still delivered and forwarded, only not gossiped). Each entry counts how often each peer
 * asked for it, so one message goes to one peer at most {@code retransmission} times. Not
 * thread-safe: the engine holds its lock.
 */
final class MessageCache {
  /** One cached message: its RPC bytes and who asked for it how often. */
  private static final class Entry {
    final PubsubMessage message;
    final byte[] rpc;
    final Map<PeerId, Integer> asked = new HashMap<>(4);

    Entry(PubsubMessage message, byte[] rpc) {
      this.message = message;
      this.rpc = rpc;
    }
  }

  /** Message IDs the windows hold at most, together. */
  static final int MAX_IDS = 100_000;

  private final int historyLength;
  private final int historyGossip;
  private final long maxBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  /** The windows, newest first: the IDs added in each heartbeat. */
  private final ArrayDeque<List<String>> windows = new ArrayDeque<>();

  private long bytes;
  private int ids;

  MessageCache(int historyLength, int historyGossip, long maxBytes) {
    this.historyLength = historyLength;
    this.historyGossip = historyGossip;
    this.maxBytes = maxBytes;
    windows.addFirst(new ArrayList<>());
  }

  /** Caches a new message (with its RPC bytes) in the current window. */
  void put(PubsubMessage m, byte[] rpc) {
    String id = m.id();
    if (entries.containsKey(id) || ids >= MAX_IDS) {
      return;
    }
    entries.put(id, new Entry(m, rpc));
    bytes += rpc.length;
    windows.peekFirst().add(id);
    ids++;
    Iterator<Entry> oldest = entries.values().iterator();
    while (bytes > maxBytes && oldest.hasNext()) {
      bytes -= oldest.next().rpc.length;
      oldest.remove();
    }
  }

  boolean contains(String id) {
    return entries.containsKey(id);
  }

  /**
   * The RPC of the message {@code peer} asks for, or null if it is no longer cached or was already
   * sent to that peer {@code retransmission} times.
   */
  byte[] forIwant(String id, PeerId peer, int retransmission) {
    Entry e = entries.get(id);
    if (e == null) {
      return null;
    }
    int n = e.asked.merge(peer, 1, Integer::sum);
    return n > retransmission ? null : e.rpc;
  }

  /** The IDs of the messages of {@code topic} in the gossiped windows. */
  List<String> gossipIds(String topic) {
    List<String> out = new ArrayList<>();
    int w = 0;
    for (List<String> window : windows) {
      if (w++ >= historyGossip) {
        break;
      }
      for (String id : window) {
        Entry e = entries.get(id);
        if (e != null && e.message.topics().contains(topic)) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** A heartbeat: a new window opens and the oldest one's messages are forgotten. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > historyLength) {
      List<String> last = windows.removeLast();
      ids -= last.size();
      for (String id : last) {
        Entry e = entries.remove(id);
        if (e != null) {
          bytes -= e.rpc.length;
        }
      }
    }
  }

  /** Forgets a departed peer's request counts. */
  void forget(PeerId peer) {
    for (Entry e : entries.values()) {
      e.asked.remove(peer);
    }
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }
}
