// The settings rules: an update changes only the fields it names (flags one by one), is
// saved before it is acknowledged, and publishes the feature flags so every domain sees
// the new values at once.
import type { FeatureFlags } from '../../../providers/feature-flags.js';
import { logger } from '../../../providers/logger.js';
import type { SettingsRepo } from '../repo/settings-repo.js';
import type { Settings, SettingsUpdate } from '../types/settings.js';

export interface SettingsService {
  get(): Settings;
  update(update: SettingsUpdate): Settings;
}

export function createSettingsService({ repo, flags }: { repo: SettingsRepo; flags: FeatureFlags }): SettingsService {
  const loaded = repo.load();
  if (loaded.invalidKeys.length > 0) {
    logger.warn('stored settings did not parse; using defaults for them', {
      'settings.invalid_keys': loaded.invalidKeys.join(','),
    });
  }
  let current = loaded.settings;
  flags.publish(current.flags);

  return {
    get: () => current,
    update(update) {
      const next: Settings = {
        displayName: update.displayName ?? current.displayName,
        theme: update.theme ?? current.theme,
        pageSize: update.pageSize ?? current.pageSize,
        flags: { ...current.flags, ...update.flags },
      };
      repo.save(next);
      current = next;
      flags.publish(current.flags);
      logger.info('settings saved', { 'settings.changed': Object.keys(update).join(',') });
      return current;
    },
  };
}
