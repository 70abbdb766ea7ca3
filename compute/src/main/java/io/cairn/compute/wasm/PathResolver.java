package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EILSEQ;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.ELOOP;
import static io.cairn.compute.wasm.WasiErrno.ENAMETOOLONG;
import static io.cairn.compute.wasm.WasiErrno.ENOENT;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ENOTDIR;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a path against a directory descriptor as uvwasi (node:wasi) does, over the job's
 * namespace ({@code /inputs}, {@code /outputs}):
 *
 * <ul>
 *   <li>an absolute path is refused (ENOTCAPABLE); an empty one, or one with a NUL before its last
 *       byte, is EINVAL; a name over {@link #NAME_MAX} bytes is ENAMETOOLONG, as Linux answers;
 *   <li>the path is joined to the directory's own path ({@code /inputs}, {@code /inputs/data/sub})
 *       and its "." and ".." are resolved lexically before anything is looked up, so {@code a/../b}
 *       is {@code b} whether or not {@code a} exists or is a directory; the result must lie under
 *       the directory, else ENOTCAPABLE ({@code ../inputs/x} from {@code /inputs} is allowed);
 *   <li>a symlink (a UnixFS symlink in an input, or one the module made in {@code /outputs}) is
 *       followed when it is not the last name, or when the caller follows the last one: its target
 *       is a path in the job's namespace, absolute from its root (only an input's can be) or
 *       relative to the link's directory, resolved the same way and held to the same directory
 *       (ENOTCAPABLE when it leads out); the 32nd link followed is ELOOP. Links are resolved here,
 *       on the job's names: the host's file calls never follow one;
 *   <li>under a directory removed while its descriptor was open ({@link VNode.RemovedDir}), any
 *       name is ENOENT, as Linux answers for an unlinked directory.
 * </ul>
 *
 * <p>Where uvwasi lets the host's {@code open} follow a symlink without looking (a link before the
 * last name, or the last one without {@code LOOKUP_SYMLINK_FOLLOW}), a link pointing out of the
 * sandbox leads out in node:wasi; here it is ENOTCAPABLE. And uvwasi's check that a path lies under
 * the directory compares strings, so {@code ../inputsX} passes it from {@code /inputs}; here it
 * compares names.
 */
final class PathResolver {
  static final int MAX_SYMLINK_FOLLOWS = 32;

  /** The longest name, in bytes, as Linux's NAME_MAX: a longer one is ENAMETOOLONG. */
  static final int NAME_MAX = 255;

  /** The longest path, in bytes, as Linux's PATH_MAX: a longer one is ENAMETOOLONG. */
  static final int PATH_MAX = 4096;

  /**
   * Where a path leads: the directory holding it, its last name ("" when the path is the
   * descriptor's directory itself), its node (null when there is none yet), its path in the job's
   * namespace, and whether the path ended with '/'.
   */
  record Resolved(
      int errno, VNode parent, String name, VNode node, String path, boolean trailingSlash) {
    static Resolved error(int errno) {
      return new Resolved(errno, null, null, null, null, false);
    }

    boolean ok() {
      return errno == ESUCCESS;
    }
  }

  private PathResolver() {}

  static Resolved resolve(OpenFd.Dir dir, byte[] raw, boolean followLast) {
    int len = raw.length;
    if (len > 0 && raw[0] == '/') {
      return Resolved.error(ENOTCAPABLE);
    }
    if (len == 0) {
      return Resolved.error(EINVAL);
    }
    for (int i = 0; i < len - 1; i++) {
      if (raw[i] == 0) {
        return Resolved.error(EINVAL);
      }
    }
    if (raw[len - 1] == 0) {
      len--; // a C string's terminator: the path ends before it
    }
    for (int i = 0, name = 0; i < len; i++) {
      name = raw[i] == '/' ? 0 : name + 1;
      if (name > NAME_MAX) {
        return Resolved.error(ENAMETOOLONG);
      }
    }
    // Names are UTF-8 (UnixFS names are strings): a path that is not is refused rather than
    // decoded with replacement characters, which would merge distinct names.
    String input = utf8(raw, len);
    if (input == null) {
      return Resolved.error(EILSEQ);
    }
    List<String> base = new ArrayList<>();
    normalize(base, dir.path());
    boolean absolute = false;
    int follows = 0;
    while (true) {
      List<String> joined = new ArrayList<>(absolute ? List.of() : base);
      normalize(joined, input);
      boolean trailingSlash = input.endsWith("/");
      if (joined.size() < base.size() || !joined.subList(0, base.size()).equals(base)) {
        return Resolved.error(ENOTCAPABLE);
      }
      List<String> rest = joined.subList(base.size(), joined.size());
      if (rest.isEmpty()) {
        return new Resolved(ESUCCESS, dir.node(), "", dir.node(), dir.path(), trailingSlash);
      }
      if (dir.node() instanceof VNode.RemovedDir) {
        return Resolved.error(ENOENT); // nothing is in a removed directory, nor can be made there
      }
      VNode current = dir.node();
      for (int i = 0; i < rest.size(); i++) {
        String name = rest.get(i);
        VNode child = current.child(name);
        boolean last = i == rest.size() - 1;
        String target = child == null ? null : child.linkTarget();
        if (target != null && (!last || followLast || trailingSlash)) {
          if (++follows >= MAX_SYMLINK_FOLLOWS) {
            return Resolved.error(ELOOP);
          }
          input = linkedPath(joined.subList(0, base.size() + i), target, rest, i);
          input = trailingSlash ? input + "/" : input;
          absolute = true;
          break;
        }
        if (last) {
          if (trailingSlash && child != null && child.filetype() != VNode.FILETYPE_DIRECTORY) {
            return Resolved.error(ENOTDIR);
          }
          String path = "/" + String.join("/", joined);
          return new Resolved(ESUCCESS, current, name, child, path, trailingSlash);
        }
        if (child == null) {
          return Resolved.error(ENOENT);
        }
        if (child.filetype() != VNode.FILETYPE_DIRECTORY) {
          return Resolved.error(ENOTDIR);
        }
        current = child;
      }
    }
  }

  /** The first {@code len} bytes as UTF-8, or null where they are not UTF-8. */
  static String utf8(byte[] raw, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(raw, 0, len))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** The absolute path a link leads to, with the names that followed the link after it. */
  private static String linkedPath(List<String> linkDir, String target, List<String> rest, int at) {
    StringBuilder path = new StringBuilder();
    if (!target.startsWith("/")) {
      path.append('/').append(String.join("/", linkDir)).append('/');
    }
    path.append(target);
    for (String name : rest.subList(at + 1, rest.size())) {
      path.append('/').append(name);
    }
    return path.toString();
  }

  /** Appends a path's names to {@code names}, "." dropped and ".." taking one off (none at "/"). */
  private static void normalize(List<String> names, String path) {
    for (String s : path.split("/", -1)) {
      if (s.equals("..")) {
        if (!names.isEmpty()) {
          names.remove(names.size() - 1);
        }
      } else if (!s.isEmpty() && !s.equals(".")) {
        names.add(s);
      }
    }
  }
}
