/*
 * wordcount [PATTERN]: counts lines, words and bytes of every file under /inputs/data (a file or a
 * directory, walked by name), as wc does, and with PATTERN the lines that contain it (a plain
 * substring, as grep -F -c). Writes /outputs/counts.txt, one line per file and a total:
 *
 *   LINES WORDS BYTES [MATCHES] PATH
 *
 * A line ends with '\n'; a last line without one counts for MATCHES but not for LINES (as wc -l and
 * grep -c). Words are runs of bytes other than space, \t, \n, \v, \f and \r. The total also goes to
 * standard output.
 */
#include "../common/example.h"

#define INPUT "/inputs/data"
#define OUTPUT "/outputs/counts.txt"

typedef struct {
  unsigned long long lines, words, bytes, matches;
} counts;

typedef struct {
  const char *pattern;
  FILE *out;
  counts total;
} context;

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int line_matches(const char *line, size_t length, const char *pattern) {
  size_t n = strlen(pattern);
  return n == 0 || (length >= n && memmem(line, length, pattern, n) != NULL);
}

static void print_counts(FILE *f, const context *ctx, const counts *c, const char *name) {
  if (ctx->pattern) {
    fprintf(f, "%llu %llu %llu %llu %s\n", c->lines, c->words, c->bytes, c->matches, name);
  } else {
    fprintf(f, "%llu %llu %llu %s\n", c->lines, c->words, c->bytes, name);
  }
}

static void count_file(const char *path, void *arg) {
  context *ctx = arg;
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open %s: %s", path, strerror(errno));
  static unsigned char buf[65536];
  counts c = {0};
  int in_word = 0;
  char *line = NULL;
  size_t line_len = 0, line_cap = 0;
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
    c.bytes += got;
    for (size_t i = 0; i < got; i++) {
      unsigned char b = buf[i];
      if (is_space(b)) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c.words++;
      }
      if (!ctx->pattern) {
        c.lines += b == '\n';
        continue;
      }
      if (b == '\n') {
        c.lines++;
        c.matches += line_matches(line, line_len, ctx->pattern);
        line_len = 0;
      } else {
        if (line_len == line_cap) line = xrealloc(line, line_cap = line_cap ? line_cap * 2 : 256);
        line[line_len++] = (char)b;
      }
    }
  }
  if (ferror(f)) die("cannot read %s", path);
  fclose(f);
  if (ctx->pattern && line_len > 0) c.matches += line_matches(line, line_len, ctx->pattern);
  free(line);
  /* Paths are reported relative to /inputs/data ("." when it is the file itself). */
  const char *name = path + strlen(INPUT);
  name = *name == '/' ? name + 1 : ".";
  print_counts(ctx->out, ctx, &c, name);
  ctx->total.lines += c.lines;
  ctx->total.words += c.words;
  ctx->total.bytes += c.bytes;
  ctx->total.matches += c.matches;
}

int main(int argc, char **argv) {
  if (argc > 2) die("usage: wordcount [PATTERN]");
  context ctx = {argc == 2 ? argv[1] : NULL, create_output(OUTPUT), {0}};
  walk_files(INPUT, count_file, &ctx);
  print_counts(ctx.out, &ctx, &ctx.total, "total");
  close_output(ctx.out, OUTPUT);
  print_counts(stdout, &ctx, &ctx.total, "total");
  return 0;
}
