package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.runtime.alloc.DefaultMemAllocStrategy;
import com.dylibso.chicory.runtime.alloc.MemAllocStrategy;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A job's linear memory: Chicory's memory with the module's own limits, and the job's cap on top.
 * The memory is Chicory's {@code ByteArrayMemory} (a byte array read through var handles), not its
 * {@code ByteBufferMemory}: with the fuel meter on, in two rounds of bench/compute each, wordcount
 * ran in 588-600 ms against 813-1,044, nft-rarity in 217-263 against 334-473 and mlp-train in
 * 1,088-1,117 against 1,215-1,279. Growing within the module's declared maximum but past the job's
 * cap ends the job with {@code memory-limit} rather than returning -1 to the module (which would
 * hide the limit in the module's own error handling); growing past the module's maximum returns -1
 * as the spec says.
 *
 * <p>The backing array grows by doubling (Chicory's exact strategy copies the whole array at every
 * {@code memory.grow}, quadratic for a module that grows a page at a time), never past the job's
 * cap, so it may run ahead of the pages. Bulk accesses (memory.copy, memory.fill, memory.init) and
 * every access a host call makes ({@link #hostView}) are checked against the pages, and trap or
 * give EOVERFLOW past them. A module's own scalar loads and stores are left to the array's bound:
 * checking each against the pages made the CPU-bound examples 30–100% slower, so a load or store
 * past {@code memory.size} but inside the array reads or writes the job's own zeroed slack where V8
 * traps (the same on every node: the array's growth depends only on the module's grows).
 */
final class CappedMemory implements Memory {
  /**
   * The class itself, not the interface: a call on a final class binds statically, with no type
   * check for C2 to compile at every memory access of a job. Inlining into a job's huge methods
   * stops at a node budget, so fewer nodes per access leave more accesses inlined: metered
   * mlp-train ran in 405-953 ms over six runs of bench/compute (median 535), against 566-1,002
   * (median 584) over three with the interface.
   */
  private final ByteArrayMemory delegate;

  private final int capPages;

  /** The module's own maximum (Chicory's {@code maximumPages} is clamped to its ceiling). */
  private final long declaredMaximum;

  /** The memory's size in bytes, pages times 64 KiB: the bound of every access. */
  private int sizeBytes;

  private CappedMemory(ByteArrayMemory delegate, int capPages, long declaredMaximum) {
    this.delegate = delegate;
    this.capPages = capPages;
    this.declaredMaximum = declaredMaximum;
    this.sizeBytes = delegate.pages() * PAGE_SIZE;
  }

  /**
   * An access outside the memory's pages: a trap when the module makes it, EOVERFLOW when a host
   * call does on the module's behalf ({@link WasiHost}).
   */
  static final class OutOfBounds extends WasmRuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfBounds(String message) {
      super(message);
    }
  }

  /**
   * Traps unless {@code [addr, addr + len)} lies inside the memory's current pages. Kept to a
   * compare and a branch, the exception built out of line, so that it adds little to what C2
   * inlines at each of a job's memory accesses.
   */
  private void check(int addr, int len) {
    // The address is unsigned (a negative int is one past 2 GiB); in long arithmetic so that a
    // length over the size cannot wrap around.
    if (len < 0 || Integer.toUnsignedLong(addr) + len > sizeBytes) {
      throw outOfBounds(addr, len, sizeBytes);
    }
  }

  private static OutOfBounds outOfBounds(int addr, int len, int sizeBytes) {
    return new OutOfBounds(
        "out of bounds memory access: attempted to access address "
            + Integer.toUnsignedString(addr)
            + " length "
            + Integer.toUnsignedString(len)
            + " but the memory is "
            + sizeBytes
            + " bytes");
  }

  /**
   * A factory for {@code Instance.Builder.withMemoryFactory} whose backing arrays are reserved in
   * {@code lease} (the node's {@link JobMemory}) as they are allocated.
   */
  static Memory create(MemoryLimits declared, int capPages, JobMemory.Lease lease) {
    int cap = Math.min(capPages, RUNTIME_MAX_PAGES);
    if (declared.initialPages() > cap) {
      throw new JobAbort(
          WasmOutcome.Kind.MEMORY_LIMIT,
          "the module starts with " + declared.initialPages() + " pages, over " + capText(cap));
    }
    // The backing array grows by doubling, never past the job's cap.
    MemAllocStrategy doubling = new DefaultMemAllocStrategy(cap * PAGE_SIZE);
    return new CappedMemory(
        new ByteArrayMemory(declared, lease.reserving(doubling)), cap, declared.maximumPages());
  }

  /**
   * The cap in words: the job's own, or the engine's ceiling where the job's is higher (Chicory
   * keeps a memory in one Java array, so at most {@link Memory#RUNTIME_MAX_PAGES} pages).
   */
  private static String capText(int cap) {
    return cap == RUNTIME_MAX_PAGES
        ? "the engine's most of " + RUNTIME_MAX_PAGES + " pages (2 GiB less 64 KiB)"
        : "the cap of " + cap;
  }

  @Override
  public int grow(int size) {
    long wanted = (long) delegate.pages() + Integer.toUnsignedLong(size);
    if (wanted > capPages && wanted <= declaredMaximum) {
      throw new JobAbort(
          WasmOutcome.Kind.MEMORY_LIMIT,
          "memory.grow to " + wanted + " pages, over " + capText(capPages));
    }
    int old = delegate.grow(size);
    this.sizeBytes = delegate.pages() * PAGE_SIZE;
    return old;
  }

  @Override
  public int pages() {
    return delegate.pages();
  }

  @Override
  public int initialPages() {
    return delegate.initialPages();
  }

  @Override
  public int maximumPages() {
    return delegate.maximumPages();
  }

  @Override
  public boolean shared() {
    return delegate.shared();
  }

  @Override
  public Object lock(int address) {
    return delegate.lock(address);
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    return delegate.waitOn(address, expected, timeout);
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    return delegate.waitOn(address, expected, timeout);
  }

  @Override
  public int notify(int address, int maxThreads) {
    return delegate.notify(address, maxThreads);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    delegate.initialize(instance, dataSegments);
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    check(dest, size);
    delegate.initPassiveSegment(segmentId, dest, offset, size);
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    check(addr, size);
    delegate.write(addr, data, offset, size);
  }

  @Override
  public byte read(int addr) {
    return delegate.read(addr);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    check(addr, len);
    return delegate.readBytes(addr, len);
  }

  @Override
  public void writeI32(int addr, int data) {
    delegate.writeI32(addr, data);
  }

  @Override
  public int readInt(int addr) {
    return delegate.readInt(addr);
  }

  @Override
  public void writeLong(int addr, long data) {
    delegate.writeLong(addr, data);
  }

  @Override
  public long readLong(int addr) {
    return delegate.readLong(addr);
  }

  @Override
  public void writeShort(int addr, short data) {
    delegate.writeShort(addr, data);
  }

  @Override
  public short readShort(int addr) {
    return delegate.readShort(addr);
  }

  @Override
  public long readU16(int addr) {
    return delegate.readU16(addr);
  }

  @Override
  public void writeByte(int addr, byte data) {
    delegate.writeByte(addr, data);
  }

  @Override
  public void writeF32(int addr, float data) {
    delegate.writeF32(addr, data);
  }

  @Override
  public long readF32(int addr) {
    return delegate.readF32(addr);
  }

  @Override
  public float readFloat(int addr) {
    return delegate.readFloat(addr);
  }

  @Override
  public void writeF64(int addr, double data) {
    delegate.writeF64(addr, data);
  }

  @Override
  public double readDouble(int addr) {
    return delegate.readDouble(addr);
  }

  @Override
  public long readF64(int addr) {
    return delegate.readF64(addr);
  }

  @Override
  public void zero() {
    delegate.zero();
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    check(fromIndex, toIndex - fromIndex);
    delegate.fill(value, fromIndex, toIndex);
  }

  @Override
  public void copy(int dest, int src, int size) {
    check(src, size);
    check(dest, size);
    delegate.copy(dest, src, size);
  }

  @Override
  public void drop(int segment) {
    delegate.drop(segment);
  }

  /** This memory as host calls see it: every access checked against the pages. */
  Memory hostView() {
    return hostView;
  }

  private final Memory hostView = new HostView();

  /** Scalar accesses checked against the pages, the rest as the memory itself does them. */
  private final class HostView extends ForwardingMemory {
    HostView() {
      super(CappedMemory.this);
    }

    @Override
    public byte read(int addr) {
      check(addr, 1);
      return super.read(addr);
    }

    @Override
    public void writeI32(int addr, int data) {
      check(addr, 4);
      super.writeI32(addr, data);
    }

    @Override
    public int readInt(int addr) {
      check(addr, 4);
      return super.readInt(addr);
    }

    @Override
    public void writeLong(int addr, long data) {
      check(addr, 8);
      super.writeLong(addr, data);
    }

    @Override
    public long readLong(int addr) {
      check(addr, 8);
      return super.readLong(addr);
    }

    @Override
    public void writeShort(int addr, short data) {
      check(addr, 2);
      super.writeShort(addr, data);
    }

    @Override
    public short readShort(int addr) {
      check(addr, 2);
      return super.readShort(addr);
    }

    @Override
    public long readU16(int addr) {
      check(addr, 2);
      return super.readU16(addr);
    }

    @Override
    public void writeByte(int addr, byte data) {
      check(addr, 1);
      super.writeByte(addr, data);
    }
  }
}
