package io.cairn.compute.examples;

import java.util.Arrays;
import java.util.List;

/**
 * The forward pass of mlp-infer in Java (with the JDK's exp and tanh), over the weights file
 * mlp-train writes, to check the module's predictions.
 */
record JavaMlp(
    String[] classes,
    double[] mean,
    double[] scale,
    double[][] w1,
    double[] b1,
    double[][] w2,
    double[] b2) {

  static JavaMlp parse(String weights) {
    List<String[]> lines = weights.lines().map(l -> l.split(" ")).toList();
    int features = Integer.parseInt(lines.get(1)[1]);
    int hidden = Integer.parseInt(lines.get(1)[2]);
    int classes = Integer.parseInt(lines.get(1)[3]);
    double[][] w1 = new double[hidden][];
    double[] b1 = new double[hidden];
    for (int h = 0; h < hidden; h++) {
      String[] l = lines.get(5 + h);
      w1[h] = numbers(l, 1, features);
      b1[h] = Double.parseDouble(l[features + 2]);
    }
    double[][] w2 = new double[classes][];
    double[] b2 = new double[classes];
    for (int c = 0; c < classes; c++) {
      String[] l = lines.get(5 + hidden + c);
      w2[c] = numbers(l, 1, hidden);
      b2[c] = Double.parseDouble(l[hidden + 2]);
    }
    return new JavaMlp(
        Arrays.copyOfRange(lines.get(2), 1, 1 + classes),
        numbers(lines.get(3), 1, features),
        numbers(lines.get(4), 1, features),
        w1,
        b1,
        w2,
        b2);
  }

  private static double[] numbers(String[] fields, int from, int count) {
    return Arrays.stream(fields, from, from + count).mapToDouble(Double::parseDouble).toArray();
  }

  String predict(double[] row) {
    double[] hidden = new double[b1.length];
    for (int h = 0; h < hidden.length; h++) {
      double a = b1[h];
      for (int f = 0; f < mean.length; f++) {
        a += w1[h][f] * (row[f] - mean[f]) * scale[f];
      }
      hidden[h] = Math.tanh(a);
    }
    int best = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes.length; c++) {
      double z = b2[c];
      for (int h = 0; h < hidden.length; h++) {
        z += w2[c][h] * hidden[h];
      }
      if (z > top) {
        top = z;
        best = c;
      }
    }
    return classes[best];
  }
}
