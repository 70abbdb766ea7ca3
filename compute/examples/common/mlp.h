/*
 * The multilayer perceptron mlp-train and mlp-infer share: FEATURES -> HIDDEN (tanh) -> CLASSES
 * (softmax), float64, with its own exp so that every runtime computes the same bits (WASM float
 * arithmetic is IEEE 754 and deterministic; a libm's exp need not be), and its weights file.
 */
#ifndef CAIRN_MLP_H
#define CAIRN_MLP_H

#include <stdint.h>

#include "example.h"

#define MAX_FEATURES 64
#define MAX_HIDDEN 256
#define MAX_CLASSES 32
#define MAX_NAME 64

typedef struct {
  int features, hidden, classes;
  char names[MAX_CLASSES][MAX_NAME];
  double mean[MAX_FEATURES], scale[MAX_FEATURES];
  double w1[MAX_HIDDEN][MAX_FEATURES], b1[MAX_HIDDEN];
  double w2[MAX_CLASSES][MAX_HIDDEN], b2[MAX_CLASSES];
} mlp;

/* exp(x) by x = k ln2 + r, |r| <= ln2/2, a degree-16 Taylor polynomial in r, times 2^k. */
static inline double mlp_exp(double x) {
  if (x > 700) x = 700;
  if (x < -700) x = -700;
  double kf = x * 1.4426950408889634;
  int k = (int)(kf >= 0 ? kf + 0.5 : kf - 0.5);
  double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  double s = 1.0;
  for (int i = 16; i >= 1; i--) s = 1.0 + s * r / i;
  union {
    double d;
    uint64_t u;
  } scale = {.u = (uint64_t)(k + 1023) << 52};
  return s * scale.d;
}

static inline double mlp_tanh(double x) { return 1.0 - 2.0 / (mlp_exp(2.0 * x) + 1.0); }

/* Fills hidden (the tanh activations) and probs (the softmax) for one raw row. */
static inline void mlp_forward(const mlp *m, const double *row, double *hidden, double *probs) {
  double x[MAX_FEATURES];
  for (int f = 0; f < m->features; f++) x[f] = (row[f] - m->mean[f]) * m->scale[f];
  for (int h = 0; h < m->hidden; h++) {
    double a = m->b1[h];
    for (int f = 0; f < m->features; f++) a += m->w1[h][f] * x[f];
    hidden[h] = mlp_tanh(a);
  }
  double top = 0, sum = 0;
  for (int c = 0; c < m->classes; c++) {
    double z = m->b2[c];
    for (int h = 0; h < m->hidden; h++) z += m->w2[c][h] * hidden[h];
    probs[c] = z;
    if (c == 0 || z > top) top = z;
  }
  for (int c = 0; c < m->classes; c++) sum += probs[c] = mlp_exp(probs[c] - top);
  for (int c = 0; c < m->classes; c++) probs[c] /= sum;
}

static inline int mlp_argmax(const mlp *m, const double *probs) {
  int best = 0;
  for (int c = 1; c < m->classes; c++) {
    if (probs[c] > probs[best]) best = c;
  }
  return best;
}

/* A CSV data set: numeric feature columns, then a label column when labelled. */
typedef struct {
  int rows, columns; /* columns > features: the last is a label */
  double *x; /* rows * MAX_FEATURES */
  char (*label)[MAX_NAME];
} dataset;

/*
 * Reads a CSV with a header line: FEATURES numeric fields (every field but the last when FEATURES
 * is negative), then a label when the header has one more column.
 */
static inline dataset read_csv(const char *path, int features) {
  size_t len;
  char *doc = read_file(path, &len);
  if (!doc) die("cannot read %s: %s", path, strerror(errno));
  dataset d = {0, 0, NULL, NULL};
  char *save = NULL;
  int line_no = 0;
  for (char *line = strtok_r(doc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    line_no++;
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[--n] = '\0';
    int fields = 1;
    for (char *c = line; *c; c++) fields += *c == ',';
    if (line_no == 1) {
      d.columns = fields;
      if (features < 0) features = fields - 1;
      if (features < 1 || features > MAX_FEATURES || (fields != features && fields != features + 1))
        die("%s: %d columns in the header, for %d features", path, fields, features);
      continue;
    }
    if (n == 0) continue;
    if (fields != d.columns) die("%s line %d: %d fields, the header has %d", path, line_no, fields, d.columns);
    d.x = xrealloc(d.x, (size_t)(d.rows + 1) * MAX_FEATURES * sizeof *d.x);
    d.label = xrealloc(d.label, (size_t)(d.rows + 1) * sizeof *d.label);
    char *field = line;
    for (int f = 0; f < fields; f++) {
      char *end = strchr(field, ',');
      if (end) *end = '\0';
      if (f < features) {
        char *after;
        double v = strtod(field, &after);
        if (after == field || *after) die("%s line %d: field %d is not a number: '%s'", path, line_no, f + 1, field);
        d.x[(size_t)d.rows * MAX_FEATURES + f] = v;
      } else {
        if (strlen(field) >= MAX_NAME) die("%s line %d: label longer than %d bytes", path, line_no, MAX_NAME - 1);
        strcpy(d.label[d.rows], field);
      }
      field = end ? end + 1 : field;
    }
    d.rows++;
  }
  free(doc);
  return d;
}

static inline void write_mlp(const mlp *m, const char *path) {
  FILE *f = create_output(path);
  fprintf(f, "cairn-mlp 1\nlayers %d %d %d\nclasses", m->features, m->hidden, m->classes);
  for (int c = 0; c < m->classes; c++) fprintf(f, " %s", m->names[c]);
  fputs("\nmean", f);
  for (int i = 0; i < m->features; i++) fprintf(f, " %.17g", m->mean[i]);
  fputs("\nscale", f);
  for (int i = 0; i < m->features; i++) fprintf(f, " %.17g", m->scale[i]);
  fputc('\n', f);
  for (int h = 0; h < m->hidden; h++) {
    fputs("w1", f);
    for (int i = 0; i < m->features; i++) fprintf(f, " %.17g", m->w1[h][i]);
    fprintf(f, " b %.17g\n", m->b1[h]);
  }
  for (int c = 0; c < m->classes; c++) {
    fputs("w2", f);
    for (int h = 0; h < m->hidden; h++) fprintf(f, " %.17g", m->w2[c][h]);
    fprintf(f, " b %.17g\n", m->b2[c]);
  }
  close_output(f, path);
}

static inline void expect_word(FILE *f, const char *word, const char *path) {
  char got[MAX_NAME];
  if (fscanf(f, "%63s", got) != 1 || strcmp(got, word) != 0) die("%s: expected '%s'", path, word);
}

static inline double read_number(FILE *f, const char *path) {
  double v;
  if (fscanf(f, "%lf", &v) != 1) die("%s: expected a number", path);
  return v;
}

static inline void read_mlp(mlp *m, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open %s: %s", path, strerror(errno));
  expect_word(f, "cairn-mlp", path);
  expect_word(f, "1", path);
  expect_word(f, "layers", path);
  if (fscanf(f, "%d %d %d", &m->features, &m->hidden, &m->classes) != 3 || m->features < 1 ||
      m->features > MAX_FEATURES || m->hidden < 1 || m->hidden > MAX_HIDDEN || m->classes < 2 ||
      m->classes > MAX_CLASSES) {
    die("%s: bad layer sizes", path);
  }
  expect_word(f, "classes", path);
  for (int c = 0; c < m->classes; c++) {
    if (fscanf(f, "%63s", m->names[c]) != 1) die("%s: expected %d class names", path, m->classes);
  }
  expect_word(f, "mean", path);
  for (int i = 0; i < m->features; i++) m->mean[i] = read_number(f, path);
  expect_word(f, "scale", path);
  for (int i = 0; i < m->features; i++) m->scale[i] = read_number(f, path);
  for (int h = 0; h < m->hidden; h++) {
    expect_word(f, "w1", path);
    for (int i = 0; i < m->features; i++) m->w1[h][i] = read_number(f, path);
    expect_word(f, "b", path);
    m->b1[h] = read_number(f, path);
  }
  for (int c = 0; c < m->classes; c++) {
    expect_word(f, "w2", path);
    for (int h = 0; h < m->hidden; h++) m->w2[c][h] = read_number(f, path);
    expect_word(f, "b", path);
    m->b2[c] = read_number(f, path);
  }
  fclose(f);
}

/* "N/M = 0.dddddd": a fraction with six decimals in integer arithmetic, rounded half up. */
static inline void print_fraction(FILE *f, unsigned long n, unsigned long m) {
  unsigned long long micro = m ? (n * 2000000ULL + m) / (2ULL * m) : 0;
  fprintf(f, "%lu/%lu = %llu.%06llu", n, m, micro / 1000000, micro % 1000000);
}

#endif
