// Piece tree kernels: the root of each 1024-leaf subtree ("unit": 256 quads of 127 payload bytes,
// Fr32-expanded to 32 KiB) of a payload, as the CPU backend of io.cairn.proofs computes it.
//
// One thread block of 256 threads per unit. Each thread Fr32-expands one quad into its four
// 32-byte leaves and hashes them up to one level-2 node (three sha254 hashes); the block then
// halves 256 nodes to one over eight rounds in shared memory. sha254 is SHA-256 of two 32-byte
// nodes with the two top bits of the digest's last byte cleared. The second SHA-256 block of a
// 64-byte message is always the same padding, so its message schedule is folded into constants.
//
// The functions marked CAIRN_HD also build for the host: commp_check.cu runs the same steps on the
// CPU (no GPU needed) and build.sh checks its roots before the kernels are accepted.

#include <stdint.h>

#define CAIRN_HD __host__ __device__ __forceinline__

#define CAIRN_UNIT_PAYLOAD 32512
#define CAIRN_THREADS 256

// SHA-256 round constants (FIPS 180-4, 4.2.2), as X(i, K[i]): fractional parts of the cube roots
// of the first 64 primes. Rounds are generated from these lists so every constant is an immediate.
#define CAIRN_K_LIST(X)                                                       \
  X(0, 0x428a2f98u) X(1, 0x71374491u) X(2, 0xb5c0fbcfu) X(3, 0xe9b5dba5u)     \
  X(4, 0x3956c25bu) X(5, 0x59f111f1u) X(6, 0x923f82a4u) X(7, 0xab1c5ed5u)     \
  X(8, 0xd807aa98u) X(9, 0x12835b01u) X(10, 0x243185beu) X(11, 0x550c7dc3u)   \
  X(12, 0x72be5d74u) X(13, 0x80deb1feu) X(14, 0x9bdc06a7u) X(15, 0xc19bf174u) \
  X(16, 0xe49b69c1u) X(17, 0xefbe4786u) X(18, 0x0fc19dc6u) X(19, 0x240ca1ccu) \
  X(20, 0x2de92c6fu) X(21, 0x4a7484aau) X(22, 0x5cb0a9dcu) X(23, 0x76f988dau) \
  X(24, 0x983e5152u) X(25, 0xa831c66du) X(26, 0xb00327c8u) X(27, 0xbf597fc7u) \
  X(28, 0xc6e00bf3u) X(29, 0xd5a79147u) X(30, 0x06ca6351u) X(31, 0x14292967u) \
  X(32, 0x27b70a85u) X(33, 0x2e1b2138u) X(34, 0x4d2c6dfcu) X(35, 0x53380d13u) \
  X(36, 0x650a7354u) X(37, 0x766a0abbu) X(38, 0x81c2c92eu) X(39, 0x92722c85u) \
  X(40, 0xa2bfe8a1u) X(41, 0xa81a664bu) X(42, 0xc24b8b70u) X(43, 0xc76c51a3u) \
  X(44, 0xd192e819u) X(45, 0xd6990624u) X(46, 0xf40e3585u) X(47, 0x106aa070u) \
  X(48, 0x19a4c116u) X(49, 0x1e376c08u) X(50, 0x2748774cu) X(51, 0x34b0bcb5u) \
  X(52, 0x391c0cb3u) X(53, 0x4ed8aa4au) X(54, 0x5b9cca4fu) X(55, 0x682e6ff3u) \
  X(56, 0x748f82eeu) X(57, 0x78a5636fu) X(58, 0x84c87814u) X(59, 0x8cc70208u) \
  X(60, 0x90befffau) X(61, 0xa4506cebu) X(62, 0xbef9a3f7u) X(63, 0xc67178f2u)

// X(i, K[i] + W[i]) for the padding block of a 64-byte message (W0 = 0x80000000, W15 = 512 bits,
// the rest zero, expanded by the message schedule). commp_check.cu recomputes and compares them.
#define CAIRN_PAD_KW_LIST(X)                                                  \
  X(0, 0xc28a2f98u) X(1, 0x71374491u) X(2, 0xb5c0fbcfu) X(3, 0xe9b5dba5u)     \
  X(4, 0x3956c25bu) X(5, 0x59f111f1u) X(6, 0x923f82a4u) X(7, 0xab1c5ed5u)     \
  X(8, 0xd807aa98u) X(9, 0x12835b01u) X(10, 0x243185beu) X(11, 0x550c7dc3u)   \
  X(12, 0x72be5d74u) X(13, 0x80deb1feu) X(14, 0x9bdc06a7u) X(15, 0xc19bf374u) \
  X(16, 0x649b69c1u) X(17, 0xf0fe4786u) X(18, 0x0fe1edc6u) X(19, 0x240cf254u) \
  X(20, 0x4fe9346fu) X(21, 0x6cc984beu) X(22, 0x61b9411eu) X(23, 0x16f988fau) \
  X(24, 0xf2c65152u) X(25, 0xa88e5a6du) X(26, 0xb019fc65u) X(27, 0xb9d99ec7u) \
  X(28, 0x9a1231c3u) X(29, 0xe70eeaa0u) X(30, 0xfdb1232bu) X(31, 0xc7353eb0u) \
  X(32, 0x3069bad5u) X(33, 0xcb976d5fu) X(34, 0x5a0f118fu) X(35, 0xdc1eeefdu) \
  X(36, 0x0a35b689u) X(37, 0xde0b7a04u) X(38, 0x58f4ca9du) X(39, 0xe15d5b16u) \
  X(40, 0x007f3e86u) X(41, 0x37088980u) X(42, 0xa507ea32u) X(43, 0x6fab9537u) \
  X(44, 0x17406110u) X(45, 0x0d8cd6f1u) X(46, 0xcdaa3b6du) X(47, 0xc0bbbe37u) \
  X(48, 0x83613bdau) X(49, 0xdb48a363u) X(50, 0x0b02e931u) X(51, 0x6fd15ca7u) \
  X(52, 0x521afacau) X(53, 0x31338431u) X(54, 0x6ed41a95u) X(55, 0x6d437890u) \
  X(56, 0xc39c91f2u) X(57, 0x9eccabbdu) X(58, 0xb5c9a0e6u) X(59, 0x532fb63cu) \
  X(60, 0xd2c741c6u) X(61, 0x07237ea3u) X(62, 0xa4954b68u) X(63, 0x4c191d76u)

CAIRN_HD uint32_t cairn_rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

#define CAIRN_ROUND(kw)                                                              \
  {                                                                                  \
    uint32_t t1 = h + (cairn_rotr(e, 6) ^ cairn_rotr(e, 11) ^ cairn_rotr(e, 25)) +   \
                  ((e & f) ^ (~e & g)) + (kw);                                       \
    uint32_t t2 = (cairn_rotr(a, 2) ^ cairn_rotr(a, 13) ^ cairn_rotr(a, 22)) +       \
                  ((a & b) ^ (a & c) ^ (b & c));                                     \
    h = g;                                                                           \
    g = f;                                                                           \
    f = e;                                                                           \
    e = d + t1;                                                                      \
    d = c;                                                                           \
    c = b;                                                                           \
    b = a;                                                                           \
    a = t1 + t2;                                                                     \
  }

// Round i of the first block: the message schedule in a ring of 16 words, then the round.
#define CAIRN_MSG_ROUND(i, k)                                                        \
  {                                                                                  \
    if ((i) >= 16) {                                                                 \
      uint32_t x = w[((i) - 15) & 15], y = w[((i) - 2) & 15];                        \
      w[(i) & 15] += (cairn_rotr(x, 7) ^ cairn_rotr(x, 18) ^ (x >> 3)) +            \
                     w[((i) - 7) & 15] +                                            \
                     (cairn_rotr(y, 17) ^ cairn_rotr(y, 19) ^ (y >> 10));           \
    }                                                                                \
    CAIRN_ROUND((k) + w[(i) & 15]);                                                  \
  }

// Round i of the padding block, whose schedule is folded into the constant.
#define CAIRN_PAD_ROUND(i, kw) CAIRN_ROUND(kw)

// sha254 of one 64-byte message given as 16 big-endian words; the digest as 8 big-endian words.
CAIRN_HD void cairn_sha254(const uint32_t m[16], uint32_t out[8]) {
  uint32_t w[16];
#pragma unroll
  for (int i = 0; i < 16; i++) w[i] = m[i];
  const uint32_t iv0 = 0x6a09e667u, iv1 = 0xbb67ae85u, iv2 = 0x3c6ef372u, iv3 = 0xa54ff53au;
  const uint32_t iv4 = 0x510e527fu, iv5 = 0x9b05688cu, iv6 = 0x1f83d9abu, iv7 = 0x5be0cd19u;
  uint32_t a = iv0, b = iv1, c = iv2, d = iv3, e = iv4, f = iv5, g = iv6, h = iv7;
  CAIRN_K_LIST(CAIRN_MSG_ROUND)
  uint32_t s0 = iv0 + a, s1 = iv1 + b, s2 = iv2 + c, s3 = iv3 + d;
  uint32_t s4 = iv4 + e, s5 = iv5 + f, s6 = iv6 + g, s7 = iv7 + h;
  a = s0; b = s1; c = s2; d = s3; e = s4; f = s5; g = s6; h = s7;
  CAIRN_PAD_KW_LIST(CAIRN_PAD_ROUND)
  out[0] = s0 + a;
  out[1] = s1 + b;
  out[2] = s2 + c;
  out[3] = s3 + d;
  out[4] = s4 + e;
  out[5] = s5 + f;
  out[6] = s6 + g;
  out[7] = (s7 + h) & 0xFFFFFF3Fu;  // the top two bits of the digest's last byte
}

// Byte j of the Fr32 expansion of the quad at q (127 bytes): groups of 254 bits, each in a 32-byte
// field whose top two bits are zero (groups start at bytes 0, 31, 63, 95 shifted by 0, 6, 4, 2).
CAIRN_HD uint32_t cairn_fr32_byte(const uint8_t* q, int j) {
  uint32_t v;
  if (j < 32) {
    v = q[j];
  } else if (j < 64) {
    v = (uint32_t)q[j] << 2 | q[j - 1] >> 6;
  } else if (j < 96) {
    v = (uint32_t)q[j] << 4 | q[j - 1] >> 4;
  } else if (j < 127) {
    v = (uint32_t)q[j] << 6 | q[j - 1] >> 2;
  } else {
    v = q[126] >> 2;
  }
  if ((j & 31) == 31) v &= 0x3F;
  return v & 0xFF;
}

// Word k (big-endian, as SHA-256 reads it) of the Fr32 expansion of quad q.
CAIRN_HD uint32_t cairn_fr32_word(const uint8_t* q, int k) {
  return cairn_fr32_byte(q, 4 * k) << 24 | cairn_fr32_byte(q, 4 * k + 1) << 16 |
         cairn_fr32_byte(q, 4 * k + 2) << 8 | cairn_fr32_byte(q, 4 * k + 3);
}

// The level-2 node over quad q: its four leaves hashed in pairs, then the pair of those. One pair
// of leaves is expanded at a time, which keeps the kernel within 64 registers.
CAIRN_HD void cairn_quad_node(const uint8_t* q, uint32_t out[8]) {
  uint32_t m[16], pair[16];
#pragma unroll
  for (int k = 0; k < 16; k++) m[k] = cairn_fr32_word(q, k);
  cairn_sha254(m, pair);
#pragma unroll
  for (int k = 0; k < 16; k++) m[k] = cairn_fr32_word(q, 16 + k);
  cairn_sha254(m, pair + 8);
  cairn_sha254(pair, out);
}

// Shared memory of a block: the unit's payload, then (after every thread has read its quad) the
// nodes of the reduction, word k of node i at nodes[k * 256 + i] so neighbours use other banks.
struct CairnUnitShared {
  union {
    uint4 raw4[CAIRN_UNIT_PAYLOAD / 16];
    uint8_t raw[CAIRN_UNIT_PAYLOAD];
    uint32_t nodes[8 * CAIRN_THREADS];
  };
};

// Step 1 of thread t: its quad's level-2 node (read from the payload; stored after a barrier).
CAIRN_HD void cairn_step_quad(const CairnUnitShared* s, int t, uint32_t node[8]) {
  cairn_quad_node(s->raw + 127 * t, node);
}

CAIRN_HD void cairn_store_node(CairnUnitShared* s, int i, const uint32_t node[8]) {
#pragma unroll
  for (int k = 0; k < 8; k++) s->nodes[k * CAIRN_THREADS + i] = node[k];
}

// A round of the reduction for thread t < n: nodes 2t and 2t+1 into a message.
CAIRN_HD void cairn_load_pair(const CairnUnitShared* s, int t, uint32_t m[16]) {
#pragma unroll
  for (int k = 0; k < 8; k++) {
    m[k] = s->nodes[k * CAIRN_THREADS + 2 * t];
    m[8 + k] = s->nodes[k * CAIRN_THREADS + 2 * t + 1];
  }
}

// At most 64 registers, so four blocks (32 warps) share an SM and hide each other's latency.
extern "C" __global__ void __launch_bounds__(CAIRN_THREADS, 4)
    cairn_unit_roots(const uint4* __restrict__ payload, uint8_t* __restrict__ roots,
                     unsigned int units) {
  __shared__ CairnUnitShared s;
  const int t = threadIdx.x;
  for (unsigned int unit = blockIdx.x; unit < units; unit += gridDim.x) {
    const uint4* src = payload + (size_t)unit * (CAIRN_UNIT_PAYLOAD / 16);
    for (int i = t; i < CAIRN_UNIT_PAYLOAD / 16; i += CAIRN_THREADS) s.raw4[i] = src[i];
    __syncthreads();
    uint32_t node[8];
    cairn_step_quad(&s, t, node);
    __syncthreads();
    cairn_store_node(&s, t, node);
    for (int n = CAIRN_THREADS / 2; n >= 1; n >>= 1) {
      __syncthreads();
      uint32_t m[16];
      if (t < n) cairn_load_pair(&s, t, m);
      __syncthreads();
      if (t < n) {
        cairn_sha254(m, node);
        cairn_store_node(&s, t, node);
      }
    }
    __syncthreads();
    if (t < 32) {
      uint32_t word = s.nodes[(t >> 2) * CAIRN_THREADS];
      roots[(size_t)unit * 32 + t] = (uint8_t)(word >> (24 - 8 * (t & 3)));
    }
    __syncthreads();
  }
}
