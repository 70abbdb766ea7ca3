package io.cairn.retrieval.p2p.net;

/**
 * Why the host dropped a connection; each has a counter in {@link io.cairn.retrieval.P2pMetrics}.
 */
enum DropReason {
  MULTISTREAM("multistream"),
  NOISE_FRAME("noise-frame"),
  NOISE_HANDSHAKE("noise-handshake"),
  TLS_HANDSHAKE("tls-handshake"),
  TLS_RECORD("tls-record"),
  PEER_ID_MISMATCH("peer-id-mismatch"),
  YAMUX_PROTOCOL("yamux-protocol"),
  YAMUX_WINDOW("yamux-window"),
  STREAM_FLOOD("stream-flood"),
  CONNECTION_LIMIT("connection-limit"),
  ADDRESS_FILTER("address-filter"),
  MEMORY_LIMIT("memory-limit"),
  WRITE_BACKLOG("write-backlog"),
  HANDSHAKE_TIMEOUT("handshake-timeout"),
  IDLE("idle"),
  IO("io");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  /** The name used in metrics, such as {@code yamux-window}. */
  String label() {
    return label;
  }
}
