package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
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

  private CappedMemory(ByteArrayMemory delegate, int capPages) {
    this.delegate = delegate;
    this.capPages = capPages;
  }

  /** A factory for {@code Instance.Builder.withMemoryFactory}. */
  static Memory create(MemoryLimits declared, int capPages) {
    if (declared.initialPages() > capPages) {
      throw new JobAbort(
          WasmOutcome.Kind.MEMORY_LIMIT,
          "the module starts with "
              + declared.initialPages()
              + " pages, over the cap of "
              + capPages);
    }
    return new CappedMemory(new ByteArrayMemory(declared), capPages);
  }

  @Override
  public int grow(int size) {
    long wanted = (long) delegate.pages() + Integer.toUnsignedLong(size);
    if (wanted > capPages && wanted <= delegate.maximumPages()) {
      throw new JobAbort(
          WasmOutcome.Kind.MEMORY_LIMIT,
          "memory.grow to " + wanted + " pages, over the cap of " + capPages);
    }
    return delegate.grow(size);
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
    delegate.initPassiveSegment(segmentId, dest, offset, size);
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    delegate.write(addr, data, offset, size);
  }

  @Override
  public byte read(int addr) {
    return delegate.read(addr);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
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
    delegate.fill(value, fromIndex, toIndex);
  }

  @Override
  public void copy(int dest, int src, int size) {
    delegate.copy(dest, src, size);
  }

  @Override
  public void drop(int segment) {
    delegate.drop(segment);
  }
}
