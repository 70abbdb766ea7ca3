package io.cairn.compute.wasm;

/** The WASI preview 1 errno values the host returns. */
final class WasiErrno {
  static final int ESUCCESS = 0;
  static final int EBADF = 8;
  static final int EEXIST = 20;
  static final int EILSEQ = 25;
  static final int EINVAL = 28;
  static final int EIO = 29;
  static final int ELOOP = 32;
  static final int ENAMETOOLONG = 37;
  static final int EISDIR = 31;
  static final int ENOBUFS = 42;
  static final int ENOENT = 44;
  static final int ENOSYS = 52;
  static final int ENOTDIR = 54;
  static final int ENOTEMPTY = 55;
  static final int ENOTSUP = 58;
  static final int EOVERFLOW = 61;
  static final int EPERM = 63;
  static final int EROFS = 69;
  static final int ESPIPE = 70;
  static final int EXDEV = 75;
  static final int ENOTCAPABLE = 76;

  private WasiErrno() {}
}
