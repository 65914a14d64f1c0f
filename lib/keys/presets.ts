// Provider presets for the key form. Client-safe. The simulator's URL is filled in on the server
// (it depends on SIM_PORT), so its preset carries no URL here.

export type ProviderPreset = {
  id: string;
  name: string;
  baseUrl: string | null;
  earlyCancelSeconds: number;
  lifetimeSeconds: number;
};

export const PROVIDER_PRESETS: ProviderPreset[] = [
  { id: "sms-online", name: "SMS.online", baseUrl: "https://api.sms.online", earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "herosms", name: "HeroSMS", baseUrl: "https://hero-sms.com", earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "grizzlysms", name: "GrizzlySMS", baseUrl: "https://api.grizzlysms.com", earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "smshub", name: "SMSHub", baseUrl: "https://smshub.org", earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "sms-man", name: "sms-man", baseUrl: "https://api.sms-man.com", earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "simulator", name: "Bundled simulator", baseUrl: null, earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
  { id: "custom", name: "Custom URL", baseUrl: null, earlyCancelSeconds: 120, lifetimeSeconds: 1200 },
];

export const PRESET_IDS = PROVIDER_PRESETS.map((p) => p.id) as [string, ...string[]];

export function presetName(id: string): string {
  return PROVIDER_PRESETS.find((p) => p.id === id)?.name ?? id;
}
