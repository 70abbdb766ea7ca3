// Runs the kernel's steps of commp.cu on the CPU, thread by thread between the same barriers, and
// prints the roots of a few units of seeded payload; build.sh records them and a Java test checks
// them against the CPU backend. Also recomputes the folded padding schedule of commp.cu.

#include <cstdio>
#include <cstring>

#include "commp.cu"

static void emulate_unit(const uint8_t* payload, uint8_t root[32]) {
  static CairnUnitShared s;
  static uint32_t node[CAIRN_THREADS][8];
  static uint32_t m[CAIRN_THREADS][16];
  memcpy(s.raw, payload, CAIRN_UNIT_PAYLOAD);
  for (int t = 0; t < CAIRN_THREADS; t++) cairn_step_quad(&s, t, node[t]);
  for (int t = 0; t < CAIRN_THREADS; t++) cairn_store_node(&s, t, node[t]);
  for (int n = CAIRN_THREADS / 2; n >= 1; n >>= 1) {
    for (int t = 0; t < n; t++) cairn_load_pair(&s, t, m[t]);
    for (int t = 0; t < n; t++) {
      cairn_sha254(m[t], node[t]);
      cairn_store_node(&s, t, node[t]);
    }
  }
  for (int t = 0; t < 32; t++) {
    uint32_t word = s.nodes[(t >> 2) * CAIRN_THREADS];
    root[t] = (uint8_t)(word >> (24 - 8 * (t & 3)));
  }
}

#define CAIRN_VALUE(i, v) v,
static const uint32_t k_table[64] = {CAIRN_K_LIST(CAIRN_VALUE)};
static const uint32_t pad_kw_table[64] = {CAIRN_PAD_KW_LIST(CAIRN_VALUE)};

static int check_pad_schedule() {
  uint32_t w[64] = {0x80000000u};
  w[15] = 512;
  for (int i = 16; i < 64; i++) {
    uint32_t x = w[i - 15], y = w[i - 2];
    w[i] = w[i - 16] + (cairn_rotr(x, 7) ^ cairn_rotr(x, 18) ^ (x >> 3)) + w[i - 7] +
           (cairn_rotr(y, 17) ^ cairn_rotr(y, 19) ^ (y >> 10));
  }
  for (int i = 0; i < 64; i++) {
    if (k_table[i] + w[i] != pad_kw_table[i]) {
      fprintf(stderr, "padding schedule constant %d is wrong\n", i);
      return 1;
    }
  }
  return 0;
}

int main() {
  if (check_pad_schedule()) return 1;
  // Units: xorshift32 bytes (seed 1), all zeros, all 0xFF, then xorshift32 again (continuing).
  static uint8_t payload[4 * CAIRN_UNIT_PAYLOAD];
  uint32_t x = 1;
  for (int u = 0; u < 4; u++) {
    for (int i = 0; i < CAIRN_UNIT_PAYLOAD; i++) {
      uint8_t b = 0;
      if (u == 0 || u == 3) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = (uint8_t)x;
      } else if (u == 2) {
        b = 0xFF;
      }
      payload[u * CAIRN_UNIT_PAYLOAD + i] = b;
    }
  }
  for (int u = 0; u < 4; u++) {
    uint8_t root[32];
    emulate_unit(payload + u * CAIRN_UNIT_PAYLOAD, root);
    for (int i = 0; i < 32; i++) printf("%02x", root[i]);
    printf("\n");
  }
  return 0;
}
