/*
 * nft-rarity: reads NFT metadata JSON files under /inputs/metadata (a directory, walked by name),
 * each {"name": ..., "attributes": [{"trait_type": T, "value": V}, ...]}, and writes the trait
 * frequency table /outputs/rarity.csv:
 *
 *   trait_type,value,count,frequency
 *
 * one row per (trait_type, value), sorted by trait_type then value (bytes), count = files that
 * have it, frequency = count / valid files with six decimals. A string value is written as its
 * text, any other value as its JSON token (12, true, null). Fields are quoted as RFC 4180 says when
 * they hold a comma, a quote or a line break. A file that is not such JSON is named on standard
 * error and skipped; standard output gets the numbers of files read and skipped.
 */
#include "../common/example.h"

#define INPUT "/inputs/metadata"
#define OUTPUT "/outputs/rarity.csv"
#define MAX_DEPTH 64

typedef struct {
  char *trait, *value;
  unsigned long count;
} pair;

typedef struct {
  pair *pairs;
  size_t count, cap;
  unsigned long files, skipped;
} table;

/* A parser over one document; error is the first problem found, with its byte offset. */
typedef struct {
  const char *s;
  size_t pos, len;
  char error[160];
  int depth;
} parser;

typedef struct {
  char *buf;
  size_t len, cap;
} text;

static void text_add(text *t, char c) {
  if (t->len + 2 > t->cap) t->buf = xrealloc(t->buf, t->cap = t->cap ? t->cap * 2 : 32);
  t->buf[t->len++] = c;
  t->buf[t->len] = '\0';
}

static int fail(parser *p, const char *what) {
  if (!p->error[0]) snprintf(p->error, sizeof p->error, "%s at byte %zu", what, p->pos);
  return 0;
}

static void skip_ws(parser *p) {
  while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos]) p->pos++;
}

static int hex4(parser *p, unsigned *out) {
  if (p->len - p->pos < 4) return fail(p, "truncated \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p->s[p->pos++];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(p, "bad \\u escape");
  }
  *out = v;
  return 1;
}

static void add_utf8(text *t, unsigned cp) {
  if (cp < 0x80) {
    text_add(t, (char)cp);
  } else if (cp < 0x800) {
    text_add(t, (char)(0xC0 | cp >> 6));
    text_add(t, (char)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    text_add(t, (char)(0xE0 | cp >> 12));
    text_add(t, (char)(0x80 | (cp >> 6 & 0x3F)));
    text_add(t, (char)(0x80 | (cp & 0x3F)));
  } else {
    text_add(t, (char)(0xF0 | cp >> 18));
    text_add(t, (char)(0x80 | (cp >> 12 & 0x3F)));
    text_add(t, (char)(0x80 | (cp >> 6 & 0x3F)));
    text_add(t, (char)(0x80 | (cp & 0x3F)));
  }
}

/* A string at p->pos (its opening quote), unescaped into out when out is not NULL. */
static int parse_string(parser *p, text *out) {
  p->pos++;
  while (p->pos < p->len) {
    unsigned char c = (unsigned char)p->s[p->pos++];
    if (c == '"') return 1;
    if (c < 0x20) return fail(p, "control character in a string");
    if (c != '\\') {
      if (out) text_add(out, (char)c);
      continue;
    }
    if (p->pos >= p->len) break;
    char e = p->s[p->pos++];
    unsigned cp;
    switch (e) {
      case '"': case '\\': case '/': cp = (unsigned char)e; break;
      case 'b': cp = '\b'; break;
      case 'f': cp = '\f'; break;
      case 'n': cp = '\n'; break;
      case 'r': cp = '\r'; break;
      case 't': cp = '\t'; break;
      case 'u':
        if (!hex4(p, &cp)) return 0;
        if (cp >= 0xD800 && cp < 0xDC00) {
          unsigned low;
          if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
            return fail(p, "lone surrogate");
          p->pos += 2;
          if (!hex4(p, &low)) return 0;
          if (low < 0xDC00 || low > 0xDFFF) return fail(p, "lone surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          return fail(p, "lone surrogate");
        }
        break;
      default: return fail(p, "bad escape");
    }
    if (out) add_utf8(out, cp);
  }
  return fail(p, "unterminated string");
}

static int parse_value(parser *p);

/* A literal or a number; its JSON text goes to out when out is not NULL. */
static int parse_scalar(parser *p, text *out) {
  size_t start = p->pos;
  const char *words[] = {"true", "false", "null"};
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if (p->len - p->pos >= n && memcmp(p->s + p->pos, words[i], n) == 0) {
      p->pos += n;
      goto done;
    }
  }
  if (p->pos < p->len && p->s[p->pos] == '-') p->pos++;
  size_t digits = p->pos;
  while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
  if (p->pos == digits) return fail(p, "unexpected character");
  if (p->s[digits] == '0' && p->pos - digits > 1) return fail(p, "leading zero");
  if (p->pos < p->len && p->s[p->pos] == '.') {
    size_t frac = ++p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    if (p->pos == frac) return fail(p, "bad number");
  }
  if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
    p->pos++;
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
    size_t exp = p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    if (p->pos == exp) return fail(p, "bad number");
  }
done:
  if (out) {
    for (size_t i = start; i < p->pos; i++) text_add(out, p->s[i]);
  }
  return 1;
}

/* Calls member(p, key, ctx) at each member's value, which member must consume. */
static int parse_object(parser *p, int (*member)(parser *, const char *, void *), void *ctx) {
  if (++p->depth > MAX_DEPTH) return fail(p, "nested too deeply");
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == '}') {
    p->pos++;
    p->depth--;
    return 1;
  }
  for (;;) {
    skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != '"') return fail(p, "expected a member name");
    text key = {0};
    int ok = parse_string(p, &key);
    skip_ws(p);
    if (ok && (p->pos >= p->len || p->s[p->pos++] != ':')) ok = fail(p, "expected ':'");
    skip_ws(p);
    if (ok) ok = member ? member(p, key.buf ? key.buf : "", ctx) : parse_value(p);
    free(key.buf);
    if (!ok) return 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->len && p->s[p->pos] == '}') {
      p->pos++;
      p->depth--;
      return 1;
    }
    return fail(p, "expected ',' or '}'");
  }
}

/* Calls element(p, ctx) at each element, which element must consume. */
static int parse_array(parser *p, int (*element)(parser *, void *), void *ctx) {
  if (++p->depth > MAX_DEPTH) return fail(p, "nested too deeply");
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == ']') {
    p->pos++;
    p->depth--;
    return 1;
  }
  for (;;) {
    skip_ws(p);
    if (!(element ? element(p, ctx) : parse_value(p))) return 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->len && p->s[p->pos] == ']') {
      p->pos++;
      p->depth--;
      return 1;
    }
    return fail(p, "expected ',' or ']'");
  }
}

static int parse_value(parser *p) {
  skip_ws(p);
  if (p->pos >= p->len) return fail(p, "unexpected end");
  switch (p->s[p->pos]) {
    case '{': return parse_object(p, NULL, NULL);
    case '[': return parse_array(p, NULL, NULL);
    case '"': return parse_string(p, NULL);
    default: return parse_scalar(p, NULL);
  }
}

/* One file's attributes while it is read; they count only when the whole file is valid. */
typedef struct {
  text *traits, *values;
  size_t count;
  int has_attributes;
  text trait, value;
  int has_trait, has_value;
} attributes;

static int attribute_member(parser *p, const char *key, void *arg) {
  attributes *a = arg;
  if (strcmp(key, "trait_type") == 0) {
    if (p->pos >= p->len || p->s[p->pos] != '"') return fail(p, "trait_type is not a string");
    a->trait.len = 0;
    a->has_trait = 1;
    return parse_string(p, &a->trait);
  }
  if (strcmp(key, "value") == 0) {
    a->value.len = 0;
    a->has_value = 1;
    if (p->pos < p->len && p->s[p->pos] == '"') return parse_string(p, &a->value);
    if (p->pos < p->len && (p->s[p->pos] == '{' || p->s[p->pos] == '['))
      return fail(p, "value is an object or an array");
    return parse_scalar(p, &a->value);
  }
  return parse_value(p);
}

static int attribute(parser *p, void *arg) {
  attributes *a = arg;
  if (p->pos >= p->len || p->s[p->pos] != '{') return fail(p, "an attribute is not an object");
  a->has_trait = a->has_value = 0;
  if (!parse_object(p, attribute_member, a)) return 0;
  if (!a->has_trait || !a->has_value) return fail(p, "an attribute lacks trait_type or value");
  a->traits = xrealloc(a->traits, (a->count + 1) * sizeof *a->traits);
  a->values = xrealloc(a->values, (a->count + 1) * sizeof *a->values);
  text_add(&a->trait, '\0');
  text_add(&a->value, '\0');
  a->traits[a->count] = (text){xstrdup(a->trait.buf), 0, 0};
  a->values[a->count] = (text){xstrdup(a->value.buf), 0, 0};
  a->count++;
  return 1;
}

static int document_member(parser *p, const char *key, void *arg) {
  attributes *a = arg;
  if (strcmp(key, "attributes") != 0) return parse_value(p);
  if (p->pos >= p->len || p->s[p->pos] != '[') return fail(p, "attributes is not an array");
  a->has_attributes = 1;
  return parse_array(p, attribute, a);
}

static pair *find_pair(table *t, const char *trait, const char *value) {
  for (size_t i = 0; i < t->count; i++) {
    if (strcmp(t->pairs[i].trait, trait) == 0 && strcmp(t->pairs[i].value, value) == 0)
      return &t->pairs[i];
  }
  if (t->count == t->cap) t->pairs = xrealloc(t->pairs, (t->cap = t->cap ? t->cap * 2 : 64) * sizeof *t->pairs);
  t->pairs[t->count] = (pair){xstrdup(trait), xstrdup(value), 0};
  return &t->pairs[t->count++];
}

static void read_metadata(const char *path, void *arg) {
  table *t = arg;
  size_t len;
  char *doc = read_file(path, &len);
  if (!doc) die("cannot read %s: %s", path, strerror(errno));
  parser p = {doc, 0, len, {0}, 0};
  attributes a = {0};
  skip_ws(&p);
  int ok = p.pos < len && doc[p.pos] == '{' ? parse_object(&p, document_member, &a)
                                            : fail(&p, "not a JSON object");
  if (ok) {
    skip_ws(&p);
    if (p.pos != len) ok = fail(&p, "trailing bytes");
  }
  if (ok && !a.has_attributes) ok = fail(&p, "no attributes");
  if (ok) {
    t->files++;
    /* A trait listed twice in one file counts once for it. */
    for (size_t i = 0; i < a.count; i++) {
      int seen = 0;
      for (size_t j = 0; j < i && !seen; j++) {
        seen = strcmp(a.traits[i].buf, a.traits[j].buf) == 0 &&
               strcmp(a.values[i].buf, a.values[j].buf) == 0;
      }
      if (!seen) find_pair(t, a.traits[i].buf, a.values[i].buf)->count++;
    }
  } else {
    t->skipped++;
    fprintf(stderr, "skipping %s: %s\n", path, p.error);
  }
  for (size_t i = 0; i < a.count; i++) {
    free(a.traits[i].buf);
    free(a.values[i].buf);
  }
  free(a.traits);
  free(a.values);
  free(a.trait.buf);
  free(a.value.buf);
  free(doc);
}

static int compare_pairs(const void *x, const void *y) {
  const pair *a = x, *b = y;
  int c = strcmp(a->trait, b->trait);
  return c ? c : strcmp(a->value, b->value);
}

static void csv_field(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) die("usage: nft-rarity (reads " INPUT ", writes " OUTPUT ")");
  table t = {0};
  walk_files(INPUT, read_metadata, &t);
  qsort(t.pairs, t.count, sizeof *t.pairs, compare_pairs);
  FILE *out = create_output(OUTPUT);
  fputs("trait_type,value,count,frequency\n", out);
  for (size_t i = 0; i < t.count; i++) {
    csv_field(out, t.pairs[i].trait);
    fputc(',', out);
    csv_field(out, t.pairs[i].value);
    /* Six decimals in integer arithmetic, rounded half up: no floating point to print. */
    unsigned long long micro = (t.pairs[i].count * 2000000ULL + t.files) / (2ULL * t.files);
    fprintf(out, ",%lu,%llu.%06llu\n", t.pairs[i].count, micro / 1000000, micro % 1000000);
  }
  close_output(out, OUTPUT);
  printf("%lu files, %lu skipped, %zu trait values\n", t.files, t.skipped, t.count);
  return 0;
}
