/**
 * Publish-subscribe over the floodsub router ({@code /floodsub/1.0.0}, libp2p/specs {@code
 * pubsub/README.md}), in the house pattern: {@code PubsubBinding} installs the framing and {@code
 * PubsubStreamHandler} on each stream; {@code PubsubEngine} holds subscriptions, peers' topics, the
 * seen cache and the forwarding policy. Gossipsub routers speak floodsub to floodsub peers, so this
 * router interoperates with them; it builds no gossipsub mesh. The public entry points are {@link
 * io.cairn.retrieval.p2p.pubsub.Pubsub}, {@link io.cairn.retrieval.p2p.pubsub.PubsubOptions},
 * {@link io.cairn.retrieval.p2p.pubsub.PubsubMessage} and {@link
 * io.cairn.retrieval.p2p.pubsub.Subscription}.
 */
package io.cairn.retrieval.p2p.pubsub;
