/*
 * mlp-infer: reads the weights mlp-train wrote at /inputs/weights and a CSV of rows at
 * /inputs/rows (a header, the features, and optionally the true label last), and writes
 * /outputs/predictions.csv:
 *
 *   row,predicted,p_CLASS1,...,p_CLASSn
 *
 * (row counts from 1, probabilities with six decimals). When the rows are labelled, the accuracy
 * on them goes to standard output.
 */
#include "../common/mlp.h"

#define WEIGHTS "/inputs/weights"
#define ROWS "/inputs/rows"
#define OUTPUT "/outputs/predictions.csv"

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) die("usage: mlp-infer (reads " WEIGHTS " and " ROWS ", writes " OUTPUT ")");
  static mlp m;
  read_mlp(&m, WEIGHTS);
  dataset d = read_csv(ROWS, m.features);
  int labelled = d.columns == m.features + 1;
  FILE *out = create_output(OUTPUT);
  fputs("row,predicted", out);
  for (int c = 0; c < m.classes; c++) fprintf(out, ",p_%s", m.names[c]);
  fputc('\n', out);
  double hidden[MAX_HIDDEN], probs[MAX_CLASSES];
  unsigned long correct = 0;
  for (int r = 0; r < d.rows; r++) {
    mlp_forward(&m, &d.x[(size_t)r * MAX_FEATURES], hidden, probs);
    int best = mlp_argmax(&m, probs);
    fprintf(out, "%d,%s", r + 1, m.names[best]);
    for (int c = 0; c < m.classes; c++) fprintf(out, ",%.6f", probs[c]);
    fputc('\n', out);
    correct += labelled && strcmp(d.label[r], m.names[best]) == 0;
  }
  close_output(out, OUTPUT);
  printf("%d rows predicted\n", d.rows);
  if (labelled) {
    fputs("accuracy ", stdout);
    print_fraction(stdout, correct, (unsigned long)d.rows);
    putchar('\n');
  }
  return 0;
}
