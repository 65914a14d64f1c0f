// The actor a rule acts as, in the audit log and on the row ("auto (<rule name>)"). Client-safe:
// the table marks rows a rule acted on by this label.
import type { DueAction } from "./evaluate";

const PREFIX = "auto (";

/** The rule's name as admins set it, e.g. "no SMS after 5 min". */
export function ruleName({ rule, minutes }: Pick<DueAction, "rule" | "minutes">): string {
  return rule === "cancel_no_sms" ? `no SMS after ${minutes} min` : `finish ${minutes} min after code`;
}

export function ruleActorLabel(due: Pick<DueAction, "rule" | "minutes">): string {
  return `${PREFIX}${ruleName(due)})`;
}

/** The rule's name when this actor label is a rule's, else null. */
export function ruleOfActor(label: string | null): string | null {
  return label?.startsWith(PREFIX) && label.endsWith(")") ? label.slice(PREFIX.length, -1) : null;
}
