/**
 * A well-behaved Sandbox that keeps working while the fuzz attacks the same host: every answer
 * is checked, so a fuzz case that wedged, crossed or crashed anything shared shows up here.
 */
import { Sandbox, run } from '../../src/index.js';

export class Bystander {
  answers = 0;
  readonly problems: string[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly sandbox: Sandbox,
    private readonly url: string,
  ) {
    this.loop = this.work();
  }

  /** `url`: a loopback server the bystander's fetches may reach. */
  static async start(url: string): Promise<Bystander> {
    const port = Number(new URL(url).port);
    const sandbox = await Sandbox.create({
      timeoutMs: 30_000,
      http: { denylist: [], allowedPorts: [port], blockPrivateIps: false },
    });
    return new Bystander(sandbox, url);
  }

  /** Ends the loop; resolves once its last request has been checked. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.sandbox.dispose();
  }

  private async work(): Promise<void> {
    for (let step = 1; !this.stopped; step++) {
      try {
        await this.check(step);
        this.answers++;
      } catch (error) {
        this.problems.push(`step ${step}: ${String(error)}`);
        if (this.problems.length > 20) return;
      }
    }
  }

  private async check(step: number): Promise<void> {
    const expect = (what: string, got: unknown, want: unknown) => {
      if (JSON.stringify(got) !== JSON.stringify(want))
        throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    };
    switch (step % 4) {
      case 0:
        await this.sandbox.setVariable('given', { step });
        return expect('setVariable then eval', (await this.sandbox.eval('given')).value, { step });
      case 1:
        return expect(
          'eval that fetches',
          (await this.sandbox.eval(`(await fetch(${JSON.stringify(this.url)})).text()`)).value,
          'ok',
        );
      case 2:
        return expect('run', (await run(`${step} * 2`)).value, step * 2);
      default:
        return expect(
          'eval that keeps state',
          (await this.sandbox.eval('globalThis.count = (globalThis.count ?? 0) + 1')).value,
          (step + 1) / 4,
        );
    }
  }
}
