import type { PageServerLoad } from './$types';
import { loadDashboard } from '$lib/server/dashboard/page';

export const load: PageServerLoad = (event) => loadDashboard(event, 'report');
