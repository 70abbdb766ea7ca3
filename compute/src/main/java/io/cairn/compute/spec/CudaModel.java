package io.cairn.compute.spec;

import io.cairn.compute.CudaLaunch;
import io.cairn.compute.KernelArg;
import io.cairn.storage.codec.Ipld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code cuda} member of a job spec: kernel, grid, block and arguments. */
final class CudaModel {
  private static final Set<String> FIELDS = Set.of("kernel", "grid", "block", "args");

  private CudaModel() {}

  static Ipld encode(CudaLaunch cuda) {
    var args = new ArrayList<Ipld>();
    for (KernelArg arg : cuda.args()) {
      args.add(
          switch (arg) {
            case KernelArg.Scalar s ->
                Ipld.map(
                    Map.of(
                        s.type().label(),
                        s.value() instanceof Long l
                            ? Ipld.of(l)
                            : Ipld.of(s.value().doubleValue())));
            case KernelArg.InputBuffer in -> Ipld.map(Map.of("input", Ipld.of(in.input())));
            case KernelArg.OutputBuffer out ->
                Ipld.map(Map.of("output", Ipld.of(out.file()), "bytes", Ipld.of(out.bytes())));
          });
    }
    return Ipld.map(
        Map.of(
            "kernel", Ipld.of(cuda.kernel()),
            "grid", dim(cuda.grid()),
            "block", dim(cuda.block()),
            "args", Ipld.list(args)));
  }

  static CudaLaunch decode(Field f) {
    f.only(FIELDS);
    String kernel = f.get("kernel").string();
    CudaLaunch.Dim3 grid = dim(f.get("grid"));
    CudaLaunch.Dim3 block = dim(f.get("block"));
    List<KernelArg> args = new ArrayList<>();
    f.opt("args").ifPresent(list -> list.items().forEach(a -> args.add(arg(a))));
    return SpecModel.checked(f.describe(), () -> new CudaLaunch(kernel, grid, block, args));
  }

  private static Ipld dim(CudaLaunch.Dim3 d) {
    return Ipld.list(Ipld.of(d.x()), Ipld.of(d.y()), Ipld.of(d.z()));
  }

  private static CudaLaunch.Dim3 dim(Field f) {
    List<Field> items = f.items();
    if (items.size() != 3) {
      throw f.invalid("must list three sizes [x, y, z], not " + items.size());
    }
    int x = items.get(0).intValue(1, Integer.MAX_VALUE);
    int y = items.get(1).intValue(1, Integer.MAX_VALUE);
    int z = items.get(2).intValue(1, Integer.MAX_VALUE);
    return new CudaLaunch.Dim3(x, y, z);
  }

  private static KernelArg arg(Field f) {
    Map<String, Field> entries = f.entries();
    if (entries.containsKey("input")) {
      f.only(Set.of("input"));
      String input = f.get("input").string();
      return SpecModel.checked(f.describe(), () -> new KernelArg.InputBuffer(input));
    }
    if (entries.containsKey("output")) {
      f.only(Set.of("output", "bytes"));
      String file = f.get("output").string();
      long bytes = f.get("bytes").longValue(1, Long.MAX_VALUE);
      return SpecModel.checked(f.describe(), () -> new KernelArg.OutputBuffer(file, bytes));
    }
    if (entries.size() != 1) {
      throw f.invalid(
          "must be one of {i32|i64|f32|f64: value}, {input: name} or {output: name, bytes: n}");
    }
    var e = entries.entrySet().iterator().next();
    KernelArg.ScalarType type;
    try {
      type = KernelArg.ScalarType.parse(e.getKey());
    } catch (IllegalArgumentException ex) {
      throw f.invalid(": " + ex.getMessage());
    }
    Field v = e.getValue();
    Number value =
        type == KernelArg.ScalarType.I32 || type == KernelArg.ScalarType.I64
            ? (Number) v.longValue(Long.MIN_VALUE, Long.MAX_VALUE)
            : (Number) v.number();
    return SpecModel.checked(f.describe(), () -> new KernelArg.Scalar(type, value));
  }
}
