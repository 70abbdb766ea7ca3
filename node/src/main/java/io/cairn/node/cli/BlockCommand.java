package io.cairn.node.cli;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PinStore;
import io.cairn.storage.WriteSession;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.Strictness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn block}: raw blocks, as {@code ipfs block}. */
@Command(
    name = "block",
    description = "Interact with raw blocks in the repo.",
    subcommands = {
      BlockCommand.Get.class,
      BlockCommand.Put.class,
      BlockCommand.Stat.class,
      BlockCommand.Rm.class
    })
final class BlockCommand extends GroupCommand {

  @Command(name = "get", description = "Write the raw bytes of a block to stdout.")
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "The block's CID or an /ipfs/ path.")
    String cid;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      byte[] data = blocks.require(Paths.resolve(blocks, cid));
      try {
        ctx.out().stream().write(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(
      name = "put",
      description = {
        "Store input as a block and print its CID (CIDv1; v0 with --format=v0).",
        "Blocks of known codecs are checked to decode; blocks over 2 MiB are refused."
      })
  static final class Put implements Runnable {
    /** Kubo's message, so that scripts looking for it still find it. */
    private static final String TOO_BIG =
        "produced block is over 2MiB: big blocks can't be exchanged with other peers;"
            + " use 'cairn add' to chunk larger data";

    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..*",
        description = "Files to store, one block each (default: stdin).")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--cid-codec",
        paramLabel = "CODEC",
        description = "Multicodec of the block (default: raw).")
    String cidCodec;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        hidden = true,
        description = "Legacy: v0, protobuf, cbor.")
    String format;

    @Option(
        names = "--mhtype",
        paramLabel = "HASH",
        description = "Multihash function (default: sha2-256).")
    String mhtype = "sha2-256";

    @Option(
        names = "--mhlen",
        paramLabel = "N",
        description = "Multihash length; only the function's full length is supported.")
    int mhlen = -1;

    @Option(names = "--pin", negatable = true, description = "Pin the block (default: false).")
    boolean pin;

    @Override
    public void run() {
      int version = 1;
      if (format != null && cidCodec != null) {
        throw new UserException(
            "unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
      }
      Multicodec codec = Multicodec.forName(cidCodec == null ? "raw" : cidCodec);
      if (format != null) {
        switch (format) {
          case "v0", "protobuf" -> {
            codec = Multicodec.DAG_PB;
            version = format.equals("v0") ? 0 : 1;
          }
          case "cbor", "dag-cbor" -> codec = Multicodec.DAG_CBOR;
          case "raw" -> codec = Multicodec.RAW;
          default -> throw new UserException("unrecognized format: " + format);
        }
      }
      HashFunction hash = HashFunction.forName(mhtype);
      if (mhlen != -1 && mhlen != hash.digestLength()) {
        throw new UserException(
            mhtype
                + " digests are "
                + hash.digestLength()
                + " bytes; --mhlen "
                + mhlen
                + " is not supported");
      }
      if (version == 0 && hash != HashFunction.SHA2_256) {
        version = 1;
      }
      try (WriteSession session = ctx.storage().beginWrite()) {
        for (byte[] data : inputs()) {
          if (data.length > BlockStore.MAX_BLOCK_SIZE) {
            throw new UserException(TOO_BIG);
          }
          if (DagCodecs.supports(codec.code()) && codec != Multicodec.RAW) {
            DagCodecs.decode(codec.code(), data, Strictness.LENIENT);
          }
          Block block = Block.create(version, codec.code(), hash, data);
          session.blocks().put(block);
          session.blocks().sync();
          if (pin) {
            session.pin(block.cid(), true, null);
          }
          if (ctx.json()) {
            ctx.out().json(keySize(block.cid(), data.length));
          } else {
            ctx.out().println(block.cid().toString());
          }
        }
      }
    }

    private List<byte[]> inputs() {
      List<byte[]> out = new ArrayList<>();
      try {
        if (files.isEmpty()) {
          out.add(readLimited(ctx.out().in()));
        }
        for (Path f : files) {
          try (InputStream in = Files.newInputStream(f)) {
            out.add(readLimited(in));
          }
        }
      } catch (IOException e) {
        throw new UserException(ErrorHandler.message(e), e);
      }
      return out;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
      byte[] data = in.readNBytes(BlockStore.MAX_BLOCK_SIZE + 1);
      if (data.length > BlockStore.MAX_BLOCK_SIZE) {
        throw new UserException(TOO_BIG);
      }
      return data;
    }
  }

  @Command(name = "stat", description = "Print a block's CID and size.")
  static final class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "The block's CID or an /ipfs/ path.")
    String cid;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      Cid c = Paths.resolve(blocks, cid);
      int size = blocks.size(c).orElseThrow(() -> new io.cairn.storage.BlockNotFoundException(c));
      if (ctx.json()) {
        ctx.out().json(keySize(c, size));
        return;
      }
      ctx.out().println("Key: " + c);
      ctx.out().println("Size: " + size);
    }
  }

  @Command(name = "rm", description = "Remove blocks from the repo (pinned blocks are refused).")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", arity = "1..*", description = "Blocks to remove.")
    List<String> cids;

    @Option(
        names = {"-f", "--force"},
        description = "Ignore blocks that are not in the repo.")
    boolean force;

    @Option(
        names = {"-q", "--quiet"},
        description = "Write minimal output.")
    boolean quiet;

    @Override
    public void run() {
      BlockStore blocks = ctx.storage().blocks();
      PinStore pins = ctx.storage().pins();
      int failures = 0;
      for (String text : cids) {
        Cid cid = Paths.cid(text);
        String error = null;
        Optional<PinStore.PinType> pinned = pins.pinType(cid);
        if (pinned.isPresent()) {
          error = "pinned: " + pinned.get().label();
        } else if (!blocks.delete(cid) && !force) {
          error = "ipld: could not find " + cid;
        }
        if (error != null) {
          failures++;
        }
        if (ctx.json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Hash", cid.toString());
          if (error != null) {
            m.put("Error", error);
          }
          ctx.out().json(m);
        } else if (error != null) {
          ctx.out().flush();
          ctx.out().err().println("cannot remove " + cid + ": " + error);
        } else if (!quiet) {
          ctx.out().println("removed " + cid);
        }
      }
      blocks.sync();
      if (failures > 0) {
        throw new UserException("some blocks not removed");
      }
    }
  }

  static Map<String, Object> keySize(Cid cid, long size) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Key", cid.toString());
    m.put("Size", size);
    return m;
  }
}
