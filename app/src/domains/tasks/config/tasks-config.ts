// The tasks domain's tunables. Constants rather than env vars: nothing outside the app
// needs to change them, and a reader finds every limit in one place.
import type { FeatureFlagName } from '../../settings/types/settings.js';

const doneLastFlag: FeatureFlagName = 'doneLast';

export const tasksConfig = {
  /** Tasks per GET /api/tasks page when the request gives no limit. */
  listDefaultLimit: 50,
  /** The largest page a client may ask for. */
  listMaxLimit: 500,
  /** The feature flag that lists open tasks before done ones. */
  doneLastFlag,
} as const;
