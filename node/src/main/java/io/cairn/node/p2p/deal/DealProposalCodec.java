package io.cairn.node.p2p.deal;

import io.cairn.retrieval.p2p.UvarintFrames;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The wire format of {@code /cairn/deal-proposal/1.0.0}: each message is a uvarint length, then
 * that many bytes of protobuf, at most {@link #MAX_MESSAGE_BYTES}.
 *
 * <pre>
 * message Proposal { bytes deal_id = 1; bytes root = 2; }   // deal_id: unsigned big-endian
 * message Answer   { uint32 status = 1; string message = 2; } // status: 0 accepted, 1 refused
 * </pre>
 *
 * Decoding is strict: every field once, both present, no unknown fields, a minimal deal ID.
 */
final class DealProposalCodec {
  static final int MAX_MESSAGE_BYTES = 1024;
  static final int MAX_ANSWER_TEXT = 512;

  private DealProposalCodec() {}

  static byte[] encode(DealProposal p) {
    byte[] id = p.dealId().toByteArray();
    if (id[0] == 0) {
      id = Arrays.copyOfRange(id, 1, id.length);
    }
    return new Protobuf.Writer().bytes(1, id).bytes(2, p.root().bytes()).toByteArray();
  }

  static DealProposal decodeProposal(byte[] body) {
    Protobuf.Reader r = new Protobuf.Reader(body, "deal proposal");
    byte[] id = null;
    byte[] root = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          if (id != null) {
            throw r.malformed("deal_id appears twice");
          }
          id = r.expect(Protobuf.LENGTH_DELIMITED, "deal_id").bytes();
        }
        case 2 -> {
          if (root != null) {
            throw r.malformed("root appears twice");
          }
          root = r.expect(Protobuf.LENGTH_DELIMITED, "root").bytes();
        }
        default -> throw r.malformed("unknown field " + r.field());
      }
    }
    if (id == null || root == null) {
      throw r.malformed(id == null ? "deal_id is missing" : "root is missing");
    }
    if (id.length == 0 || id.length > 32 || id[0] == 0) {
      throw r.malformed("deal_id must be 1 to 32 bytes without leading zeros");
    }
    Cid cid;
    try {
      cid = Cid.decode(root);
    } catch (RuntimeException e) {
      throw r.malformed("root is not a CID: " + e.getMessage());
    }
    try {
      return new DealProposal(new BigInteger(1, id), cid);
    } catch (IllegalArgumentException e) {
      throw r.malformed(e.getMessage());
    }
  }

  static byte[] encode(DealProposals.Answer a) {
    String text = a.message();
    if (text.length() > MAX_ANSWER_TEXT) {
      text = text.substring(0, MAX_ANSWER_TEXT);
    }
    return new Protobuf.Writer().varint(1, a.accepted() ? 0 : 1).string(2, text).toByteArray();
  }

  static DealProposals.Answer decodeAnswer(byte[] body) {
    Protobuf.Reader r = new Protobuf.Reader(body, "deal proposal answer");
    Long status = null;
    String message = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          if (status != null) {
            throw r.malformed("status appears twice");
          }
          status = r.expect(Protobuf.VARINT, "status").varint();
        }
        case 2 -> {
          if (message != null) {
            throw r.malformed("message appears twice");
          }
          message = r.expect(Protobuf.LENGTH_DELIMITED, "message").string();
        }
        default -> throw r.malformed("unknown field " + r.field());
      }
    }
    if (status == null || (status != 0 && status != 1)) {
      throw r.malformed("status must be 0 (accepted) or 1 (refused), not " + status);
    }
    if (message != null && message.length() > MAX_ANSWER_TEXT) {
      throw r.malformed("message is over " + MAX_ANSWER_TEXT + " characters");
    }
    return new DealProposals.Answer(status == 0, message == null ? "" : message);
  }

  /** Writes {@code body} with its length prefix. */
  static ByteBuf frame(ChannelHandlerContext ctx, byte[] body) {
    return UvarintFrames.frame(ctx.alloc(), body);
  }

  /**
   * Splits the stream into message bodies ({@code byte[]}); fails with a {@link CodecException} on
   * a length over {@link #MAX_MESSAGE_BYTES} or a length prefix over 9 bytes.
   */
  static final class FrameDecoder extends UvarintFrames.Decoder {
    FrameDecoder() {
      super("deal proposal message", MAX_MESSAGE_BYTES);
    }
  }
}
