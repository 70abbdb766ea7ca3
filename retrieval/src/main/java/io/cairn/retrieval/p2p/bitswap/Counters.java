package io.cairn.retrieval.p2p.bitswap;

import java.util.concurrent.atomic.AtomicLong;

/** Bitswap's node-wide counters. */
final class Counters {
  final AtomicLong blocksReceived = new AtomicLong();
  final AtomicLong dataReceived = new AtomicLong();
  final AtomicLong blocksSent = new AtomicLong();
  final AtomicLong dataSent = new AtomicLong();
  final AtomicLong dupBlocks = new AtomicLong();
  final AtomicLong dupData = new AtomicLong();
  final AtomicLong messagesReceived = new AtomicLong();
  final AtomicLong peersDropped = new AtomicLong();
  final AtomicLong badBlocks = new AtomicLong();
}
