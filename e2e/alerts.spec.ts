import { expect, test } from "./fixtures";

// Opt-in code alerts and the copy buttons: what an operator relies on while waiting for codes.

test("with alerts on, a new code plays a chime and shows a browser notification", async ({ sim, activations, page, context }) => {
  await context.grantPermissions(["notifications"]);
  // Record what the page asks of the browser instead of making noise in CI.
  await page.addInitScript(() => {
    const w = window as unknown as { alerts: { notifications: { title: string; body: string }[]; chimes: number } };
    w.alerts = { notifications: [], chimes: 0 };
    class FakeNotification {
      static permission = "granted";
      static requestPermission = async () => "granted";
      constructor(title: string, options?: { body?: string }) {
        w.alerts.notifications.push({ title, body: options?.body ?? "" });
      }
    }
    Object.defineProperty(window, "Notification", { value: FakeNotification });
    const RealAudioContext = window.AudioContext;
    window.AudioContext = class extends RealAudioContext {
      constructor() {
        super();
        w.alerts.chimes += 1;
      }
    };
  });
  const alerts = () => page.evaluate(() => (window as unknown as { alerts: { notifications: { title: string; body: string }[]; chimes: number } }).alerts);

  const { id, phone } = await sim.createActivation("wa", "73");
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  await page.getByRole("button", { name: "Alert me of codes" }).click();
  await expect(page.getByRole("button", { name: "Code alerts on" })).toHaveAttribute("aria-pressed", "true");
  const chimesBefore = (await alerts()).chimes;

  await sim.deliverSms(id, "314159");
  await expect(activations.codes(id)).toContainText("314159");
  await expect.poll(async () => (await alerts()).notifications).toContainEqual({ title: "Code 314159", body: `WhatsApp · +${phone}` });
  expect((await alerts()).chimes).toBeGreaterThan(chimesBefore);

  // The choice is remembered for the next visit.
  await page.reload();
  await expect(page.getByRole("button", { name: "Code alerts on" })).toBeVisible();
});

test("without alerts, a new code makes no notification", async ({ sim, activations, page }) => {
  await page.addInitScript(() => {
    localStorage.setItem("sms-desk:code-alerts", "off");
    const w = window as unknown as { notified: number };
    w.notified = 0;
    Object.defineProperty(window, "Notification", {
      value: class {
        static permission = "granted";
        constructor() {
          w.notified += 1;
        }
      },
    });
  });
  const { id } = await sim.createActivation();
  await activations.goto();
  await sim.deliverSms(id, "271828");
  await expect(activations.codes(id)).toContainText("271828");
  expect(await page.evaluate(() => (window as unknown as { notified: number }).notified)).toBe(0);
});

test("copy buttons put the number and the code on the clipboard", async ({ sim, activations, page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { id, phone } = await sim.createActivation();
  await sim.deliverSms(id, "161803");
  await activations.goto();
  await expect(activations.codes(id)).toContainText("161803");

  await activations.row(id).getByRole("button", { name: "Copy Number" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(phone);
  await activations.row(id).getByRole("button", { name: "Copy Code" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("161803");
});
