// The races and bursts of `npm run bench:cluster`, on top of the operators' steady load: the same
// click sent to both instances at once, the same order (same orderId) submitted to both, a burst
// of orders on one key through both instances (the shared token bucket's test), a few ordinary
// orders, and wrong passwords for one account from one address, alternating instances.
import { randomUUID } from "node:crypto";
import { callAction, timed } from "./http.mjs";
import { click, outcomeOf, pickClick } from "./cluster-operators.mjs";
import { every, sleepUntil } from "./operator.mjs";

const SERVICES = ["tg", "wa", "go", "fb", "ig", "ds", "vk", "am"];
const COUNTRIES = ["0", "6", "12", "16"];
const randomOf = (list) => list[Math.floor(Math.random() * list.length)];
/** The documentation range (RFC 5737): the attacker's address, as the proxy forwards it. */
export const ATTACKER_ADDRESS = "203.0.113.9";

function bothUp(ctx) {
  return ctx.instances.A.up && ctx.instances.B.up;
}

async function order(ctx, op, inst, input, twice) {
  const result = await callAction(inst.url, "/activations", ctx.ids.orderNumberAction, op.cookie, input);
  ctx.rec.record(inst, "order", result);
  ctx.rec.orders.push({
    orderId: input.orderId,
    keyId: input.keyId,
    inst: inst.name,
    outcome: outcomeOf(result),
    activationId: result.envelope?.data?.id ?? null,
    twice,
  });
}

function orderInput(keyId) {
  return { keyId, service: randomOf(SERVICES), country: randomOf(COUNTRIES), orderId: randomUUID() };
}

/** Every `everyMs`: one operator clicks the same row on both instances at once. */
export function doubleClicks(ctx, everyMs) {
  return every(everyMs, 3000, ctx.endAt, ctx.signal, async () => {
    if (!bothUp(ctx)) return;
    const op = randomOf(ctx.operators.filter((o) => o.view));
    const pick = op && pickClick(op.view, ctx.rec);
    if (!pick) return;
    await Promise.all([click(ctx, op, ctx.instances.A, pick), click(ctx, op, ctx.instances.B, pick)]);
  });
}

/** Every `everyMs`: one order submitted to both instances at once with one orderId. */
export function orderResubmits(ctx, everyMs) {
  let n = 0;
  return every(everyMs, 2500, ctx.endAt, ctx.signal, async () => {
    if (!bothUp(ctx)) return;
    const op = randomOf(ctx.operators);
    const input = orderInput(ctx.keyIds[n++ % ctx.keyIds.length]);
    await Promise.all([order(ctx, op, ctx.instances.A, input, true), order(ctx, op, ctx.instances.B, input, true)]);
  });
}

/** A few operators order now and then, each through its current instance. */
export function plainOrders(ctx, everyMs) {
  return ctx.operators.slice(0, 3).map((op, i) =>
    every(everyMs * 3, 2000 + i * everyMs, ctx.endAt, ctx.signal, async () => {
      const inst = ctx.route(op.home);
      if (inst) await order(ctx, op, inst, orderInput(randomOf(ctx.keyIds)), false);
    }),
  );
}

/** At `atMs` after the start: `count` orders on one key at once, half through each instance. */
export async function orderBurst(ctx, atMs, count) {
  await sleepUntil(ctx.startedAt + atMs, ctx.signal);
  if (ctx.signal.aborted || !bothUp(ctx)) return;
  const keyId = ctx.keyIds[0];
  ctx.rec.burst = { keyId, count, at: Date.now() };
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const op = ctx.operators[i % ctx.operators.length];
      return order(ctx, op, i % 2 === 0 ? ctx.instances.A : ctx.instances.B, orderInput(keyId), false);
    }),
  );
}

/** `count` wrong passwords for `email`, one after another, alternating A and B (while both are up). */
export async function wrongSignIns(ctx, atMs, email, count) {
  await sleepUntil(ctx.startedAt + atMs, ctx.signal);
  for (let i = 0; i < count && !ctx.signal.aborted; i++) {
    const preferred = i % 2 === 0 ? "A" : "B";
    // A refused connection never reached a server (the instance was just killed): like a load
    // balancer, send the attempt to the instance that is up, so each attempt counts once.
    for (let tries = 0; tries < 2; tries++) {
      const inst = ctx.route(preferred);
      if (!inst) break;
      const result = await timed(`${inst.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: inst.url, "x-forwarded-for": ATTACKER_ADDRESS },
        body: JSON.stringify({ email, password: `wrong-password-${i}` }),
      });
      ctx.rec.record(inst, "signIn", result);
      if (result.failure?.includes("ECONNREFUSED") && tries === 0) continue;
      ctx.rec.signIns.push({ inst: inst.name, status: result.status });
      break;
    }
  }
}
