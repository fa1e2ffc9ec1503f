// The "Cần rà soát" page: the knowledge warnings of today, for the staff member's unit.
import type { FastifyInstance } from 'fastify';
import { reviewFor } from '../../knowledge/review.ts';
import { vietnamDate } from '../../time/vietnam-calendar.ts';
import { reviewPage } from '../views/review.ts';
import { type StaffDeps, headerFor, html, staffOrLogin } from './deps.ts';

/** How many things a staff member's unit has to review: shown on the inbox header. */
export const reviewCount = (deps: StaffDeps, unit?: string): number => reviewFor(deps.knowledge().review(), unit).length;

export function reviewRoutes(app: FastifyInstance, deps: StaffDeps): void {
  app.get('/staff/review', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const problems = reviewFor(deps.knowledge().review(), staff.account.unit);
    return html(reply, reviewPage(staff, headerFor(deps, staff), problems, vietnamDate(deps.now().getTime())));
  });
}
