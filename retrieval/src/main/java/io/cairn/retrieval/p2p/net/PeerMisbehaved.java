package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.P2pException;

/** A peer broke a protocol rule or a limit; its connection is dropped and counted by reason. */
final class PeerMisbehaved extends P2pException {
  private static final long serialVersionUID = 1L;

  private final transient DropReason reason;

  PeerMisbehaved(DropReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  DropReason reason() {
    return reason;
  }
}
