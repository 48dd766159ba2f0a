/** GET /: the playground page (playground-page.ts), served as it is. */
import type { FastifyInstance } from 'fastify';
import { PLAYGROUND_PAGE } from './playground-page.js';

export function registerPlayground(app: FastifyInstance): void {
  app.get('/', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
      )
      .send(PLAYGROUND_PAGE),
  );
}
