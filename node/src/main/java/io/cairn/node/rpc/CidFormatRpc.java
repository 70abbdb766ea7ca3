package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multicodec;

/**
 * {@code cid/format}: converts and formats CIDs as Kubo does, with its options {@code f} (format
 * string, {@code %s} by default), {@code v} (CID version), {@code mc} (multicodec) and {@code b}
 * (multibase); one {@code {CidStr, Formatted, ErrorMsg}} per argument. Needs no repo.
 */
final class CidFormatRpc implements ApiCommand {
  @Override
  public String path() {
    return "cid/format";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String format = req.optionOr("f", "%s");
    String version = req.option("v").filter(v -> !v.isEmpty()).orElse(null);
    Multicodec codec = req.option("mc").map(CidFormatRpc::codec).orElse(null);
    Multibase base = req.option("b").map(CidFormatRpc::base).orElse(null);
    if (format.indexOf('%') < 0) {
      throw ApiException.client("invalid format string: \"" + format + "\"");
    }
    if ("0".equals(version)) {
      if (codec != null && codec != Multicodec.DAG_PB) {
        throw ApiException.client("cannot convert to CIDv0 with any codec other than dag-pb");
      }
      if (base != null && base != Multibase.BASE58_BTC) {
        throw ApiException.client(
            "cannot convert to CIDv0 with any multibase other than the implicit base58btc");
      }
    } else if (version != null && !version.equals("1")) {
      throw ApiException.client("invalid cid version: \"" + version + "\"");
    }
    CidFormat.emitEach(
        res, CidBase32Rpc.cids(req), text -> convert(text, format, version, codec, base));
  }

  private static String convert(
      String text, String format, String version, Multicodec newCodec, Multibase newBase) {
    Cid cid = Cid.parse(text);
    if (newCodec != null && newCodec.code() != cid.codec()) {
      cid = Cid.v1(newCodec, cid.multihash());
    }
    if ("0".equals(version)) {
      if (!cid.isCodec(Multicodec.DAG_PB)) {
        throw new IllegalArgumentException("can't convert non-dag-pb nodes to cidv0");
      }
      cid = cid.toV0();
    } else if ("1".equals(version) || (version == null && newBase != null)) {
      cid = cid.toV1();
    }
    Multibase b = newBase;
    if (b == null) {
      // Kubo keeps a CIDv1's own base when no other is asked for.
      b =
          cid.version() == 0
              ? Multibase.BASE58_BTC
              : Multibase.forPrefix(text.strip().charAt(0)).orElse(Multibase.BASE32);
    }
    return CidFormat.format(format, b, cid);
  }

  private static Multicodec codec(String name) {
    try {
      return Multicodec.forName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }

  private static Multibase base(String name) {
    try {
      return Multibase.forName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }
}
