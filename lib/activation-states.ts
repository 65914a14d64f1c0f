// What an activation can be and what can be done to it: the words the state machine
// (lib/activations/state-machine.ts) and the database's column types (lib/db/schema.ts) share.
// Here, below both, so the schema types its columns with them without importing a feature
// (dependencies point one way: activations → db). No imports: it runs in the browser too.

export const ACTIVATION_STATES = [
  "waiting", // bought, waiting for the first SMS
  "code_received", // a code arrived
  "waiting_retry", // another SMS was asked for
  "finished", // we confirmed the code (status 6)
  "cancelled", // cancelled and refunded (status 8)
  "expired", // lifetime passed with no code: refunded by the provider
] as const;
export type ActivationState = (typeof ACTIVATION_STATES)[number];

export const ACTIVATION_ACTIONS = ["cancel", "retry", "finish"] as const;
export type ActivationAction = (typeof ACTIVATION_ACTIONS)[number];
