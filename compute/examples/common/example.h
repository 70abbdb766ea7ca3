/*
 * Helpers the Cairn example programs share: directory walks in a fixed order, whole-file reads and
 * a failing exit that names what went wrong. Header-only so that each example is one translation
 * unit and builds with one clang command.
 */
#ifndef CAIRN_EXAMPLE_H
#define CAIRN_EXAMPLE_H

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static inline void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

static inline void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) die("out of memory (%zu bytes)", n);
  return q;
}

static inline char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xrealloc(NULL, n), s, n);
}

static inline char *join_path(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = xrealloc(NULL, a + b + 2);
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

static inline int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Calls visit(path, ctx) for every regular file under path (path itself when it is a file), in
 * byte order of the names at each level. The order WASI lists a directory in is the host's own
 * (Cairn lists UnixFS directories by name, a host file system in hash order), so the examples sort
 * to give the same output on every runtime.
 */
static inline void walk_files(const char *path, void (*visit)(const char *, void *), void *ctx) {
  struct stat st;
  if (stat(path, &st) != 0) die("cannot stat %s: %s", path, strerror(errno));
  if (S_ISREG(st.st_mode)) {
    visit(path, ctx);
    return;
  }
  if (!S_ISDIR(st.st_mode)) return;
  DIR *dir = opendir(path);
  if (!dir) die("cannot open directory %s: %s", path, strerror(errno));
  char **names = NULL;
  size_t count = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    names = xrealloc(names, (count + 1) * sizeof *names);
    names[count++] = xstrdup(e->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, compare_names);
  for (size_t i = 0; i < count; i++) {
    char *child = join_path(path, names[i]);
    walk_files(child, visit, ctx);
    free(child);
    free(names[i]);
  }
  free(names);
}

/* Reads a whole file into a NUL-terminated buffer; returns NULL (errno set) when it cannot. */
static inline char *read_file(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = xrealloc(NULL, cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) buf = xrealloc(buf, cap *= 2);
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  buf[n] = '\0';
  if (length) *length = n;
  return buf;
}

static inline FILE *create_output(const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) die("cannot create %s: %s", path, strerror(errno));
  return f;
}

static inline void close_output(FILE *f, const char *path) {
  if (ferror(f) | fclose(f)) die("cannot write %s", path);
}

#endif
