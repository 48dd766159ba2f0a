/**
 * The guest's own seccomp rules, per architecture: what a script that escapes the realm must not
 * reach even inside its sandbox. Each blocked call is a way to hold memory the host's watchdog
 * cannot see (memfd, SysV and POSIX IPC, io_uring rings, keyrings), to regain capabilities (a new
 * user namespace: then mount a tmpfs, and so on), to plant a setuid file in an `allowWrite`
 * directory, or to leave the scheduling group the host lowered (setsid: a new session is a new
 * autogroup, weighed like the host's own; see host/priority.ts); and any new process at all
 * (CLONE_THREAD below). Numbers from the kernel's
 * syscall tables (x86_64: syscall_64.tbl; arm64: the generic asm-generic/unistd.h).
 */

/** Every namespace flag of clone(2): a thread or process may not take new namespaces. */
export const CLONE_NEW_MASK = 0x7e020080;
/** S_ISUID | S_ISGID: no file may be created or changed to run with its owner's rights. */
export const SET_ID_BITS = 0o6000;

/**
 * CLONE_THREAD: the one kind of clone(2) a guest makes. Anything else (fork, posix_spawn's
 * vfork-style clone) starts a process, which a script may not: the kernel ends the guest at the
 * attempt (SIGSYS), instead of the host's watchdog finding the process at its next scan, which
 * a busy machine delayed by seconds (BENCHMARKS.md, soak) while a short-lived process came and
 * went unseen.
 */
export const CLONE_THREAD = 0x10000;

/**
 * A call refused outright (errno), or ending the guest outright (kill); or, for an argument,
 * refused when it has one of `mask`'s bits set and ending the guest when it lacks one of
 * `required`'s.
 */
export type Rule =
  | { nr: number; errno: number }
  | { nr: number; kill: true }
  | { nr: number; arg: number; mask: number; required?: number };

const EPERM = 1;
const ENOSYS = 38;

interface Table {
  /** AUDIT_ARCH_* value in seccomp_data.arch. */
  auditArch: number;
  /** The seccomp(2) syscall itself. */
  seccomp: number;
  /** Syscall numbers at or above this are another ABI on the same arch (x32): refused. */
  abiLimit?: number;
  refused: Record<string, number>;
  /** clone(2): flags is argument 0 on both. */
  clone: number;
  /** Calls that start or replace a process (fork, vfork, execve, execveat): the guest ends. */
  processes: number[];
  /** Calls that take a mode: [nr, index of the mode argument]. */
  modes: [number, number][];
  /** Calls whose argument cannot be inspected (in a struct): ENOSYS, so libc falls back. */
  unsupported: number[];
}

const TABLES: Record<string, Table> = {
  x64: {
    auditArch: 0xc000003e,
    seccomp: 317,
    abiLimit: 0x40000000,
    refused: {
      memfd_create: 319,
      memfd_secret: 447,
      shmget: 29,
      shmat: 30,
      shmctl: 31,
      shmdt: 67,
      semget: 64,
      semop: 65,
      semctl: 66,
      semtimedop: 220,
      msgget: 68,
      msgsnd: 69,
      msgrcv: 70,
      msgctl: 71,
      mq_open: 240,
      mq_timedsend: 242,
      mq_notify: 244,
      unshare: 272,
      setns: 308,
      setsid: 112,
      mount: 165,
      umount2: 166,
      pivot_root: 155,
      chroot: 161,
      open_tree: 428,
      move_mount: 429,
      fsopen: 430,
      fsconfig: 431,
      fsmount: 432,
      fspick: 433,
      mount_setattr: 442,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      userfaultfd: 323,
      bpf: 321,
      perf_event_open: 298,
      ptrace: 101,
      process_vm_readv: 310,
      process_vm_writev: 311,
    },
    clone: 56,
    processes: [57, 58, 59, 322],
    // chmod, fchmod, fchmodat, fchmodat2, open, openat, creat, mknod, mknodat
    modes: [
      [90, 1],
      [91, 1],
      [268, 2],
      [452, 2],
      [2, 2],
      [257, 3],
      [85, 1],
      [133, 1],
      [259, 2],
    ],
    // clone3 (flags in a struct), openat2 (mode in a struct)
    unsupported: [435, 437],
  },
  arm64: {
    auditArch: 0xc00000b7,
    seccomp: 277,
    refused: {
      memfd_create: 279,
      memfd_secret: 447,
      shmget: 194,
      shmctl: 195,
      shmat: 196,
      shmdt: 197,
      semget: 190,
      semctl: 191,
      semtimedop: 192,
      semop: 193,
      msgget: 186,
      msgctl: 187,
      msgrcv: 188,
      msgsnd: 189,
      mq_open: 180,
      mq_timedsend: 182,
      mq_notify: 184,
      unshare: 97,
      setns: 268,
      setsid: 157,
      mount: 40,
      umount2: 39,
      pivot_root: 41,
      chroot: 51,
      open_tree: 428,
      move_mount: 429,
      fsopen: 430,
      fsconfig: 431,
      fsmount: 432,
      fspick: 433,
      mount_setattr: 442,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      userfaultfd: 282,
      bpf: 280,
      perf_event_open: 241,
      ptrace: 117,
      process_vm_readv: 270,
      process_vm_writev: 271,
    },
    clone: 220,
    // No fork or vfork on arm64: clone does both.
    processes: [221, 281],
    // fchmod, fchmodat, fchmodat2, openat, mknodat
    modes: [
      [52, 1],
      [53, 2],
      [452, 2],
      [56, 3],
      [33, 2],
    ],
    unsupported: [435, 437],
  },
};

export interface Rules {
  auditArch: number;
  seccomp: number;
  abiLimit?: number;
  rules: Rule[];
}

/** The rules for `arch` (process.arch), or undefined where bunker has no table. */
export function rulesFor(arch: string): Rules | undefined {
  const table = TABLES[arch];
  if (!table) return undefined;
  const rules: Rule[] = [
    ...Object.values(table.refused).map((nr) => ({ nr, errno: EPERM })),
    ...table.unsupported.map((nr) => ({ nr, errno: ENOSYS })),
    ...table.processes.map((nr) => ({ nr, kill: true as const })),
    { nr: table.clone, arg: 0, mask: CLONE_NEW_MASK, required: CLONE_THREAD },
    ...table.modes.map(([nr, arg]) => ({ nr, arg, mask: SET_ID_BITS })),
  ];
  return { auditArch: table.auditArch, seccomp: table.seccomp, abiLimit: table.abiLimit, rules };
}
