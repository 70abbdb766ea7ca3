/**
 * Publish-subscribe with the floodsub router ({@code /floodsub/1.0.0}, libp2p/specs {@code
 * pubsub/README.md}) or the gossipsub v1.1 router ({@code /meshsub/1.1.0}, {@code /meshsub/1.0.0},
 * {@code pubsub/gossipsub/}), in the house pattern: {@code PubsubBinding} installs the framing and
 * {@code PubsubStreamHandler} on each stream; {@code PubsubEngine} holds subscriptions, peers'
 * topics, the seen cache and the forwarding policy, which with gossipsub is {@code GossipRouter}'s
 * (over {@code GossipMesh} and {@code MessageCache}); {@code Validation} runs the topic validators
 * on its bounded queue of workers. Peer scoring and peer exchange are not built. The public entry
 * points are {@link io.cairn.retrieval.p2p.pubsub.Pubsub}, {@link
 * io.cairn.retrieval.p2p.pubsub.PubsubOptions}, {@link
 * io.cairn.retrieval.p2p.pubsub.GossipsubOptions}, {@link
 * io.cairn.retrieval.p2p.pubsub.PubsubMessage}, {@link
 * io.cairn.retrieval.p2p.pubsub.TopicValidator} and {@link
 * io.cairn.retrieval.p2p.pubsub.Subscription}.
 */
package io.cairn.retrieval.p2p.pubsub;
