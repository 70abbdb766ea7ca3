/**
 * For code that extends the storage API rather than uses it: {@link
 * io.cairn.storage.spi.ForwardingBlockStore}, the base of block-store decorators (a store that
 * fetches missing blocks from the network, one that records the blocks read).
 */
package io.cairn.storage.spi;
