package io.cairn.storage;

import java.util.List;

/** The result of {@link PinStore#verify}. */
public record PinVerifyReport(int pinsChecked, List<Entry> problems) {
  public PinVerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** One pin and what is wrong under it (empty lists when it is whole). */
  public record Entry(Cid pin, boolean ok, List<Cid> missing, List<Cid> corrupt) {
    public Entry {
      missing = List.copyOf(missing);
      corrupt = List.copyOf(corrupt);
    }
  }
}
