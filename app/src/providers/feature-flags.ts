// Feature flags, the way every domain reads them. The settings domain owns the catalog
// and the stored values and publishes them here; other domains only ask by name, so no
// domain reaches into another for a flag.
export interface FeatureFlags {
  isEnabled(name: string): boolean;
  /** Replaces every flag's value; names not given read as off. */
  publish(values: Readonly<Record<string, boolean>>): void;
}

export function createFeatureFlags(): FeatureFlags {
  let current: Readonly<Record<string, boolean>> = {};
  return {
    isEnabled: (name) => current[name] === true,
    publish(values) {
      current = { ...values };
    },
  };
}
