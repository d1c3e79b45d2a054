// Correctly rounded natural logarithm of a double (round-to-nearest-even), by BigInt
// fixed-point arithmetic. Used for idf so that the weights do not depend on the libm of
// the runtime: V8's Math.log is off by one ulp for ~7% of the idf arguments, numpy's SIMD
// log (AVX-512 / SVML) for ~30%, glibc's for ~0.1%. Only called once per distinct df value.

const P = 200n; // fractional bits of the fixed-point numbers
const TWO_P = 2 ** Number(P);

function atanhFixed(num: bigint, den: bigint): bigint {
  // atanh(num/den) = t + t^3/3 + t^5/5 + ...  for 0 <= t <= 1/3, as a P-bit fixed-point number
  const t = (num << P) / den;
  const t2 = (t * t) >> P;
  let power = t;
  let sum = t;
  for (let k = 3n; ; k += 2n) {
    power = (power * t2) >> P;
    const term = power / k;
    if (term === 0n) break;
    sum += term;
  }
  return sum;
}

const LN2 = 2n * atanhFixed(1n, 3n); // ln 2 = 2 atanh(1/3)
const view = new DataView(new ArrayBuffer(8));

/** ln(x), correctly rounded to the nearest double, for finite normal x > 0 (else Math.log). */
export function crLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = hi >>> 20;
  if (biased === 0) return Math.log(x); // subnormal: not needed here
  // x = F / 2^52 * 2^E with F = 2^52 + mantissa, so 1 <= F / 2^52 < 2
  const F = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo) | (1n << 52n);
  const E = BigInt(biased - 1023);
  const lnF = 2n * atanhFixed(F - (1n << 52n), F + (1n << 52n)); // ln f = 2 atanh((f-1)/(f+1))
  const L = E * LN2 + lnF;
  // Number(bigint) rounds to nearest (ties to even); dividing by 2^P is exact
  return Number(L) / TWO_P;
}
