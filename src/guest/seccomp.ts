/**
 * Installs the guest's seccomp filter (seccomp-rules.ts) on every thread of the guest process,
 * before any script runs: a classic BPF program, built here and loaded with seccomp(2) through
 * bun:ffi (libc.ts). It stacks on sandbox-runtime's own filter; the host checks that both are in
 * place before it hands the process a script.
 */
import { ptr } from 'bun:ffi';
import { syscall3 } from './libc.js';
import { rulesFor, type Rules } from './seccomp-rules.js';

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const EPERM = 1;

/** seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8i (the low 32 bits first: little-endian). */
const NR = 0;
const ARCH = 4;
const arg = (i: number) => 16 + 8 * i;

type Insn = [code: number, jt: number, jf: number, k: number];

export function program({ auditArch, abiLimit, rules }: Rules): Insn[] {
  const insns: Insn[] = [
    [LD_W_ABS, 0, 0, ARCH],
    [JEQ_K, 1, 0, auditArch],
    [RET_K, 0, 0, RET_KILL_PROCESS],
    [LD_W_ABS, 0, 0, NR],
  ];
  if (abiLimit !== undefined) insns.push([JGE_K, 0, 1, abiLimit], [RET_K, 0, 0, RET_ERRNO | EPERM]);
  for (const rule of rules) {
    if ('errno' in rule) {
      insns.push([JEQ_K, 0, 1, rule.nr], [RET_K, 0, 0, RET_ERRNO | rule.errno]);
      continue;
    }
    if ('kill' in rule) {
      insns.push([JEQ_K, 0, 1, rule.nr], [RET_K, 0, 0, RET_KILL_PROCESS]);
      continue;
    }
    // Not this call: skip what follows. Otherwise test the argument and return either way.
    const required: Insn[] =
      rule.required === undefined
        ? []
        : [
            [JSET_K, 1, 0, rule.required],
            [RET_K, 0, 0, RET_KILL_PROCESS],
          ];
    insns.push(
      [JEQ_K, 0, 4 + required.length, rule.nr],
      [LD_W_ABS, 0, 0, arg(rule.arg)],
      [JSET_K, 0, 1, rule.mask],
      [RET_K, 0, 0, RET_ERRNO | EPERM],
      ...required,
      [RET_K, 0, 0, RET_ALLOW],
    );
  }
  insns.push([RET_K, 0, 0, RET_ALLOW]);
  return insns;
}

const SECCOMP_SET_MODE_FILTER = 1;
const SECCOMP_FILTER_FLAG_TSYNC = 1;

/** Loads the filter on every thread; throws (the guest then refuses to start) if it cannot. */
export function installSeccomp(arch = process.arch): void {
  const rules = rulesFor(arch);
  if (!rules) throw new Error(`no seccomp rules for ${arch}: refusing to run scripts unfiltered`);
  const insns = program(rules);
  const filter = new Uint8Array(insns.length * 8);
  const view = new DataView(filter.buffer);
  insns.forEach(([code, jt, jf, k], i) => {
    view.setUint16(i * 8, code, true);
    view.setUint8(i * 8 + 2, jt);
    view.setUint8(i * 8 + 3, jf);
    view.setUint32(i * 8 + 4, k >>> 0, true);
  });
  // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (the pointer at 8)
  const fprog = new Uint8Array(16);
  const header = new DataView(fprog.buffer);
  header.setUint16(0, insns.length, true);
  header.setBigUint64(8, BigInt(ptr(filter)), true);
  const result = syscall3(rules.seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, fprog);
  if (result !== 0) throw new Error(`seccomp(2) refused the guest's filter (${result})`);
}
