/**
 * The libp2p fetch protocol ({@code /libp2p/fetch/0.0.1}): one request for the value under a key,
 * one answer, on a fresh stream. IPNS over pubsub uses it to get a topic's latest record from the
 * peers already subscribed to it.
 */
package io.cairn.retrieval.p2p.fetch;
