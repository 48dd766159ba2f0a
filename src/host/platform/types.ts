/** What the host needs from an OS sandbox backend; one implementation per platform. */
export interface LaunchSpec {
  /** The command to confine, as argv. */
  argv: string[];
  /** Host paths the confined command must be able to read (binaries, the guest runtime). */
  runtimeReadPaths: string[];
  /** User-granted host directories, read-only. */
  allowRead: string[];
  /** User-granted host directories, read-write. */
  allowWrite: string[];
}

export interface SandboxBackend {
  readonly name: string;
  /** Problems that stop the backend from working here, each with how to fix it; [] when ready. */
  problems(): string[];
  /** argv that runs `spec.argv` inside the sandbox: no network, no other host files. */
  wrap(spec: LaunchSpec): Promise<string[]>;
}
