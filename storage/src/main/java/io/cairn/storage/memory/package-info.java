/**
 * Block stores in memory: one that keeps blocks (tests, dry runs) and one that keeps nothing
 * ({@code add --only-hash}). Open them through {@link io.cairn.storage.BlockStores}.
 */
package io.cairn.storage.memory;
