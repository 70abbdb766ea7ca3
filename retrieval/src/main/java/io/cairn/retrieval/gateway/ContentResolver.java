package io.cairn.retrieval.gateway;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.NoSuchLinkException;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves content paths to the CID they end at: UnixFS names through dag-pb directories (HAMT
 * shards included), map keys and list indexes through DAG-CBOR and DAG-JSON documents, following
 * links across blocks. Every failure is a {@link GatewayException}: 404 for a missing link, field
 * or block (this gateway serves only blocks held locally) and for a node that cannot be decoded,
 * 501 for pathing through a codec that has no paths.
 *
 * <p>Successful resolutions are cached: a path under an immutable root always leads to the same
 * CID. Whether that CID's blocks are still held is checked when they are read.
 */
final class ContentResolver {
  /**
   * Where a path leads.
   *
   * @param terminal the CID of the block the path ends in
   * @param roots the CID reached after each path segment, starting with the root (X-Ipfs-Roots)
   * @param remainder segments walked inside {@code terminal}'s document to a value that is not a
   *     link (empty for UnixFS paths and paths ending at a block)
   */
  record Resolved(Cid terminal, List<Cid> roots, List<String> remainder) {
    Resolved {
      roots = List.copyOf(roots);
      remainder = List.copyOf(remainder);
    }
  }

  private record Key(Cid root, List<String> segments) {}

  private final BlockStore blocks;
  private final UnixFsExporter exporter;
  private final LruCache<Key, Resolved> cache;

  ContentResolver(BlockStore blocks, UnixFsExporter exporter, int cacheSize) {
    this.blocks = blocks;
    this.exporter = exporter;
    this.cache = new LruCache<>(cacheSize);
  }

  /** Resolves a path, from the cache when it was resolved before. */
  Resolved resolve(ContentPath path) {
    if (path.segments().isEmpty()) {
      return new Resolved(path.root(), List.of(path.root()), List.of());
    }
    Key key = new Key(path.root(), path.segments());
    Resolved hit = cache.get(key);
    if (hit != null) {
      return hit;
    }
    Resolved r = walk(path, blocks, exporter);
    if (r.remainder().isEmpty()) {
      cache.put(key, r);
    }
    return r;
  }

  /**
   * Resolves a path reading its blocks through {@code store} (a recording store, for CARs that must
   * carry every block the path crosses); nothing is cached.
   */
  static Resolved resolveThrough(ContentPath path, BlockStore store) {
    return walk(path, store, new UnixFsExporter(store));
  }

  private static Resolved walk(ContentPath path, BlockStore store, UnixFsExporter exporter) {
    List<String> segments = path.segments();
    List<Cid> roots = new ArrayList<>(segments.size() + 1);
    Cid current = path.root();
    roots.add(current);
    int i = 0;
    try {
      while (i < segments.size()) {
        long codec = current.codec();
        if (codec == Multicodec.DAG_PB.code() || codec == Multicodec.RAW.code()) {
          current = exporter.resolve(new IpfsPath(current, List.of(segments.get(i))));
          roots.add(current);
          i++;
        } else if (codec == Multicodec.DAG_CBOR.code() || codec == Multicodec.DAG_JSON.code()) {
          byte[] data = store.get(current).orElseThrow(notHeld(current));
          Ipld node = DagCodecs.decode(current, data, Strictness.LENIENT);
          int inBlock = 0;
          while (i < segments.size() && !(node instanceof Ipld.Link)) {
            node = step(node, segments.get(i), current, path);
            i++;
            inBlock++;
            if (!(node instanceof Ipld.Link)) {
              roots.add(current);
            }
          }
          if (node instanceof Ipld.Link link) {
            current = link.cid();
            roots.add(current);
          } else if (inBlock > 0) {
            return new Resolved(
                current, roots, segments.subList(segments.size() - inBlock, segments.size()));
          }
        } else {
          throw GatewayException.notImplemented(
              "cannot resolve \""
                  + segments.get(i)
                  + "\" under "
                  + current
                  + ": paths through "
                  + Multicodec.nameOf(codec)
                  + " blocks are not supported; fetch the block with ?format=raw");
        }
      }
    } catch (NoSuchLinkException e) {
      throw new GatewayException(
          HttpResponseStatus.NOT_FOUND, "failed to resolve " + path + ": " + e.getMessage(), e);
    } catch (BlockNotFoundException e) {
      throw notFound(path, e);
    } catch (CodecException e) {
      throw new GatewayException(
          HttpResponseStatus.NOT_FOUND,
          "failed to resolve " + path + ": invalid DAG node: " + e.getMessage(),
          e);
    } catch (UnsupportedOperationException e) {
      throw new GatewayException(
          HttpResponseStatus.NOT_IMPLEMENTED,
          "failed to resolve " + path + ": " + e.getMessage(),
          e);
    }
    return new Resolved(current, roots, List.of());
  }

  private static Ipld step(Ipld node, String segment, Cid block, ContentPath path) {
    Ipld next = null;
    if (node instanceof Ipld.Map m) {
      next = m.field(segment).orElse(null);
    } else if (node instanceof Ipld.List l) {
      int index = listIndex(segment);
      next = index >= 0 && index < l.size() ? l.get(index) : null;
    } else {
      throw GatewayException.notImplemented(
          "failed to resolve "
              + path
              + ": cannot walk into a "
              + node.kind().label()
              + " at \""
              + segment
              + "\" in "
              + block
              + "; only map fields, list indexes and links can be pathed");
    }
    if (next == null) {
      throw GatewayException.notFound(
          "failed to resolve " + path + ": no field or index \"" + segment + "\" in " + block);
    }
    return next;
  }

  private static int listIndex(String s) {
    if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  private static java.util.function.Supplier<BlockNotFoundException> notHeld(Cid cid) {
    return () -> new BlockNotFoundException(cid);
  }

  static GatewayException notFound(ContentPath path, BlockNotFoundException e) {
    return new GatewayException(
        HttpResponseStatus.NOT_FOUND,
        "failed to resolve "
            + path
            + ": block "
            + e.cid()
            + " is not held by this node (the gateway serves local blocks only)",
        e);
  }
}
