// The app's notion of now, so domains never call Date directly and a test or a replay
// can supply its own clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
