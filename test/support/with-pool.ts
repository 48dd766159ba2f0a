/** Runs `body` with a Pool of its own, disposed afterwards whatever happens. */
import { Pool } from '../../src/index.js';

export async function withPool(
  options: ConstructorParameters<typeof Pool>[0],
  body: (pool: Pool) => Promise<void>,
): Promise<void> {
  const pool = new Pool(options);
  try {
    await body(pool);
  } finally {
    await pool.dispose();
  }
}
