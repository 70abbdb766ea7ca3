package io.cairn.retrieval.p2p.fetch;

import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import java.util.Objects;

/**
 * The fetch protocol's two messages (libp2p/specs {@code fetch/README.md}), each sent as one
 * uvarint-length-prefixed protobuf: {@code FetchRequest{identifier = 1}} and {@code
 * FetchResponse{status = 1, data = 2}}. The spec types the identifier a string; js-libp2p's
 * {@code @libp2p/fetch} and go-libp2p-pubsub-router put raw key bytes there (an IPNS routing key is
 * {@code /ipns/} then binary multihash bytes), so it is carried and compared as bytes.
 */
final class FetchCodec {
  private FetchCodec() {}

  /** {@code FetchResponse.StatusCode}. */
  enum Status {
    OK,
    NOT_FOUND,
    ERROR;

    static Status of(long code, Protobuf.Reader r) {
      if (code == 0) {
        return OK;
      }
      if (code == 1) {
        return NOT_FOUND;
      }
      if (code == 2) {
        return ERROR;
      }
      throw r.malformed("unknown status " + code);
    }
  }

  /** A response: its status and data (empty when absent). */
  record Response(Status status, byte[] data) {
    Response {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(data, "data");
    }

    static Response ok(byte[] data) {
      return new Response(Status.OK, data);
    }

    static Response notFound() {
      return new Response(Status.NOT_FOUND, new byte[0]);
    }

    static Response error(String message) {
      return new Response(Status.ERROR, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  static byte[] encodeRequest(byte[] identifier) {
    return new Protobuf.Writer(identifier.length + 8).bytes(1, identifier).toByteArray();
  }

  /**
   * The identifier of a request.
   *
   * @throws CodecException when the bytes are not a request with an identifier
   */
  static byte[] decodeRequest(byte[] body) {
    Protobuf.Reader r = new Protobuf.Reader(body, "fetch request");
    byte[] identifier = null;
    while (r.next()) {
      if (r.field() == 1) {
        identifier = r.expect(Protobuf.LENGTH_DELIMITED, "identifier").bytes();
      } else {
        r.skip();
      }
    }
    if (identifier == null) {
      throw r.malformed("no identifier");
    }
    return identifier;
  }

  static byte[] encodeResponse(Response response) {
    Protobuf.Writer w = new Protobuf.Writer(response.data().length + 8);
    w.varint(1, response.status().ordinal());
    if (response.data().length > 0) {
      w.bytes(2, response.data());
    }
    return w.toByteArray();
  }

  /**
   * A response; a missing status is {@code OK} (proto3 writers leave a zero out), missing data is
   * empty.
   *
   * @throws CodecException when the bytes are not a response or the status is unknown
   */
  static Response decodeResponse(byte[] body) {
    Protobuf.Reader r = new Protobuf.Reader(body, "fetch response");
    Status status = Status.OK;
    byte[] data = new byte[0];
    while (r.next()) {
      switch (r.field()) {
        case 1 -> status = Status.of(r.expect(Protobuf.VARINT, "status").varint(), r);
        case 2 -> data = r.expect(Protobuf.LENGTH_DELIMITED, "data").bytes();
        default -> r.skip();
      }
    }
    return new Response(status, data);
  }
}
