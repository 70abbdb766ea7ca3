package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WASI preview 1 ({@code wasi_snapshot_preview1}) for one job, deterministic by construction.
 *
 * <p>Why not Chicory's {@code WasiPreview1}: it works on {@code java.nio.file.Path}s. Its listings
 * come in the host's directory order, its stats carry host inode numbers and times, and {@code
 * poll_oneoff} sleeps on the real clock, so the same module could see different bytes on two nodes.
 * Serving lazily read UnixFS inputs through it would need a whole {@code FileSystemProvider}
 * (paths, attribute views, channels) under those same leaks. These host functions work on {@link
 * VNode}s instead: {@code /inputs} straight over the UnixFS exporter's range reads, {@code
 * /outputs} over a scratch directory, with every listing sorted by name bytes and no host metadata.
 *
 * <p>The rules: the clock reads 0 (1970-01-01) on every clock; {@code random_get} is {@link
 * SeededRandom}; {@code poll_oneoff} fires every clock subscription at once; there are no sockets
 * ({@code sock_*} return ENOTSUP); paths are relative to a descriptor, with no "..", and symlinks
 * in inputs are never followed; inputs are read-only (EROFS); times set by the module are ignored
 * and every stat reports device 0, inode 0, times 0.
 */
final class WasiHost {
  static final String MODULE = "wasi_snapshot_preview1";

  static final int ESUCCESS = 0;
  static final int EBADF = 8;
  static final int EEXIST = 20;
  static final int EINVAL = 28;
  static final int EIO = 29;
  static final int EISDIR = 31;
  static final int ENOENT = 44;
  static final int ENOSYS = 52;
  static final int ENOTDIR = 54;
  static final int ENOTEMPTY = 55;
  static final int ENOTSUP = 58;
  static final int EROFS = 69;
  static final int ESPIPE = 70;
  static final int ENOTCAPABLE = 76;

  private static final int FILETYPE_CHARACTER_DEVICE = 2;
  private static final int OFLAG_CREAT = 1;
  private static final int OFLAG_DIRECTORY = 2;
  private static final int OFLAG_EXCL = 4;
  private static final int OFLAG_TRUNC = 8;
  private static final int FDFLAG_APPEND = 1;
  private static final long RIGHT_FD_WRITE = 1L << 6;
  private static final long ALL_RIGHTS = (1L << 30) - 1;

  private final List<String> args;
  private final List<String> env;
  private final SeededRandom random;
  private final long outputCap;
  private final Map<Integer, OpenFd> fds = new HashMap<>();
  private long outputBytes;

  /** Thrown by {@code proc_exit}. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    Exit(int code) {
      super("proc_exit(" + code + ")", null, false, false);
      this.code = code;
    }
  }

  WasiHost(
      List<String> args,
      Map<String, String> env,
      SeededRandom random,
      CappedSink stdout,
      CappedSink stderr,
      VNode inputs,
      VNode outputs,
      long outputCap) {
    this.args = args;
    this.env = new ArrayList<>();
    env.forEach((k, v) -> this.env.add(k + "=" + v));
    this.random = random;
    this.outputCap = outputCap;
    fds.put(0, new OpenFd.Stdin());
    fds.put(1, new OpenFd.Sink(stdout));
    fds.put(2, new OpenFd.Sink(stderr));
    fds.put(3, new OpenFd.Dir(inputs, "/inputs"));
    fds.put(4, new OpenFd.Dir(outputs, "/outputs"));
  }

  /** Closes what the module left open. */
  void closeAll() {
    for (OpenFd fd : fds.values()) {
      closeFd(fd);
    }
    fds.clear();
  }

  // ---- registration --------------------------------------------------------------------------

  @FunctionalInterface
  private interface Call {
    int apply(Memory m, long[] a);
  }

  private final List<HostFunction> functions = new ArrayList<>();

  /** {@code sig}: one letter per parameter, 'i' for i32 and 'I' for i64; the result is an i32. */
  private void fn(String name, String sig, Call call) {
    List<ValType> params = new ArrayList<>();
    for (char c : sig.toCharArray()) {
      params.add(c == 'I' ? ValType.I64 : ValType.I32);
    }
    functions.add(
        new HostFunction(
            MODULE,
            name,
            FunctionType.of(params, List.of(ValType.I32)),
            (instance, a) -> new long[] {call.apply(instance.memory(), a)}));
  }

  /** The names this host provides. */
  static Set<String> provided() {
    Set<String> names = new java.util.HashSet<>();
    WasiHost probe =
        new WasiHost(List.of(), Map.of(), new SeededRandom(new byte[0]), null, null, null, null, 0);
    for (HostFunction f : probe.hostFunctions()) {
      names.add(f.name());
    }
    return names;
  }

  List<HostFunction> hostFunctions() {
    if (!functions.isEmpty()) {
      return functions;
    }
    fn("args_sizes_get", "ii", (m, a) -> sizes(m, args, a));
    fn("args_get", "ii", (m, a) -> strings(m, args, a));
    fn("environ_sizes_get", "ii", (m, a) -> sizes(m, env, a));
    fn("environ_get", "ii", (m, a) -> strings(m, env, a));
    fn("clock_res_get", "ii", (m, a) -> clockRes(m, a));
    fn("clock_time_get", "iIi", (m, a) -> clockTime(m, a));
    fn("random_get", "ii", (m, a) -> randomGet(m, a));
    fn("sched_yield", "", (m, a) -> ESUCCESS);
    fn("proc_raise", "i", (m, a) -> ENOSYS);
    fn("poll_oneoff", "iiii", (m, a) -> pollOneoff(m, a));
    fn("sock_accept", "iii", (m, a) -> ENOTSUP);
    fn("sock_recv", "iiiiii", (m, a) -> ENOTSUP);
    fn("sock_send", "iiiii", (m, a) -> ENOTSUP);
    fn("sock_shutdown", "ii", (m, a) -> ENOTSUP);
    fn("fd_advise", "iIIi", (m, a) -> fd(a[0]) == null ? EBADF : ESUCCESS);
    fn("fd_allocate", "iII", (m, a) -> ENOTSUP);
    fn("fd_close", "i", (m, a) -> fdClose(a));
    fn("fd_datasync", "i", (m, a) -> fd(a[0]) == null ? EBADF : ESUCCESS);
    fn("fd_sync", "i", (m, a) -> fd(a[0]) == null ? EBADF : ESUCCESS);
    fn("fd_fdstat_get", "ii", (m, a) -> fdFdstatGet(m, a));
    fn("fd_fdstat_set_flags", "ii", (m, a) -> ENOTSUP);
    fn("fd_fdstat_set_rights", "iII", (m, a) -> fd(a[0]) == null ? EBADF : ESUCCESS);
    fn("fd_filestat_get", "ii", (m, a) -> fdFilestatGet(m, a));
    fn("fd_filestat_set_size", "iI", (m, a) -> fdFilestatSetSize(a));
    fn("fd_filestat_set_times", "iIIi", (m, a) -> fd(a[0]) == null ? EBADF : ESUCCESS);
    fn("fd_pread", "iiiIi", (m, a) -> read(m, (int) a[0], (int) a[1], (int) a[2], a[3], a[4]));
    fn("fd_read", "iiii", (m, a) -> read(m, (int) a[0], (int) a[1], (int) a[2], -1, a[3]));
    fn("fd_pwrite", "iiiIi", (m, a) -> write(m, (int) a[0], (int) a[1], (int) a[2], a[3], a[4]));
    fn("fd_write", "iiii", (m, a) -> write(m, (int) a[0], (int) a[1], (int) a[2], -1, a[3]));
    fn("fd_prestat_get", "ii", (m, a) -> prestatGet(m, a));
    fn("fd_prestat_dir_name", "iii", (m, a) -> prestatDirName(m, a));
    fn("fd_readdir", "iiiIi", (m, a) -> readdir(m, a));
    fn("fd_renumber", "ii", (m, a) -> renumber(a));
    fn("fd_seek", "iIii", (m, a) -> seek(m, a));
    fn("fd_tell", "ii", (m, a) -> tell(m, a));
    fn("path_create_directory", "iii", (m, a) -> createDirectory(m, a));
    fn("path_filestat_get", "iiiii", (m, a) -> pathFilestatGet(m, a));
    fn("path_filestat_set_times", "iiiiIIi", (m, a) -> pathExists(m, a, 2));
    fn("path_link", "iiiiiii", (m, a) -> ENOTSUP);
    fn("path_symlink", "iiiii", (m, a) -> ENOTSUP);
    fn("path_open", "iiiiiIIii", (m, a) -> pathOpen(m, a));
    fn("path_readlink", "iiiiii", (m, a) -> readlink(m, a));
    fn("path_remove_directory", "iii", (m, a) -> remove(m, a, true));
    fn("path_unlink_file", "iii", (m, a) -> remove(m, a, false));
    fn("path_rename", "iiiiii", (m, a) -> rename(m, a));
    functions.add(
        new HostFunction(
            MODULE,
            "proc_exit",
            FunctionType.of(List.of(ValType.I32), List.of()),
            (instance, a) -> {
              throw new Exit((int) a[0]);
            }));
    return functions;
  }

  // ---- args, env, clock, random, poll ---------------------------------------------------------

  private static int sizes(Memory m, List<String> values, long[] a) {
    int bytes = 0;
    for (String v : values) {
      bytes += v.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    m.writeI32((int) a[0], values.size());
    m.writeI32((int) a[1], bytes);
    return ESUCCESS;
  }

  private static int strings(Memory m, List<String> values, long[] a) {
    int ptrs = (int) a[0];
    int buf = (int) a[1];
    for (String v : values) {
      m.writeI32(ptrs, buf);
      ptrs += 4;
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      m.write(buf, b);
      m.writeByte(buf + b.length, (byte) 0);
      buf += b.length + 1;
    }
    return ESUCCESS;
  }

  private static int clockRes(Memory m, long[] a) {
    if (a[0] < 0 || a[0] > 3) {
      return EINVAL;
    }
    m.writeLong((int) a[1], 1_000L);
    return ESUCCESS;
  }

  private static int clockTime(Memory m, long[] a) {
    if (a[0] < 0 || a[0] > 3) {
      return EINVAL;
    }
    m.writeLong((int) a[2], 0L);
    return ESUCCESS;
  }

  private int randomGet(Memory m, long[] a) {
    byte[] bytes = new byte[(int) a[1]];
    random.nextBytes(bytes);
    m.write((int) a[0], bytes);
    return ESUCCESS;
  }

  /** Every subscription fires at once: clocks elapse, fd subscriptions report ENOTSUP. */
  private static int pollOneoff(Memory m, long[] a) {
    int in = (int) a[0];
    int out = (int) a[1];
    int n = (int) a[2];
    for (int i = 0; i < n; i++) {
      int sub = in + i * 48;
      int ev = out + i * 32;
      byte tag = m.read(sub + 8);
      m.writeLong(ev, m.readLong(sub));
      m.writeShort(ev + 8, (short) (tag == 0 ? ESUCCESS : ENOTSUP));
      m.writeByte(ev + 10, tag);
      m.writeLong(ev + 16, 0L);
      m.writeShort(ev + 24, (short) 0);
    }
    m.writeI32((int) a[3], n);
    return ESUCCESS;
  }

  // ---- descriptors ----------------------------------------------------------------------------

  private OpenFd fd(long n) {
    return fds.get((int) n);
  }

  private int allocate(OpenFd fd) {
    int n = 3;
    while (fds.containsKey(n)) {
      n++;
    }
    fds.put(n, fd);
    return n;
  }

  private static void closeFd(OpenFd fd) {
    if (fd instanceof OpenFd.Output out) {
      out.close();
    }
  }

  private int fdClose(long[] a) {
    OpenFd fd = fds.remove((int) a[0]);
    if (fd == null) {
      return EBADF;
    }
    closeFd(fd);
    return ESUCCESS;
  }

  private int renumber(long[] a) {
    OpenFd from = fd(a[0]);
    if (from == null || fd(a[1]) == null) {
      return EBADF;
    }
    closeFd(fds.get((int) a[1]));
    fds.put((int) a[1], fds.remove((int) a[0]));
    return ESUCCESS;
  }

  private static int filetype(OpenFd fd) {
    return switch (fd) {
      case OpenFd.Stdin s -> FILETYPE_CHARACTER_DEVICE;
      case OpenFd.Sink s -> FILETYPE_CHARACTER_DEVICE;
      case OpenFd.Dir d -> VNode.FILETYPE_DIRECTORY;
      case OpenFd.Input i -> VNode.FILETYPE_REGULAR;
      case OpenFd.Output o -> VNode.FILETYPE_REGULAR;
    };
  }

  private int fdFdstatGet(Memory m, long[] a) {
    OpenFd fd = fd(a[0]);
    if (fd == null) {
      return EBADF;
    }
    int buf = (int) a[1];
    m.writeByte(buf, (byte) filetype(fd));
    m.writeShort(buf + 2, (short) (fd instanceof OpenFd.Output o && o.append ? FDFLAG_APPEND : 0));
    m.writeLong(buf + 8, ALL_RIGHTS);
    m.writeLong(buf + 16, ALL_RIGHTS);
    return ESUCCESS;
  }

  private static void filestat(Memory m, int buf, int filetype, long size) {
    m.writeLong(buf, 0L); // device
    m.writeLong(buf + 8, 0L); // inode
    m.writeByte(buf + 16, (byte) filetype);
    m.writeLong(buf + 24, 1L); // links
    m.writeLong(buf + 32, size);
    m.writeLong(buf + 40, 0L);
    m.writeLong(buf + 48, 0L);
    m.writeLong(buf + 56, 0L);
  }

  private int fdFilestatGet(Memory m, long[] a) {
    OpenFd fd = fd(a[0]);
    if (fd == null) {
      return EBADF;
    }
    long size =
        switch (fd) {
          case OpenFd.Input i -> i.file.size();
          case OpenFd.Output o -> o.size();
          default -> 0;
        };
    filestat(m, (int) a[1], filetype(fd), size);
    return ESUCCESS;
  }

  private int fdFilestatSetSize(long[] a) {
    if (!(fd(a[0]) instanceof OpenFd.Output o)) {
      return fd(a[0]) instanceof OpenFd.Input ? EROFS : EBADF;
    }
    long size = a[1];
    long current = o.size();
    try {
      if (size < current) {
        o.channel.truncate(size);
      } else if (size > current) {
        chargeOutput(size - current);
        o.write(size - 1, new byte[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resize output " + o.file.path(), e);
    }
    return ESUCCESS;
  }

  private void chargeOutput(long bytes) {
    if (outputBytes + bytes > outputCap) {
      throw new JobAbort(WasmOutcome.Kind.OUTPUT_LIMIT, "/outputs over " + outputCap + " bytes");
    }
    outputBytes += bytes;
  }

  private static byte[][] iovecs(Memory m, int iovs, int count) {
    byte[][] bufs = new byte[count][];
    for (int i = 0; i < count; i++) {
      bufs[i] = new byte[m.readInt(iovs + i * 8 + 4)];
    }
    return bufs;
  }

  private int read(Memory m, int n, int iovs, int count, long at, long nreadPtr) {
    OpenFd fd = fds.get(n);
    if (fd == null || fd instanceof OpenFd.Sink || fd instanceof OpenFd.Dir) {
      return fd instanceof OpenFd.Dir ? EISDIR : EBADF;
    }
    if (fd instanceof OpenFd.Output o && !o.readable) {
      return EBADF;
    }
    long offset =
        at >= 0
            ? at
            : switch (fd) {
              case OpenFd.Input i -> i.position;
              case OpenFd.Output o -> o.position;
              default -> 0;
            };
    long total = 0;
    byte[][] bufs = iovecs(m, iovs, count);
    for (int i = 0; i < count; i++) {
      int got =
          switch (fd) {
            case OpenFd.Input in -> in.read(offset + total, bufs[i]);
            case OpenFd.Output o -> o.read(offset + total, bufs[i]);
            default -> 0;
          };
      m.write(m.readInt(iovs + i * 8), bufs[i], 0, got);
      total += got;
      if (got < bufs[i].length) {
        break;
      }
    }
    if (at < 0) {
      if (fd instanceof OpenFd.Input in) {
        in.position += total;
      } else if (fd instanceof OpenFd.Output o) {
        o.position += total;
      }
    }
    m.writeI32((int) nreadPtr, (int) total);
    return ESUCCESS;
  }

  private int write(Memory m, int n, int iovs, int count, long at, long nwrittenPtr) {
    OpenFd fd = fds.get(n);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int len = m.readInt(iovs + i * 8 + 4);
      data.writeBytes(m.readBytes(m.readInt(iovs + i * 8), len));
    }
    byte[] bytes = data.toByteArray();
    switch (fd) {
      case OpenFd.Sink s -> s.sink().write(bytes);
      case OpenFd.Output o -> {
        long offset = at >= 0 ? at : o.append ? o.size() : o.position;
        long end = offset + bytes.length;
        chargeOutput(Math.max(0, end - o.size()));
        o.write(offset, bytes);
        if (at < 0) {
          o.position = end;
        }
      }
      case OpenFd.Input i -> {
        return EBADF;
      }
      case null, default -> {
        return EBADF;
      }
    }
    m.writeI32((int) nwrittenPtr, bytes.length);
    return ESUCCESS;
  }

  private int seek(Memory m, long[] a) {
    OpenFd fd = fd(a[0]);
    long base;
    long size;
    switch (fd) {
      case OpenFd.Input i -> {
        base = i.position;
        size = i.file.size();
      }
      case OpenFd.Output o -> {
        base = o.position;
        size = o.size();
      }
      case null -> {
        return EBADF;
      }
      default -> {
        return ESPIPE;
      }
    }
    long target =
        switch ((int) a[2]) {
          case 0 -> a[1];
          case 1 -> base + a[1];
          case 2 -> size + a[1];
          default -> -1;
        };
    if (target < 0) {
      return EINVAL;
    }
    if (fd instanceof OpenFd.Input i) {
      i.position = target;
    } else {
      ((OpenFd.Output) fd).position = target;
    }
    m.writeLong((int) a[3], target);
    return ESUCCESS;
  }

  private int tell(Memory m, long[] a) {
    OpenFd fd = fd(a[0]);
    return switch (fd) {
      case OpenFd.Input i -> {
        m.writeLong((int) a[1], i.position);
        yield ESUCCESS;
      }
      case OpenFd.Output o -> {
        m.writeLong((int) a[1], o.position);
        yield ESUCCESS;
      }
      case null -> EBADF;
      default -> ESPIPE;
    };
  }

  private int prestatGet(Memory m, long[] a) {
    if (!(fd(a[0]) instanceof OpenFd.Dir d) || d.preopen() == null) {
      return EBADF;
    }
    m.writeI32((int) a[1], 0);
    m.writeI32((int) a[1] + 4, d.preopen().getBytes(StandardCharsets.UTF_8).length);
    return ESUCCESS;
  }

  private int prestatDirName(Memory m, long[] a) {
    if (!(fd(a[0]) instanceof OpenFd.Dir d) || d.preopen() == null) {
      return EBADF;
    }
    byte[] name = d.preopen().getBytes(StandardCharsets.UTF_8);
    if (a[2] < name.length) {
      return EINVAL;
    }
    m.write((int) a[1], name);
    return ESUCCESS;
  }

  /** Entries from the cookie on, "." and ".." left out (as uvwasi does), sorted by name bytes. */
  private int readdir(Memory m, long[] a) {
    if (!(fd(a[0]) instanceof OpenFd.Dir d)) {
      return fd(a[0]) == null ? EBADF : ENOTDIR;
    }
    List<VNode.Entry> entries = d.node().list();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bufLen = (int) a[2];
    for (long i = a[3]; i < entries.size() && out.size() < bufLen; i++) {
      byte[] name = entries.get((int) i).name().getBytes(StandardCharsets.UTF_8);
      byte[] head = new byte[24];
      putLong(head, 0, i + 1);
      putLong(head, 8, 0);
      putLong(head, 16, name.length);
      head[20] = (byte) entries.get((int) i).filetype();
      head[21] = 0;
      head[22] = 0;
      head[23] = 0;
      out.writeBytes(head);
      out.writeBytes(name);
    }
    byte[] bytes = out.toByteArray();
    int used = Math.min(bytes.length, bufLen);
    m.write((int) a[1], bytes, 0, used);
    m.writeI32((int) a[4], used);
    return ESUCCESS;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  // ---- paths ----------------------------------------------------------------------------------

  /** Where a path leads: its parent directory, its last name ("" for the directory itself). */
  record Resolved(int errno, VNode parent, String name, VNode node) {
    static Resolved error(int errno) {
      return new Resolved(errno, null, null, null);
    }
  }

  /**
   * Resolves a path relative to a directory descriptor. Absolute paths and ".." are refused
   * (ENOTCAPABLE) whatever they lead to, and a symlink is never followed.
   */
  Resolved resolve(Memory m, long dirFd, long ptr, long len) {
    if (!(fd(dirFd) instanceof OpenFd.Dir d)) {
      return Resolved.error(fd(dirFd) == null ? EBADF : ENOTDIR);
    }
    String path = m.readString((int) ptr, (int) len);
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      return Resolved.error(ENOTCAPABLE);
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (s.equals("..")) {
        return Resolved.error(ENOTCAPABLE);
      }
      if (!s.isEmpty() && !s.equals(".")) {
        segments.add(s);
      }
    }
    if (segments.isEmpty()) {
      return new Resolved(ESUCCESS, d.node(), "", d.node());
    }
    VNode current = d.node();
    for (int i = 0; i < segments.size() - 1; i++) {
      VNode next = current.child(segments.get(i));
      if (next == null) {
        return Resolved.error(ENOENT);
      }
      if (next instanceof VNode.InputSymlink) {
        return Resolved.error(ENOTCAPABLE);
      }
      if (next.filetype() != VNode.FILETYPE_DIRECTORY) {
        return Resolved.error(ENOTDIR);
      }
      current = next;
    }
    String last = segments.get(segments.size() - 1);
    return new Resolved(ESUCCESS, current, last, current.child(last));
  }

  private int pathFilestatGet(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[2], a[3]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (r.node() == null) {
      return ENOENT;
    }
    filestat(m, (int) a[4], r.node().filetype(), r.node().size());
    return ESUCCESS;
  }

  private int pathExists(Memory m, long[] a, int pathArg) {
    Resolved r = resolve(m, a[0], a[pathArg], a[pathArg + 1]);
    return r.errno() != ESUCCESS ? r.errno() : r.node() == null ? ENOENT : ESUCCESS;
  }

  private int pathOpen(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[2], a[3]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    int oflags = (int) a[4];
    long rights = a[5];
    int fdflags = (int) a[7];
    boolean create = (oflags & OFLAG_CREAT) != 0;
    boolean truncate = (oflags & OFLAG_TRUNC) != 0;
    boolean append = (fdflags & FDFLAG_APPEND) != 0;
    boolean writing = create || truncate || append || (rights & RIGHT_FD_WRITE) != 0;
    VNode node = r.node();
    if (node == null) {
      if (!create) {
        return ENOENT;
      }
      if (!r.parent().writable()) {
        return EROFS;
      }
      node = new VNode.HostFile(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } else if (create && (oflags & OFLAG_EXCL) != 0) {
      return EEXIST;
    }
    if (node instanceof VNode.InputSymlink) {
      return ENOTCAPABLE;
    }
    if (node.filetype() == VNode.FILETYPE_DIRECTORY) {
      if (truncate) {
        return EISDIR;
      }
      return open(m, a[8], new OpenFd.Dir(node, null));
    }
    if ((oflags & OFLAG_DIRECTORY) != 0) {
      return ENOTDIR;
    }
    if (node instanceof VNode.InputFile in) {
      return writing ? EROFS : open(m, a[8], new OpenFd.Input(in));
    }
    VNode.HostFile file = (VNode.HostFile) node;
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.READ);
    if (writing) {
      options.add(StandardOpenOption.WRITE);
      options.add(StandardOpenOption.CREATE);
    }
    if (truncate) {
      options.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    try {
      FileChannel channel = FileChannel.open(file.path(), options);
      return open(m, a[8], new OpenFd.Output(file, channel, append, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the scratch file " + file.path(), e);
    }
  }

  private int open(Memory m, long fdPtr, OpenFd fd) {
    m.writeI32((int) fdPtr, allocate(fd));
    return ESUCCESS;
  }

  private int createDirectory(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (r.node() != null) {
      return EEXIST;
    }
    if (!r.parent().writable()) {
      return EROFS;
    }
    try {
      Files.createDirectory(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory", e);
    }
    return ESUCCESS;
  }

  private int remove(Memory m, long[] a, boolean directory) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (r.node() == null) {
      return ENOENT;
    }
    if (!r.node().writable() || r.name().isEmpty()) {
      return r.node().writable() ? ENOTCAPABLE : EROFS;
    }
    boolean isDir = r.node().filetype() == VNode.FILETYPE_DIRECTORY;
    if (isDir != directory) {
      return directory ? ENOTDIR : EISDIR;
    }
    if (isDir && !r.node().list().isEmpty()) {
      return ENOTEMPTY;
    }
    try {
      Files.delete(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete in the scratch directory", e);
    }
    return ESUCCESS;
  }

  private int rename(Memory m, long[] a) {
    Resolved from = resolve(m, a[0], a[1], a[2]);
    Resolved to = resolve(m, a[3], a[4], a[5]);
    if (from.errno() != ESUCCESS || to.errno() != ESUCCESS) {
      return from.errno() != ESUCCESS ? from.errno() : to.errno();
    }
    if (from.node() == null) {
      return ENOENT;
    }
    if (!from.parent().writable() || !to.parent().writable()) {
      return EROFS;
    }
    if (from.name().isEmpty() || to.name().isEmpty()) {
      return ENOTCAPABLE;
    }
    try {
      Files.move(
          ((VNode.HostDir) from.parent()).path().resolve(from.name()),
          ((VNode.HostDir) to.parent()).path().resolve(to.name()),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return EIO;
    }
    return ESUCCESS;
  }

  private int readlink(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (!(r.node() instanceof VNode.InputSymlink link)) {
      return r.node() == null ? ENOENT : EINVAL;
    }
    byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(target.length, a[4]);
    m.write((int) a[3], target, 0, n);
    m.writeI32((int) a[5], n);
    return ESUCCESS;
  }
}
