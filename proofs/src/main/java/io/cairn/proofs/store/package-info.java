/**
 * Tree files, payload sources, CAR layouts and the directory piece store.
 *
 * <p>Not API: classes here are public only so that {@code io.cairn.proofs} can reach them; other
 * modules use the interfaces and records of {@code io.cairn.proofs}.
 */
package io.cairn.proofs.store;
