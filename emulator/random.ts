import { randomInt } from "crypto";

/**
 * Seeded PRNG (mulberry32). Every random choice of the emulator (identifiers, fault draws, latency) comes
 * from one of these, so a run with a fixed seed is reproducible.
 */
export class Prng {
  private state: number;

  constructor(seed: number = randomInt(0, 2 ** 31)) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  hex(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += "0123456789abcdef"[this.int(0, 15)];
    return out;
  }

  /** Upper-case RFC 4122 v4 layout, the form AWS Backup uses for job and recovery point IDs. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[this.int(0, 3)];
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`.toUpperCase();
  }

  alnum(length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}
