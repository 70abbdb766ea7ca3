/*
 * mlp-train [EPOCHS [HIDDEN [SEED]]]: trains a FEATURES-HIDDEN-CLASSES perceptron (tanh, softmax,
 * cross-entropy, plain SGD at a fixed rate) on the CSV at /inputs/data: a header line, numeric
 * features, the class label last. Inputs are standardised with the training set's mean and
 * standard deviation; weights start uniform in +-1/sqrt(fan-in) from a xorshift64* generator
 * seeded with SEED, which also shuffles the rows every epoch. Writes /outputs/weights.txt (every
 * number with 17 significant digits, so it reads back to the same bits) and the training accuracy
 * every quarter of the epochs to standard output. Defaults: 200 epochs, 8 hidden units, seed 42.
 */
#include <math.h>

#include "../common/mlp.h"

#define INPUT "/inputs/data"
#define OUTPUT "/outputs/weights.txt"
#define RATE 0.01

static uint64_t state;

static uint64_t next_random(void) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ULL;
}

/* Uniform in [0, 1) from the top 53 bits. */
static double uniform(void) { return (double)(next_random() >> 11) * (1.0 / 9007199254740992.0); }

static long parse_arg(const char *s, long lo, long hi, const char *what) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < lo || v > hi) die("%s must be a number from %ld to %ld: '%s'", what, lo, hi, s);
  return v;
}

static int class_of(mlp *m, const char *label, int learn) {
  for (int c = 0; c < m->classes; c++) {
    if (strcmp(m->names[c], label) == 0) return c;
  }
  if (!learn) return -1;
  if (m->classes == MAX_CLASSES) die("more than %d classes", MAX_CLASSES);
  if (!*label || strchr(label, ' ')) die("class label '%s' is empty or has a space", label);
  strcpy(m->names[m->classes], label);
  return m->classes++;
}

int main(int argc, char **argv) {
  if (argc > 4) die("usage: mlp-train [EPOCHS [HIDDEN [SEED]]]");
  int epochs = argc > 1 ? (int)parse_arg(argv[1], 1, 100000, "EPOCHS") : 200;
  static mlp m;
  m.hidden = argc > 2 ? (int)parse_arg(argv[2], 1, MAX_HIDDEN, "HIDDEN") : 8;
  state = argc > 3 ? (uint64_t)parse_arg(argv[3], 1, 0x7fffffffL, "SEED") : 42;

  dataset d = read_csv(INPUT, -1);
  if (d.rows == 0) die("%s has no rows", INPUT);
  m.features = d.columns - 1;
  int *target = xrealloc(NULL, (size_t)d.rows * sizeof *target);
  for (int r = 0; r < d.rows; r++) target[r] = class_of(&m, d.label[r], 1);
  if (m.classes < 2) die("%s has fewer than two classes", INPUT);

  for (int f = 0; f < m.features; f++) {
    double sum = 0, squares = 0;
    for (int r = 0; r < d.rows; r++) sum += d.x[(size_t)r * MAX_FEATURES + f];
    m.mean[f] = sum / d.rows;
    for (int r = 0; r < d.rows; r++) {
      double v = d.x[(size_t)r * MAX_FEATURES + f] - m.mean[f];
      squares += v * v;
    }
    double sd = sqrt(squares / d.rows); /* f64.sqrt: correctly rounded everywhere */
    m.scale[f] = sd > 0 ? 1.0 / sd : 1.0;
  }
  double bound1 = 1.0 / sqrt((double)m.features), bound2 = 1.0 / sqrt((double)m.hidden);
  for (int h = 0; h < m.hidden; h++) {
    for (int f = 0; f < m.features; f++) m.w1[h][f] = (2 * uniform() - 1) * bound1;
  }
  for (int c = 0; c < m.classes; c++) {
    for (int h = 0; h < m.hidden; h++) m.w2[c][h] = (2 * uniform() - 1) * bound2;
  }

  int *order = xrealloc(NULL, (size_t)d.rows * sizeof *order);
  for (int r = 0; r < d.rows; r++) order[r] = r;
  double hidden[MAX_HIDDEN], probs[MAX_CLASSES], delta[MAX_HIDDEN], x[MAX_FEATURES];
  for (int epoch = 1; epoch <= epochs; epoch++) {
    for (int i = d.rows - 1; i > 0; i--) {
      int j = (int)(next_random() % (uint64_t)(i + 1));
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    unsigned long correct = 0;
    for (int i = 0; i < d.rows; i++) {
      int r = order[i];
      const double *row = &d.x[(size_t)r * MAX_FEATURES];
      mlp_forward(&m, row, hidden, probs);
      correct += mlp_argmax(&m, probs) == target[r];
      for (int f = 0; f < m.features; f++) x[f] = (row[f] - m.mean[f]) * m.scale[f];
      /* d(cross-entropy)/d(logit c) = p_c - [c is the target] */
      for (int h = 0; h < m.hidden; h++) delta[h] = 0;
      for (int c = 0; c < m.classes; c++) {
        double g = probs[c] - (c == target[r] ? 1.0 : 0.0);
        for (int h = 0; h < m.hidden; h++) {
          delta[h] += g * m.w2[c][h];
          m.w2[c][h] -= RATE * g * hidden[h];
        }
        m.b2[c] -= RATE * g;
      }
      for (int h = 0; h < m.hidden; h++) {
        double g = delta[h] * (1.0 - hidden[h] * hidden[h]);
        for (int f = 0; f < m.features; f++) m.w1[h][f] -= RATE * g * x[f];
        m.b1[h] -= RATE * g;
      }
    }
    if (epoch % (epochs / 4 ? epochs / 4 : 1) == 0 || epoch == epochs) {
      printf("epoch %d training accuracy ", epoch);
      print_fraction(stdout, correct, (unsigned long)d.rows);
      putchar('\n');
    }
  }
  write_mlp(&m, OUTPUT);
  printf("%d rows, %d features, %d hidden, %d classes, weights in %s\n", d.rows, m.features,
         m.hidden, m.classes, OUTPUT);
  return 0;
}
