/**
 * IPNS records (the IPFS "IPNS Record" specification): decoding, creation, validation against a
 * name, selection between two records of one name, and the DHT routing key of a name. {@link
 * io.cairn.retrieval.ipns.IpnsRecord} is the entry point; a {@link io.cairn.retrieval.ipns.Signer}
 * supplies the key that signs new records.
 */
package io.cairn.retrieval.ipns;
