// The settings HTTP surface: GET and PUT /api/settings, and the settings page.
import { INVALID_INPUT_STATUS, invalidInputProblem } from '../../../utils/problem.js';
import type { Route } from '../../../utils/router.js';
import type { SettingsService } from '../service/settings-service.js';
import { SettingsUpdateSchema } from '../types/settings.js';

export interface SettingsRoutesDeps {
  service: SettingsService;
  /** The built settings page (ui/settings.html). */
  settingsPageHtml: string;
}

export function settingsRoutes({ service, settingsPageHtml }: SettingsRoutesDeps): Route[] {
  return [
    { method: 'GET', path: '/settings', handler: () => ({ status: 200, html: settingsPageHtml }) },
    { method: 'GET', path: '/api/settings', handler: () => ({ status: 200, json: service.get() }) },
    {
      method: 'PUT',
      path: '/api/settings',
      handler: ({ body }) => {
        const parsed = SettingsUpdateSchema.safeParse(body);
        if (!parsed.success) return { status: INVALID_INPUT_STATUS, json: invalidInputProblem('settings', parsed.error.issues) };
        return { status: 200, json: service.update(parsed.data) };
      },
    },
  ];
}
