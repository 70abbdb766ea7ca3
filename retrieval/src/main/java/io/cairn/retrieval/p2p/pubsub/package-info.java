/**
 * Publish-subscribe with the floodsub router ({@code /floodsub/1.0.0}, libp2p/specs {@code
 * pubsub/README.md}) or the gossipsub v1.1 router ({@code /meshsub/1.1.0}, {@code /meshsub/1.0.0},
 * {@code pubsub/gossipsub/}), in the house pattern: {@code PubsubBinding} installs the framing and
 * {@code PubsubStreamHandler} on each stream; {@code PubsubEngine} holds subscriptions, peers'
 * topics, the seen cache and the forwarding policy, which with gossipsub is {@code GossipRouter}'s
 * (over {@code GossipMesh} and {@code MessageCache}). Peer scoring and peer exchange are not built.
 * The public entry points are {@link io.cairn.retrieval.p2p.pubsub.Pubsub}, {@link
 * io.cairn.retrieval.p2p.pubsub.PubsubOptions}, {@link
 * io.cairn.retrieval.p2p.pubsub.GossipsubOptions}, {@link
 * io.cairn.retrieval.p2p.pubsub.PubsubMessage} and {@link
 * io.cairn.retrieval.p2p.pubsub.Subscription}.
 */
package io.cairn.retrieval.p2p.pubsub;
