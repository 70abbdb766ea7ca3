package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;

/** A memory that hands every access to another: the base of a view that adds checks. */
abstract class ForwardingMemory implements Memory {
  private final Memory target;

  ForwardingMemory(Memory target) {
    this.target = target;
  }

  @Override
  public int pages() {
    return target.pages();
  }

  @Override
  public int grow(int size) {
    return target.grow(size);
  }

  @Override
  public int initialPages() {
    return target.initialPages();
  }

  @Override
  public int maximumPages() {
    return target.maximumPages();
  }

  @Override
  public boolean shared() {
    return target.shared();
  }

  @Override
  public Object lock(int address) {
    return target.lock(address);
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    return target.waitOn(address, expected, timeout);
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    return target.waitOn(address, expected, timeout);
  }

  @Override
  public int notify(int address, int maxThreads) {
    return target.notify(address, maxThreads);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    target.initialize(instance, dataSegments);
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    target.initPassiveSegment(segmentId, dest, offset, size);
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    target.write(addr, data, offset, size);
  }

  @Override
  public byte read(int addr) {
    return target.read(addr);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    return target.readBytes(addr, len);
  }

  @Override
  public void writeI32(int addr, int data) {
    target.writeI32(addr, data);
  }

  @Override
  public int readInt(int addr) {
    return target.readInt(addr);
  }

  @Override
  public void writeLong(int addr, long data) {
    target.writeLong(addr, data);
  }

  @Override
  public long readLong(int addr) {
    return target.readLong(addr);
  }

  @Override
  public void writeShort(int addr, short data) {
    target.writeShort(addr, data);
  }

  @Override
  public short readShort(int addr) {
    return target.readShort(addr);
  }

  @Override
  public long readU16(int addr) {
    return target.readU16(addr);
  }

  @Override
  public void writeByte(int addr, byte data) {
    target.writeByte(addr, data);
  }

  @Override
  public void writeF32(int addr, float data) {
    target.writeF32(addr, data);
  }

  @Override
  public long readF32(int addr) {
    return target.readF32(addr);
  }

  @Override
  public float readFloat(int addr) {
    return target.readFloat(addr);
  }

  @Override
  public void writeF64(int addr, double data) {
    target.writeF64(addr, data);
  }

  @Override
  public double readDouble(int addr) {
    return target.readDouble(addr);
  }

  @Override
  public long readF64(int addr) {
    return target.readF64(addr);
  }

  @Override
  public void zero() {
    target.zero();
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    target.fill(value, fromIndex, toIndex);
  }

  @Override
  public void copy(int dest, int src, int size) {
    target.copy(dest, src, size);
  }

  @Override
  public void drop(int segment) {
    target.drop(segment);
  }
}
